/**
 * The one place where a contract call is validated and authorised before the station sees it.
 * Electron main (via the station utility process) and the browser host both dispatch through here.
 */
import { ZodError } from 'zod';
import {
  calls,
  events,
  ContractError,
  type Access,
  type CallName,
  type CallOutput,
  type Calls,
  type EventName,
  type Reply,
  type Role,
} from '../../contract/index.js';
import type { z } from 'zod';

/** One UI connection: an Electron window or a browser-mode WebSocket. */
export interface Connection {
  readonly id: string;
  /** Set by sign-in, cleared by sign-out; never sent to the UI. */
  sessionId: string | null;
}

export interface SessionView {
  userId: string;
  username: string;
  role: Role;
  locked: boolean;
}

/** What the router needs from the identity module. */
export interface SessionAuthority {
  /** The session, or null if unknown/expired. Applies the idle lock as of now. */
  resolve(sessionId: string): SessionView | null;
  /** Records user activity (resets the idle timer). */
  touch(sessionId: string): void;
}

export interface CallContext {
  connection: Connection;
  session: SessionView | null;
}

export type Handlers = {
  [N in CallName]: (input: z.output<Calls[N]['input']>, ctx: CallContext) => Promise<CallOutput<N>> | CallOutput<N>;
};

export interface RouterLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && hasOwn(calls, name);
}

export function allows(access: Access, session: SessionView | null): 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  if (access === 'public') return 'ok';
  if (!session) return 'UNAUTHENTICATED';
  if (access === 'signedIn') return 'ok';
  return access.includes(session.role) ? 'ok' : 'FORBIDDEN';
}

function zodIssues(e: ZodError) {
  return e.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export class Router {
  constructor(
    private readonly handlers: Handlers,
    private readonly sessions: SessionAuthority,
    private readonly log: RouterLog,
  ) {}

  private sessionOf(connection: Connection): SessionView | null {
    if (!connection.sessionId) return null;
    const s = this.sessions.resolve(connection.sessionId);
    if (!s) connection.sessionId = null;
    return s;
  }

  /** Never throws: every outcome is a typed reply. */
  async dispatch(connection: Connection, name: unknown, rawInput: unknown): Promise<Reply<unknown>> {
    try {
      if (!isCallName(name)) {
        throw new ContractError('UNKNOWN_CALL', `unknown call ${JSON.stringify(String(name).slice(0, 64))}`);
      }
      const spec = calls[name];
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw new ContractError('INVALID_INPUT', `invalid input for ${name}`, zodIssues(parsed.error));

      const session = this.sessionOf(connection);
      const verdict = allows(spec.access, session);
      if (verdict === 'UNAUTHENTICATED') throw new ContractError('UNAUTHENTICATED', 'sign in first');
      if (verdict === 'FORBIDDEN') {
        this.log.warn('forbidden call', { call: name, role: session?.role, user: session?.username });
        throw new ContractError('FORBIDDEN', `your role may not use ${name}`);
      }
      if (session?.locked && !('allowWhenLocked' in spec && spec.allowWhenLocked)) {
        throw new ContractError('LOCKED', 'the session is locked: enter your password');
      }
      if (session && connection.sessionId && !('passive' in spec && spec.passive)) this.sessions.touch(connection.sessionId);

      const handler = this.handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, { connection, session });
      const out = spec.output.safeParse(value);
      if (!out.success) {
        this.log.error('handler returned a value outside the contract', { call: name, issues: zodIssues(out.error) });
        throw new ContractError('INVALID_OUTPUT', `the station produced an invalid answer for ${name}`);
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof ContractError) return { ok: false, error: e.toJSON() };
      if (e instanceof ZodError) return { ok: false, error: { code: 'INVALID_INPUT', message: 'invalid input', issues: zodIssues(e) } };
      this.log.error('call failed', { call: typeof name === 'string' ? name.slice(0, 64) : null, error: e instanceof Error ? e.message : String(e) });
      return { ok: false, error: { code: 'INTERNAL', message: 'the station could not complete this call; it has been logged' } };
    }
  }

  /** Whether an event may be delivered to this connection right now. */
  mayReceive(connection: Connection, event: EventName): boolean {
    const session = this.sessionOf(connection);
    if (session?.locked && event !== 'session.changed') return false;
    return allows(events[event].access, session) === 'ok';
  }
}
