import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_KDF, tempDir } from '../../../test/helpers/temp-dir.js';
import { AuditLog } from '../audit/audit-log.js';
import { openDatabase, type Db } from '../db/database.js';
import { hashPassword, verifyPassword } from './password.js';
import { SessionManager } from './sessions.js';
import { UserRepository } from './users.js';

let dir: ReturnType<typeof tempDir>;
let db: Db;
let users: UserRepository;
let audit: AuditLog;
let clock = 0;
let changes: Array<{ id: string; locked: boolean }>;
let sessions: SessionManager;

beforeEach(async () => {
  dir = tempDir();
  db = openDatabase({ path: join(dir.path, 'i.db'), key: '01'.repeat(32) });
  audit = new AuditLog(db);
  users = new UserRepository(db, audit, TEST_KDF);
  clock = 1_000_000;
  changes = [];
  sessions = new SessionManager(db, users, audit, { idleLockMs: 60_000, maxFailedLogins: 3, lockoutMs: 300_000, now: () => clock }, (id, s) =>
    changes.push({ id, locked: s.locked }),
  );
  await users.create({ username: 'anna', displayName: 'Anna Officer', role: 'officer', password: 'correct horse battery' }, null);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

describe('password hashing', () => {
  it('is salted, verifies the right password and refuses a wrong one', async () => {
    const a = await hashPassword('s3cret-passphrase', TEST_KDF);
    const b = await hashPassword('s3cret-passphrase', TEST_KDF);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('s3cret-passphrase', a)).toBe(true);
    expect(await verifyPassword('s3cret-passphrasE', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});

describe('sessions', () => {
  it('signs in with the right password and stores no plaintext', async () => {
    const { state } = await sessions.signIn('anna', 'correct horse battery');
    expect(state.user?.username).toBe('anna');
    const row = db.prepare("SELECT password_hash FROM users WHERE username='anna'").get() as { password_hash: string };
    expect(row.password_hash).not.toContain('correct horse');
  });

  it('refuses a wrong password and an unknown user with the same error', async () => {
    await expect(sessions.signIn('anna', 'wrong')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS', message: 'wrong username or password' });
    await expect(sessions.signIn('nobody', 'wrong')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS', message: 'wrong username or password' });
  });

  it('locks the account out after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 3; i++) await expect(sessions.signIn('anna', 'nope')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    await expect(sessions.signIn('anna', 'correct horse battery')).rejects.toThrow(/locked/);
    clock += 300_001;
    await expect(sessions.signIn('anna', 'correct horse battery')).resolves.toBeTruthy();
  });

  it('locks after the idle period, tells the UI, and unlocks with the password', async () => {
    const { sessionId } = await sessions.signIn('anna', 'correct horse battery');
    clock += 59_000;
    sessions.sweep();
    expect(sessions.resolve(sessionId)?.locked).toBe(false);
    clock += 2_000;
    sessions.sweep();
    expect(sessions.resolve(sessionId)?.locked).toBe(true);
    expect(changes).toEqual([{ id: sessionId, locked: true }]);
    await expect(sessions.unlock(sessionId, 'bad')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    expect((await sessions.unlock(sessionId, 'correct horse battery')).locked).toBe(false);
    expect(changes).toEqual([{ id: sessionId, locked: true }, { id: sessionId, locked: false }]);
  });

  it('tells every window of the session when it is locked by hand', async () => {
    const { sessionId } = await sessions.signIn('anna', 'correct horse battery');
    sessions.lock(sessionId);
    sessions.lock(sessionId);
    expect(changes).toEqual([{ id: sessionId, locked: true }]);
  });

  it('activity resets the idle timer', async () => {
    const { sessionId } = await sessions.signIn('anna', 'correct horse battery');
    clock += 50_000;
    sessions.touch(sessionId);
    clock += 50_000;
    expect(sessions.resolve(sessionId)?.locked).toBe(false);
  });

  it('audits sign-in, failure and sign-out', async () => {
    const { sessionId } = await sessions.signIn('anna', 'correct horse battery');
    await sessions.signIn('anna', 'x').catch(() => {});
    sessions.signOut(sessionId);
    const actions = audit.list().map((e) => e.action).reverse();
    expect(actions).toEqual(['user.create', 'session.sign_in', 'session.sign_in_failed', 'session.sign_out']);
    expect(audit.verify().ok).toBe(true);
    expect(JSON.stringify(audit.list())).not.toContain('correct horse');
  });
});
