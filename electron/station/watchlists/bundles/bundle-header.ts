/**
 * The fixed-layout start of a bundle file and its signed header (see FORMAT.md): layout constants,
 * the header schema, and a pure parser over the first bytes of a file. The parser never trusts a
 * length it has not bounded and throws only BundleError, whatever the bytes.
 */
import { z } from 'zod';
import { BundleError } from './bundle-error.js';
import { canonicalJson } from './canonical-json.js';

/** `\x89BPWL\r\n\x1a`: a high byte (not text), the name, and the CR LF / Ctrl-Z that a text-mode copy mangles. */
export const MAGIC = Buffer.from([0x89, 0x42, 0x50, 0x57, 0x4c, 0x0d, 0x0a, 0x1a]);
export const FORMAT_VERSION = 1;
/** magic (8) + format version (u16 BE) + header length (u32 BE). */
export const PREAMBLE_BYTES = MAGIC.length + 2 + 4;
/** A real header is about 600 bytes; the cap bounds what a hostile file can make the reader allocate. */
export const MAX_HEADER_BYTES = 64 * 1024;
export const SIGNATURE_BYTES = 64;

export const LIST_KINDS = ['documents', 'persons'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export const listKindSchema = z.enum(LIST_KINDS);

/** Lower-case words joined by hyphens, e.g. `interpol-sltd`, `national-alerts`. */
export const listIdSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a list id is lower-case letters and digits, words joined by single hyphens');

/** A column or top-level JSON field name. `_op` is reserved for the delta operation column. */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const OP_FIELD = '_op';
export const fieldNameSchema = z.string().regex(FIELD_NAME, 'a field name starts with a letter and has at most 64 letters, digits, _ . -');

export const keyIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'a key id is 16 lower-case hex digits');

/** Exactly the form Date.prototype.toISOString writes, so that one instant has one spelling. */
export const isoInstantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'a time is written as YYYY-MM-DDTHH:mm:ss.sssZ')
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s, 'not a real date and time');

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const version = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const PAYLOAD_FORMATS = ['csv', 'jsonl'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];
export const COMPRESSIONS = ['none', 'gzip'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const payloadInfoSchema = z.strictObject({
  format: z.enum(PAYLOAD_FORMATS),
  compression: z.enum(COMPRESSIONS),
  /** Bytes of the payload as stored in the file (after compression). */
  bytes: count,
  /** Bytes after decompression: bounds the work a payload can cause. */
  decodedBytes: count,
  /** Data rows (a CSV header line is not one). */
  records: count,
  /** SHA-256 of the stored payload bytes, lower-case hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PayloadInfo = z.infer<typeof payloadInfoSchema>;

const common = {
  keyId: keyIdSchema,
  kind: listKindSchema,
  listId: listIdSchema,
  version,
  createdAt: isoInstantSchema,
  expiresAt: isoInstantSchema,
  keyFields: z
    .array(fieldNameSchema)
    .min(1)
    .max(8)
    .refine((a) => new Set(a).size === a.length, 'key fields must be distinct'),
  payload: payloadInfoSchema,
};

export const bundleHeaderSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ ...common, type: z.literal('full'), baseVersion: z.null() }),
    z.strictObject({ ...common, type: z.literal('delta'), baseVersion: version }),
  ])
  .superRefine((h, ctx) => {
    if (h.type === 'delta' && h.baseVersion >= h.version) ctx.addIssue({ code: 'custom', message: 'a delta must move to a version above its base', path: ['version'] });
    if (Date.parse(h.expiresAt) <= Date.parse(h.createdAt)) ctx.addIssue({ code: 'custom', message: 'expiresAt must be after createdAt', path: ['expiresAt'] });
  });

export type BundleHeader = z.infer<typeof bundleHeaderSchema>;

export interface ParsedBundleStart {
  formatVersion: number;
  header: BundleHeader;
  /** The header exactly as stored; the signature covers PREAMBLE + these bytes. */
  headerBytes: Buffer;
  /** Bytes the signature covers: the preamble and the header. */
  signedBytes: Buffer;
  signature: Buffer;
  payloadOffset: number;
}

/** How many leading bytes parseBundleStart needs for a header of `headerLength` bytes. */
export const startLength = (headerLength: number): number => PREAMBLE_BYTES + headerLength + SIGNATURE_BYTES;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'header'}: ${i.message}`)
    .join('; ');
}

/** Reads the header length from a preamble, after checking the magic and version. */
export function parsePreamble(bytes: Uint8Array): { formatVersion: number; headerLength: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    if (buf.length < MAGIC.length && MAGIC.subarray(0, buf.length).equals(buf)) throw new BundleError('TRUNCATED', 'The bundle file is cut short: it ends inside its first bytes.');
    throw new BundleError('BAD_MAGIC', 'This file is not a Borderpost watch-list bundle: it does not start with the bundle marker.');
  }
  if (buf.length < PREAMBLE_BYTES) throw new BundleError('TRUNCATED', 'The bundle file is cut short: it ends before its header.');
  const formatVersion = buf.readUInt16BE(MAGIC.length);
  if (formatVersion !== FORMAT_VERSION) {
    throw new BundleError('UNSUPPORTED_VERSION', `This bundle uses format version ${formatVersion}; this station reads version ${FORMAT_VERSION}. Update the station software or ask headquarters for a version ${FORMAT_VERSION} bundle.`);
  }
  const headerLength = buf.readUInt32BE(MAGIC.length + 2);
  if (headerLength === 0) throw new BundleError('MALFORMED_HEADER', 'The bundle header is empty.');
  if (headerLength > MAX_HEADER_BYTES) throw new BundleError('HEADER_TOO_LARGE', `The bundle header claims ${headerLength} bytes; no genuine header is larger than ${MAX_HEADER_BYTES}. The file is corrupt or not genuine.`);
  return { formatVersion, headerLength };
}

/**
 * Parses the preamble, header and signature from the first bytes of a bundle. Does not check the
 * signature (that needs the trust store) nor the payload.
 */
export function parseBundleStart(bytes: Uint8Array): ParsedBundleStart {
  try {
    const { formatVersion, headerLength } = parsePreamble(bytes);
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const end = PREAMBLE_BYTES + headerLength;
    if (buf.length < end) throw new BundleError('TRUNCATED', 'The bundle file is cut short: it ends inside its header.');
    if (buf.length < end + SIGNATURE_BYTES) throw new BundleError('TRUNCATED', 'The bundle file is cut short: it ends inside its signature.');
    const headerBytes = Buffer.from(buf.subarray(PREAMBLE_BYTES, end));
    const header = decodeHeader(headerBytes);
    return { formatVersion, header, headerBytes, signedBytes: Buffer.from(buf.subarray(0, end)), signature: Buffer.from(buf.subarray(end, end + SIGNATURE_BYTES)), payloadOffset: end + SIGNATURE_BYTES };
  } catch (e) {
    if (e instanceof BundleError) throw e;
    // Defence in depth: whatever slipped past the checks above is still a bad header, not a crash.
    throw new BundleError('MALFORMED_HEADER', `The bundle header cannot be read: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

// ignoreBOM keeps a byte-order mark in the text (so the canonical check refuses it) instead of dropping it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeHeader(bytes: Buffer): BundleHeader {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new BundleError('MALFORMED_HEADER', 'The bundle header is not valid UTF-8 text.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BundleError('MALFORMED_HEADER', 'The bundle header is not valid JSON.');
  }
  const parsed = bundleHeaderSchema.safeParse(raw);
  if (!parsed.success) throw new BundleError('MALFORMED_HEADER', `The bundle header is not valid: ${describeIssues(parsed.error)}.`);
  if (canonicalJson(parsed.data) !== text) throw new BundleError('MALFORMED_HEADER', 'The bundle header is not in canonical form (sorted keys, no spaces), so it was not written by a Borderpost publisher.');
  return parsed.data;
}

/** The bytes the signature covers: preamble + canonical header. */
export function encodeSignedStart(header: BundleHeader): Buffer {
  const checked = bundleHeaderSchema.parse(header);
  const headerBytes = Buffer.from(canonicalJson(checked), 'utf8');
  if (headerBytes.length > MAX_HEADER_BYTES) throw new BundleError('INVALID_INPUT', `the header would be ${headerBytes.length} bytes, above the ${MAX_HEADER_BYTES}-byte cap`);
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt16BE(FORMAT_VERSION, MAGIC.length);
  preamble.writeUInt32BE(headerBytes.length, MAGIC.length + 2);
  return Buffer.concat([preamble, headerBytes]);
}
