/**
 * The one way into the station's SQLite file. Encrypted at rest (SQLite3 Multiple Ciphers, the
 * default ChaCha20-Poly1305 cipher), WAL with synchronous=FULL so a power cut at a booth loses no
 * committed crossing, foreign keys on, numbered migrations, and a quick_check before first use.
 */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export class DatabaseError extends Error {
  constructor(
    readonly code: 'WRONG_KEY' | 'CORRUPT' | 'NEWER_SCHEMA' | 'MIGRATION_FAILED' | 'BACKUP_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

export interface OpenOptions {
  path: string;
  /** 32+ random bytes, hex. Omit only for throw-away test databases. */
  key?: string;
  migrations?: readonly Migration[];
  readonly?: boolean;
}

function applyKey(db: Db, key: string | undefined) {
  if (key === undefined) return;
  if (!/^[0-9a-f]{32,128}$/i.test(key)) throw new DatabaseError('WRONG_KEY', 'database key must be 32 to 128 hex digits');
  db.pragma(`key='${key}'`);
}

export function openDatabase(opts: OpenOptions): Db {
  const db = new Database(opts.path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  try {
    applyKey(db, opts.key);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') throw new DatabaseError('WRONG_KEY', `cannot open ${opts.path}: wrong key, or not a Borderpost database`);
      throw e;
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DatabaseError('CORRUPT', `database ${opts.path} failed quick_check: ${String(check)}`);
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, opts.migrations ?? MIGRATIONS);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  if (current > latest) {
    throw new DatabaseError('NEWER_SCHEMA', `database schema ${current} is newer than this build knows (${latest}); update Borderpost`);
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (e) {
      throw new DatabaseError('MIGRATION_FAILED', `migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
    }
  }
}

/**
 * Online backup. `VACUUM INTO` reads one consistent snapshot while the station keeps writing (WAL),
 * and SQLite3 Multiple Ciphers writes the copy encrypted with the same key. (The page-level backup
 * API refuses an encrypted source.) The copy is verified by opening it and running quick_check.
 */
export function backupDatabase(db: Db, destination: string, key?: string): { path: string; bytes: number } {
  if (existsSync(destination)) throw new DatabaseError('BACKUP_FAILED', `backup target ${destination} already exists; choose a new file`);
  try {
    db.prepare('VACUUM INTO ?').run(destination);
  } catch (e) {
    throw new DatabaseError('BACKUP_FAILED', `backup to ${destination} failed: ${(e as Error).message}`);
  }
  const copy = openDatabase({ path: destination, key, readonly: true });
  copy.close();
  return { path: destination, bytes: statSync(destination).size };
}
