/**
 * File-level steps of a list swap, shared by the importer and the store.
 *
 * Life of a list file: the importer writes `watchlist-documents.db.building`; when it is complete
 * and flushed it is renamed to `….next` (a complete list waiting); then `….next` is renamed over
 * `watchlist-documents.db`. Each rename is atomic, so the live name always points at a complete
 * list: the old one or the new one, never half of either. A store that has the old file open keeps
 * reading it (POSIX keeps a renamed-over file alive for its open handles) until it reopens.
 * Windows refuses to rename over a file that is open; the `.next` file then waits and the store
 * promotes it itself when it reopens, after closing its handle.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { FORMAT, META, listPath, lockPath, pendingPath } from './document-list-format.js';

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable (POSIX); directories cannot be opened for fsync on Windows. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function renameDurably(from: string, to: string): void {
  renameSync(from, to);
  fsyncDir(dirname(to));
}

/** True when `path` is a documents list whose build completed (format and build state in meta). */
export function isCompleteList(path: string): boolean {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const get = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
      return get.get(META.format) === FORMAT && get.get(META.buildState) === 'complete';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * Moves a waiting complete list into the live name. False when there is none, when it is not a
 * complete list (it is then deleted: only a finished build is ever named `.next`, so this is damage,
 * and it must not replace a working list), or when the live file is held open by this or another
 * process on a platform that forbids replacing it.
 */
export function promotePendingList(dir: string): boolean {
  const pending = pendingPath(dir);
  if (!existsSync(pending)) return false;
  if (!isCompleteList(pending)) {
    rmSync(pending, { force: true });
    return false;
  }
  try {
    renameDurably(pending, listPath(dir));
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES') return false;
    throw e;
  }
}

/** Identity of the live file, to tell whether a reopen would see a different list. */
export function fileIdentity(path: string): string {
  const s = statSync(path, { bigint: true });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One import at a time per data directory, across processes (the station and the command line)
 * and within this thread. A lock file left by a process that no longer runs is taken over, and so
 * is one with this process's id that this thread does not hold (an import worker that was
 * terminated; the station runs one import worker at a time).
 */
const heldHere = new Set<string>();

export function acquireImportLock(dir: string): () => void {
  const path = lockPath(dir);
  if (heldHere.has(path)) throw Object.assign(new Error(`an import is already building the documents list in ${dir}`), { code: 'IMPORT_RUNNING' });
  const body = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, body, { flag: 'wx' });
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number((JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }).pid);
      } catch {
        // unreadable lock: a crash while writing it; take it over
      }
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw Object.assign(new Error(`another import (process ${holder}) is building the documents list in ${dir}`), { code: 'IMPORT_RUNNING' });
      }
      rmSync(path, { force: true });
    }
  }
  throw Object.assign(new Error(`could not take the import lock ${path}`), { code: 'IMPORT_RUNNING' });
}
