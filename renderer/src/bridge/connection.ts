/**
 * Whether the station answers, as one observable value the banner can show. In browser mode it is
 * the WebSocket bridge's own state; in Electron the preload has no socket, so the station is taken to
 * be down when a call fails with UNAVAILABLE (main is restarting the station process) and up again
 * when a call succeeds; while down, a cheap passive call probes for recovery.
 */
import type { BorderpostApi, CallInput, CallName, CallOutput } from '../contract.js';
import { isContractError } from '../contract.js';
import type { ConnectionState, WsBridge } from './ws-bridge.js';

export interface ConnectionMonitor {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Ask for a connection attempt now, if that means anything for this transport. */
  retryNow(): void;
}

export function monitorWsBridge(bridge: WsBridge): ConnectionMonitor {
  return {
    get state() {
      return bridge.state;
    },
    onStateChange: (l) => bridge.onStateChange(l),
    retryNow: () => bridge.reconnectNow(),
  };
}

export interface MonitoredApi {
  api: BorderpostApi;
  connection: ConnectionMonitor;
}

export function monitorPreloadApi(
  inner: BorderpostApi,
  probeEveryMs = 2000,
  timers: { set: (fn: () => void, ms: number) => unknown; clear: (h: unknown) => void } = {
    set: (fn, ms) => setInterval(fn, ms),
    clear: (h) => clearInterval(h as ReturnType<typeof setInterval>),
  },
): MonitoredApi {
  let state: ConnectionState = { kind: 'online' };
  let probe: unknown = null;
  const listeners = new Set<(s: ConnectionState) => void>();

  function set(next: ConnectionState): void {
    if (next.kind === state.kind) return;
    state = next;
    if (next.kind === 'online' && probe !== null) {
      timers.clear(probe);
      probe = null;
    }
    if (next.kind === 'offline' && probe === null) {
      probe = timers.set(() => void api.invoke('app.info', {}).catch(() => undefined), probeEveryMs);
    }
    for (const l of [...listeners]) l(next);
  }

  const api: BorderpostApi = {
    invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      return inner.invoke(name, input).then(
        (value) => {
          set({ kind: 'online' });
          return value;
        },
        (error: unknown) => {
          if (isContractError(error) && error.code === 'UNAVAILABLE') set({ kind: 'offline', attempt: 0, retryInMs: probeEveryMs });
          else if (isContractError(error)) set({ kind: 'online' });
          throw error;
        },
      );
    },
    subscribe: (name, listener) => inner.subscribe(name, listener),
  };

  return {
    api,
    connection: {
      get state() {
        return state;
      },
      onStateChange(l) {
        listeners.add(l);
        return () => {
          listeners.delete(l);
        };
      },
      retryNow() {
        void api.invoke('app.info', {}).catch(() => undefined);
      },
    },
  };
}
