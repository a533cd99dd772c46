/**
 * `BorderpostApi` over the browser host's WebSocket (see `electron/contract/wire.ts`).
 *
 * Rules the rest of the UI relies on:
 * - the first frame on every socket is `{t:'hello', token}`; nothing else is sent before `{t:'ready'}`;
 * - a call made while a connection attempt is under way waits for it; a call made while the station
 *   is known to be unreachable fails at once with UNAVAILABLE (the officer sees the banner, and an
 *   action is never replayed minutes later behind their back);
 * - when a socket drops, every call it carried fails with UNAVAILABLE (its outcome is unknown), and
 *   the bridge reconnects with capped, jittered exponential backoff;
 * - event listeners belong to the bridge, not to a socket, so they survive reconnects.
 */
import type {
  BorderpostApi,
  CallInput,
  CallName,
  CallOutput,
  ContractErrorShape,
  ErrorCode,
  EventName,
  EventPayload,
} from '../contract.js';
import { parseHostMessage, type ClientMessage, type HostMessage } from './wire-types.js';

/** The subset of the DOM WebSocket the bridge uses, so tests can inject a fake. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ConnectionState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'online' }
  | { kind: 'offline'; attempt: number; retryInMs: number }
  /** The host closed the socket as a policy violation: the token is wrong or from an older launch. */
  | { kind: 'refused' }
  /** No token in the address or in this tab's storage: the page was not opened from the host's link. */
  | { kind: 'no-token' }
  | { kind: 'closed' };

export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
}
export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 10_000, factor: 2 };

/** Close codes with which a host says "not with this token": retrying cannot help. */
export const REFUSAL_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 4401, 4403]);

/** Mirrors the contract's MAX_WS_MESSAGE_BYTES; the host closes the socket on anything larger. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export interface WsBridgeOptions {
  url: string;
  getToken: () => string | null;
  WebSocket?: WebSocketConstructor;
  backoff?: Partial<Backoff>;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** 0..1; jitter spreads reconnects when a host restart drops many tabs at once. */
  random?: () => number;
  /** Reports a listener that threw; defaults to console.error. */
  onListenerError?: (error: unknown) => void;
}

export interface WsBridge extends BorderpostApi {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Drops any pending retry and connects now (for example, a fresh token arrived). */
  reconnectNow(): void;
  /** Closes for good; pending calls fail with UNAVAILABLE. */
  close(): void;
}

/** Delay before retry number `attempt` (1-based): exponential, capped, with up to 50 % jitter taken off. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + 0.5 * random()));
}

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: ContractErrorShape) => void;
}

function failure(code: ErrorCode, message: string): ContractErrorShape {
  return { code, message };
}

export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const Ctor = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
  if (!Ctor) throw new Error('no WebSocket implementation available');
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const random = options.random ?? Math.random;
  const onListenerError = options.onListenerError ?? ((e: unknown) => console.error('borderpost listener failed', e));

  let state: ConnectionState = { kind: 'connecting', attempt: 1 };
  let socket: WebSocketLike | null = null;
  let ready = false;
  let failedAttempts = 0;
  let retryTimer: unknown = null;
  let nextId = 1;
  /** Calls sent on the current socket, waiting for their reply. */
  const inFlight = new Map<number, PendingCall>();
  /** Calls made while connecting, to be sent once the host says ready. */
  let waiting: { message: Extract<ClientMessage, { t: 'call' }>; pending: PendingCall }[] = [];
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  function setState(next: ConnectionState): void {
    state = next;
    for (const l of [...stateListeners]) {
      try {
        l(next);
      } catch (e) {
        onListenerError(e);
      }
    }
  }

  function failAll(reason: ContractErrorShape): void {
    const calls = [...inFlight.values(), ...waiting.map((w) => w.pending)];
    inFlight.clear();
    waiting = [];
    for (const c of calls) c.reject(reason);
  }

  function detach(ws: WebSocketLike): void {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
  }

  function dropSocket(): void {
    if (socket) {
      const ws = socket;
      socket = null;
      detach(ws);
      try {
        ws.close(1000, 'reconnecting');
      } catch {
        // already closed
      }
    }
    ready = false;
  }

  function send(ws: WebSocketLike, message: ClientMessage): boolean {
    try {
      ws.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  function connect(): void {
    if (state.kind === 'closed') return;
    if (retryTimer !== null) {
      clearTimer(retryTimer);
      retryTimer = null;
    }
    dropSocket();
    const token = options.getToken();
    if (token === null) {
      failAll(failure('UNAVAILABLE', 'no access token: open the address the station printed'));
      setState({ kind: 'no-token' });
      return;
    }
    setState({ kind: 'connecting', attempt: failedAttempts + 1 });
    let ws: WebSocketLike;
    try {
      ws = new Ctor!(options.url);
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      if (!send(ws, { t: 'hello', token })) ws.close();
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      const message = parseHostMessage(event.data);
      if (message) receive(ws, message);
    };
    ws.onerror = () => {
      // A close event always follows; that is where recovery happens.
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      ready = false;
      detach(ws);
      failAll(failure('UNAVAILABLE', 'station unreachable'));
      if (state.kind === 'closed') return;
      if (REFUSAL_CLOSE_CODES.has(event.code)) {
        setState({ kind: 'refused' });
        return;
      }
      scheduleRetry();
    };
  }

  function scheduleRetry(): void {
    failedAttempts += 1;
    const delay = backoffDelay(failedAttempts, backoff, random);
    setState({ kind: 'offline', attempt: failedAttempts, retryInMs: delay });
    retryTimer = setTimer(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function receive(ws: WebSocketLike, message: HostMessage): void {
    switch (message.t) {
      case 'ready': {
        ready = true;
        failedAttempts = 0;
        const queued = waiting;
        waiting = [];
        for (const { message: call, pending } of queued) {
          inFlight.set(call.id, pending);
          if (!send(ws, call)) {
            inFlight.delete(call.id);
            pending.reject(failure('UNAVAILABLE', 'station unreachable'));
          }
        }
        setState({ kind: 'online' });
        return;
      }
      case 'reply': {
        const pending = inFlight.get(message.id);
        if (!pending) return;
        inFlight.delete(message.id);
        if (message.reply.ok) pending.resolve(message.reply.value);
        else pending.reject(message.reply.error);
        return;
      }
      case 'event': {
        const set = eventListeners.get(message.name);
        if (!set) return;
        for (const l of [...set]) {
          try {
            l(message.payload);
          } catch (e) {
            onListenerError(e);
          }
        }
        return;
      }
    }
  }

  function invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    return new Promise<CallOutput<N>>((resolve, reject) => {
      const pending: PendingCall = { resolve: (v) => resolve(v as CallOutput<N>), reject };
      if (state.kind !== 'connecting' && state.kind !== 'online') {
        reject(failure('UNAVAILABLE', 'station unreachable'));
        return;
      }
      const message: Extract<ClientMessage, { t: 'call' }> = { t: 'call', id: nextId++, name, input };
      if (JSON.stringify(message).length > MAX_MESSAGE_BYTES) {
        reject(failure('INVALID_INPUT', 'request too large'));
        return;
      }
      if (ready && socket) {
        inFlight.set(message.id, pending);
        if (!send(socket, message)) {
          inFlight.delete(message.id);
          reject(failure('UNAVAILABLE', 'station unreachable'));
        }
        return;
      }
      waiting.push({ message, pending });
    });
  }

  function subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    const set = eventListeners.get(name) ?? new Set<(payload: unknown) => void>();
    eventListeners.set(name, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  connect();

  return {
    invoke,
    subscribe,
    get state() {
      return state;
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    reconnectNow() {
      if (state.kind === 'closed') return;
      failAll(failure('UNAVAILABLE', 'station unreachable'));
      failedAttempts = 0;
      connect();
    },
    close() {
      if (retryTimer !== null) clearTimer(retryTimer);
      retryTimer = null;
      setState({ kind: 'closed' });
      dropSocket();
      failAll(failure('UNAVAILABLE', 'connection closed'));
    },
  };
}
