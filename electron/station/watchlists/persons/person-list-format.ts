/**
 * The on-disk format of the person-alert list (`watchlist-persons.db`): file names, schema, meta
 * keys and the posting-list encoding. The importer writes it, the store reads it; nothing else.
 *
 * One SQLite file per list, written once by an import and then only read, so it is built with the
 * journal off and left in rollback-journal mode (no -wal/-shm companions to move with it).
 *
 *   persons         one row per alert; `n` (the rowid) is what posting lists point at. Multi-valued
 *                   fields (aliases, dates, nationalities) are joined with U+001F: the search reads
 *                   one row per candidate, so one B-tree seek returns everything it scores.
 *   labels          category, action and source texts, stored once (a 1 M-row list repeats a
 *                   handful of them; interning saves ~40 bytes a row).
 *   postings        blocking key (blocking-keys.ts) → the NAMES indexed under it,
 *                   as delta-encoded LEB128 varints of name ids. Names, not persons: a search
 *                   ranks each person by its best-matching name and scores only the names that
 *                   share a key with the query (a person listed under ten spellings costs the
 *                   scorer two or three, not ten). A key listed under more than `posting_cap` names
 *                   is kept with its count and no ids (`ids` NULL): see person-list-store.ts for
 *                   why and what that costs in recall.
 *   blobs.name_first per row n: the id of its first name (Uint32; row n's names are ids
 *                   name_first[n] … name_first[n+1] − 1, in the order name, aliases…).
 *   blobs.row_facts per row: [earliest birth year, latest birth year, last valid day] as Int32
 *                   (day = days since 1970-01-01; NEVER when the alert does not expire): loaded at
 *                   open so that the search can skip expired alerts and break ties by birth year
 *                   before it reads any row.
 *   person_documents, biometric_refs: for document-number checks and later biometric work.
 */
import { join } from 'node:path';

export const LIST_FILE = 'watchlist-persons.db';
/** A build in progress; an interrupted one is deleted by the next import (restart-clean). */
export const BUILDING_SUFFIX = '.building';
/** A complete build that could not replace the live file yet (Windows refuses while it is open). */
export const PENDING_SUFFIX = '.next';
export const LOCK_SUFFIX = '.lock';

export const FORMAT = 'borderpost-persons/1';

export const listPath = (dir: string): string => join(dir, LIST_FILE);
export const buildingPath = (dir: string): string => join(dir, LIST_FILE + BUILDING_SUFFIX);
export const pendingPath = (dir: string): string => join(dir, LIST_FILE + PENDING_SUFFIX);
export const lockPath = (dir: string): string => join(dir, LIST_FILE + LOCK_SUFFIX);

/** Separator of multi-valued text columns (the ASCII unit separator never occurs in a name). */
export const SEP = '\u001f';

export const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE labels (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, text TEXT NOT NULL, UNIQUE (kind, text));
CREATE TABLE persons (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,
  birth_dates TEXT NOT NULL,
  nationalities TEXT NOT NULL,
  sex TEXT,
  category INTEGER NOT NULL REFERENCES labels (id),
  action INTEGER NOT NULL REFERENCES labels (id),
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  source INTEGER REFERENCES labels (id),
  expires TEXT
);
CREATE TABLE person_documents (number TEXT NOT NULL, person INTEGER NOT NULL, PRIMARY KEY (number, person)) WITHOUT ROWID;
CREATE TABLE biometric_refs (
  person INTEGER NOT NULL,
  modality TEXT NOT NULL CHECK (modality IN ('face', 'fingerprint', 'iris')),
  reference TEXT NOT NULL,
  PRIMARY KEY (person, modality, reference)
) WITHOUT ROWID;
CREATE TABLE postings (key TEXT PRIMARY KEY, n INTEGER NOT NULL, ids BLOB) WITHOUT ROWID;
`;

export const META = {
  format: 'format',
  keyScheme: 'key_scheme',
  version: 'version',
  builtAt: 'built_at',
  source: 'source',
  sourceFile: 'source_file',
  sourceSha256: 'source_sha256',
  records: 'records',
  aliases: 'aliases',
  names: 'names',
  expiredAtBuild: 'expired_at_build',
  postingCap: 'posting_cap',
  keys: 'keys',
  cappedKeys: 'capped_keys',
  postings: 'postings',
  /** JSON of the signed bundle the list was installed from (bundles/apply.ts BundleMeta); absent for a file import. */
  bundle: 'bundle',
} as const;

export const ROW_FACTS = 'row_facts';
export const NAME_FIRST = 'name_first';
/** `row_facts` expiry slot of an alert without expiry: larger than any day number. */
export const NEVER = 0x7fffffff;
/** Int32 slots per row in `row_facts`. */
export const FACT_SLOTS = 3;

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const MODALITIES = ['face', 'fingerprint', 'iris'] as const;
export type Modality = (typeof MODALITIES)[number];

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (UTC calendar). */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** Posting list → bytes: ascending row numbers as LEB128 varints of their gaps. */
export function encodePostings(rows: Uint32Array): Buffer {
  const out = Buffer.allocUnsafe(rows.length * 5);
  let pos = 0;
  let prev = 0;
  for (let i = 0; i < rows.length; i++) {
    let gap = rows[i]! - prev;
    prev = rows[i]!;
    while (gap >= 0x80) {
      out[pos++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    out[pos++] = gap;
  }
  return out.subarray(0, pos);
}

/** Inverse of encodePostings, into `into` (grown when too small); returns the count decoded. */
export function decodePostings(bytes: Uint8Array, count: number, into: { rows: Uint32Array }): number {
  if (into.rows.length < count) into.rows = new Uint32Array(Math.max(count, into.rows.length * 2));
  const rows = into.rows;
  let pos = 0;
  let prev = 0;
  for (let i = 0; i < count; i++) {
    let gap = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[pos++]!;
      gap |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    prev += gap >>> 0;
    rows[i] = prev;
  }
  return count;
}
