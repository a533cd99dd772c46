/**
 * Browser mode carries the contract over a WebSocket on 127.0.0.1. Messages are JSON:
 *
 *   client → host   {t:'hello', token}                 first message; anything else first closes the socket
 *   host → client   {t:'ready'}                        the token was right
 *   client → host   {t:'call', id, name, input}
 *   host → client   {t:'reply', id, reply}             reply is Reply<T> from errors.ts
 *   host → client   {t:'event', name, payload}
 *
 * The token is a per-launch secret the host prints as part of the address (`#token=` fragment, which
 * browsers never send to a server), so another local page cannot drive the station.
 */
import { z } from 'zod';
import { contractErrorSchema } from './errors.js';

export const WS_PATH = '/borderpost';
export const MAX_WS_MESSAGE_BYTES = 256 * 1024;

export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), token: z.string().max(256) }),
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), name: z.string().max(128), input: z.unknown() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const hostMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready') }),
  z.object({
    t: z.literal('reply'),
    id: z.number().int(),
    reply: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: contractErrorSchema })]),
  }),
  z.object({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;
