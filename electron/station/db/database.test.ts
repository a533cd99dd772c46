import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { backupDatabase, DatabaseError, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';

const KEY = 'ab'.repeat(32);
let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.cleanup());

describe('station database', () => {
  it('applies every migration, with WAL, synchronous FULL and foreign keys', () => {
    dir = tempDir();
    const db = openDatabase({ path: join(dir.path, 's.db'), key: KEY });
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('keeps personal data encrypted at rest and refuses a wrong key', () => {
    dir = tempDir();
    const path = join(dir.path, 's.db');
    const db = openDatabase({ path, key: KEY });
    db.prepare("INSERT INTO settings(key, value) VALUES ('probe', 'ERIKSSON ANNA MARIA')").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(readFileSync(path).includes('ERIKSSON')).toBe(false);
    expect(() => openDatabase({ path, key: 'cd'.repeat(32) })).toThrow(DatabaseError);
    try {
      openDatabase({ path, key: 'cd'.repeat(32) });
    } catch (e) {
      expect((e as DatabaseError).code).toBe('WRONG_KEY');
    }
    const again = openDatabase({ path, key: KEY });
    expect(again.prepare("SELECT value FROM settings WHERE key='probe'").get()).toEqual({ value: 'ERIKSSON ANNA MARIA' });
    again.close();
  });

  it('refuses a database written by a newer build instead of guessing', () => {
    dir = tempDir();
    const path = join(dir.path, 's.db');
    const db = openDatabase({ path, key: KEY });
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase({ path, key: KEY })).toThrow(/newer than this build/);
  });

  it('rolls back a failing migration and names it', () => {
    dir = tempDir();
    const path = join(dir.path, 's.db');
    const broken = [...MIGRATIONS, { version: 99, name: 'broken', sql: 'CREATE TABLE ok_table(a); CREATE TABL nope' }];
    expect(() => openDatabase({ path, key: KEY, migrations: broken })).toThrow(/migration 99 \(broken\) failed/);
    const db = openDatabase({ path, key: KEY });
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok_table'").get()).toBeUndefined();
    db.close();
  });

  it('reports a file that is not a database as a clear error', () => {
    dir = tempDir();
    const path = join(dir.path, 'garbage.db');
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    expect(() => openDatabase({ path, key: KEY })).toThrow(DatabaseError);
  });

  it('backs up online to an encrypted copy that opens with the same key', () => {
    dir = tempDir();
    const db = openDatabase({ path: join(dir.path, 's.db'), key: KEY });
    db.prepare("INSERT INTO settings(key, value) VALUES ('probe', 'SECRET-TRAVELLER')").run();
    const out = backupDatabase(db, join(dir.path, 'backup.db'), KEY);
    expect(out.bytes).toBeGreaterThan(0);
    expect(readFileSync(out.path).includes('SECRET-TRAVELLER')).toBe(false);
    const copy = openDatabase({ path: out.path, key: KEY, readonly: true });
    expect(copy.prepare("SELECT value FROM settings WHERE key='probe'").get()).toEqual({ value: 'SECRET-TRAVELLER' });
    copy.close();
    expect(() => backupDatabase(db, out.path, KEY)).toThrow(/already exists/);
    db.close();
  });
});
