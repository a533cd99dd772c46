import { createContext, useContext, useEffect, useLayoutEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { MonitoredApi } from '../bridge/connection.js';
import type { BorderpostApi, EventName, EventPayload } from '../contract.js';
import type { ConnectionState } from '../bridge/ws-bridge.js';

const ApiContext = createContext<MonitoredApi | null>(null);

export function ApiProvider({ value, children }: { value: MonitoredApi; children: ReactNode }) {
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

function useMonitored(): MonitoredApi {
  const ctx = useContext(ApiContext);
  if (!ctx) throw new Error('useApi outside ApiProvider');
  return ctx;
}

export function useApi(): BorderpostApi {
  return useMonitored().api;
}

export function useConnection(): { state: ConnectionState; retryNow: () => void } {
  const { connection } = useMonitored();
  const state = useSyncExternalStore(
    (notify) => connection.onStateChange(notify),
    () => connection.state,
  );
  return { state, retryNow: () => connection.retryNow() };
}

/** Subscribes to a station event for the component's lifetime; the listener may change every render. */
export function useEvent<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.subscribe(name, (payload) => latest.current(payload)), [api, name]);
}

/** Runs `onOnline` each time the station comes back, so screens refetch what they may have missed. */
export function useOnReconnect(onOnline: () => void): void {
  const { state } = useConnection();
  const previous = useRef(state.kind);
  const latest = useRef(onOnline);
  useLayoutEffect(() => {
    latest.current = onOnline;
  });
  useEffect(() => {
    const was = previous.current;
    previous.current = state.kind;
    if (state.kind === 'online' && was !== 'online') latest.current();
  }, [state.kind]);
}
