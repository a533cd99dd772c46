import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory per test, removed afterwards. */
export function tempDir(prefix = 'borderpost-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Cheap scrypt parameters so tests do not spend seconds hashing; production uses DEFAULT_KDF. */
export const TEST_KDF = { N: 1024, r: 8, p: 1 };
