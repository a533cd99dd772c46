/**
 * The on-disk format of the lost/stolen documents list: file names, schema, key layout and the
 * document type/status vocabularies. The store reads it, the importer writes it; nothing else.
 *
 * Row key (`documents.k`, the rowid: a lookup is one rowid-range seek, and a row is a cell of a
 * rowid varint and an empty record, 13–14 bytes with its cell pointer):
 *
 *   bit 62 ……… 53 | 52 ……………………………… 6 | 5 … 3 | 2 … 0
 *   state id (10) | compact number (47)   | type  | status
 *
 * The state id is the row of the file's own `states` table (at most 1024 distinct issuing states
 * per list; the ICAO list has about 250) rather than the 15-bit packed code, which would not leave
 * room for type and status in 63 bits. Ids are numbered by row count, most-listed state first: a
 * key of state 0–7 is below 2^56 and its varint one byte shorter. Type and status are in the key
 * so that one number listed twice (as a lost passport and as a revoked one) is two rows, and a
 * check reads every row of a (state, number) pair with one range seek over 64 consecutive keys.
 */
import { join } from 'node:path';

export const LIST_FILE = 'watchlist-documents.db';

export const FORMAT = 'borderpost-documents/1';

export const listPath = (dir: string): string => join(dir, LIST_FILE);
/** A build in progress (possibly interrupted: see the importer for resume). */
export const buildingPath = (dir: string): string => join(dir, `${LIST_FILE}.building`);
/** A complete build that could not replace the live file yet (Windows cannot rename over an open file). */
export const pendingPath = (dir: string): string => join(dir, `${LIST_FILE}.next`);
export const lockPath = (dir: string): string => join(dir, `${LIST_FILE}.lock`);

/** State ids are 10 bits of the key. */
export const MAX_STATES = 1 << 10;

/** Words of a key: `hi` = bits 63..32, `lo` = bits 31..0 (key = hi·2^32 + lo). */
export function keyHi(stateId: number, exact: number): number {
  return ((stateId << 21) | Math.floor(exact / 67108864)) >>> 0;
}
export function keyLo(exact: number, ts: number): number {
  // Not `exact % 2^26`: on a double that is a slow fmod.
  return ((exact - Math.floor(exact / 67108864) * 67108864) * 64 + ts) >>> 0;
}
export const keyExact = (hi: number, lo: number): number => (hi & 0x1fffff) * 67108864 + (lo >>> 6);

export const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE states (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE sources (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- One row per listed (state, number ≤ 9 chars, type, status); the key is the rowid. No columns.
CREATE TABLE documents (k INTEGER PRIMARY KEY);
-- Only rows whose source differs from the list's or that carry a reference.
CREATE TABLE document_details (k INTEGER PRIMARY KEY, source_id INTEGER, reference TEXT);
-- Numbers of 10–24 characters (some identity cards): too long for a 63-bit key, kept as text.
CREATE TABLE long_documents (
  state_id INTEGER NOT NULL, number TEXT NOT NULL, ts INTEGER NOT NULL, source_id INTEGER, reference TEXT,
  PRIMARY KEY (state_id, number, ts)
) WITHOUT ROWID;
-- The prefilter's bit array in chunks (little-endian 32-bit words).
CREATE TABLE prefilter_chunks (seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
`;

/** Keys of the `meta` table. */
export const META = {
  format: 'format',
  source: 'source',
  version: 'version',
  builtAt: 'built_at',
  records: 'records',
  compactRecords: 'compact_records',
  longRecords: 'long_records',
  states: 'states',
  rowsRead: 'rows_read',
  badRows: 'bad_rows',
  duplicates: 'duplicates',
  prefilter: 'prefilter',
  /** JSON of the signed bundle the list was installed from (bundles/apply.ts BundleMeta); absent for a CSV import. */
  bundle: 'bundle',
  buildState: 'build_state',
  buildDigest: 'build_digest',
  buildKeys: 'build_keys',
  buildCommitted: 'build_committed',
} as const;

export const DOCUMENT_TYPES = ['unknown', 'passport', 'identity-card', 'visa', 'residence-permit', 'travel-document', 'crew-certificate', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_STATUSES = ['unknown', 'lost', 'stolen', 'stolen-blank', 'revoked', 'invalidated', 'other'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * Spellings a list uses for a type, after `vocabularyToken` (upper case, spaces and underscores as
 * `-`). MRZ document codes are included: P, and A/C/I for identity cards (ICAO 9303 TD1/TD2).
 */
const TYPE_ALIASES: Record<DocumentType, readonly string[]> = {
  unknown: ['', 'UNKNOWN'],
  passport: ['P', 'PP', 'PASSPORT'],
  'identity-card': ['I', 'A', 'C', 'ID', 'IDCARD', 'ID-CARD', 'IDENTITY-CARD', 'NATIONAL-ID'],
  visa: ['V', 'VISA'],
  'residence-permit': ['R', 'RP', 'RESIDENCE-PERMIT'],
  'travel-document': ['T', 'TD', 'TRAVEL-DOCUMENT'],
  'crew-certificate': ['AC', 'CMC', 'CREW-CERTIFICATE', 'CREW-MEMBER-CERTIFICATE'],
  other: ['O', 'OTHER'],
};

const STATUS_ALIASES: Record<DocumentStatus, readonly string[]> = {
  unknown: ['', 'UNKNOWN'],
  lost: ['L', 'LOST'],
  stolen: ['S', 'STOLEN'],
  'stolen-blank': ['SB', 'BLANK', 'STOLEN-BLANK'],
  revoked: ['R', 'REVOKED'],
  invalidated: ['I', 'INVALID', 'INVALIDATED', 'CANCELLED', 'CANCELED'],
  other: ['O', 'OTHER'],
};

/** Upper case, trimmed, inner runs of spaces/underscores/hyphens as one `-`. */
export function vocabularyToken(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s_-]+/g, '-');
}

function indexAliases<T extends string>(names: readonly T[], aliases: Record<T, readonly string[]>): Map<string, number> {
  const m = new Map<string, number>();
  names.forEach((name, i) => {
    m.set(vocabularyToken(name), i);
    for (const a of aliases[name]) m.set(a, i);
  });
  return m;
}

export const TYPE_CODES: ReadonlyMap<string, number> = indexAliases(DOCUMENT_TYPES, TYPE_ALIASES);
export const STATUS_CODES: ReadonlyMap<string, number> = indexAliases(DOCUMENT_STATUSES, STATUS_ALIASES);

export const typeOf = (ts: number): DocumentType => DOCUMENT_TYPES[ts >>> 3]!;
export const statusOf = (ts: number): DocumentStatus => DOCUMENT_STATUSES[ts & 7] ?? 'other';

/** Parameters of the prefilter as stored in `meta.prefilter` (JSON). */
export interface PrefilterMeta {
  kind: 'blocked-bloom-512';
  blocks: number;
  hashes: number;
  bitsPerKey: number;
  keys: number;
  blockSeed: number;
  patternSeed: number;
  /** Expected false-positive rate from the design (Poisson block loads). */
  designFalsePositiveRate: number;
  /** Expected false-positive rate from the bits actually set. */
  predictedFalsePositiveRate: number;
  byteOrder: 'LE';
}
