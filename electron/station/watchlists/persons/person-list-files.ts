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
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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
const activeInThisProcess = new Set<string>();

export function acquireImportLock(dir: string): () => void {
  const path = lockPath(dir);
  if (activeInThisProcess.has(path)) throw new ImportRunningError(`an import is already building the person list in ${dir}`);
  const body = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, body, { flag: 'wx' });
      activeInThisProcess.add(path);
      return () => {
        activeInThisProcess.delete(path);
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number((JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }).pid);
      } catch {
        // a lock cut short while being written: its writer is gone
      }
      // Our own pid with no import running here: a lock left by an import this process abandoned.
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw new ImportRunningError(`another import (process ${holder}) is building the person list in ${dir}`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new ImportRunningError(`could not take the import lock ${path}`);
}
