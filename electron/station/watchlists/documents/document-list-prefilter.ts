/**
 * Building a list's prefilter from its sorted keys (document-prefilter.ts says what goes in), on a
 * worker thread while SQLite takes the same keys on the import thread: on a 2-core machine the
 * ~1.3 s per 10 M records of prefilter work then costs no wall-clock time. Small lists, and any
 * failure to start the worker, build on the calling thread instead; the result is the same bits.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { keyExact, type PrefilterMeta } from './document-list-format.js';
import { FOLD, foldCompactValue } from './document-number.js';
import { DETAILS_TAG, DocumentPrefilter, compactHi, compactLo, longKeyWords } from './document-prefilter.js';

export interface PrefilterBuildInput {
  /** Sorted, distinct row keys as [lo, hi] pairs (key-sort.ts). */
  sorted: Uint32Array;
  keys: number;
  /** Keys of rows with a details row, as [lo, hi] pairs. */
  details: Uint32Array;
  detailCount: number;
  longs: Array<{ stateId: number; symbols: Uint8Array }>;
  /** Upper bound of filter keys: sizes the bit array. */
  expected: number;
  bitsPerKey: number;
  hashes: number;
}

export interface BuiltPrefilter {
  words: Uint32Array;
  meta: PrefilterMeta;
}

/** Every key of the list into a new prefilter, in the order of its bit array. */
export function buildListPrefilter(input: PrefilterBuildInput): BuiltPrefilter {
  const { sorted, keys, details, detailCount, longs } = input;
  const filter = DocumentPrefilter.create(input.expected, input.bitsPerKey, input.hashes);
  const folded = new Uint32Array(2);
  const exact = new Uint32Array(2);
  filter.addInBlockOrder(input.expected, (emit) => {
    let prevState = -1;
    let prevExact = -1;
    for (let i = 0; i < keys; i++) {
      const lo = sorted[2 * i]!;
      const hi = sorted[2 * i + 1]!;
      const stateId = hi >>> 21;
      const value = keyExact(hi, lo);
      if (stateId === prevState && value === prevExact) continue; // same number, another type/status
      prevState = stateId;
      prevExact = value;
      const foldedValue = foldCompactValue(value);
      const fh = compactHi(stateId, foldedValue);
      const fl = compactLo(foldedValue);
      const block = filter.block(fh, fl);
      emit(block, fh, fl);
      if (foldedValue !== value) emit(block, compactHi(stateId, value), compactLo(value));
    }
    for (let i = 0; i < detailCount; i++) {
      const lo = details[2 * i]!;
      const hi = details[2 * i + 1]!;
      const foldedValue = foldCompactValue(keyExact(hi, lo));
      const stateId = hi >>> 21;
      emit(filter.block(compactHi(stateId, foldedValue), compactLo(foldedValue)), (hi ^ DETAILS_TAG) >>> 0, lo);
    }
    for (const l of longs) {
      longKeyWords(l.stateId, l.symbols, l.symbols.length, FOLD, folded);
      longKeyWords(l.stateId, l.symbols, l.symbols.length, null, exact);
      const block = filter.block(folded[0]!, folded[1]!);
      emit(block, folded[0]!, folded[1]!);
      emit(block, exact[0]!, exact[1]!);
    }
  });
  return { words: filter.words, meta: filter.meta() };
}

type WorkerReply = { ok: true; built: BuiltPrefilter } | { ok: false; error: string };

/**
 * Starts the build on a worker thread. The input arrays are copied (the caller keeps inserting
 * from its own); the bit array comes back without a copy. `result` is null if the worker could not
 * start or failed (callers then use `buildListPrefilter`); `cancel` stops it early.
 */
export function buildListPrefilterInWorker(input: PrefilterBuildInput): { result: Promise<BuiltPrefilter | null>; cancel(): void } {
  let worker: Worker;
  try {
    worker = startWorker();
  } catch {
    return { result: Promise.resolve(null), cancel: () => {} };
  }
  const result = new Promise<BuiltPrefilter | null>((resolve) => {
    let settled = false;
    const settle = (value: BuiltPrefilter | null) => {
      if (settled) return;
      settled = true;
      resolve(value);
      void worker.terminate();
    };
    worker.once('message', (reply: WorkerReply) => settle(reply.ok ? reply.built : null));
    worker.once('error', () => settle(null));
    worker.once('exit', () => settle(null));
    const sorted = input.sorted.slice(0, input.keys * 2);
    const details = input.details.slice(0, input.detailCount * 2);
    worker.postMessage({ ...input, sorted, details } satisfies PrefilterBuildInput, [sorted.buffer, details.buffer]);
  });
  return { result, cancel: () => void worker.terminate() };
}

/**
 * The worker runs document-prefilter-worker.js next to this module in a build. Run from the
 * TypeScript sources (tests, benchmarks, `tsx`), there is no .js file: the worker then loads the
 * .ts entry through tsx's loader, which is a dependency of the project already.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./document-prefilter-worker.js', here));
  const entry = new URL('./document-prefilter-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsxEsmApi(here))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

/** URL of tsx's ESM loader API (its CommonJS twin registers a path that does not exist). */
function tsxEsmApi(from: string): string {
  const require = createRequire(from);
  const manifest = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const file = pkg.exports['./esm/api']?.import?.default;
  if (!file) throw new Error('tsx has no ESM loader API');
  return pathToFileURL(join(dirname(manifest), file)).href;
}
