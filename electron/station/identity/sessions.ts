/**
 * Sign-in, idle lock and sign-out. Sessions live in memory only: a restart signs everyone out,
 * which is what a booth wants. The session id never leaves the station; transports keep it on
 * their connection object.
 */
import { randomBytes } from 'node:crypto';
import { ContractError, type SessionState, type User } from '../../contract/index.js';
import type { SessionAuthority, SessionView } from '../api/router.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { dummyHash, verifyPassword } from './password.js';
import { publicUser, type UserRepository } from './users.js';

interface Session {
  id: string;
  user: User;
  lastActivity: number;
  locked: boolean;
}

export interface SessionOptions {
  idleLockMs: number;
  /** Failed attempts before the account is locked out for `lockoutMs`. */
  maxFailedLogins: number;
  lockoutMs: number;
  now?: () => number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { idleLockMs: 5 * 60_000, maxFailedLogins: 5, lockoutMs: 5 * 60_000 };

export class SessionManager implements SessionAuthority {
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly audit: AuditLog,
    private readonly opts: SessionOptions,
    /** Called when a session changes on its own (idle lock), so transports can tell the UI. */
    private readonly onChange: (sessionId: string, state: SessionState) => void = () => {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Starts the idle-lock sweep; the station calls this, tests drive `sweep()` directly. */
  start(intervalMs = 1000): void {
    this.timer = setInterval(() => this.sweep(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  sweep(): void {
    for (const s of this.sessions.values()) {
      if (!s.locked && this.now() - s.lastActivity >= this.opts.idleLockMs) {
        s.locked = true;
        this.audit.append({ actor: s.user.id, action: 'session.idle_lock', subject: s.user.id });
        this.onChange(s.id, this.state(s.id));
      }
    }
  }

  resolve(sessionId: string): SessionView | null {
    const s = this.sessions.get(sessionId);
    if (!s) return null;
    if (!s.locked && this.now() - s.lastActivity >= this.opts.idleLockMs) this.sweep();
    return { userId: s.user.id, username: s.user.username, role: s.user.role, locked: s.locked };
  }

  touch(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (s && !s.locked) s.lastActivity = this.now();
  }

  state(sessionId: string | null): SessionState {
    const s = sessionId ? this.sessions.get(sessionId) : undefined;
    return { user: s ? s.user : null, locked: s?.locked ?? false, idleLockMs: this.opts.idleLockMs };
  }

  private async checkPassword(username: string, password: string): Promise<User> {
    const user = this.users.byUsername(username);
    if (!user) {
      await verifyPassword(password, await dummyHash());
      this.audit.append({ actor: null, action: 'session.sign_in_failed', details: { reason: 'unknown user' } });
      throw new ContractError('BAD_CREDENTIALS', 'wrong username or password');
    }
    if (user.lockedUntil !== null && user.lockedUntil > this.now()) {
      this.audit.append({ actor: user.id, action: 'session.sign_in_failed', subject: user.id, details: { reason: 'account locked out' } });
      throw new ContractError('BAD_CREDENTIALS', 'too many failed attempts: this account is locked for a few minutes');
    }
    const ok = !user.disabled && (await verifyPassword(password, user.passwordHash));
    if (!ok) {
      const lockout = user.failedLogins + 1 >= this.opts.maxFailedLogins ? this.now() + this.opts.lockoutMs : null;
      this.db.transaction(() => {
        this.users.recordFailedLogin(user.id, lockout);
        this.audit.append({ actor: user.id, action: 'session.sign_in_failed', subject: user.id, details: { reason: user.disabled ? 'disabled' : 'wrong password', lockedOut: lockout !== null } });
      })();
      throw new ContractError('BAD_CREDENTIALS', 'wrong username or password');
    }
    this.users.recordSuccessfulLogin(user.id);
    return publicUser(user);
  }

  async signIn(username: string, password: string): Promise<{ sessionId: string; state: SessionState }> {
    const user = await this.checkPassword(username, password);
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { id, user, lastActivity: this.now(), locked: false });
    this.audit.append({ actor: user.id, action: 'session.sign_in', subject: user.id });
    return { sessionId: id, state: this.state(id) };
  }

  async unlock(sessionId: string, password: string): Promise<SessionState> {
    const s = this.sessions.get(sessionId);
    if (!s) throw new ContractError('UNAUTHENTICATED', 'sign in first');
    await this.checkPassword(s.user.username, password);
    s.locked = false;
    s.lastActivity = this.now();
    this.audit.append({ actor: s.user.id, action: 'session.unlock', subject: s.user.id });
    this.onChange(sessionId, this.state(sessionId));
    return this.state(sessionId);
  }

  lock(sessionId: string): SessionState {
    const s = this.sessions.get(sessionId);
    if (s && !s.locked) {
      s.locked = true;
      this.audit.append({ actor: s.user.id, action: 'session.lock', subject: s.user.id });
      this.onChange(sessionId, this.state(sessionId));
    }
    return this.state(sessionId);
  }

  signOut(sessionId: string): SessionState {
    const s = this.sessions.get(sessionId);
    if (s) {
      this.sessions.delete(sessionId);
      this.audit.append({ actor: s.user.id, action: 'session.sign_out', subject: s.user.id });
    }
    return this.state(null);
  }

  /** The officer to whom a document read at this booth belongs: the most recently active unlocked booth user. */
  activeBoothUser(): User | null {
    let best: Session | null = null;
    for (const s of this.sessions.values()) {
      if (s.locked || (s.user.role !== 'officer' && s.user.role !== 'supervisor')) continue;
      if (!best || s.lastActivity > best.lastActivity) best = s;
    }
    return best?.user ?? null;
  }
}
