/**
 * The lost/stolen documents list at border-post scale: 10 M synthetic documents (BENCH_DOCS to
 * change), imported from CSV and from rows, then checked 1 M times for listed documents (hits)
 * and 1 M times for unlisted ones (misses) in a fresh process.
 *
 * Timing method: every check is timed on its own with process.hrtime.bigint(); the timer's own
 * cost (two calls, measured the same way with nothing between) is reported next to the figures
 * and not subtracted, so the per-check figures are upper bounds. Hits and misses alternate, as at
 * a booth, so neither runs with a cache warmed only by its own kind. As a cross-check that
 * per-call timing does not distort the tail, checks are also timed in batches of 100 and the batch
 * mean reported. Startup and memory are measured in the same fresh process: open + prefilter load,
 * then RSS before any query strings exist.
 *
 * Synthetic data: a deterministic counter-based generator (row i is a pure function of i), with
 * number formats as states issue them (9 digits, letter + 8 digits, 2 digits + 2 letters + 5
 * digits, the German consonant alphabet, 12-character identity card numbers…), states weighted
 * as list contributions are (a few states hold most records), 85 % passports, mostly lost/stolen,
 * 1 % rows with a reference.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { importDocumentListCsv, importDocumentListRows, type DocumentRow, type ImportReport } from '../../electron/station/watchlists/documents/document-list-import.js';
import { DocumentListStore } from '../../electron/station/watchlists/documents/document-list-store.js';
import { listPath } from '../../electron/station/watchlists/documents/document-list-format.js';
import { round, summarise } from './stats.js';
import type { BenchSuite } from './suite.js';

const LIST_SEED = 0x5eed0001;
const MISS_SEED = 0x5eed0002;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Number formats: D digit, L letter, A letter or digit, G German passport alphabet (no vowels). */
const ALPHABET: Record<string, string> = {
  D: '0123456789',
  L: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  A: '0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ',
  G: 'CFGHJKLMNPRTVWXYZ0123456789',
};

interface StateProfile {
  code: string;
  weight: number;
  passport: string[];
  idCard?: string[];
}

const NAMED_STATES: StateProfile[] = [
  { code: 'USA', weight: 14, passport: ['DDDDDDDDD', 'LDDDDDDDD'] },
  { code: 'GBR', weight: 7, passport: ['DDDDDDDDD'] },
  { code: 'D', weight: 6, passport: ['GGGGGGGGG'], idCard: ['LGGGGGGGG'] },
  { code: 'FRA', weight: 6, passport: ['DDLLDDDDD'], idCard: ['DDDDDDDDDDDD'] },
  { code: 'ITA', weight: 5, passport: ['LLDDDDDDD'], idCard: ['LLDDDDDLL'] },
  { code: 'ESP', weight: 5, passport: ['LLLDDDDDD'], idCard: ['LLLDDDDDD'] },
  { code: 'CHN', weight: 5, passport: ['LDDDDDDDD'] },
  { code: 'IND', weight: 4, passport: ['LDDDDDDD'] },
  { code: 'RUS', weight: 4, passport: ['DDDDDDDDD'] },
  { code: 'BRA', weight: 3, passport: ['LLDDDDDD'] },
  { code: 'CAN', weight: 3, passport: ['LLDDDDDD'] },
  { code: 'AUS', weight: 3, passport: ['LDDDDDDD', 'PLDDDDDDD'] },
  { code: 'NLD', weight: 2, passport: ['LLAAAAAAD'], idCard: ['LLAAAAAAD'] },
  { code: 'POL', weight: 2, passport: ['LLDDDDDDD'], idCard: ['LLLDDDDDD'] },
  { code: 'UKR', weight: 2, passport: ['LLDDDDDD'] },
  { code: 'TUR', weight: 2, passport: ['LDDDDDDDD'] },
  { code: 'PRT', weight: 1, passport: ['LDDDDDD'], idCard: ['DDDDDDDDDLLD'] },
  { code: 'BEL', weight: 1, passport: ['LLDDDDDDD'], idCard: ['DDDDDDDDDDDD'] },
  { code: 'JPN', weight: 1, passport: ['LLDDDDDDD'] },
  { code: 'MEX', weight: 1, passport: ['LDDDDDDDD'] },
  { code: 'XXA', weight: 1, passport: ['LDDDDDDD'] },
];

const GENERIC_FORMATS = ['LDDDDDDD', 'LLDDDDDDD', 'DDDDDDDD', 'LLDDDDDD', 'DDDDDDDDD'];

/** Every other 3-letter code of the tail: deterministic pseudo-states with one generic format each. */
const TAIL_STATES: StateProfile[] = Array.from({ length: 170 }, (_, i) => {
  const h = fmix(i + 77);
  const code = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[h % 26]! + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[(h >>> 8) % 26]! + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[(i + 3) % 26]!;
  return { code: `${code}`, weight: 0.1, passport: [GENERIC_FORMATS[h % GENERIC_FORMATS.length]!] };
}).filter((s) => !NAMED_STATES.some((n) => n.code === s.code));

const STATES = [...NAMED_STATES, ...TAIL_STATES];
const CUMULATIVE = (() => {
  const total = STATES.reduce((a, s) => a + s.weight, 0);
  let acc = 0;
  return STATES.map((s) => (acc += s.weight / total));
})();

function pickState(u: number): StateProfile {
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CUMULATIVE[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return STATES[lo]!;
}

// The generator's random stream: a counter hashed with the row's base. Module state rather than a
// closure per row, because tsx (which runs the benchmarks) wraps every named closure it creates.
let streamBase = 0;
let streamStep = 0;
function next(): number {
  return fmix(streamBase + Math.imul(++streamStep, 0x9e3779b9));
}

/** Row i of the list generated with `seed`: a pure function of (i, seed). */
export function syntheticDocument(i: number, seed: number = LIST_SEED): DocumentRow {
  streamBase = fmix(i ^ seed) ^ Math.imul(seed, 0x27d4eb2f);
  streamStep = 0;
  const state = pickState(next() / 4294967296);
  const isId = state.idCard !== undefined && next() % 100 < 30;
  const formats = isId ? state.idCard! : state.passport;
  const format = formats[next() % formats.length]!;
  let number = '';
  for (let p = 0; p < format.length; p++) {
    const alphabet = ALPHABET[format[p]!];
    number += alphabet ? alphabet[next() % alphabet.length] : format[p];
  }
  const s = next() % 100;
  const status = s < 55 ? 'LOST' : s < 95 ? 'STOLEN' : s < 99 ? 'REVOKED' : 'STOLEN BLANK';
  const type = isId ? 'I' : next() % 100 < 97 ? 'P' : 'V';
  const reference = next() % 100 === 0 ? `NCB-${2015 + (next() % 10)}-${next() % 1000000}` : null;
  return { number, issuingState: state.code, type, status, reference };
}

async function writeCsv(path: string, n: number): Promise<number> {
  const t0 = performance.now();
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write('number,issuing_state,type,status,source,reference\n');
  let buf = '';
  for (let i = 0; i < n; i++) {
    const d = syntheticDocument(i);
    buf += `${d.number},${d.issuingState},${d.type},${d.status},,${d.reference ?? ''}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return performance.now() - t0;
}

function* syntheticRows(n: number): Generator<DocumentRow> {
  for (let i = 0; i < n; i++) yield syntheticDocument(i);
}

export interface LookupFigures {
  startupMs: number;
  loadMs: number;
  rssAfterOpenBytes: number;
  rssAfterLookupsBytes: number;
  heapUsedAfterOpenBytes: number;
  timerOverheadP50Us: number;
  hits: { n: number; p50: number; p90: number; p99: number; max: number; mean: number; batchMeanUs: number };
  misses: { n: number; p50: number; p90: number; p99: number; max: number; mean: number; batchMeanUs: number };
  missCandidates: { clean: number; listedByChance: number; ocrVariant: number };
  nodeVersion: string;
}

/**
 * Runs in a fresh process (see `run`): open, then 1 M hits and 1 M misses alternating.
 * Exported so the child can import it; not a public API.
 */
export async function measureLookups(dir: string, listSize: number, lookups: number): Promise<LookupFigures> {
  const t0 = process.hrtime.bigint();
  const store = DocumentListStore.open(dir);
  const startupMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssAfterOpenBytes = process.memoryUsage().rss;
  const heapUsedAfterOpenBytes = process.memoryUsage().heapUsed;

  // Queries are prepared before timing so that generating them is not measured.
  const hitNumbers: string[] = [];
  const hitStates: string[] = [];
  const missNumbers: string[] = [];
  const missStates: string[] = [];
  for (let i = 0; i < lookups; i++) {
    const h = syntheticDocument(fmix(i ^ 0x1234567) % listSize);
    hitNumbers.push(h.number);
    hitStates.push(h.issuingState);
    const m = syntheticDocument(i, MISS_SEED);
    missNumbers.push(m.number);
    missStates.push(m.issuingState);
  }

  // Warm up: JIT and the pages of the file a booth would have touched.
  for (let i = 0; i < Math.min(lookups, 200_000); i++) {
    store.check(hitNumbers[i]!, hitStates[i]!);
    store.check(missNumbers[i]!, missStates[i]!);
  }

  const timer = new Float64Array(100_000);
  for (let i = 0; i < timer.length; i++) {
    const a = process.hrtime.bigint();
    const b = process.hrtime.bigint();
    timer[i] = Number(b - a) / 1000;
  }

  const hitUs = new Float64Array(lookups);
  const missUs = new Float64Array(lookups);
  let clean = 0;
  let listedByChance = 0;
  let ocrVariant = 0;
  for (let i = 0; i < lookups; i++) {
    const a = process.hrtime.bigint();
    const hit = store.check(hitNumbers[i]!, hitStates[i]!);
    const b = process.hrtime.bigint();
    const miss = store.check(missNumbers[i]!, missStates[i]!);
    const c = process.hrtime.bigint();
    hitUs[i] = Number(b - a) / 1000;
    missUs[i] = Number(c - b) / 1000;
    if (!hit.hit || hit.entries[0]!.match !== 'exact') throw new Error(`listed document ${hitNumbers[i]} ${hitStates[i]} was not found`);
    if (!miss.hit) clean++;
    else if (miss.entries[0]!.match === 'exact') listedByChance++;
    else ocrVariant++;
  }

  const batch = 100;
  const batchMean = (numbers: string[], states: string[]) => {
    let total = 0n;
    for (let i = 0; i + batch <= lookups; i += batch) {
      const a = process.hrtime.bigint();
      for (let j = i; j < i + batch; j++) store.check(numbers[j]!, states[j]!);
      total += process.hrtime.bigint() - a;
    }
    return Number(total) / 1000 / (Math.floor(lookups / batch) * batch);
  };
  const hitsBatchMeanUs = batchMean(hitNumbers, hitStates);
  const missesBatchMeanUs = batchMean(missNumbers, missStates);

  const loadMs = store.stats().loadMs;
  const rssAfterLookupsBytes = process.memoryUsage().rss;
  store.close();
  return {
    startupMs,
    loadMs,
    rssAfterOpenBytes,
    rssAfterLookupsBytes,
    heapUsedAfterOpenBytes,
    timerOverheadP50Us: summarise([...timer]).p50,
    hits: { ...summarise([...hitUs]), batchMeanUs: hitsBatchMeanUs },
    misses: { ...summarise([...missUs]), batchMeanUs: missesBatchMeanUs },
    missCandidates: { clean, listedByChance, ocrVariant },
    nodeVersion: process.version,
  };
}

function lookupsInFreshProcess(dir: string, listSize: number, lookups: number): Promise<LookupFigures> {
  const self = fileURLToPath(import.meta.url);
  const code = `const m = await import(${JSON.stringify(new URL(`file://${self}`).href)}); process.stdout.write(JSON.stringify(await m.measureLookups(${JSON.stringify(dir)}, ${listSize}, ${lookups})));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve(JSON.parse(out) as LookupFigures) : reject(new Error(`lookup process exited with ${status}`))));
  });
}

/** Bytes per table and index, from SQLite's dbstat. */
function fileBreakdown(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{ name: string; bytes: number }>;
    return Object.fromEntries(rows.map((r) => [r.name, r.bytes]));
  } finally {
    db.close();
  }
}

const MiB = 1024 * 1024;

export const watchlistDocuments: BenchSuite = {
  name: 'watchlists-documents',
  description: 'lost/stolen documents list: import rate, bytes per record, check latency (hit/miss), startup, memory',
  async run() {
    const n = Number(process.env.BENCH_DOCS ?? 10_000_000);
    const lookups = Number(process.env.BENCH_DOCS_LOOKUPS ?? Math.min(1_000_000, n));
    const withRows = process.env.BENCH_DOCS_ROWS !== '0';
    const work = mkdtempSync(join(tmpdir(), 'borderpost-bench-docs-'));
    const loadBefore = loadavg()[0]!;
    try {
      const csvPath = join(work, 'list.csv');
      const csvWriteMs = await writeCsv(csvPath, n);
      const csvBytes = statSync(csvPath).size;

      const csvDir = join(work, 'from-csv');
      const rssBefore = process.memoryUsage().rss;
      const csv: ImportReport = await importDocumentListCsv(csvPath, { dir: csvDir, source: 'INTERPOL SLTD (synthetic)', version: `bench-${n}` });
      const importMaxRssBytes = process.resourceUsage().maxRSS * 1024;
      rmSync(csvPath);

      let rows: ImportReport | null = null;
      let generateMs = 0;
      if (withRows) {
        // The generator's own cost, so the reader can see what the importer adds.
        const sample = Math.min(n, 1_000_000);
        const g0 = performance.now();
        let chars = 0;
        for (const d of syntheticRows(sample)) chars += d.number.length;
        if (chars === 0) throw new Error('the generator produced nothing');
        generateMs = ((performance.now() - g0) * n) / sample;
        rows = await importDocumentListRows(syntheticRows(n), { dir: join(work, 'from-rows'), source: 'INTERPOL SLTD (synthetic)', version: `bench-${n}` });
        rmSync(join(work, 'from-rows'), { recursive: true, force: true });
      }

      const breakdown = fileBreakdown(listPath(csvDir));
      const look = await lookupsInFreshProcess(csvDir, n, lookups);
      const loadAfter = loadavg()[0]!;

      const us = (x: number) => round(x, 2);
      const perRecord = (bytes: number | undefined) => round((bytes ?? 0) / csv.records, 2);
      return {
        suite: 'watchlists-documents',
        description: this.description,
        figures: {
          documents: n,
          records: csv.records,
          longRecords: csv.longRecords,
          duplicatesInInput: csv.duplicates,
          csvBytes,
          csvWriteMs: round(csvWriteMs, 0),
          importCsvRowsPerSec: Math.round(csv.rowsPerSecond),
          importCsvRowsPerCpuSec: Math.round((csv.rowsRead / csv.cpuMs) * 1000),
          importCsvMs: round(csv.elapsedMs, 0),
          importCsvCpuMs: round(csv.cpuMs, 0),
          importCsvReadMs: round(csv.phasesMs.reading, 0),
          importCsvSortMs: round(csv.phasesMs.sorting, 0),
          importCsvInsertMs: round(csv.phasesMs.inserting, 0),
          importCsvPrefilterMs: round(csv.phasesMs.prefilter, 0),
          importCsvFinishMs: round(csv.phasesMs.finishing, 0),
          importCsvReadCpuMs: round(csv.phasesCpuMs.reading, 0),
          importCsvSortCpuMs: round(csv.phasesCpuMs.sorting, 0),
          importCsvInsertCpuMs: round(csv.phasesCpuMs.inserting, 0),
          importCsvPrefilterCpuMs: round(csv.phasesCpuMs.prefilter, 0),
          importCsvFinishCpuMs: round(csv.phasesCpuMs.finishing, 0),
          importMaxRssMiB: round(importMaxRssBytes / MiB, 0),
          importRssBeforeMiB: round(rssBefore / MiB, 0),
          ...(rows
            ? {
                importRowsRowsPerSec: Math.round(rows.rowsPerSecond),
                importRowsRowsPerCpuSec: Math.round((rows.rowsRead / rows.cpuMs) * 1000),
                importRowsMs: round(rows.elapsedMs, 0),
                importRowsGeneratorMsEstimate: round(generateMs, 0),
              }
            : {}),
          fileBytes: csv.bytes,
          bytesPerRecord: round(csv.bytesPerRecord, 2),
          documentsTableBytesPerRecord: perRecord(breakdown['documents']),
          prefilterBytesPerRecord: perRecord(breakdown['prefilter_chunks']),
          otherTablesBytesPerRecord: perRecord(csv.bytes - (breakdown['documents'] ?? 0) - (breakdown['prefilter_chunks'] ?? 0)),
          prefilterBytes: csv.prefilter.blocks * 64,
          prefilterKeys: csv.prefilter.keys,
          prefilterDesignFalsePositiveRate: csv.prefilter.designFalsePositiveRate,
          prefilterPredictedFalsePositiveRate: csv.prefilter.predictedFalsePositiveRate,
          lookups,
          hitP50Us: us(look.hits.p50),
          hitP90Us: us(look.hits.p90),
          hitP99Us: us(look.hits.p99),
          hitMaxUs: us(look.hits.max),
          hitBatchMeanUs: us(look.hits.batchMeanUs),
          missP50Us: us(look.misses.p50),
          missP90Us: us(look.misses.p90),
          missP99Us: us(look.misses.p99),
          missMaxUs: us(look.misses.max),
          missBatchMeanUs: us(look.misses.batchMeanUs),
          timerOverheadP50Us: us(look.timerOverheadP50Us),
          missCandidatesClean: look.missCandidates.clean,
          missCandidatesListedByChance: look.missCandidates.listedByChance,
          missCandidatesOcrVariant: look.missCandidates.ocrVariant,
          startupMs: round(look.startupMs, 1),
          storeLoadMs: round(look.loadMs, 1),
          rssAfterOpenMiB: round(look.rssAfterOpenBytes / MiB, 1),
          rssAfterLookupsMiB: round(look.rssAfterLookupsBytes / MiB, 1),
          heapUsedAfterOpenMiB: round(look.heapUsedAfterOpenBytes / MiB, 1),
          loadAverageBefore: round(loadBefore, 2),
          loadAverageAfter: round(loadAfter, 2),
          targetsMet: look.hits.p99 < 10 && look.misses.p99 < 2 && csv.rowsPerSecond >= 1_000_000 && csv.bytesPerRecord <= 20,
        },
        table: [
          { measure: 'import from CSV (wall clock)', value: Math.round(csv.rowsPerSecond), unit: 'rows/s', target: '≥ 1,000,000' },
          { measure: 'import from CSV (per CPU second)', value: Math.round((csv.rowsRead / csv.cpuMs) * 1000), unit: 'rows/s', target: '' },
          ...(rows ? [{ measure: 'import from rows (incl. generator)', value: Math.round(rows.rowsPerSecond), unit: 'rows/s', target: '≥ 1,000,000' }] : []),
          { measure: 'file size per record (incl. prefilter)', value: round(csv.bytesPerRecord, 2), unit: 'bytes', target: '≤ 20' },
          { measure: 'hit p50 / p99', value: `${us(look.hits.p50)} / ${us(look.hits.p99)}`, unit: 'µs', target: 'p99 < 10' },
          { measure: 'miss p50 / p99', value: `${us(look.misses.p50)} / ${us(look.misses.p99)}`, unit: 'µs', target: 'p99 < 2' },
          { measure: 'startup (open + prefilter)', value: round(look.startupMs, 1), unit: 'ms', target: '' },
          { measure: 'RSS after open', value: round(look.rssAfterOpenBytes / MiB, 1), unit: 'MiB', target: '' },
          { measure: 'load average before / after', value: `${round(loadBefore, 2)} / ${round(loadAfter, 2)}`, unit: '', target: '(2 cores)' },
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
