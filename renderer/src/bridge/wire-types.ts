/**
 * The browser-mode wire messages, as types only: `electron/contract/wire.ts` builds them with zod,
 * which must not reach the renderer bundle. The host validates what we send; we check the little we
 * read by hand in `parseHostMessage`.
 */
import type { ClientMessage, HostMessage, WS_PATH as ContractWsPath } from '../../../electron/contract/wire.js';

export type { ClientMessage, HostMessage };

/** Same value as the contract's `WS_PATH`; the annotation fails the type check if they ever differ. */
export const WS_PATH: typeof ContractWsPath = '/borderpost';

/** Returns the message if it has the shape the host promises, else null (the caller drops it). */
export function parseHostMessage(raw: unknown): HostMessage | null {
  if (typeof raw !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m.t) {
    case 'ready':
      return { t: 'ready' };
    case 'reply': {
      const reply = m.reply as Record<string, unknown> | null | undefined;
      if (typeof m.id !== 'number' || typeof reply !== 'object' || reply === null) return null;
      if (reply.ok === true) return { t: 'reply', id: m.id, reply: { ok: true, value: reply.value } };
      const error = reply.error as Record<string, unknown> | null | undefined;
      if (reply.ok === false && typeof error === 'object' && error !== null && typeof error.code === 'string') {
        return { t: 'reply', id: m.id, reply: { ok: false, error: error as HostErrorShape } };
      }
      return null;
    }
    case 'event':
      if (typeof m.name !== 'string') return null;
      return { t: 'event', name: m.name, payload: m.payload };
    default:
      return null;
  }
}

type HostErrorShape = Extract<Extract<HostMessage, { t: 'reply' }>['reply'], { ok: false }>['error'];
