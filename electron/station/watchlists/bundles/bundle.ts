/**
 * Signed watch-list bundles (FORMAT.md): create one from rows, read its header, verify it against
 * the station's trust keys and list version, and read its rows after verification.
 *
 * Nothing here holds the payload in memory: it is read in 1 MiB pieces, hashed, decompressed with a
 * bound the signed header sets, and decoded row by row. Verification reads the file twice (hash
 * first, so no byte is decompressed before it is known to be the signed one; then a full decode
 * that counts the rows), and every later read of the rows checks the hash again at the end, so a
 * file swapped after verification is caught before the reader reports the end of the rows.
 */
import { createHash, createPrivateKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline as pipelineStreams, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { asBundleError, BundleError } from './bundle-error.js';
import {
  bundleHeaderSchema,
  encodeSignedStart,
  parseBundleStart,
  parsePreamble,
  PREAMBLE_BYTES,
  startLength,
  type BundleHeader,
  type Compression,
  type ListKind,
  type ParsedBundleStart,
  type PayloadFormat,
} from './bundle-header.js';
import { createRowDecoder, type BundleKey, type BundleRow, type PayloadEntry } from './payload-rows.js';
import { keyIdOf, publicKeyFromRaw, rawEd25519PublicKey, type BundleTrust } from './trust-keys.js';

const READ_CHUNK = 1 << 20;
/** A bundle created this far ahead of the station clock suggests the clock is wrong. */
const CLOCK_SKEW_WARNING_MS = 10 * 60 * 1000;
const EXPIRES_SOON_WARNING_MS = 24 * 60 * 60 * 1000;

/**
 * Fields that identify a row when the publisher names none, as the list stores key their rows: the
 * documents store keeps one row per (state, number, type, status), the persons store one per id.
 */
export const DEFAULT_KEY_FIELDS: Readonly<Record<ListKind, readonly string[]>> = {
  documents: ['issuingState', 'number', 'type', 'status'],
  persons: ['id'],
};

// ---------------------------------------------------------------------------------------------
// Creating

export interface CreateBundleOptions {
  kind: ListKind;
  listId: string;
  type: 'full' | 'delta';
  version: number;
  /** Deltas only: the version the station must have for this delta to apply. */
  baseVersion?: number | null;
  expiresAt: Date | string;
  /** Defaults to now. */
  createdAt?: Date;
  /** Defaults to DEFAULT_KEY_FIELDS[kind]. */
  keyFields?: readonly string[];
  /** The rows as CSV or JSON lines text (see FORMAT.md), in one piece or streamed. */
  payload: AsyncIterable<Buffer | Uint8Array | string> | Buffer | Uint8Array | string;
  encoding: PayloadFormat;
  /** Defaults to gzip. */
  compression?: Compression;
  /** Where to write the bundle; an existing file is never overwritten. */
  out: string;
}

export interface CreatedBundle {
  path: string;
  header: BundleHeader;
  bundleId: string;
  fileBytes: number;
}

function privateKey(signingKey: KeyObject | string): KeyObject {
  let key: KeyObject;
  try {
    key = typeof signingKey === 'string' ? createPrivateKey(signingKey) : signingKey;
  } catch (e) {
    throw new BundleError('INVALID_INPUT', `the signing key cannot be read: ${(e as Error).message}`);
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') throw new BundleError('INVALID_INPUT', 'the signing key must be an Ed25519 private key');
  return key;
}

async function* chunksOf(payload: CreateBundleOptions['payload']): AsyncGenerator<Buffer> {
  if (typeof payload === 'string') yield Buffer.from(payload, 'utf8');
  else if (payload instanceof Uint8Array) yield Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  else for await (const c of payload) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/**
 * Writes a signed bundle. The rows are checked with the same decoder the station uses, so a
 * malformed row fails here, at headquarters, with its line number, and not at the border post.
 */
export async function createBundle(opts: CreateBundleOptions, signingKey: KeyObject | string, keyId?: string): Promise<CreatedBundle> {
  const key = privateKey(signingKey);
  const derivedKeyId = keyIdOf(rawEd25519PublicKey(key));
  if (keyId !== undefined && keyId !== derivedKeyId) throw new BundleError('INVALID_INPUT', `key id ${keyId} does not belong to the signing key (its id is ${derivedKeyId})`);
  const compression = opts.compression ?? 'gzip';
  const expires = new Date(opts.expiresAt);
  if (Number.isNaN(expires.getTime())) throw new BundleError('INVALID_INPUT', `expiresAt is not a date: ${String(opts.expiresAt)}`);
  const draft = {
    keyId: derivedKeyId,
    kind: opts.kind,
    listId: opts.listId,
    type: opts.type,
    version: opts.version,
    baseVersion: opts.type === 'delta' ? (opts.baseVersion ?? undefined) : (opts.baseVersion ?? null),
    createdAt: (opts.createdAt ?? new Date()).toISOString(),
    expiresAt: expires.toISOString(),
    keyFields: [...(opts.keyFields ?? DEFAULT_KEY_FIELDS[opts.kind] ?? [])],
    payload: { format: opts.encoding, compression, bytes: 0, decodedBytes: 0, records: 0, sha256: '0'.repeat(64) },
  };
  // Check the options before reading what may be a hundred million rows.
  const early = bundleHeaderSchema.safeParse(draft);
  if (!early.success) {
    const issue = early.error.issues[0];
    throw new BundleError('INVALID_INPUT', `${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}${opts.type === 'full' && opts.baseVersion != null ? ' (a full list has no base version)' : ''}`);
  }

  const suffix = randomBytes(6).toString('hex');
  const tmpPayload = `${opts.out}.${suffix}.payload.tmp`;
  const partial = `${opts.out}.${suffix}.partial`;
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    let decodedBytes = 0;
    const decoder = createRowDecoder({ format: opts.encoding, type: opts.type, keyFields: early.data.keyFields, errorCode: 'INVALID_INPUT' });
    const checked = async function* () {
      for await (const c of chunksOf(opts.payload)) {
        decodedBytes += c.length;
        decoder.push(c);
        yield c;
      }
      decoder.end();
    };
    const hashed = async function* (source: AsyncIterable<Buffer>) {
      for await (const c of source) {
        hash.update(c);
        bytes += c.length;
        yield c;
      }
    };
    const sink = createWriteStream(tmpPayload, { flags: 'wx', mode: 0o600 });
    const source = Readable.from(checked(), { objectMode: false });
    if (compression === 'gzip') await pipeline(source, createGzip({ level: 6 }), hashed, sink);
    else await pipeline(source, hashed, sink);

    const header = bundleHeaderSchema.parse({ ...early.data, payload: { ...early.data.payload, bytes, decodedBytes, records: decoder.records, sha256: hash.digest('hex') } });
    const signedStart = encodeSignedStart(header);
    const signature = sign(null, signedStart, key);
    await pipeline(
      async function* () {
        yield signedStart;
        yield signature;
        yield* createReadStream(tmpPayload, { highWaterMark: READ_CHUNK });
      },
      createWriteStream(partial, { flags: 'wx', mode: 0o600 }),
    );
    await syncFile(partial);
    // link, not rename: it refuses to replace a file that appeared at `out` meanwhile.
    await link(partial, opts.out);
    await syncDir(dirname(opts.out));
    return { path: opts.out, header, bundleId: bundleIdOf(signedStart), fileBytes: signedStart.length + signature.length + bytes };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new BundleError('INVALID_INPUT', `${opts.out} already exists; a bundle is never overwritten`);
    throw asBundleError(e, 'INVALID_INPUT', 'the bundle could not be written');
  } finally {
    await rm(tmpPayload, { force: true });
    await rm(partial, { force: true });
  }
}

async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Identifies a bundle: the header names the payload by its hash, so this names the whole file. */
const bundleIdOf = (signedStart: Uint8Array): string => createHash('sha256').update(signedStart).digest('hex');

// ---------------------------------------------------------------------------------------------
// Reading the header

export interface BundleStart extends ParsedBundleStart {
  path: string;
  fileSize: number;
  bundleId: string;
}

function unreadable(path: string, e: unknown): BundleError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
  return new BundleError('UNREADABLE', `The bundle file ${path} cannot be read: ${why}.`, { cause: e });
}

async function openBundle(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (e) {
    throw unreadable(path, e);
  }
}

/** Up to `length` bytes at `position`; fewer only at the end of the file. */
async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/**
 * Parses and bounds-checks the start of a bundle file: magic, format version, header (at most
 * MAX_HEADER_BYTES, canonical JSON, valid fields), signature, and that the file is exactly as long
 * as the header says. Checks neither the signature nor the payload: use verifyBundle for that.
 */
export async function readBundleHeader(path: string): Promise<BundleStart> {
  const fh = await openBundle(path);
  try {
    const size = (await fh.stat()).size;
    const { headerLength } = parsePreamble(await readAt(fh, 0, PREAMBLE_BYTES));
    const start = parseBundleStart(await readAt(fh, 0, startLength(headerLength)));
    const end = start.payloadOffset + start.header.payload.bytes;
    if (size < end) throw new BundleError('TRUNCATED', `The bundle file is cut short: it has ${size} bytes, its header promises ${end}. Copy it again from the source.`);
    if (size > end) throw new BundleError('TRAILING_DATA', `The bundle file has ${size - end} unexpected bytes after its payload; it was altered or damaged in transfer.`);
    return { ...start, path, fileSize: size, bundleId: bundleIdOf(start.signedBytes) };
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw unreadable(path, e);
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Verifying

/** The list version in force on the station; 'unknown' skips the version checks (a dry check). */
export type CurrentVersion = { version: number } | null | 'unknown';

export interface VerifyOptions {
  /** The kind of store the bundle is for (WRONG_KIND otherwise). */
  expectKind?: ListKind;
  /** The list whose current version was given (FILE_CHANGED if the header now names another). */
  expectListId?: string;
}

export interface VerifiedBundle {
  readonly path: string;
  readonly header: BundleHeader;
  readonly bundleId: string;
  readonly payloadOffset: number;
  readonly keyLabel: string;
  /** The version in force when verified; undefined when the caller did not know it. */
  readonly previousVersion: number | null | undefined;
  readonly warnings: readonly string[];
}

/** Only objects made by verifyBundle open a payload; a cast cannot forge one. */
const verifiedBundles = new WeakSet<VerifiedBundle>();

export async function verifyBundle(path: string, trust: BundleTrust, current: CurrentVersion, now: Date, opts: VerifyOptions = {}): Promise<VerifiedBundle> {
  const start = await readBundleHeader(path);
  const h = start.header;
  const listName = `the ${h.kind} list "${h.listId}"`;

  const trusted = trust.get(h.keyId);
  if (!trusted) throw new BundleError('UNKNOWN_KEY', `This bundle is signed by key ${h.keyId}, which this station does not trust. If headquarters issued a new key, add it with "borderpost watchlist trust-key add".`);
  if (trusted.revokedAt) throw new BundleError('KEY_REVOKED', `This bundle is signed by key ${h.keyId}, which was revoked on this station on ${trusted.revokedAt}${trusted.revokedReason ? ` (${trusted.revokedReason})` : ''}. Bundles signed by a revoked key are never accepted.`);
  let signatureOk = false;
  try {
    signatureOk = verify(null, start.signedBytes, publicKeyFromRaw(Buffer.from(trusted.publicKey, 'base64')), start.signature);
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) throw new BundleError('BAD_SIGNATURE', `The signature of this bundle does not match its header: the header was altered after signing, or the bundle was not signed by key ${h.keyId}.`);
  // From here on the header is the publisher's word.
  if (!trusted.kinds.includes(h.kind)) throw new BundleError('KIND_NOT_ALLOWED', `Key ${h.keyId}${trusted.label ? ` (${trusted.label})` : ''} is trusted for ${trusted.kinds.join(' and ')} lists only, and this bundle is ${listName}.`);
  if (opts.expectKind !== undefined && h.kind !== opts.expectKind) throw new BundleError('WRONG_KIND', `This bundle is ${listName}, not a ${opts.expectKind} list.`);
  if (opts.expectListId !== undefined && h.listId !== opts.expectListId) throw new BundleError('FILE_CHANGED', `The bundle file changed while it was being imported (it was for list "${opts.expectListId}", now "${h.listId}").`);
  if (now.getTime() >= Date.parse(h.expiresAt)) throw new BundleError('EXPIRED', `This bundle of ${listName} expired on ${h.expiresAt}; an expired bundle is never imported. Ask headquarters for a current one (or check the station clock: it says ${now.toISOString()}).`);
  checkVersion(h, current, listName);

  const actual = await hashPayload(path, start.payloadOffset, h.payload.bytes);
  if (actual !== h.payload.sha256) throw new BundleError('PAYLOAD_HASH_MISMATCH', `The list data in this bundle is not what headquarters signed (its SHA-256 differs): the file was altered or damaged after signing. Copy it again from the source.`);
  for await (const _ of readEntries(path, start.payloadOffset, h)) {
    // decoding every row checks it; the end of the iteration checks the count, length and hash
  }

  const warnings: string[] = [];
  if (Date.parse(h.createdAt) - now.getTime() > CLOCK_SKEW_WARNING_MS) warnings.push(`the bundle was created at ${h.createdAt}, after the station clock (${now.toISOString()}): check the station clock`);
  if (Date.parse(h.expiresAt) - now.getTime() < EXPIRES_SOON_WARNING_MS) warnings.push(`the bundle expires soon, on ${h.expiresAt}`);
  const verified: VerifiedBundle = Object.freeze({
    path,
    header: h,
    bundleId: start.bundleId,
    payloadOffset: start.payloadOffset,
    keyLabel: trusted.label,
    previousVersion: current === 'unknown' ? undefined : (current?.version ?? null),
    warnings: Object.freeze(warnings),
  });
  verifiedBundles.add(verified);
  return verified;
}

function checkVersion(h: BundleHeader, current: CurrentVersion, listName: string): void {
  if (current === 'unknown') return;
  if (current !== null && h.version <= current.version) {
    throw new BundleError(
      'OLDER_VERSION',
      h.version === current.version
        ? `Version ${h.version} of ${listName} is already in force; nothing to import.`
        : `This bundle is version ${h.version} of ${listName}, older than version ${current.version} already in force. Lists never go back to an older version.`,
    );
  }
  if (h.type === 'delta') {
    if (current === null) throw new BundleError('VERSION_GAP', `This is an update from version ${h.baseVersion} of ${listName}, but the station has no copy of that list yet: import a full bundle first.`);
    if (h.baseVersion !== current.version) {
      throw new BundleError('VERSION_GAP', `This is an update from version ${h.baseVersion} of ${listName}, but the station has version ${current.version}: ${h.baseVersion > current.version ? `the updates from version ${current.version} to ${h.baseVersion} are missing` : 'it was made for an older copy'}. Import the missing updates or a full bundle.`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the payload

async function* rawChunks(fh: FileHandle, offset: number, length: number, onChunk: (c: Buffer) => void): AsyncGenerator<Buffer> {
  let position = offset;
  let left = length;
  while (left > 0) {
    const want = Math.min(READ_CHUNK, left);
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await fh.read(buf, 0, want, position);
    if (bytesRead === 0) throw new BundleError('TRUNCATED', 'The bundle file ends before its list data does: it was cut short (a copy that did not finish?).');
    const chunk = bytesRead === want ? buf : buf.subarray(0, bytesRead);
    onChunk(chunk);
    position += bytesRead;
    left -= bytesRead;
    yield chunk;
  }
}

async function hashPayload(path: string, offset: number, length: number): Promise<string> {
  const hash = createHash('sha256');
  const fh = await openBundle(path);
  try {
    for await (const _ of rawChunks(fh, offset, length, (c) => hash.update(c))) {
      // hashed in onChunk
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

function gunzipped(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  // The callback form returns the last stream, which iterates; errors reach the iterator.
  return pipelineStreams(Readable.from(source, { objectMode: false }), createGunzip(), () => {});
}

/**
 * Every entry of the payload, checked on the way: at the end, before it reports that there is
 * nothing more, the stored bytes' SHA-256, the decoded length and the row count must match the header.
 */
async function* readEntries(path: string, payloadOffset: number, h: BundleHeader): AsyncGenerator<PayloadEntry> {
  const info = h.payload;
  const hash = createHash('sha256');
  const decoder = createRowDecoder({ format: info.format, type: h.type, keyFields: h.keyFields, errorCode: 'MALFORMED_PAYLOAD' });
  let decoded = 0;
  const fh = await openBundle(path);
  try {
    const raw = rawChunks(fh, payloadOffset, info.bytes, (c) => hash.update(c));
    const chunks = info.compression === 'gzip' ? gunzipped(raw) : raw;
    try {
      for await (const chunk of chunks) {
        decoded += chunk.length;
        if (decoded > info.decodedBytes) throw new BundleError('MALFORMED_PAYLOAD', `The list data decodes to more than the ${info.decodedBytes} bytes its header states.`);
        for (const entry of decoder.push(chunk)) yield entry;
      }
      for (const entry of decoder.end()) yield entry;
    } catch (e) {
      // A decoding failure on bytes that are not the signed ones is tampering, not a publisher bug.
      if (!(e instanceof BundleError && e.code === 'TRUNCATED') && (await hashPayload(path, payloadOffset, info.bytes).catch(() => null)) !== info.sha256) {
        throw new BundleError('PAYLOAD_HASH_MISMATCH', 'The list data in this bundle changed after it was verified, or was never what headquarters signed. Nothing was imported from it.', { cause: e });
      }
      throw asBundleError(e, 'MALFORMED_PAYLOAD', 'The list data in this bundle cannot be decoded');
    }
    if (hash.digest('hex') !== info.sha256) throw new BundleError('PAYLOAD_HASH_MISMATCH', 'The list data in this bundle changed after it was verified (its SHA-256 no longer matches the signed header). Nothing was imported from it.');
    if (decoded !== info.decodedBytes) throw new BundleError('MALFORMED_PAYLOAD', `The list data decodes to ${decoded} bytes where its header states ${info.decodedBytes}.`);
    if (decoder.records !== info.records) throw new BundleError('MALFORMED_PAYLOAD', `The bundle has ${decoder.records} rows where its header says ${info.records}.`);
  } finally {
    await fh.close();
  }
}

function assertVerified(v: VerifiedBundle): void {
  if (!verifiedBundles.has(v)) throw new BundleError('NOT_VERIFIED', 'This bundle has not been verified: call verifyBundle and pass its result.');
}

/**
 * The entries of a verified bundle. Each iteration reads the file afresh and ends by checking the
 * payload hash again: a consumer must treat an exception from the iterator (at any row, including
 * after the last) as "discard everything read from this bundle".
 */
export function openPayload(v: VerifiedBundle): AsyncIterable<PayloadEntry> {
  assertVerified(v);
  return { [Symbol.asyncIterator]: () => readEntries(v.path, v.payloadOffset, v.header) };
}

/** The rows to add or replace (all rows of a full bundle). */
export function payloadRows(v: VerifiedBundle): AsyncIterable<BundleRow> {
  const entries = openPayload(v);
  return {
    async *[Symbol.asyncIterator]() {
      for await (const e of entries) if (e.op === 'upsert') yield e.row;
    },
  };
}

/** The keys of rows to remove (none in a full bundle). */
export function payloadRemovals(v: VerifiedBundle): AsyncIterable<BundleKey> {
  const entries = openPayload(v);
  return {
    async *[Symbol.asyncIterator]() {
      for await (const e of entries) if (e.op === 'remove') yield e.key;
    },
  };
}
