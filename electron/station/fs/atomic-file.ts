/**
 * Small file primitives shared by every store that keeps state in the data directory (trust
 * anchors, watch-list publisher keys, watch-list import locks).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Temp file in the same directory, fsync, rename over, fsync the directory: old or new, never half. Mode 0600. */
export function writeFileAtomically(path: string, data: Buffer | string): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600); // exactly 0600 whatever the umask
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  if (process.platform !== 'win32') {
    const dirFd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}

/**
 * Runs `f` while holding `lockPath` (created exclusively, removed afterwards). A held lock is
 * reported with `busy()` rather than waited for.
 */
export function withLockFile<T>(lockPath: string, busy: () => Error, f: () => T): T {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw busy();
    throw e;
  }
  try {
    return f();
  } finally {
    closeSync(fd);
    rmSync(lockPath, { force: true });
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

const heldInThisProcess = new Set<string>();

export interface PidLockErrors {
  /** This thread already holds it. */
  heldHere(): Error;
  /** Another live process holds it. */
  heldBy(pid: number): Error;
  /** It could not be taken even after clearing a stale one. */
  stuck(): Error;
}

/**
 * One holder at a time across processes (the station and the command line) and within this
 * thread. The lock file names its process; a lock left by a process that no longer runs, or with
 * this process's id that this thread does not hold (an abandoned worker), is taken over, which is
 * what makes an interrupted import restart-clean. Returns the release function.
 */
export function acquirePidLock(path: string, errors: PidLockErrors): () => void {
  if (heldInThisProcess.has(path)) throw errors.heldHere();
  const body = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, body, { flag: 'wx' });
      heldInThisProcess.add(path);
      return () => {
        heldInThisProcess.delete(path);
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number((JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }).pid);
      } catch {
        // a lock cut short while being written: its writer is gone; take it over
      }
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) throw errors.heldBy(holder);
      rmSync(path, { force: true });
    }
  }
  throw errors.stuck();
}
