/**
 * File steps of a list swap, shared by the importer and the store.
 *
 * The importer writes `watchlist-persons.db.building`, verifies and flushes it, renames it to
 * `….next`, then renames `….next` over `watchlist-persons.db`. Each rename is atomic, so the live
 * name always denotes a complete list (the old or the new one). A store that has the old file open
 * keeps reading it — POSIX keeps a replaced file alive for the handles open on it — until it
 * reopens. Windows refuses to replace an open file: the `.next` file then waits, and the store
 * promotes it itself when it reopens (after closing its handle).
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { acquirePidLock } from '../../fs/atomic-file.js';
import { listPath, lockPath, pendingPath } from './person-list-format.js';

export function fsyncPath(path: string): void {
  // Directories cannot be opened for fsync on Windows; renames there are made durable by NTFS.
  if (process.platform === 'win32' && statSync(path).isDirectory()) return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function renameDurably(from: string, to: string): void {
  renameSync(from, to);
  fsyncPath(dirname(to));
}

/** Moves a waiting complete list to the live name; false when there is none or the OS refuses. */
export function promotePendingList(dir: string): boolean {
  const pending = pendingPath(dir);
  if (!existsSync(pending)) return false;
  try {
    renameDurably(pending, listPath(dir));
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES') return false;
    throw e;
  }
}

/** Identity of a file: changes when the list is replaced, to tell whether a reopen is due. */
export function fileIdentity(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined;
  }
}

export class ImportRunningError extends Error {
  readonly code = 'IMPORT_RUNNING';
}

/**
 * One person-list import at a time per data directory, across processes (station and command
 * line). A lock whose process is gone — a crash, a kill — is taken over, which is what makes an
 * interrupted import restart-clean.
 */
export function acquireImportLock(dir: string): () => void {
  const path = lockPath(dir);
  return acquirePidLock(path, {
    heldHere: () => new ImportRunningError(`an import is already building the person list in ${dir}`),
    heldBy: (pid) => new ImportRunningError(`another import (process ${pid}) is building the person list in ${dir}`),
    stuck: () => new ImportRunningError(`could not take the import lock ${path}`),
  });
}
