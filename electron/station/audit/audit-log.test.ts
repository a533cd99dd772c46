import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { openDatabase, type Db } from '../db/database.js';
import { AuditLog } from './audit-log.js';

let dir: ReturnType<typeof tempDir>;
let db: Db;
let log: AuditLog;

beforeEach(() => {
  dir = tempDir();
  db = openDatabase({ path: join(dir.path, 'a.db'), key: 'ef'.repeat(32) });
  log = new AuditLog(db);
  for (let i = 1; i <= 5; i++) log.append({ actor: 'u1', action: `test.${i}`, subject: `s${i}`, details: { i } });
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

/** Tampering needs the append-only triggers out of the way, as an attacker with the key would do. */
function tamper(sql: string) {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
}

describe('hash-chained audit log', () => {
  it('verifies an untouched chain', () => {
    expect(log.verify()).toEqual({ ok: true, entries: 5, firstBad: null });
  });

  it('refuses UPDATE and DELETE at the SQL level', () => {
    expect(() => db.exec("UPDATE audit_log SET action = 'x' WHERE seq = 2")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log WHERE seq = 2')).toThrow(/append-only/);
  });

  it('names the first edited entry', () => {
    tamper(`UPDATE audit_log SET details = '{"i":99}' WHERE seq = 3`);
    expect(log.verify().firstBad).toEqual({ seq: 3, reason: 'entry 3 was modified after it was written' });
  });

  it('names the gap left by a deleted entry', () => {
    tamper('DELETE FROM audit_log WHERE seq = 2');
    const r = log.verify();
    expect(r.ok).toBe(false);
    expect(r.firstBad?.seq).toBe(3);
    expect(r.firstBad?.reason).toMatch(/entry 2 is missing/);
  });

  it('detects a deleted entry even when the later ones are renumbered', () => {
    tamper('DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = seq - 1 WHERE seq > 2');
    const r = log.verify();
    expect(r.firstBad?.seq).toBe(2);
    expect(r.firstBad?.reason).toMatch(/chain link broken/);
  });

  it('detects two entries swapped', () => {
    tamper(`
      UPDATE audit_log SET seq = 100 WHERE seq = 2;
      UPDATE audit_log SET seq = 2 WHERE seq = 4;
      UPDATE audit_log SET seq = 4 WHERE seq = 100;`);
    expect(log.verify().firstBad?.seq).toBe(2);
  });

  it('detects a truncated tail through the recorded head', () => {
    tamper('DELETE FROM audit_log WHERE seq = 5');
    const r = log.verify();
    expect(r.ok).toBe(false);
    expect(r.firstBad).toEqual({ seq: 5, reason: expect.stringMatching(/truncated/) });
  });
});
