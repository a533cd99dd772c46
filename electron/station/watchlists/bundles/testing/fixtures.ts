/** Keys, trust stores and hand-made bundles for the bundle tests only. */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { BundleError } from '../bundle-error.js';
import { encodeSignedStart, LIST_KINDS, type BundleHeader, type ListKind } from '../bundle-header.js';
import { keyIdOf, rawEd25519PublicKey, TrustStore, type TrustedKey } from '../trust-keys.js';

export interface Publisher {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  trusted: TrustedKey;
}

export function publisher(kinds: readonly ListKind[] = LIST_KINDS, label = 'test publisher'): Publisher {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = rawEd25519PublicKey(publicKey);
  const keyId = keyIdOf(raw);
  return { privateKey, publicKey, keyId, trusted: { keyId, publicKey: raw.toString('base64'), kinds: [...kinds], label, addedAt: '2026-01-01T00:00:00.000Z', revokedAt: null, revokedReason: null } };
}

export const trustOf = (...keys: TrustedKey[]): TrustStore => new TrustStore(keys);

export const revoked = (k: TrustedKey): TrustedKey => ({ ...k, revokedAt: '2026-06-01T00:00:00.000Z', revokedReason: 'key leaked' });

export const NOW = new Date('2026-11-27T12:00:00.000Z');
export const CREATED = new Date('2026-11-27T06:00:00.000Z');
export const EXPIRES = new Date('2026-12-27T00:00:00.000Z');

export type DocRow = [state: string, number: string, type: string, status: string];

export function documentsCsv(rows: DocRow[]): string {
  return ['issuingState,number,type,status', ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

export function documentsDeltaCsv(upserts: DocRow[], removals: DocRow[]): string {
  return (
    [
      '_op,issuingState,number,type,status',
      ...removals.map((k) => ['remove', ...k].join(',')),
      ...upserts.map((r) => ['upsert', ...r].join(',')),
    ].join('\n') + '\n'
  );
}

/**
 * A bundle written byte by byte, bypassing createBundle's checks: how a buggy or hostile (but
 * trusted) publisher could produce one. `stored` replaces the (optionally gzipped) decoded bytes.
 */
export function craftBundle(
  path: string,
  key: KeyObject,
  header: Omit<BundleHeader, 'payload'>,
  body: { decoded: Buffer; compression?: 'none' | 'gzip'; stored?: Buffer },
  overrides: Partial<BundleHeader['payload']> = {},
): void {
  const compression = body.compression ?? 'none';
  const stored = body.stored ?? (compression === 'gzip' ? gzipSync(body.decoded) : body.decoded);
  const full = {
    ...header,
    payload: { format: 'csv' as const, compression, bytes: stored.length, decodedBytes: body.decoded.length, records: 0, sha256: createHash('sha256').update(stored).digest('hex'), ...overrides },
  } as BundleHeader;
  const start = encodeSignedStart(full);
  writeFileSync(path, Buffer.concat([start, sign(null, start, key), stored]));
}

/** Flips one bit of a file at `offset` (negative: from the end). */
export function flipByte(path: string, offset: number): void {
  const b = readFileSync(path);
  const at = offset < 0 ? b.length + offset : offset;
  b[at] = (b[at] as number) ^ 0x01;
  writeFileSync(path, b);
}

/** The BundleError a refused import rejects with (fails the test if it resolves or throws another error). */
export async function refusal(p: Promise<unknown>): Promise<BundleError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BundleError);
  return e as BundleError;
}
