/**
 * A delta for the lost/stolen documents list: the list in force, less the removed rows, plus the
 * upserted ones, built as a new file and swapped in exactly like a full import.
 *
 * Why a rebuild: the list file is immutable by design (rowid keys written in order, a prefilter
 * sized and built once for every key), so there is nothing to patch in place. What keeps a delta
 * of a few thousand rows against 10 M records at about the cost of one import, and not more, is
 * that nothing is parsed or sorted again: the keys of the list in force come out of SQLite already
 * in key order (read in pages into a typed array, no object per row), only the changes are sorted,
 * and the two are merged in one pass; from there the import's own phases run (insert in key order,
 * prefilter, details and meta, fsync, atomic rename: document-list-import.ts, `ordered`).
 *
 * The list's state and source ids are kept and new ones appended, so its keys stay valid and in
 * order. The most-listed-state-first numbering of a full import is therefore not redone: at worst
 * a state whose share grew through deltas costs a byte per record until the next full bundle.
 *
 * Semantics (bundles/FORMAT.md): every removal, then every upsert. A key removed and upserted ends
 * upserted; a key upserted twice keeps its last row (its details: source and reference); removing
 * a key the list does not hold changes nothing and is counted (`notFound`), not refused. A row's
 * key is (issuing state, number, type, status) as the store codes them, so `P` and `passport` are
 * one key. Everything happens under the import lock, after `checkBase` has accepted the list in
 * force; a failure anywhere leaves that list live.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { FORMAT, MAX_STATES, META, keyExact, keyHi, keyLo, listPath, statusOf, typeOf } from './document-list-format.js';
import { promotePendingList } from './document-list-files.js';
import { DocumentImportError, documentRowCoder, runImport, type CodedRow, type DocumentRow, type ImportOptions, type ImportReport } from './document-list-import.js';
import { MAX_COMPACT_LENGTH, decodeCompactNumber, foldCompactValue, packIssuingState, scanDocumentNumber, scanToString, unpackIssuingState } from './document-number.js';
import { dedupeSortedPairs, sortKeyPairs } from './key-sort.js';
import type { ListAccumulator, LongRow } from './list-accumulator.js';

/** The key of a row to remove; other fields of a DocumentRow are ignored. */
export type DocumentKeyRow = Pick<DocumentRow, 'number' | 'issuingState' | 'type' | 'status'>;

export interface DocumentListChanges {
  removals: Iterable<DocumentKeyRow> | AsyncIterable<DocumentKeyRow>;
  upserts: Iterable<DocumentRow> | AsyncIterable<DocumentRow>;
}

/** The list in force, as a delta finds it (under the import lock). */
export interface DeltaBase {
  version: string;
  source: string;
  records: number;
  /** META.bundle: JSON of the bundle it was installed from, or null. */
  bundle: string | null;
}

export interface DeltaOptions extends Omit<ImportOptions, 'source'> {
  /** Called with the list in force before anything is read from it: throw to refuse the delta. */
  checkBase?: (base: DeltaBase) => void;
}

export interface DeltaReport extends ImportReport {
  previousRecords: number;
  /** Upserted keys the list did not hold. */
  added: number;
  /** Upserted keys it held (the row was replaced: its details may have changed). */
  replaced: number;
  /** Keys removed (held, and not upserted again). */
  removed: number;
  /** Removals of keys the list does not hold. */
  notFound: number;
  /** Up to 20 of them, as `state number type status`. */
  notFoundSamples: string[];
}

const PAGE = 65536;
const MAX_SAMPLES = 20;

/** Grows an interleaved [lo, hi] pair array to hold at least `pairs` pairs. */
function room(a: Uint32Array, pairs: number): Uint32Array {
  if (a.length >= pairs * 2) return a;
  const b = new Uint32Array(Math.max(a.length * 2, pairs * 2));
  b.set(a);
  return b;
}

/** Index of (hi, lo) in the first `count` sorted pairs, or −1. */
function findPair(pairs: Uint32Array, count: number, hi: number, lo: number): number {
  let a = 0;
  let b = count - 1;
  while (a <= b) {
    const m = (a + b) >>> 1;
    const h = pairs[2 * m + 1]!;
    const l = pairs[2 * m]!;
    if (h === hi && l === lo) return m;
    if (h < hi || (h === hi && l < lo)) a = m + 1;
    else b = m - 1;
  }
  return -1;
}

const longKey = (stateId: number, number: string, ts: number): string => `${stateId}\u0000${number}\u0000${ts}`;

export async function applyDocumentListDelta(changes: DocumentListChanges, opts: DeltaOptions): Promise<DeltaReport> {
  const counts = { previousRecords: 0, added: 0, replaced: 0, removed: 0, notFound: 0, notFoundSamples: [] as string[] };
  const report = await runImport(
    { ...opts, source: '' },
    async (acc, progress) => {
      promotePendingList(opts.dir);
      if (!existsSync(listPath(opts.dir))) throw new DocumentImportError('NO_LIST', `there is no documents list in ${opts.dir} to apply changes to: import a full list first`);
      const base = new Database(listPath(opts.dir), { readonly: true, fileMustExist: true });
      try {
        await merge(base, acc, progress, changes, opts, counts);
      } finally {
        base.close();
      }
    },
    true,
  );
  return { ...report, ...counts };
}

async function merge(
  base: Database.Database,
  acc: ListAccumulator,
  progress: (rows: number) => void,
  changes: DocumentListChanges,
  opts: DeltaOptions,
  counts: Omit<DeltaReport, keyof ImportReport>,
): Promise<void> {
  const meta = new Map((base.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
  if (meta.get(META.format) !== FORMAT || meta.get(META.buildState) !== 'complete') throw new Error('the documents list in force is not a complete list of this format');
  counts.previousRecords = Number(meta.get(META.records) ?? 0);
  opts.checkBase?.({ version: meta.get(META.version) ?? '', source: meta.get(META.source) ?? '', records: counts.previousRecords, bundle: meta.get(META.bundle) ?? null });
  const states = (base.prepare('SELECT id, code FROM states ORDER BY id').all() as Array<{ id: number; code: string }>).map((r) => packIssuingState(r.code));
  const sources = (base.prepare('SELECT id, name FROM sources ORDER BY id').all() as Array<{ id: number; name: string }>).map((r) => r.name);
  acc.seed(states, sources);

  const aborted = () => {
    if (opts.signal?.aborted) throw new DocumentImportError('ABORTED', 'import aborted');
  };
  const coder = documentRowCoder(acc.scan);
  const coded: CodedRow = { packed: 0, ts: 0 };
  const scan = acc.scan;
  let line = 0;
  const described = (r: DocumentKeyRow) => () => JSON.stringify(r);

  // Removals: compact keys sorted and distinct; long ones by (state, number, type/status).
  let removals: Uint32Array = new Uint32Array(1024);
  let nRemovals = 0;
  const longRemovals = new Set<string>();
  const absentSample = (text: string) => {
    if (counts.notFoundSamples.length < MAX_SAMPLES) counts.notFoundSamples.push(text);
  };
  let absentStates = 0;
  for await (const r of changes.removals) {
    line++;
    acc.rowsRead++;
    progress(acc.rowsRead);
    if ((line & 0xffff) === 0) aborted();
    const reason = coder(r as DocumentRow, coded);
    if (reason !== null) {
      acc.bad(line, `removal: ${reason}`, described(r));
      continue;
    }
    const stateId = acc.stateIdOfPacked[coded.packed]!;
    if (stateId < 0) {
      // No record of this state at all: nothing to remove.
      absentStates++;
      absentSample(`${unpackIssuingState(coded.packed)} ${scanToString(scan)} ${typeOf(coded.ts)} ${statusOf(coded.ts)}`);
      continue;
    }
    if (scan.length <= MAX_COMPACT_LENGTH) {
      removals = room(removals, nRemovals + 1);
      removals[2 * nRemovals] = keyLo(scan.exact, coded.ts);
      removals[2 * nRemovals + 1] = keyHi(stateId, scan.exact);
      nRemovals++;
    } else longRemovals.add(longKey(stateId, scanToString(scan), coded.ts));
  }
  removals = sortKeyPairs(removals, nRemovals);
  nRemovals = dedupeSortedPairs(removals, nRemovals);

  // Upserts, in row order; the last row of a key wins.
  let upKeys: Uint32Array = new Uint32Array(1024);
  const upSource: number[] = [];
  const upReference: Array<string | null> = [];
  let nUp = 0;
  const longUpserts = new Map<string, LongRow>();
  for await (const r of changes.upserts) {
    line++;
    acc.rowsRead++;
    progress(acc.rowsRead);
    if ((line & 0xffff) === 0) aborted();
    const reason = coder(r, coded);
    if (reason !== null) {
      acc.bad(line, reason, described(r));
      continue;
    }
    const stateId = acc.stateIdFor(coded.packed);
    if (stateId < 0) {
      acc.bad(line, `more than ${MAX_STATES} issuing states in one list`, described(r));
      continue;
    }
    const sourceId = acc.sourceId(r.source?.trim() || null);
    const reference = r.reference?.trim() || null;
    if (scan.length <= MAX_COMPACT_LENGTH) {
      upKeys = room(upKeys, nUp + 1);
      upKeys[2 * nUp] = keyLo(scan.exact, coded.ts);
      upKeys[2 * nUp + 1] = keyHi(stateId, scan.exact);
      upSource[nUp] = sourceId;
      upReference[nUp] = reference;
      nUp++;
    } else {
      const number = scanToString(scan);
      const key = longKey(stateId, number, coded.ts);
      longUpserts.delete(key); // re-inserted last: Map order is then the order of last rows
      longUpserts.set(key, { stateId, number, ts: coded.ts, sourceId, reference, symbols: scan.symbols.slice(0, scan.length) });
    }
  }
  // Sort row indexes by key, then row; the last index of each key is its row.
  const order = new Uint32Array(nUp);
  for (let i = 0; i < nUp; i++) order[i] = i;
  order.sort((a, b) => upKeys[2 * a + 1]! - upKeys[2 * b + 1]! || upKeys[2 * a]! - upKeys[2 * b]! || a - b);
  const upserts = new Uint32Array(nUp * 2);
  const upRow: number[] = [];
  let nU = 0;
  for (let i = 0; i < nUp; i++) {
    const row = order[i]!;
    const next = order[i + 1];
    if (next !== undefined && upKeys[2 * next] === upKeys[2 * row] && upKeys[2 * next + 1] === upKeys[2 * row + 1]) continue;
    upserts[2 * nU] = upKeys[2 * row]!;
    upserts[2 * nU + 1] = upKeys[2 * row + 1]!;
    upRow[nU] = row;
    nU++;
  }
  aborted();

  // One pass over the list's keys in order, merged with the sorted changes.
  const expected = Number(meta.get(META.compactRecords) ?? 0);
  let out: Uint32Array = new Uint32Array(Math.max(1024, (expected + nU) * 2));
  let n = 0;
  let foldedDiffers = 0;
  const put = (lo: number, hi: number) => {
    if (n * 2 === out.length) out = room(out, n + 1);
    out[2 * n] = lo;
    out[2 * n + 1] = hi;
    n++;
    const value = keyExact(hi, lo);
    if (foldCompactValue(value) !== value) foldedDiffers++;
  };
  const matchedRemoval = new Uint8Array(nRemovals);
  let u = 0;
  let r = 0;
  const page = new BigInt64Array(PAGE);
  const pagePairs = new Uint32Array(page.buffer);
  const next = base.prepare('SELECT k FROM documents WHERE k > ? ORDER BY k LIMIT ?').pluck().safeIntegers(true);
  let after = -1n;
  let oldCount = 0;
  for (;;) {
    const ks = next.all(after, PAGE) as bigint[];
    if (ks.length === 0) break;
    for (let i = 0; i < ks.length; i++) page[i] = ks[i]!;
    after = ks[ks.length - 1]!;
    oldCount += ks.length;
    for (let i = 0; i < ks.length; i++) {
      const lo = pagePairs[2 * i]!;
      const hi = pagePairs[2 * i + 1]!;
      while (u < nU && (upserts[2 * u + 1]! < hi || (upserts[2 * u + 1] === hi && upserts[2 * u]! < lo))) {
        put(upserts[2 * u]!, upserts[2 * u + 1]!);
        counts.added++;
        u++;
      }
      while (r < nRemovals && (removals[2 * r + 1]! < hi || (removals[2 * r + 1] === hi && removals[2 * r]! < lo))) r++;
      const removed = r < nRemovals && removals[2 * r + 1] === hi && removals[2 * r] === lo;
      if (removed) matchedRemoval[r++] = 1;
      if (u < nU && upserts[2 * u + 1] === hi && upserts[2 * u] === lo) {
        put(lo, hi);
        counts.replaced++;
        u++;
      } else if (removed) counts.removed++;
      else put(lo, hi);
    }
    aborted();
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (; u < nU; u++) {
    put(upserts[2 * u]!, upserts[2 * u + 1]!);
    counts.added++;
  }
  if (expected > 0 && oldCount !== expected) throw new Error(`the documents list in force holds ${oldCount} compact records where its meta says ${expected}; it was not changed`);
  for (let i = 0; i < nRemovals; i++) {
    if (matchedRemoval[i]) continue;
    counts.notFound++;
    const hi = removals[2 * i + 1]!;
    const lo = removals[2 * i]!;
    absentSample(`${unpackIssuingState(acc.statePacked[hi >>> 21]!)} ${decodeCompactNumber(keyExact(hi, lo))} ${typeOf(lo & 63)} ${statusOf(lo & 63)}`);
  }
  counts.notFound += absentStates;

  // Details: the list's, less those of removed and upserted keys, plus the upserts' own.
  let detKeys: Uint32Array = new Uint32Array(1024);
  const detSource: number[] = [];
  const detReference: Array<string | null> = [];
  let detCount = 0;
  const addDetail = (lo: number, hi: number, sourceId: number, reference: string | null) => {
    detKeys = room(detKeys, detCount + 1);
    detKeys[2 * detCount] = lo;
    detKeys[2 * detCount + 1] = hi;
    detSource[detCount] = sourceId;
    detReference[detCount] = reference;
    detCount++;
  };
  const details = base.prepare('SELECT k, source_id, reference FROM document_details').safeIntegers(true).raw(true);
  for (const [k, sourceId, reference] of details.iterate() as IterableIterator<[bigint, bigint | null, string | null]>) {
    const lo = Number(BigInt.asUintN(32, k));
    const hi = Number(k >> 32n);
    if (findPair(upserts, nU, hi, lo) >= 0 || findPair(removals, nRemovals, hi, lo) >= 0) continue;
    addDetail(lo, hi, Number(sourceId ?? 0n), reference);
  }
  for (let i = 0; i < nU; i++) {
    const row = upRow[i]!;
    if (upSource[row] !== 0 || upReference[row] !== null) addDetail(upserts[2 * i]!, upserts[2 * i + 1]!, upSource[row]!, upReference[row]!);
  }

  // Long numbers (10–24 characters), kept as text: the same, keyed by (state, number, type/status).
  const longs = base.prepare('SELECT state_id, number, ts, source_id, reference FROM long_documents').raw(true);
  for (const [stateId, number, ts, sourceId, reference] of longs.iterate() as IterableIterator<[number, string, number, number | null, string | null]>) {
    const key = longKey(stateId, number, ts);
    const up = longUpserts.get(key);
    const removed = longRemovals.delete(key);
    if (up) {
      longUpserts.delete(key);
      acc.longs.push(up);
      counts.replaced++;
    } else if (removed) counts.removed++;
    else {
      if (!scanDocumentNumber(number, scan)) throw new Error(`the documents list in force holds an unreadable number ${JSON.stringify(number)}; it was not changed`);
      acc.longs.push({ stateId, number, ts, sourceId: sourceId ?? 0, reference, symbols: scan.symbols.slice(0, scan.length) });
    }
  }
  for (const l of longUpserts.values()) {
    acc.longs.push(l);
    counts.added++;
  }
  for (const key of longRemovals) {
    counts.notFound++;
    const [stateId, number, ts] = key.split('\u0000');
    absentSample(`${unpackIssuingState(acc.statePacked[Number(stateId)]!)} ${number} ${typeOf(Number(ts))} ${statusOf(Number(ts))}`);
  }

  if (n + acc.longs.length === 0) throw new DocumentImportError('NO_RECORDS', 'these changes remove every record of the list: refusing to replace it with an empty one');
  acc.pairs = out;
  acc.count = n;
  acc.foldedDiffers = foldedDiffers;
  acc.detKeys = detKeys;
  acc.detSource = detSource;
  acc.detReference = detReference;
  acc.detCount = detCount;
}
