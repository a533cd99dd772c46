/**
 * Builds a lost/stolen documents list file from a CSV file or from rows, and swaps it in.
 *
 * Phases: read (stream, normalise, encode every row to its 63-bit key; bad rows are counted and
 * reported with their line, never fatal; document-list-csv.ts) → sort (radix, key-sort.ts) →
 * insert into a NEW file `watchlist-documents.db.building` (rowid = key, ascending, so SQLite only
 * appends; 2,000-row INSERT statements; journal and fsync off: the file is not live and is flushed
 * once at the end) → prefilter (document-list-prefilter.ts; on a second thread during the insert
 * when a core is idle) → details, long numbers, states, sources, prefilter bits and meta in one
 * last transaction → fsync → rename to `.next` → rename over the live file
 * (document-list-files.ts). CPU-heavy: the station runs it on a worker thread.
 *
 * Interruption and resume. The live list is never written, so an interrupted import cannot damage
 * it. Resume means: the insert phase commits every `transactionRows` keys together with a checkpoint
 * (`meta.build_committed`) and a digest of the complete sorted key set (`meta.build_digest`). A rerun
 * reads and sorts the input again (a few seconds per 10 M rows), and if the digest matches a
 * `.building` file that passes `quick_check` and whose row count and largest key agree with its
 * checkpoint, it continues inserting after the checkpoint instead of from zero. The last phase is
 * small and simply redone. Anything that does not add up (another input, a file torn by a crash in
 * the middle of a transaction — the journal is off — or an error inside a transaction) discards the
 * `.building` file and starts clean.
 *
 * A signed bundle (document-list-target.ts) is imported from rows like any list; it records the
 * bundle in meta and checks, under the import lock and just before the swap, that the list in force
 * is still the one it was verified against (`beforeCommit`). A delta bundle is built by
 * document-list-delta.ts from the list in force and the changes, through the same phases from the
 * insert on (`runImport` with keys that are already sorted).
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, endianness, loadavg } from 'node:os';
import Database from 'better-sqlite3-multiple-ciphers';
import { UnusableListFileError, readDocumentListCsv } from './document-list-csv.js';
import { FORMAT, MAX_STATES, META, SCHEMA, STATUS_CODES, TYPE_CODES, buildingPath, listPath, pendingPath, vocabularyToken, type PrefilterMeta } from './document-list-format.js';
import { acquireImportLock, fsyncFile, promotePendingList, renameDurably } from './document-list-files.js';
import { packRawIssuingState, scanDocumentNumber, unpackIssuingState, type NumberScan } from './document-number.js';
import { buildListPrefilter, buildListPrefilterInWorker, type BuiltPrefilter, type PrefilterBuildInput } from './document-list-prefilter.js';
import { DEFAULT_BITS_PER_KEY, DEFAULT_HASHES, fmix32 } from './document-prefilter.js';
import { ListAccumulator, type BadRow } from './list-accumulator.js';
import { dedupeSortedPairs, sortKeyPairs } from './key-sort.js';

/** One list entry handed over as data rather than CSV. */
export interface DocumentRow {
  number: string;
  issuingState: string;
  type?: string;
  status?: string;
  /** Defaults to the list's source. */
  source?: string | null;
  reference?: string | null;
}

export type ImportPhase = 'reading' | 'sorting' | 'inserting' | 'prefilter' | 'finishing';

export interface ImportProgress {
  phase: ImportPhase;
  /** Rows read (reading) or keys inserted (inserting). */
  rows: number;
  /** Keys to insert (inserting). */
  of?: number;
  rowsPerSecond: number;
  elapsedMs: number;
  badRows: number;
}

export interface ImportOptions {
  /** The data directory that holds `watchlist-documents.db`. */
  dir: string;
  /** The list's publisher, e.g. `INTERPOL SLTD`: the source of every row that names none. */
  source: string;
  /** The list's version as its publisher names it. */
  version: string;
  onProgress?: (p: ImportProgress) => void;
  /** Progress while reading every so many rows (default 500,000). */
  progressEveryRows?: number;
  /** Keys per insert transaction = checkpoint granularity for resume (default 1,000,000). */
  transactionRows?: number;
  prefilter?: { bitsPerKey?: number; hashes?: number };
  /**
   * Build the prefilter on a second worker thread while SQLite inserts. `auto` (default): for 1 M
   * keys or more (where it pays for the thread's start-up) and only when a core is idle (load
   * average below cores − 1; a booth runs face matching too, and on a busy machine the second
   * thread only competes: measured here at load ≈ 4.5 on 2 cores, imports were no faster with it).
   * Falls back to this thread if the worker cannot start.
   */
  prefilterThread?: 'auto' | 'always' | 'never';
  /** Replace the live list at the end (default). False leaves it waiting as `.next` for the next open/reopen. */
  swap?: boolean;
  /** Refuse the file when more than this fraction of its rows are bad (default 0.1). */
  maxBadRowFraction?: number;
  /** Bad rows described in the report (all are counted). Default 1,000. */
  maxBadRowSamples?: number;
  signal?: AbortSignal;
  /** JSON of the signed bundle the list comes from (bundles/apply.ts BundleMeta), kept in meta. */
  bundle?: string;
  /**
   * Called under the import lock once the new list is complete and flushed, just before it is made
   * live: throw to discard it and keep the list in force. A bundle checks here that the version in
   * force is still the one it was verified against.
   */
  beforeCommit?: () => void;
}

export interface ImportReport {
  /** The live file, or the waiting `.next` file when not swapped. */
  file: string;
  swapped: boolean;
  rowsRead: number;
  records: number;
  compactRecords: number;
  longRecords: number;
  duplicates: number;
  badRows: number;
  badRowSamples: BadRow[];
  issuingStates: number;
  /** Keys already in an interrupted build that this run continued from; null for a fresh build. */
  resumedAtKey: number | null;
  bytes: number;
  bytesPerRecord: number;
  prefilter: PrefilterMeta;
  /** Whether the prefilter was built on a worker thread, concurrently with the insert phase. */
  prefilterOnWorker: boolean;
  phasesMs: Record<ImportPhase, number>;
  /**
   * CPU time of this process per phase. On a machine shared with other work the wall-clock figures
   * depend on the load; these do much less.
   */
  phasesCpuMs: Record<ImportPhase, number>;
  elapsedMs: number;
  cpuMs: number;
  /** Rows read / total time. */
  rowsPerSecond: number;
}

export type ImportErrorCode = 'UNUSABLE_FILE' | 'TOO_MANY_BAD_ROWS' | 'NO_RECORDS' | 'NO_LIST' | 'IMPORT_RUNNING' | 'ABORTED';

export class DocumentImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly badRowSamples: BadRow[] = [],
  ) {
    super(message);
    this.name = 'DocumentImportError';
  }
}

export type { BadRow };

const INSERT_BATCH = 2000;
const CHUNK_BYTES = 4 << 20;

/**
 * Makes a list built with `swap: false` (waiting as `.next`) the live one. True when it did; false
 * when there was none or the live file is held open where that forbids replacing it (Windows):
 * it then waits for the next `DocumentListStore.open`/`reopen`, which promote it themselves.
 */
export function swapInDocumentList(dir: string): boolean {
  return promotePendingList(dir);
}

/** Imports a CSV file with a header row: `number,issuing_state,type,status[,source][,reference]`. */
export async function importDocumentListCsv(csvPath: string, opts: ImportOptions): Promise<ImportReport> {
  if (!existsSync(csvPath)) throw new DocumentImportError('UNUSABLE_FILE', `no such file: ${csvPath}`);
  return runImport(opts, async (acc, progress) => {
    const checkAbort = () => {
      if (opts.signal?.aborted) throw new DocumentImportError('ABORTED', 'import aborted');
    };
    try {
      await readDocumentListCsv(csvPath, acc, () => progress(acc.rowsRead), checkAbort);
    } catch (e) {
      if (e instanceof UnusableListFileError) throw new DocumentImportError('UNUSABLE_FILE', e.message, acc.badRowSamples);
      throw e;
    }
  });
}

/** A row's key once checked: the packed issuing state and the type/status code (the number is in the scan). */
export interface CodedRow {
  packed: number;
  ts: number;
}

/**
 * Checks a row and codes its key: the number into `scan`, state and type/status into `out`. Returns
 * null for a usable row, otherwise why it is not. Rows repeat a handful of type and status
 * spellings: the coder remembers what each one meant.
 */
export function documentRowCoder(scan: NumberScan): (row: DocumentRow, out: CodedRow) => string | null {
  const types = new Map<string, number>();
  const statuses = new Map<string, number>();
  const code = (cache: Map<string, number>, codes: ReadonlyMap<string, number>, raw: unknown) => {
    const key = typeof raw === 'string' ? raw : '';
    let c = cache.get(key);
    if (c === undefined) {
      c = codes.get(vocabularyToken(key)) ?? -1;
      if (cache.size < 1024) cache.set(key, c);
    }
    return c;
  };
  return (row, out) => {
    if (typeof row?.number !== 'string' || !scanDocumentNumber(row.number, scan)) return 'invalid document number';
    const packed = typeof row.issuingState === 'string' ? packRawIssuingState(row.issuingState) : -1;
    if (packed < 0) return 'invalid issuing state (1–3 letters expected)';
    const type = code(types, TYPE_CODES, row.type);
    const status = code(statuses, STATUS_CODES, row.status);
    if (type < 0 || status < 0) return `unknown document type or status ${JSON.stringify([row.type, row.status])}`;
    out.packed = packed;
    out.ts = (type << 3) | status;
    return null;
  };
}

/** Imports rows given as data (an array, a generator, a stream of parsed records). */
export async function importDocumentListRows(rows: Iterable<DocumentRow> | AsyncIterable<DocumentRow>, opts: ImportOptions): Promise<ImportReport> {
  return runImport(opts, async (acc, progress) => {
    let line = 0;
    const coder = documentRowCoder(acc.scan);
    const coded: CodedRow = { packed: 0, ts: 0 };
    const take = (row: DocumentRow) => {
      line++;
      acc.rowsRead++;
      progress(acc.rowsRead);
      if ((line & 0xffff) === 0 && opts.signal?.aborted) throw new DocumentImportError('ABORTED', 'import aborted');
      const reason = coder(row, coded);
      if (reason !== null) return acc.bad(line, reason, () => JSON.stringify(row));
      if (!acc.add(coded.packed, coded.ts, row.source?.trim() ?? null, row.reference?.trim() ?? null)) acc.bad(line, `more than ${MAX_STATES} issuing states in one list`, () => JSON.stringify(row));
    };
    // A plain loop for arrays and generators: `for await` would cost a promise per row.
    if (Symbol.iterator in rows) for (const row of rows) take(row);
    else for await (const row of rows) take(row);
  });
}

/**
 * The phases of an import after `read` has filled the accumulator. `ordered`: the accumulator
 * holds keys that are sorted and distinct already, numbered with state ids that must be kept (a
 * delta merged with the list in force), so the renumbering and the sort are skipped.
 */
export async function runImport(opts: ImportOptions, read: (acc: ListAccumulator, progress: (rows: number) => void) => Promise<void>, ordered = false): Promise<ImportReport> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const phasesMs: Record<ImportPhase, number> = { reading: 0, sorting: 0, inserting: 0, prefilter: 0, finishing: 0 };
  const phasesCpuMs: Record<ImportPhase, number> = { reading: 0, sorting: 0, inserting: 0, prefilter: 0, finishing: 0 };
  let phaseStart = t0;
  let phaseCpu = cpu0;
  const endPhase = (p: ImportPhase) => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    phasesMs[p] = now - phaseStart;
    phasesCpuMs[p] = (cpu.user - phaseCpu.user + cpu.system - phaseCpu.system) / 1000;
    phaseStart = now;
    phaseCpu = cpu;
  };
  const every = Math.max(1, opts.progressEveryRows ?? 500_000);
  const emit = (phase: ImportPhase, rows: number, badRows: number, of?: number) => {
    if (!opts.onProgress) return;
    const elapsedMs = performance.now() - t0;
    opts.onProgress({ phase, rows, ...(of === undefined ? {} : { of }), rowsPerSecond: elapsedMs > 0 ? (rows / elapsedMs) * 1000 : 0, elapsedMs, badRows });
  };

  mkdirSync(opts.dir, { recursive: true });
  let release: () => void;
  try {
    release = acquireImportLock(opts.dir);
  } catch (e) {
    throw new DocumentImportError('IMPORT_RUNNING', (e as Error).message);
  }
  try {
    const acc = new ListAccumulator(opts.source, opts.maxBadRowSamples ?? 1000);
    await read(acc, (rows) => {
      if (rows % every === 0) emit('reading', rows, acc.badRows);
    });
    emit('reading', acc.rowsRead, acc.badRows);
    endPhase('reading');

    const maxBad = opts.maxBadRowFraction ?? 0.1;
    if (acc.rowsRead > 0 && acc.badRows / acc.rowsRead > maxBad) {
      throw new DocumentImportError(
        'TOO_MANY_BAD_ROWS',
        `${acc.badRows} of ${acc.rowsRead} rows are bad (more than ${maxBad * 100} %): not a usable list; the first is line ${acc.badRowSamples[0]?.line ?? '?'}: ${acc.badRowSamples[0]?.reason ?? ''}`,
        acc.badRowSamples,
      );
    }
    if (acc.count + acc.longs.length === 0) throw new DocumentImportError('NO_RECORDS', 'the input has no usable row: refusing to replace the list with an empty one', acc.badRowSamples);

    emit('sorting', acc.count, acc.badRows);
    if (!ordered) acc.renumberStatesByFrequency();
    const sorted = ordered ? acc.pairs : sortKeyPairs(acc.pairs, acc.count);
    acc.pairs = sorted;
    const keys = ordered ? acc.count : dedupeSortedPairs(sorted, acc.count);
    let duplicates = acc.count - keys;
    const digest = keyDigest(sorted, keys);
    endPhase('sorting');

    const prefilterInput: PrefilterBuildInput = {
      sorted,
      keys,
      details: acc.detKeys,
      detailCount: acc.detCount,
      longs: acc.longs.map((l) => ({ stateId: l.stateId, symbols: l.symbols })),
      expected: keys + acc.foldedDiffers + 2 * acc.longs.length + acc.detCount,
      bitsPerKey: opts.prefilter?.bitsPerKey ?? DEFAULT_BITS_PER_KEY,
      hashes: opts.prefilter?.hashes ?? DEFAULT_HASHES,
    };
    const thread = opts.prefilterThread ?? 'auto';
    const spareCore = loadavg()[0]! < availableParallelism() - 1;
    const worker = thread === 'always' || (thread === 'auto' && keys >= 1_000_000 && spareCore) ? buildListPrefilterInWorker(prefilterInput) : null;

    const building = buildingPath(opts.dir);
    const big = new BigInt64Array(sorted.buffer, sorted.byteOffset, keys);
    let db: Database.Database | null = null;
    let inTransaction = false;
    let keepBuilding = true;
    try {
      const opened = openBuilding(building, digest, big);
      db = opened.db;
      const committed = opened.committed;
      const many = db.prepare(`INSERT INTO documents (k) VALUES ${'(?),'.repeat(INSERT_BATCH - 1)}(?)`);
      const one = db.prepare('INSERT INTO documents (k) VALUES (?)');
      const checkpoint = db.prepare(`UPDATE meta SET value = ? WHERE key = '${META.buildCommitted}'`);
      const args: bigint[] = new Array<bigint>(INSERT_BATCH);
      const perTransaction = Math.max(INSERT_BATCH, opts.transactionRows ?? 1_000_000);
      const insertRange = db.transaction((from: number, to: number) => {
        let i = from;
        for (; i + INSERT_BATCH <= to; i += INSERT_BATCH) {
          for (let j = 0; j < INSERT_BATCH; j++) args[j] = big[i + j]!;
          many.run(args);
        }
        for (; i < to; i++) one.run(big[i]!);
        checkpoint.run(String(to));
      });
      const insertStart = performance.now();
      for (let at = committed; at < keys; ) {
        const to = Math.min(keys, at + perTransaction);
        inTransaction = true;
        insertRange(at, to);
        inTransaction = false;
        at = to;
        if (opts.onProgress) {
          const ms = performance.now() - insertStart;
          opts.onProgress({ phase: 'inserting', rows: at, of: keys, rowsPerSecond: ms > 0 ? ((at - committed) / ms) * 1000 : 0, elapsedMs: performance.now() - t0, badRows: acc.badRows });
        }
        if (opts.signal?.aborted) throw new DocumentImportError('ABORTED', 'import aborted');
        await new Promise((resolve) => setImmediate(resolve));
      }
      endPhase('inserting');

      emit('prefilter', keys, acc.badRows);
      const fromWorker = worker ? await worker.result : null;
      const prefilter = fromWorker ?? buildListPrefilter(prefilterInput);
      endPhase('prefilter');

      emit('finishing', keys, acc.badRows);
      inTransaction = true;
      const longRecords = writeFinal(db, acc, prefilter, {
        source: acc.sourceNames[0] ?? opts.source,
        version: opts.version,
        bundle: opts.bundle ?? null,
        keys,
        rowsRead: acc.rowsRead,
        duplicates,
      });
      inTransaction = false;
      duplicates += acc.longs.length - longRecords;
      db.close();
      fsyncFile(building);
      if (opts.beforeCommit) {
        try {
          opts.beforeCommit();
        } catch (e) {
          // A complete build is never resumed: nothing to keep it for.
          rmSync(building, { force: true });
          keepBuilding = false;
          throw e;
        }
      }
      const pending = pendingPath(opts.dir);
      renameDurably(building, pending);
      keepBuilding = false;
      const swapped = opts.swap === false ? false : promotePendingList(opts.dir);
      const file = swapped ? listPath(opts.dir) : pending;
      endPhase('finishing');

      const bytes = statSync(file).size;
      const records = keys + longRecords;
      const elapsedMs = performance.now() - t0;
      return {
        file,
        swapped,
        rowsRead: acc.rowsRead,
        records,
        compactRecords: keys,
        longRecords,
        duplicates,
        badRows: acc.badRows,
        badRowSamples: acc.badRowSamples,
        issuingStates: acc.statePacked.length,
        resumedAtKey: opened.committed > 0 ? opened.committed : null,
        bytes,
        bytesPerRecord: bytes / records,
        prefilter: prefilter.meta,
        prefilterOnWorker: fromWorker !== null,
        phasesMs,
        phasesCpuMs,
        elapsedMs,
        cpuMs: Object.values(phasesCpuMs).reduce((a, b) => a + b, 0),
        rowsPerSecond: (acc.rowsRead / elapsedMs) * 1000,
      };
    } catch (e) {
      worker?.cancel();
      if (db?.open) db.close();
      // An error inside a transaction with the journal off may leave torn pages: never resume from them.
      if (inTransaction && keepBuilding) rmSync(building, { force: true });
      throw e;
    }
  } finally {
    release();
  }
}

/** Order-sensitive 64-bit digest of the sorted keys: identifies the build a checkpoint belongs to. */
function keyDigest(pairs: Uint32Array, count: number): string {
  let a = 0x243f6a88 ^ count;
  let b = 0x85a308d3;
  for (let i = 0; i < count; i++) {
    a = Math.imul(a ^ pairs[2 * i]!, 0x01000193) + pairs[2 * i + 1]!;
    b = Math.imul(b ^ pairs[2 * i + 1]!, 0x5bd1e995) ^ (a >>> 13);
  }
  const hex = (x: number) => (fmix32(x) >>> 0).toString(16).padStart(8, '0');
  return `${count}:${hex(a)}${hex(b ^ a)}`;
}

function configureBuild(db: Database.Database): void {
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

/** Opens the `.building` file to continue it, or a fresh one. */
function openBuilding(path: string, digest: string, keys: BigInt64Array): { db: Database.Database; committed: number } {
  if (existsSync(path)) {
    const resumed = tryResume(path, digest, keys);
    if (resumed) return resumed;
    rmSync(path, { force: true });
  }
  const db = new Database(path);
  try {
    configureBuild(db);
    db.exec(SCHEMA);
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    put.run(META.format, FORMAT);
    put.run(META.buildState, 'inserting');
    put.run(META.buildDigest, digest);
    put.run(META.buildKeys, String(keys.length));
    put.run(META.buildCommitted, '0');
    return { db, committed: 0 };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Continues an interrupted build of the same keys, if its file is sound: quick_check passes and
 * the rows it holds are exactly the first `committed` keys (count, and the largest is key #committed).
 */
function tryResume(path: string, digest: string, keys: BigInt64Array): { db: Database.Database; committed: number } | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    configureBuild(db);
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
    const committed = Number(meta.get(META.buildCommitted));
    const usable =
      meta.get(META.format) === FORMAT &&
      meta.get(META.buildState) === 'inserting' &&
      meta.get(META.buildDigest) === digest &&
      meta.get(META.buildKeys) === String(keys.length) &&
      Number.isInteger(committed) &&
      committed >= 0 &&
      committed <= keys.length &&
      db.pragma('quick_check', { simple: true }) === 'ok';
    if (!usable) {
      db.close();
      return null;
    }
    const { n } = db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number };
    const { m } = db.prepare('SELECT max(k) AS m FROM documents').safeIntegers(true).get() as { m: bigint | null };
    if (n !== committed || (committed > 0 ? m !== keys[committed - 1] : m !== null)) {
      db.close();
      return null;
    }
    return { db, committed };
  } catch {
    db?.close();
    return null;
  }
}

/** The last transaction: everything but the documents table. Returns the distinct long records. */
function writeFinal(
  db: Database.Database,
  acc: ListAccumulator,
  prefilter: BuiltPrefilter,
  m: { source: string; version: string; bundle: string | null; keys: number; rowsRead: number; duplicates: number },
): number {
  let longRecords = 0;
  db.transaction(() => {
    for (const t of ['states', 'sources', 'document_details', 'long_documents', 'prefilter_chunks']) db.exec(`DELETE FROM ${t}`);
    const state = db.prepare('INSERT INTO states (id, code) VALUES (?, ?)');
    acc.statePacked.forEach((packed, id) => state.run(id, unpackIssuingState(packed)));
    const source = db.prepare('INSERT INTO sources (id, name) VALUES (?, ?)');
    acc.sourceNames.forEach((name, id) => source.run(id, name));

    // Details in key order (appends); of rows repeating a key, the first one that has details wins.
    const order = Array.from({ length: acc.detCount }, (_, i) => i);
    const dk = acc.detKeys;
    order.sort((a, b) => dk[2 * a + 1]! - dk[2 * b + 1]! || dk[2 * a]! - dk[2 * b]!);
    const detail = db.prepare('INSERT OR IGNORE INTO document_details (k, source_id, reference) VALUES ((? << 32) | ?, ?, ?)');
    for (const i of order) detail.run(dk[2 * i + 1]!, dk[2 * i]!, acc.detSource[i]!, acc.detReference[i] ?? null);

    const long = db.prepare('INSERT OR IGNORE INTO long_documents (state_id, number, ts, source_id, reference) VALUES (?, ?, ?, ?, ?)');
    for (const l of acc.longs) longRecords += long.run(l.stateId, l.number, l.ts, l.sourceId === 0 ? null : l.sourceId, l.reference).changes;

    const bytes = new Uint8Array(prefilter.words.buffer, prefilter.words.byteOffset, prefilter.words.byteLength);
    if (endianness() !== 'LE') throw new Error('the documents list prefilter is stored little-endian; this platform is not');
    const chunk = db.prepare('INSERT INTO prefilter_chunks (seq, data) VALUES (?, ?)');
    for (let off = 0, seq = 0; off < bytes.length; off += CHUNK_BYTES, seq++) chunk.run(seq, bytes.subarray(off, Math.min(bytes.length, off + CHUNK_BYTES)));

    const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    put.run(META.source, m.source);
    put.run(META.version, m.version);
    put.run(META.builtAt, new Date().toISOString());
    put.run(META.compactRecords, String(m.keys));
    put.run(META.longRecords, String(longRecords));
    put.run(META.records, String(m.keys + longRecords));
    put.run(META.states, String(acc.statePacked.length));
    put.run(META.rowsRead, String(m.rowsRead));
    put.run(META.badRows, String(acc.badRows));
    put.run(META.duplicates, String(m.duplicates + acc.longs.length - longRecords));
    put.run(META.prefilter, JSON.stringify(prefilter.meta));
    if (m.bundle === null) db.prepare('DELETE FROM meta WHERE key = ?').run(META.bundle);
    else put.run(META.bundle, m.bundle);
    put.run(META.buildState, 'complete');
  })();
  return longRecords;
}
