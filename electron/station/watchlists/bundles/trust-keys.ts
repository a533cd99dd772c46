/**
 * The publisher keys this station accepts watch-list bundles from: `watchlist-trust-keys.json` in
 * the station data directory, written atomically with mode 0600. A key is trusted for named list
 * kinds only; a revoked key stays in the file (so it cannot be quietly added back) and every bundle
 * it signed is refused, whatever its date, because a stolen key can write any date.
 *
 * The file is refused when group or others may write it: whoever can edit it decides which lists
 * the booth trusts.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withLockFile, writeFileAtomically } from '../../fs/atomic-file.js';
import { z } from 'zod';
import { isoInstantSchema, keyIdSchema, LIST_KINDS, listKindSchema, type ListKind } from './bundle-header.js';

export const TRUST_FILE = 'watchlist-trust-keys.json';
export const TRUST_FILE_FORMAT = 'borderpost-watchlist-trust-keys/1';
const MAX_KEYS = 256;

export type TrustStoreErrorCode = 'MALFORMED' | 'INSECURE' | 'INVALID_KEY' | 'KEY_EXISTS' | 'NOT_FOUND' | 'ALREADY_REVOKED' | 'BUSY';

export class TrustStoreError extends Error {
  constructor(
    readonly code: TrustStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrustStoreError';
  }
}

const RAW_KEY_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

export const trustedKeySchema = z.strictObject({
  keyId: keyIdSchema,
  /** Raw 32-byte Ed25519 public key, standard base64. */
  publicKey: z.string().regex(RAW_KEY_BASE64),
  kinds: z
    .array(listKindSchema)
    .min(1)
    .refine((a) => new Set(a).size === a.length, 'kinds must be distinct'),
  label: z.string().max(200),
  addedAt: isoInstantSchema,
  revokedAt: isoInstantSchema.nullable(),
  revokedReason: z.string().max(500).nullable(),
});
export type TrustedKey = z.infer<typeof trustedKeySchema>;

const trustFileSchema = z.strictObject({
  format: z.literal(TRUST_FILE_FORMAT),
  keys: z.array(trustedKeySchema).max(MAX_KEYS),
});

/** What the bundle verifier needs from a trust store. */
export interface BundleTrust {
  get(keyId: string): TrustedKey | undefined;
}

/** Key id: the first 16 hex digits of SHA-256 over the raw 32-byte public key. */
export function keyIdOf(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

/** The raw 32 bytes of an Ed25519 public key (or of the public half of a private key). */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new TrustStoreError('INVALID_KEY', `an Ed25519 key is required, this is ${pub.asymmetricKeyType ?? 'not an asymmetric key'}`);
  const jwk = pub.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new TrustStoreError('INVALID_KEY', 'the Ed25519 key has no public part');
  const raw = Buffer.from(jwk.x, 'base64url');
  if (raw.length !== 32) throw new TrustStoreError('INVALID_KEY', 'an Ed25519 public key is 32 bytes');
  return raw;
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/**
 * Reads a publisher's public key given as PEM (SPKI) or as the raw 32 bytes in base64. A private
 * key is refused by name: it must never be copied to a station.
 */
export function parsePublicKey(text: string): { raw: Buffer; keyId: string } {
  const t = text.trim();
  if (/PRIVATE KEY/.test(t)) throw new TrustStoreError('INVALID_KEY', 'this is a private key; give the publisher\u2019s public key (the private key must stay with the publisher)');
  let raw: Buffer;
  if (t.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPublicKey(t);
    } catch (e) {
      throw new TrustStoreError('INVALID_KEY', `not a readable PEM public key: ${(e as Error).message}`);
    }
    raw = rawEd25519PublicKey(key);
  } else if (RAW_KEY_BASE64.test(t) || /^[A-Za-z0-9_-]{43}$/.test(t)) {
    raw = Buffer.from(t, t.includes('-') || t.includes('_') || !t.endsWith('=') ? 'base64url' : 'base64');
    if (raw.length !== 32) throw new TrustStoreError('INVALID_KEY', 'a raw Ed25519 public key is 32 bytes');
    try {
      publicKeyFromRaw(raw);
    } catch (e) {
      throw new TrustStoreError('INVALID_KEY', `not a usable Ed25519 public key: ${(e as Error).message}`);
    }
  } else {
    throw new TrustStoreError('INVALID_KEY', 'expected a PEM public key (-----BEGIN PUBLIC KEY-----) or a raw 32-byte Ed25519 key in base64');
  }
  return { raw, keyId: keyIdOf(raw) };
}

/** An immutable snapshot of trusted keys. */
export class TrustStore implements BundleTrust {
  private readonly byId: ReadonlyMap<string, TrustedKey>;
  private readonly keyObjects = new Map<string, KeyObject>();

  constructor(keys: readonly TrustedKey[]) {
    const byId = new Map<string, TrustedKey>();
    for (const k of keys) {
      const checked = trustedKeySchema.parse(k);
      if (keyIdOf(Buffer.from(checked.publicKey, 'base64')) !== checked.keyId) throw new TrustStoreError('MALFORMED', `key ${checked.keyId}: the key id does not match the public key`);
      if (byId.has(checked.keyId)) throw new TrustStoreError('MALFORMED', `key ${checked.keyId} is listed twice`);
      byId.set(checked.keyId, Object.freeze({ ...checked, kinds: Object.freeze([...checked.kinds]) as ListKind[] }));
    }
    this.byId = byId;
  }

  get(keyId: string): TrustedKey | undefined {
    return this.byId.get(keyId);
  }

  list(): TrustedKey[] {
    return [...this.byId.values()];
  }

  /** The key as a KeyObject for crypto.verify. */
  publicKey(keyId: string): KeyObject | undefined {
    const k = this.byId.get(keyId);
    if (!k) return undefined;
    let obj = this.keyObjects.get(keyId);
    if (!obj) {
      obj = publicKeyFromRaw(Buffer.from(k.publicKey, 'base64'));
      this.keyObjects.set(keyId, obj);
    }
    return obj;
  }
}

export const trustFilePath = (dataDir: string): string => join(dataDir, TRUST_FILE);

/** The station's trust store; empty when the file does not exist yet. */
export function loadTrustStore(dataDir: string): TrustStore {
  const path = trustFilePath(dataDir);
  if (!existsSync(path)) return new TrustStore([]);
  if (process.platform !== 'win32' && (statSync(path).mode & 0o022) !== 0) {
    throw new TrustStoreError('INSECURE', `${path} may be written by other users; it decides which watch-lists this station trusts. Fix it with: chmod 600 ${path}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new TrustStoreError('MALFORMED', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = trustFileSchema.safeParse(raw);
  if (!parsed.success) throw new TrustStoreError('MALFORMED', `${path} is not a valid trust key file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  try {
    return new TrustStore(parsed.data.keys);
  } catch (e) {
    if (e instanceof TrustStoreError) throw new TrustStoreError(e.code, `${path}: ${e.message}`);
    throw e;
  }
}

export interface AddKeyOptions {
  kinds?: readonly ListKind[];
  label?: string;
  now?: Date;
}

export function addTrustedKey(dataDir: string, publicKeyText: string, opts: AddKeyOptions = {}): TrustedKey {
  const { raw, keyId } = parsePublicKey(publicKeyText);
  const kinds = [...new Set(opts.kinds ?? LIST_KINDS)];
  if (kinds.length === 0) throw new TrustStoreError('INVALID_KEY', 'name at least one list kind the key may publish');
  return modify(dataDir, (keys) => {
    const existing = keys.find((k) => k.keyId === keyId);
    if (existing?.revokedAt) throw new TrustStoreError('ALREADY_REVOKED', `key ${keyId} was revoked on ${existing.revokedAt}; a revoked key cannot be trusted again`);
    if (existing) throw new TrustStoreError('KEY_EXISTS', `key ${keyId} is already trusted (for ${existing.kinds.join(', ')})`);
    const added: TrustedKey = {
      keyId,
      publicKey: raw.toString('base64'),
      kinds,
      label: opts.label ?? '',
      addedAt: (opts.now ?? new Date()).toISOString(),
      revokedAt: null,
      revokedReason: null,
    };
    return { keys: [...keys, added], result: added };
  });
}

export function revokeTrustedKey(dataDir: string, keyId: string, opts: { reason?: string; now?: Date } = {}): TrustedKey {
  return modify(dataDir, (keys) => {
    const existing = keys.find((k) => k.keyId === keyId);
    if (!existing) throw new TrustStoreError('NOT_FOUND', `no trusted key has the id ${keyId}`);
    if (existing.revokedAt) throw new TrustStoreError('ALREADY_REVOKED', `key ${keyId} was already revoked on ${existing.revokedAt}`);
    const revoked: TrustedKey = { ...existing, revokedAt: (opts.now ?? new Date()).toISOString(), revokedReason: opts.reason ?? null };
    return { keys: keys.map((k) => (k.keyId === keyId ? revoked : k)), result: revoked };
  });
}

/**
 * Read, change and write under a lock file, so two commands at once cannot lose a revocation.
 * A held lock is reported rather than waited for.
 */
function modify<T>(dataDir: string, change: (keys: TrustedKey[]) => { keys: TrustedKey[]; result: T }): T {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = trustFilePath(dataDir);
  const lock = `${path}.lock`;
  return withLockFile(lock, () => new TrustStoreError('BUSY', `another change to the trust keys is in progress (${lock} exists; delete it if no borderpost command is running)`), () => {
    const { keys, result } = change(loadTrustStore(dataDir).list());
    if (keys.length > MAX_KEYS) throw new TrustStoreError('INVALID_KEY', `at most ${MAX_KEYS} keys can be trusted`);
    writeFileAtomically(path, JSON.stringify({ format: TRUST_FILE_FORMAT, keys }, null, 2) + '\n');
    return result;
  });
}

