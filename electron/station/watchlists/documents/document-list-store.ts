/**
 * Checks a document against the offline lost/stolen documents list (`watchlist-documents.db` in
 * the data directory, separate from the station database; built by document-list-import.ts).
 *
 * A check: normalise the number and state → the prefilter (memory, one cache line) says whether
 * anything listed folds to the same OCR-neutral spelling; if not, it is a miss, which is most
 * checks, and SQLite is never asked. Otherwise the exact spelling is tested in the same cache line
 * and looked up in SQLite (one rowid-range seek: all types/statuses of that number, plus a details
 * lookup only for the rows the prefilter marks as having one); if it is not listed, up to 64
 * OCR-confusion variants are tested in the cache line and the survivors looked up, and what they
 * find is reported as the weaker `ocr-variant` match.
 *
 * SQLite is opened with the file memory-mapped and in exclusive locking mode: measured on a 10 M
 * list here, a lookup takes ~2 µs that way against ~7 µs (p99 13 µs) with read(2) and a lock
 * taken and released around every statement.
 *
 * The file is opened read-only and never written: a new list arrives as a new file renamed over
 * the old one (document-list-files.ts). This store keeps answering from the file it opened, with
 * the prefilter it loaded with it, until `reopen()`; it never mixes two lists. With the exclusive
 * locking mode SQLite takes its shared lock once instead of twice per query; writers never need it.
 */
import type { BundleMeta } from '../bundles/apply.js';
import { existsSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import Database from 'better-sqlite3-multiple-ciphers';
import {
  FORMAT,
  META,
  keyHi,
  keyLo,
  listPath,
  pendingPath,
  statusOf,
  typeOf,
  type DocumentStatus,
  type DocumentType,
  type PrefilterMeta,
} from './document-list-format.js';
import { fileIdentity, promotePendingList } from './document-list-files.js';
import {
  CONFUSED_WITH,
  FOLD,
  MAX_COMPACT_LENGTH,
  MAX_OCR_VARIANTS,
  PACKED_STATE_LIMIT,
  confusionSubsets,
  newNumberScan,
  packIssuingState,
  packRawIssuingState,
  scanDocumentNumber,
  scanToString,
  symbolChar,
  symbolOf,
} from './document-number.js';
import { BLOCK_WORDS, DETAILS_TAG, DocumentPrefilter, compactHi, compactLo, longKeyWords } from './document-prefilter.js';

export type DocumentMatch = 'exact' | 'ocr-variant';

export interface DocumentListEntry {
  /** The listed number (normalised). */
  number: string;
  issuingState: string;
  type: DocumentType;
  status: DocumentStatus;
  source: string;
  reference: string | null;
  match: DocumentMatch;
  /** For an `ocr-variant` match: the number as read and where it differs from the listed one. */
  variant?: { read: string; substitutions: Array<{ position: number; read: string; listed: string }> };
}

export interface DocumentCheckResult {
  /** True when any entry matched, exact or OCR variant (`entries[i].match` says which). */
  hit: boolean;
  /** Exact matches only, if there are any; otherwise the OCR-variant matches. */
  entries: readonly DocumentListEntry[];
  /** The list version this answer comes from (for the inspection record). */
  listVersion: string;
}

export interface DocumentListStats {
  file: string;
  bytes: number;
  source: string;
  version: string;
  builtAt: string;
  records: number;
  compactRecords: number;
  longRecords: number;
  issuingStates: number;
  /** File size / records (the prefilter lives in the file). */
  bytesPerRecord: number;
  prefilter: PrefilterMeta & { bytes: number };
  /** Time the last open/reopen took: open, meta, states, prefilter load, statements. */
  loadMs: number;
  /** The signed bundle the list was installed from (version, expiry, key…); null for a CSV import. */
  bundle: BundleMeta | null;
}

export type DocumentListErrorCode = 'NO_LIST' | 'INCOMPATIBLE' | 'CORRUPT' | 'INVALID_NUMBER' | 'INVALID_STATE' | 'CLOSED';

export class DocumentListError extends Error {
  constructor(
    readonly code: DocumentListErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentListError';
  }
}

type Row = [ts: number, sourceId: number | null, reference: string | null];
type Details = [sourceId: number | null, reference: string | null];

interface LoadedList {
  db: Database.Database;
  identity: string;
  meta: Map<string, string>;
  filter: DocumentPrefilter;
  stateIdOfPacked: Int16Array;
  stateCodes: string[];
  sources: string[];
  exact: Database.Statement<[number, number, number, number], number>;
  details: Database.Statement<[number, number], Details>;
  long: Database.Statement<[number, string], Row>;
  miss: DocumentCheckResult;
  bytes: number;
  loadMs: number;
}

// Key layout (document-list-format.ts): stateId << 53 | number << 6 | type/status.
const EXACT_SQL = `
SELECT k & 63 FROM documents
WHERE k BETWEEN ((CAST(? AS INTEGER) << 53) | (CAST(? AS INTEGER) << 6))
            AND ((CAST(? AS INTEGER) << 53) | (CAST(? AS INTEGER) << 6)) + 63`;
const DETAILS_SQL = 'SELECT source_id, reference FROM document_details WHERE k = ((? << 32) | ?)';
const LONG_SQL = 'SELECT ts, source_id, reference FROM long_documents WHERE state_id = ? AND number = ?';

function load(dir: string): LoadedList {
  const t0 = performance.now();
  const path = listPath(dir);
  if (!existsSync(path)) throw new DocumentListError('NO_LIST', `no documents list in ${dir}: import one first`);
  // Before opening: if a swap lands in between, the identity is the old file's and the next
  // reopen() merely reloads; taken after, it could name the new file while the old one is open.
  const identity = fileIdentity(path);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    const bytes = statSync(path).size;
    // Map the file: lookups then read pages in place instead of copying them through read(2).
    db.pragma(`mmap_size = ${Math.min(bytes + (1 << 20), 0x7fff0000)}`);
    let meta: Map<string, string>;
    try {
      meta = new Map((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
    } catch (e) {
      throw new DocumentListError('CORRUPT', `${path} is not a documents list: ${(e as Error).message}`);
    }
    if (meta.get(META.format) !== FORMAT) throw new DocumentListError('INCOMPATIBLE', `${path} has format ${meta.get(META.format) ?? 'none'}; this build reads ${FORMAT}`);
    if (meta.get(META.buildState) !== 'complete') throw new DocumentListError('CORRUPT', `${path} is an incomplete build`);

    const stateIdOfPacked = new Int16Array(PACKED_STATE_LIMIT).fill(-1);
    const stateCodes: string[] = [];
    for (const { id, code } of db.prepare('SELECT id, code FROM states').all() as Array<{ id: number; code: string }>) {
      stateIdOfPacked[packIssuingState(code)] = id;
      stateCodes[id] = code;
    }
    const sources: string[] = [];
    for (const { id, name } of db.prepare('SELECT id, name FROM sources').all() as Array<{ id: number; name: string }>) sources[id] = name;

    const filterMeta = JSON.parse(meta.get(META.prefilter) ?? 'null') as PrefilterMeta | null;
    if (!filterMeta) throw new DocumentListError('CORRUPT', `${path} has no prefilter`);
    const words = new Uint32Array(filterMeta.blocks * BLOCK_WORDS);
    const bytesView = new Uint8Array(words.buffer);
    let off = 0;
    for (const chunk of db.prepare('SELECT data FROM prefilter_chunks ORDER BY seq').pluck().iterate() as IterableIterator<Buffer>) {
      if (off + chunk.length > bytesView.length) throw new DocumentListError('CORRUPT', `${path}: prefilter larger than its meta says`);
      bytesView.set(chunk, off);
      off += chunk.length;
    }
    if (off !== bytesView.length) throw new DocumentListError('CORRUPT', `${path}: prefilter has ${off} bytes, expected ${bytesView.length}`);
    if (endianness() !== 'LE') throw new DocumentListError('INCOMPATIBLE', 'the prefilter is stored little-endian; this platform is not');
    const filter = DocumentPrefilter.fromWords(words, filterMeta);

    const exact = db.prepare(EXACT_SQL).pluck(true) as unknown as Database.Statement<[number, number, number, number], number>;
    const details = db.prepare(DETAILS_SQL).raw(true) as unknown as Database.Statement<[number, number], Details>;
    const long = db.prepare(LONG_SQL).raw(true) as unknown as Database.Statement<[number, string], Row>;
    const listVersion = meta.get(META.version) ?? '';
    const miss: DocumentCheckResult = Object.freeze({ hit: false, entries: Object.freeze([]) as readonly DocumentListEntry[], listVersion });
    return { db, identity, meta, filter, stateIdOfPacked, stateCodes, sources, exact, details, long, miss, bytes, loadMs: performance.now() - t0 };
  } catch (e) {
    db.close();
    throw e;
  }
}

export class DocumentListStore {
  private list: LoadedList | null;
  private readonly scan = newNumberScan();
  private readonly words = new Uint32Array(2);

  private constructor(
    readonly dir: string,
    list: LoadedList,
  ) {
    this.list = list;
  }

  /** Opens the live list of `dir`, first promoting a complete list that was waiting to replace it. */
  static open(dir: string): DocumentListStore {
    promotePendingList(dir);
    return new DocumentListStore(dir, load(dir));
  }

  static exists(dir: string): boolean {
    return existsSync(listPath(dir)) || existsSync(pendingPath(dir));
  }

  /**
   * Switches to the list now live in the directory (promoting a waiting `.next` first), if it is
   * another file than the one open. Synchronous: no check runs half on the old list and half on
   * the new one. If the new file cannot be loaded the error is thrown and the old list stays in
   * use — except on a platform that needed the old file closed to promote the new one (Windows),
   * where the store is then closed and checks throw CLOSED until it is opened again.
   */
  reopen(): { changed: boolean; version: string } {
    const current = this.live();
    if (existsSync(pendingPath(this.dir)) && !promotePendingList(this.dir) && existsSync(pendingPath(this.dir))) {
      // A complete list is waiting but could not replace the open file (Windows): let go of it.
      current.db.close();
      this.list = null;
      promotePendingList(this.dir);
    }
    if (current.db.open && fileIdentity(listPath(this.dir)) === current.identity) {
      return { changed: false, version: current.meta.get(META.version) ?? '' };
    }
    const next = load(this.dir);
    if (current.db.open) current.db.close();
    this.list = next;
    return { changed: next.identity !== current.identity, version: next.meta.get(META.version) ?? '' };
  }

  close(): void {
    this.list?.db.close();
    this.list = null;
  }

  private live(): LoadedList {
    if (!this.list) throw new DocumentListError('CLOSED', 'the documents list store is closed');
    return this.list;
  }

  check(number: string, issuingState: string): DocumentCheckResult {
    const list = this.live();
    const scan = this.scan;
    if (!scanDocumentNumber(number, scan)) throw new DocumentListError('INVALID_NUMBER', `not a document number: ${JSON.stringify(number)}`);
    const packed = packRawIssuingState(issuingState);
    if (packed < 0) throw new DocumentListError('INVALID_STATE', `not an issuing state code: ${JSON.stringify(issuingState)}`);
    const stateId = list.stateIdOfPacked[packed]!;
    if (stateId < 0) return list.miss;
    return scan.length <= MAX_COMPACT_LENGTH ? this.checkCompact(list, stateId) : this.checkLong(list, stateId);
  }

  private checkCompact(list: LoadedList, stateId: number): DocumentCheckResult {
    const { filter } = list;
    const scan = this.scan;
    const fh = compactHi(stateId, scan.folded);
    const fl = compactLo(scan.folded);
    const block = filter.block(fh, fl);
    if (!filter.has(block, fh, fl)) return list.miss;
    if (scan.exact === scan.folded || filter.has(block, compactHi(stateId, scan.exact), compactLo(scan.exact))) {
      const rows = compactRows(list, stateId, scan.exact, block);
      if (rows.length > 0) return this.result(list, stateId, scanToString(scan), rows, null);
    }
    // Not listed as read: try the spellings an OCR confusion could have produced.
    const read = scanToString(scan);
    const positions = confusablePositions(scan.symbols, scan.length);
    const entries: DocumentListEntry[] = [];
    for (const mask of confusionSubsets(positions.length, MAX_OCR_VARIANTS)) {
      let value = scan.exact;
      for (let bit = 0; bit < positions.length; bit++) {
        if ((mask & (1 << bit)) === 0) continue;
        const p = positions[bit]!;
        const s = scan.symbols[p]!;
        value += (CONFUSED_WITH[s]! - s) * 36 ** (scan.length - 1 - p);
      }
      if (!filter.has(block, compactHi(stateId, value), compactLo(value))) continue;
      const rows = compactRows(list, stateId, value, block);
      if (rows.length > 0) entries.push(...this.result(list, stateId, variantString(read, positions, mask), rows, read).entries);
    }
    return entries.length ? { hit: true, entries, listVersion: list.miss.listVersion } : list.miss;
  }

  private checkLong(list: LoadedList, stateId: number): DocumentCheckResult {
    const { filter } = list;
    const scan = this.scan;
    const w = this.words;
    longKeyWords(stateId, scan.symbols, scan.length, FOLD, w);
    const block = filter.block(w[0]!, w[1]!);
    if (!filter.has(block, w[0]!, w[1]!)) return list.miss;
    const read = scanToString(scan);
    longKeyWords(stateId, scan.symbols, scan.length, null, w);
    if (filter.has(block, w[0]!, w[1]!)) {
      const rows = list.long.all(stateId, read);
      if (rows.length > 0) return this.result(list, stateId, read, rows, null);
    }
    const positions = confusablePositions(scan.symbols, scan.length);
    const entries: DocumentListEntry[] = [];
    const symbols = scan.symbols.slice(0, scan.length);
    const variantSymbols = new Uint8Array(symbols.length);
    for (const mask of confusionSubsets(positions.length, MAX_OCR_VARIANTS)) {
      variantSymbols.set(symbols);
      for (let bit = 0; bit < positions.length; bit++) if (mask & (1 << bit)) variantSymbols[positions[bit]!] = CONFUSED_WITH[symbols[positions[bit]!]!]!;
      longKeyWords(stateId, variantSymbols, variantSymbols.length, null, w);
      if (!filter.has(block, w[0]!, w[1]!)) continue;
      const listed = variantString(read, positions, mask);
      const rows = list.long.all(stateId, listed);
      if (rows.length > 0) entries.push(...this.result(list, stateId, listed, rows, read).entries);
    }
    return entries.length ? { hit: true, entries, listVersion: list.miss.listVersion } : list.miss;
  }

  private result(list: LoadedList, stateId: number, listed: string, rows: Row[], read: string | null): DocumentCheckResult {
    const issuingState = list.stateCodes[stateId]!;
    const variant = read === null ? undefined : { read, substitutions: substitutions(read, listed) };
    const entries = rows.map(([ts, sourceId, reference]): DocumentListEntry => ({
      number: listed,
      issuingState,
      type: typeOf(ts),
      status: statusOf(ts),
      source: list.sources[sourceId ?? 0] ?? list.sources[0] ?? '',
      reference,
      match: read === null ? 'exact' : 'ocr-variant',
      ...(variant ? { variant } : {}),
    }));
    return { hit: true, entries, listVersion: list.miss.listVersion };
  }

  stats(): DocumentListStats {
    const list = this.live();
    const num = (k: string) => Number(list.meta.get(k) ?? 0);
    const records = num(META.records);
    return {
      file: listPath(this.dir),
      bytes: list.bytes,
      source: list.meta.get(META.source) ?? '',
      version: list.meta.get(META.version) ?? '',
      builtAt: list.meta.get(META.builtAt) ?? '',
      records,
      compactRecords: num(META.compactRecords),
      longRecords: num(META.longRecords),
      issuingStates: num(META.states),
      bytesPerRecord: records > 0 ? list.bytes / records : 0,
      prefilter: { ...(JSON.parse(list.meta.get(META.prefilter) ?? '{}') as PrefilterMeta), bytes: list.filter.bytes },
      loadMs: list.loadMs,
      bundle: list.meta.has(META.bundle) ? (JSON.parse(list.meta.get(META.bundle) as string) as BundleMeta) : null,
    };
  }
}

/** The rows of one (state, number): one rowid-range seek, details only where the filter says there are some. */
function compactRows(list: LoadedList, stateId: number, value: number, block: number): Row[] {
  const tss = list.exact.all(stateId, value, stateId, value);
  const rows: Row[] = [];
  for (const ts of tss) {
    const hi = keyHi(stateId, value);
    const lo = keyLo(value, ts);
    const d = list.filter.has(block, (hi ^ DETAILS_TAG) >>> 0, lo) ? list.details.get(hi, lo) : undefined;
    rows.push([ts, d?.[0] ?? null, d?.[1] ?? null]);
  }
  return rows;
}

function confusablePositions(symbols: Uint8Array, length: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) if (CONFUSED_WITH[symbols[i]!] !== 255) out.push(i);
  return out;
}

function variantString(read: string, positions: number[], mask: number): string {
  const chars = [...read];
  positions.forEach((p, bit) => {
    if (mask & (1 << bit)) chars[p] = symbolChar(CONFUSED_WITH[symbolOf(chars[p]!)]!);
  });
  return chars.join('');
}

function substitutions(read: string, listed: string): Array<{ position: number; read: string; listed: string }> {
  const out: Array<{ position: number; read: string; listed: string }> = [];
  for (let i = 0; i < read.length; i++) if (read[i] !== listed[i]) out.push({ position: i, read: read[i]!, listed: listed[i]! });
  return out;
}
