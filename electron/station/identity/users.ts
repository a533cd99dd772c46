import { ContractError, type Role, type User } from '../../contract/index.js';
import type { Db } from '../db/database.js';
import type { AuditLog } from '../audit/audit-log.js';
import { uuidv7 } from '../ids.js';
import { hashPassword, type KdfParams, DEFAULT_KDF } from './password.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  created_at: string;
}

export interface StoredUser extends User {
  passwordHash: string;
  failedLogins: number;
  lockedUntil: number | null;
}

const toUser = (r: UserRow): StoredUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: r.disabled === 1,
  passwordHash: r.password_hash,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
});

export const publicUser = (u: StoredUser): User => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, disabled: u.disabled });

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export class UserRepository {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly kdf: KdfParams = DEFAULT_KDF,
  ) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  byUsername(username: string): StoredUser | null {
    const r = this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username);
    return r ? toUser(r) : null;
  }

  byId(id: string): StoredUser | null {
    const r = this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return r ? toUser(r) : null;
  }

  list(): User[] {
    return this.db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username').all().map((r) => publicUser(toUser(r)));
  }

  /** `onlyIfEmpty` makes first-run admin creation race-free: the check and insert share a transaction. */
  async create(input: NewUser, actor: string | null, opts: { onlyIfEmpty?: boolean } = {}): Promise<User> {
    const passwordHash = await hashPassword(input.password, this.kdf);
    const id = uuidv7();
    return this.db.transaction(() => {
      if (opts.onlyIfEmpty && this.count() > 0) throw new ContractError('CONFLICT', 'this station is already set up');
      if (this.byUsername(input.username)) throw new ContractError('CONFLICT', `user ${input.username} already exists`);
      this.db
        .prepare('INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, input.username, input.displayName, input.role, passwordHash, new Date().toISOString());
      this.audit.append({ actor: actor ?? id, action: 'user.create', subject: id, details: { username: input.username, role: input.role } });
      return publicUser(this.byId(id)!);
    })();
  }

  recordFailedLogin(id: string, lockUntil: number | null): void {
    this.db.prepare('UPDATE users SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ?').run(lockUntil, id);
  }

  recordSuccessfulLogin(id: string): void {
    this.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
  }
}
