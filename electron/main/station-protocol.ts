/**
 * Messages between Electron main and the station utility process (`utilityProcess` postMessage,
 * structured-cloned). Plain data, no `electron` import: both sides use this file.
 *
 *   main → station   {t:'start', options}                   first message: open the station
 *   main → station   {t:'connect', connectionId}            a window exists (also re-sent after a restart)
 *   main → station   {t:'disconnect', connectionId}         the window is gone: forget its connection
 *   main → station   {t:'call', id, connectionId, name, input}
 *   main → station   {t:'close'}                            close the station and exit
 *   station → main   {t:'ready'}                            the station is open
 *   station → main   {t:'fatal', message}                   the station could not open; the process exits
 *   station → main   {t:'reply', id, reply}                 reply is Reply<T> from the contract
 *   station → main   {t:'event', name, payload, connectionIds}
 *   station → main   {t:'closed'}                           answer to close, just before exiting
 *
 * Connections (and the session each one holds) live on the station side only; main knows opaque
 * connection ids. So the station decides who receives an event (`router.mayReceive`, the event's
 * target session) and names the recipients in `connectionIds`.
 */
import { CALL_NAMES, EVENT_NAMES, type EventName } from '../contract/names.js';
import type { ContractErrorShape, Reply } from '../contract/errors.js';

export interface StationStartOptions {
  dataDir: string;
  simulators: boolean;
}

export type MainToStation =
  | { t: 'start'; options: StationStartOptions }
  | { t: 'connect'; connectionId: string }
  | { t: 'disconnect'; connectionId: string }
  | { t: 'call'; id: number; connectionId: string; name: string; input: unknown }
  | { t: 'close' };

export type StationToMain =
  | { t: 'ready' }
  | { t: 'fatal'; message: string }
  | { t: 'reply'; id: number; reply: Reply<unknown> }
  | { t: 'event'; name: EventName; payload: unknown; connectionIds: string[] }
  | { t: 'closed' };

/** Longest call name forwarded; the router answers UNKNOWN_CALL for anything not in the contract. */
export const MAX_CALL_NAME_LENGTH = Math.max(...CALL_NAMES.map((n) => n.length)) + 32;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 128;

export function parseMainToStation(m: unknown): MainToStation | null {
  if (!isObject(m)) return null;
  switch (m.t) {
    case 'start': {
      const o = m.options;
      if (!isObject(o) || typeof o.dataDir !== 'string' || typeof o.simulators !== 'boolean') return null;
      return { t: 'start', options: { dataDir: o.dataDir, simulators: o.simulators } };
    }
    case 'connect':
    case 'disconnect':
      return isId(m.connectionId) ? { t: m.t, connectionId: m.connectionId } : null;
    case 'call':
      if (!Number.isSafeInteger(m.id) || !isId(m.connectionId) || typeof m.name !== 'string') return null;
      return { t: 'call', id: m.id as number, connectionId: m.connectionId, name: m.name, input: m.input };
    case 'close':
      return { t: 'close' };
    default:
      return null;
  }
}

function isContractError(e: unknown): e is ContractErrorShape {
  return isObject(e) && typeof e.code === 'string' && typeof e.message === 'string';
}

export function isReply(r: unknown): r is Reply<unknown> {
  if (!isObject(r)) return false;
  return r.ok === true ? 'value' in r : r.ok === false && isContractError(r.error);
}

const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

export function parseStationToMain(m: unknown): StationToMain | null {
  if (!isObject(m)) return null;
  switch (m.t) {
    case 'ready':
    case 'closed':
      return { t: m.t };
    case 'fatal':
      return { t: 'fatal', message: typeof m.message === 'string' ? m.message : 'unknown' };
    case 'reply':
      return Number.isSafeInteger(m.id) && isReply(m.reply) ? { t: 'reply', id: m.id as number, reply: m.reply } : null;
    case 'event':
      if (typeof m.name !== 'string' || !eventNames.has(m.name)) return null;
      if (!Array.isArray(m.connectionIds) || !m.connectionIds.every(isId)) return null;
      return { t: 'event', name: m.name as EventName, payload: m.payload, connectionIds: m.connectionIds };
    default:
      return null;
  }
}

export function unavailable(message: string): Reply<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}
