/**
 * Builds `window.borderpost` from the contract's names. Runs in the sandboxed preload, so it imports
 * only `names.ts` at runtime (no zod); the call/event types come from the contract as types only.
 * The raw IPC object and its events never reach the page: only plain values cross.
 */
import { CALL_NAMES, EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type EventName } from '../contract/names.js';
import type { BorderpostApi, ContractErrorShape } from '../contract/index.js';

/** The part of `ipcRenderer` used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const callNames: ReadonlySet<string> = new Set(CALL_NAMES);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

/** What a failed call rejects with: a plain object, because Error subclasses lose fields crossing the bridge. */
function contractError(code: ContractErrorShape['code'], message: string, issues?: ContractErrorShape['issues']): ContractErrorShape {
  return issues ? { code, message, issues } : { code, message };
}

function toContractError(reply: unknown): ContractErrorShape | null {
  if (typeof reply !== 'object' || reply === null) return null;
  const r = reply as { ok?: unknown; error?: unknown };
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return null;
  const e = r.error as { code?: unknown; message?: unknown; issues?: unknown };
  if (typeof e.code !== 'string' || typeof e.message !== 'string') return null;
  const issues = Array.isArray(e.issues)
    ? e.issues
        .filter((i): i is { path: string; message: string } => typeof i?.path === 'string' && typeof i?.message === 'string')
        .map((i) => ({ path: i.path, message: i.message }))
    : undefined;
  return contractError(e.code as ContractErrorShape['code'], e.message, issues);
}

export function createBorderpostApi(ipc: IpcRendererLike, onListenerError: (e: unknown) => void = (e) => console.error(e)) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  // One IPC listener for every subscription; installed with the first, removed with the last.
  const fanOut = (_event: unknown, name: unknown, payload: unknown) => {
    const set = typeof name === 'string' ? listeners.get(name as EventName) : undefined;
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (e) {
        onListenerError(e);
      }
    }
  };
  let listening = false;
  const total = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);

  const api = {
    async invoke(name, input) {
      if (typeof name !== 'string' || !callNames.has(name)) {
        throw contractError('UNKNOWN_CALL', `unknown call ${JSON.stringify(String(name).slice(0, 64))}`);
      }
      let reply: unknown;
      try {
        reply = await ipc.invoke(IPC_INVOKE_CHANNEL, name, input);
      } catch {
        throw contractError('UNAVAILABLE', 'the station did not answer');
      }
      if (typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true && 'value' in reply) {
        return (reply as { value: never }).value;
      }
      throw toContractError(reply) ?? contractError('INTERNAL', 'malformed reply from the station');
    },

    subscribe(name, listener) {
      if (typeof name !== 'string' || !eventNames.has(name)) throw contractError('UNKNOWN_CALL', `unknown event ${JSON.stringify(String(name).slice(0, 64))}`);
      if (typeof listener !== 'function') throw contractError('INVALID_INPUT', 'listener must be a function');
      const fn = listener as (payload: unknown) => void;
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(fn);
      if (!listening) {
        ipc.on(IPC_EVENT_CHANNEL, fanOut);
        listening = true;
      }
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        set.delete(fn);
        if (set.size === 0) listeners.delete(name);
        if (listening && total() === 0) {
          ipc.removeListener(IPC_EVENT_CHANNEL, fanOut);
          listening = false;
        }
      };
    },
  } satisfies BorderpostApi;
  return api;
}
