/**
 * Streaming import of a person-alert list (CSV or FollowTheMoney JSON lines, see
 * person-list-readers.ts) into a new `watchlist-persons.db`, swapped in atomically.
 *
 * - Streaming: the file is read in 1 MiB chunks; memory grows with the blocking index being built
 *   (8 bytes per (key, name) pair plus the distinct keys, see posting-builder.ts: ~2.4 GB peak for
 *   1 M persons), not with the file.
 * - Bad rows never abort the import: each is counted and reported with its line (the first
 *   MAX_REPORTED in full). Field-level problems keep the alert and warn (person-alert.ts).
 * - No check ever sees half a list: the build goes to `….building`, is verified (quick_check and a
 *   row count), flushed, and renamed over the live file (person-list-files.ts).
 * - Interruption (a crash, a kill, a power cut, an AbortSignal): the live list is untouched; the
 *   next import takes over the stale lock, deletes the half-built file and starts again from the
 *   first line. It is restart-clean rather than resumable on purpose: a resumable build would have
 *   to persist the in-memory posting lists at every checkpoint, while a full rebuild of 1 M persons
 *   takes about three minutes (see the benchmark in test/bench/watchlist-persons.bench.ts).
 * CPU-heavy: the station must run it on a worker thread (ARCHITECTURE.md); the CLI runs it in its
 * own process.
 *
 * Alerts given as data (`importPersonAlerts`: a signed bundle, full or a delta merged with the list
 * in force, person-list-target.ts) take the same path from the checks of each alert on. Such an
 * import records the bundle in meta and may refuse the finished list just before the swap, under
 * the import lock (`beforeCommit`: rows the checks rejected, or another import that won the race).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { checkAlert, type PersonAlert } from './person-alert.js';
import { KEY_SCHEME, personNameKeys } from './blocking-keys.js';
import { rowReader, formatFromFileName, type ListFormat, type ReadItem } from './person-list-readers.js';
import { PostingBuilder } from './posting-builder.js';
import { acquireImportLock, fsyncPath, promotePendingList, renameDurably } from './person-list-files.js';
import {
  FACT_SLOTS,
  FORMAT,
  META,
  NAME_FIRST,
  NEVER,
  ROW_FACTS,
  SCHEMA,
  SEP,
  buildingPath,
  dayNumber,
  encodePostings,
  listPath,
  pendingPath,
} from './person-list-format.js';

/** Default cap of a posting list (see person-list-store.ts for its effect on recall). */
export const DEFAULT_POSTING_CAP = 20_000;
/** Errors and warnings reported in full; the rest are only counted. */
export const MAX_REPORTED = 20;

export interface ImportProgress {
  phase: 'reading' | 'indexing' | 'verifying' | 'done';
  line: number;
  bytesRead: number;
  totalBytes: number;
  imported: number;
  skipped: number;
}

export interface ImportIssue {
  line: number;
  message: string;
}

export interface ImportOptions {
  /** Station data directory: the list is `<dataDir>/watchlist-persons.db`. */
  dataDir: string;
  file: string;
  /** Inferred from the file name when absent (person-list-readers.ts formatFromFileName). */
  format?: ListFormat;
  /** Encryption key (hex) of the list file, as for the station database; none when absent. */
  key?: string;
  /** Name of the list for reports (default: the file name). Rows may carry their own source. */
  source?: string;
  onProgress?: (p: ImportProgress) => void;
  /** Rows between two progress reports (default 10 000). */
  progressEvery?: number;
  signal?: AbortSignal;
  postingCap?: number;
  now?: () => Date;
}

/** Options of an import from alerts given as data (a signed bundle: person-list-target.ts). */
export interface AlertImportOptions {
  /** Station data directory: the list is `<dataDir>/watchlist-persons.db`. */
  dataDir: string;
  /** Encryption key (hex) of the list file; none when absent. */
  key?: string;
  /** Name of the list: the source of alerts that name none. */
  source: string;
  /** The list version recorded in the file (meta.version). */
  version: string;
  /** What the alerts came from, for stats (meta.source_file); default: `source`. */
  sourceFile?: string;
  /** Identifies the input (meta.source_sha256), e.g. a bundle id. */
  sha256?: string;
  /** JSON of the signed bundle the list comes from (bundles/apply.ts BundleMeta), kept in meta. */
  bundle?: string;
  /**
   * Called under the import lock with the summary of the complete, verified new list, just before
   * it is made live: throw to discard it and keep the list in force.
   */
  beforeCommit?: (summary: ImportSummary) => void;
  onProgress?: (p: ImportProgress) => void;
  progressEvery?: number;
  signal?: AbortSignal;
  postingCap?: number;
  now?: () => Date;
}

export interface ImportSummary {
  imported: number;
  /** Rows not imported: errors plus entities of other schemas. */
  skipped: number;
  errors: ImportIssue[];
  errorCount: number;
  warnings: ImportIssue[];
  warningCount: number;
  /** FtM entities that are not persons, by schema. */
  skippedSchemas: Record<string, number>;
  aliases: number;
  /** Alerts already past their expiry when imported (kept, never returned as hits). */
  expired: number;
  version: string;
  builtAt: string;
  source: string;
  /** `rows`: alerts given as data (importPersonAlerts). */
  format: ListFormat | 'rows';
  sha256: string;
  bytes: number;
  keys: number;
  cappedKeys: number;
  postings: number;
  seconds: number;
}

export class ImportAbortedError extends Error {
  constructor() {
    super('the import was interrupted; the live list is unchanged');
    this.name = 'ImportAbortedError';
  }
}

export class EmptyListError extends Error {
  constructor(
    message: string,
    readonly summary: ImportSummary,
  ) {
    super(message);
    this.name = 'EmptyListError';
  }
}

function applyKey(db: Database.Database, key: string | undefined): void {
  if (key === undefined) return;
  if (!/^[0-9a-f]{32,128}$/i.test(key)) throw new Error('list key must be 32 to 128 hex digits');
  db.pragma(`key='${key}'`);
}

/** Builds the list from `options.file` and makes it live. Rejects only when the file is unusable. */
export async function importPersonList(options: ImportOptions): Promise<ImportSummary> {
  const format = options.format ?? formatFromFileName(options.file);
  if (!format) throw new Error(`cannot tell the format of ${options.file} from its name: give csv or ftm`);
  const totalBytes = statSync(options.file).size;
  const hash = createHash('sha256');
  let bytesRead = 0;
  return buildList(options, {
    batches: fileBatches(options.file, format, (bytes) => {
      hash.update(bytes);
      bytesRead += bytes.length;
    }),
    bytesRead: () => bytesRead,
    totalBytes,
    format,
    source: options.source ?? basename(options.file),
    sourceFile: basename(options.file),
    identity: () => {
      const sha256 = hash.digest('hex');
      return { sha256, version: `persons-${sha256.slice(0, 16)}` };
    },
  });
}

/**
 * Builds the list from alerts given as data and makes it live (a signed bundle: person-list-target.ts).
 * Items are checked and reported like the rows of a file (`line` is the caller's row number).
 */
export async function importPersonAlerts(items: AsyncIterable<ReadItem>, options: AlertImportOptions): Promise<ImportSummary> {
  return buildList(options, {
    batches: batchesOf(items),
    bytesRead: () => 0,
    totalBytes: 0,
    format: 'rows',
    source: options.source,
    sourceFile: options.sourceFile ?? options.source,
    identity: () => ({ sha256: options.sha256 ?? '', version: options.version }),
    ...(options.bundle !== undefined ? { bundle: options.bundle } : {}),
  });
}

/** What a build reads, wherever it comes from. */
interface BuildInput {
  /** Items in batches: one transaction each. */
  batches: AsyncIterable<ReadItem[]>;
  bytesRead(): number;
  totalBytes: number;
  format: ListFormat | 'rows';
  /** The list's name: the source of alerts that name none. */
  source: string;
  sourceFile: string;
  /** After the last batch: the hash that identifies the input, and the version to record. */
  identity(): { sha256: string; version: string };
  bundle?: string;
}

type BuildOptions = Pick<AlertImportOptions, 'dataDir' | 'key' | 'onProgress' | 'progressEvery' | 'signal' | 'postingCap' | 'now' | 'beforeCommit'>;

async function* fileBatches(file: string, format: ListFormat, onBytes: (bytes: Buffer) => void): AsyncGenerator<ReadItem[]> {
  const decoder = new TextDecoder('utf-8');
  const reader = rowReader(format);
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    onBytes(bytes);
    let text = decoder.decode(bytes, { stream: true });
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    const items: ReadItem[] = [];
    reader.push(text, items);
    yield items;
  }
  const items: ReadItem[] = [];
  reader.push(decoder.decode(), items);
  reader.end(items);
  yield items;
}

async function* batchesOf(items: AsyncIterable<ReadItem>, size = 2000): AsyncGenerator<ReadItem[]> {
  let batch: ReadItem[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  yield batch;
}

async function buildList(options: BuildOptions, input: BuildInput): Promise<ImportSummary> {
  const started = performance.now();
  const { totalBytes } = input;
  mkdirSync(options.dataDir, { recursive: true });
  const release = acquireImportLock(options.dataDir);
  const building = buildingPath(options.dataDir);
  let db: Database.Database | undefined;
  try {
    // Restart-clean: whatever an interrupted import left is discarded.
    for (const f of [building, `${building}-journal`, pendingPath(options.dataDir)]) rmSync(f, { force: true });
    db = new Database(building);
    applyKey(db, options.key);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -262144');
    db.exec(SCHEMA);
    const summary = await build(db, options, input);
    if (summary.imported === 0) {
      // An empty result is far more likely a wrong file than an empty list: swapping it in would
      // turn every check into "no hit".
      const first = summary.errors[0] ? ` (line ${summary.errors[0].line}: ${summary.errors[0].message})` : '';
      throw new EmptyListError(`no person could be imported from ${input.sourceFile}${first}; the live list is unchanged`, summary);
    }
    verify(db, summary.imported);
    db.pragma('journal_mode = DELETE');
    db.close();
    db = undefined;
    options.onProgress?.({ phase: 'verifying', line: 0, bytesRead: totalBytes, totalBytes, imported: summary.imported, skipped: summary.skipped });
    fsyncPath(building);
    options.beforeCommit?.(summary);
    renameDurably(building, pendingPath(options.dataDir));
    promotePendingList(options.dataDir);
    // Not promoted (Windows, the list open elsewhere): the new list waits as `.next`.
    summary.bytes = statSync(existsSync(pendingPath(options.dataDir)) ? pendingPath(options.dataDir) : listPath(options.dataDir)).size;
    summary.seconds = (performance.now() - started) / 1000;
    options.onProgress?.({ phase: 'done', line: 0, bytesRead: totalBytes, totalBytes, imported: summary.imported, skipped: summary.skipped });
    return summary;
  } catch (e) {
    db?.close();
    rmSync(building, { force: true });
    rmSync(`${building}-journal`, { force: true });
    throw e;
  } finally {
    release();
  }
}

function verify(db: Database.Database, imported: number): void {
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw new Error(`the new list failed quick_check (${String(check)}); the live list is unchanged`);
  const rows = (db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n;
  if (rows !== imported) throw new Error(`the new list holds ${rows} persons where ${imported} were imported; the live list is unchanged`);
}

class Labels {
  private readonly cache = new Map<string, number>();
  private readonly find: Database.Statement;
  private readonly insert: Database.Statement;
  constructor(db: Database.Database) {
    this.find = db.prepare('SELECT id FROM labels WHERE kind = ? AND text = ?');
    this.insert = db.prepare('INSERT INTO labels (kind, text) VALUES (?, ?)');
  }
  id(kind: string, text: string): number {
    const k = `${kind}\u0000${text}`;
    let id = this.cache.get(k);
    if (id === undefined) {
      const row = this.find.get(kind, text) as { id: number } | undefined;
      id = row ? row.id : Number(this.insert.run(kind, text).lastInsertRowid);
      this.cache.set(k, id);
    }
    return id;
  }
}

/** A Uint32Array that grows as rows are appended. */
class GrowingU32 {
  data = new Uint32Array(1024);
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const next = new Uint32Array(Math.max(this.data.length * 2, i + 1));
      next.set(this.data);
      this.data = next;
    }
    this.data[i] = v;
  }
  bytes(length: number): Buffer {
    const used = this.data.subarray(0, length);
    return Buffer.from(used.buffer, used.byteOffset, used.byteLength);
  }
}

class Facts {
  data = new Int32Array(FACT_SLOTS * 1024);
  set(row: number, alert: PersonAlert): void {
    if ((row + 1) * FACT_SLOTS > this.data.length) {
      const next = new Int32Array(Math.max(this.data.length * 2, (row + 1) * FACT_SLOTS));
      next.set(this.data);
      this.data = next;
    }
    let min = 0;
    let max = 0;
    for (const d of alert.birthDates) {
      const y = Number(d.slice(0, 4));
      if (!min || y < min) min = y;
      if (y > max) max = y;
    }
    const at = row * FACT_SLOTS;
    this.data[at] = min;
    this.data[at + 1] = max;
    this.data[at + 2] = alert.expires ? dayNumber(alert.expires) : NEVER;
  }
  bytes(rows: number): Buffer {
    const used = this.data.subarray(0, (rows + 1) * FACT_SLOTS);
    return Buffer.from(used.buffer, used.byteOffset, used.byteLength);
  }
}

async function build(db: Database.Database, options: BuildOptions, input: BuildInput): Promise<ImportSummary> {
  const now = options.now?.() ?? new Date();
  const today = dayNumber(now.toISOString().slice(0, 10));
  const cap = options.postingCap ?? DEFAULT_POSTING_CAP;
  const progressEvery = options.progressEvery ?? 10_000;
  const listSource = input.source;
  const { format, totalBytes } = input;

  const labels = new Labels(db);
  const insertPerson = db.prepare(
    'INSERT INTO persons (n, id, name, aliases, birth_dates, nationalities, sex, category, action, severity, source, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertDocument = db.prepare('INSERT OR IGNORE INTO person_documents (number, person) VALUES (?, ?)');
  const insertBiometric = db.prepare('INSERT OR IGNORE INTO biometric_refs (person, modality, reference) VALUES (?, ?, ?)');
  const idTaken = db.prepare('SELECT 1 FROM persons WHERE id = ?').pluck();

  const postings = new PostingBuilder();
  const facts = new Facts();
  const nameFirst = new GrowingU32();
  let nextName = 1;
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const skippedSchemas: Record<string, number> = {};
  let errorCount = 0;
  let warningCount = 0;
  let imported = 0;
  let skippedOther = 0;
  let aliases = 0;
  let expired = 0;
  let line = 0;
  let nextProgress = progressEvery;
  const error = (l: number, message: string) => {
    errorCount++;
    if (errors.length < MAX_REPORTED) errors.push({ line: l, message });
  };
  const warn = (l: number, message: string) => {
    warningCount++;
    if (warnings.length < MAX_REPORTED) warnings.push({ line: l, message });
  };

  const handle = (item: ReadItem) => {
    line = item.line;
    switch (item.kind) {
      case 'error':
        error(item.line, item.message);
        return;
      case 'warning':
        warn(item.line, item.message);
        return;
      case 'skip':
        skippedOther++;
        skippedSchemas[item.schema] = (skippedSchemas[item.schema] ?? 0) + 1;
        return;
      case 'alert': {
        const checked = checkAlert(item.raw);
        for (const w of checked.warnings) warn(item.line, w);
        const a = checked.alert;
        if (!a) {
          error(item.line, checked.error ?? 'unusable row');
          return;
        }
        if (idTaken.get(a.id)) {
          error(item.line, `duplicate id "${a.id}": the first occurrence is kept`);
          return;
        }
        const n = imported + 1;
        insertPerson.run(
          n,
          a.id,
          a.name,
          a.aliases.join(SEP),
          a.birthDates.join(SEP),
          a.nationalities.join(SEP),
          a.sex ?? null,
          labels.id('category', a.category),
          labels.id('action', a.action),
          a.severity,
          labels.id('source', a.source ?? listSource),
          a.expires ?? null,
        );
        for (const d of a.documents) insertDocument.run(d, n);
        for (const b of a.biometrics) insertBiometric.run(n, b.modality, b.reference);
        nameFirst.set(n, nextName);
        for (const name of [a.name, ...a.aliases]) postings.add(nextName++, personNameKeys(name));
        facts.set(n, a);
        imported = n;
        aliases += a.aliases.length;
        if (a.expires && dayNumber(a.expires) < today) expired++;
        return;
      }
    }
  };

  const flush = (items: ReadItem[]) => {
    db.exec('BEGIN');
    try {
      for (const item of items) handle(item);
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
    const done = imported + errorCount + skippedOther;
    if (options.onProgress && done >= nextProgress) {
      nextProgress = done + progressEvery;
      options.onProgress({ phase: 'reading', line, bytesRead: input.bytesRead(), totalBytes, imported, skipped: errorCount + skippedOther });
    }
  };

  for await (const items of input.batches) {
    if (options.signal?.aborted) throw new ImportAbortedError();
    flush(items);
  }
  if (options.signal?.aborted) throw new ImportAbortedError();

  options.onProgress?.({ phase: 'indexing', line, bytesRead: input.bytesRead(), totalBytes, imported, skipped: errorCount + skippedOther });
  const insertPosting = db.prepare('INSERT INTO postings (key, n, ids) VALUES (?, ?, ?)');
  let keys = 0;
  let cappedKeys = 0;
  const pairs = postings.pairs;
  db.exec('BEGIN');
  let sinceCheck = 0;
  for (const list of postings.lists()) {
    keys++;
    if (list.rows.length > cap) {
      cappedKeys++;
      insertPosting.run(list.key, list.rows.length, null);
    } else {
      insertPosting.run(list.key, list.rows.length, encodePostings(list.rows));
    }
    if (++sinceCheck === 100_000) {
      sinceCheck = 0;
      // The pairs are being written synchronously; let an abort request in between.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) {
        db.exec('ROLLBACK');
        throw new ImportAbortedError();
      }
    }
  }
  const { sha256, version } = input.identity();
  const builtAt = now.toISOString();
  nameFirst.set(imported + 1, nextName);
  db.prepare('INSERT INTO blobs (name, data) VALUES (?, ?)').run(ROW_FACTS, facts.bytes(imported));
  db.prepare('INSERT INTO blobs (name, data) VALUES (?, ?)').run(NAME_FIRST, nameFirst.bytes(imported + 2));
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  const metaRows: Array<[string, string | number]> = [
    [META.format, FORMAT],
    [META.keyScheme, KEY_SCHEME],
    [META.version, version],
    [META.builtAt, builtAt],
    [META.source, listSource],
    [META.sourceFile, input.sourceFile],
    [META.sourceSha256, sha256],
    [META.records, imported],
    [META.aliases, aliases],
    [META.names, nextName - 1],
    [META.expiredAtBuild, expired],
    [META.postingCap, cap],
    [META.keys, keys],
    [META.cappedKeys, cappedKeys],
    [META.postings, pairs],
  ];
  if (input.bundle !== undefined) metaRows.push([META.bundle, input.bundle]);
  for (const [k, v] of metaRows) meta.run(k, String(v));
  db.exec('COMMIT');

  return {
    imported,
    skipped: errorCount + skippedOther,
    errors,
    errorCount,
    warnings,
    warningCount,
    skippedSchemas,
    aliases,
    expired,
    version,
    builtAt,
    source: listSource,
    format,
    sha256,
    bytes: 0,
    keys,
    cappedKeys,
    postings: pairs,
    seconds: 0,
  };
}
