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
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { acquirePidLock } from '../../fs/atomic-file.js';
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

/**
 * One import at a time per data directory, across processes (the station and the command line)
 * and within this thread; a lock left by a process that no longer runs is taken over.
 */
export function acquireImportLock(dir: string): () => void {
  const path = lockPath(dir);
  const running = (message: string) => Object.assign(new Error(message), { code: 'IMPORT_RUNNING' });
  return acquirePidLock(path, {
    heldHere: () => running(`an import is already building the documents list in ${dir}`),
    heldBy: (pid) => running(`another import (process ${pid}) is building the documents list in ${dir}`),
    stuck: () => running(`could not take the import lock ${path}`),
  });
}
