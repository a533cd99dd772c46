import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that encrypts the station database. Order: BORDERPOST_DB_KEY (for an OS keystore or an
 * HSM wrapper to inject), else `station.key` beside the database, created on first run with mode
 * 0600. The key file protects a copied database file, not a stolen whole disk: production posts
 * should wrap it with the OS keystore (see README).
 */
export function loadOrCreateStationKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.BORDERPOST_DB_KEY) return env.BORDERPOST_DB_KEY;
  const file = join(dataDir, 'station.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
