/**
 * Person watch-list at scale: a deterministic synthetic list of BENCH_PERSONS persons (default
 * 1 000 000; electron/station/watchlists/persons/synthetic-persons.ts) written as CSV, imported
 * (encrypted, as the CLI does), then checked with BENCH_PERSON_QUERIES travellers (default 2 000):
 * 60 % listed persons as their documents might spell them (six kinds of variation), 40 % travellers
 * who are not listed. Checks run in a child process, so that the resident memory measured is the
 * station's (the list opened), not the importer's garbage.
 *
 * Figures: import rate, file size, importer peak RSS; open time and RSS after load; check latency
 * p50/p99 (wall and CPU time: this machine is shared, CPU time is the steadier figure) with the
 * posting lists read from SQLite and held in memory; recall of the listed travellers (returned as a
 * hit) per kind of variation, with every miss attributed to one cause (the matcher, no shared key,
 * the posting cap, the scoring budget); the hit rate on unlisted travellers. Then the name-matching
 * quality of evaluateNameMatching() on the real data sets, per subset.
 *
 * BENCH_PERSONS_LIST_DIR=<dir> keeps the imported list (and the import figures) in <dir> and reuses
 * it on the next run with the same BENCH_PERSONS: the checks and the figures of the import that
 * built it, without spending the three minutes and 2.5 GB of a 1 M import again (`listReused` says
 * so in the figures). Delete the directory after changing the blocking keys or the list format.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp-dir.js';
import { importPersonList, type ImportSummary } from '../../electron/station/watchlists/persons/index.js';
import {
  CSV_HEADER,
  VARIANT_KINDS,
  seededRandom,
  syntheticPersons,
  syntheticTravellers,
  toCsvLine,
  travellerVariant,
  type SyntheticPerson,
} from '../../electron/station/watchlists/persons/synthetic-persons.js';
import { DEFAULT_THRESHOLD } from '../../electron/station/watchlists/names/index.js';
import { evaluateNameMatching, formatReport } from '../../electron/station/watchlists/names/evaluate.js';
import { round, summarise } from './stats.js';
import type { BenchSuite } from './suite.js';

/** One check the child runs; `target` set for listed travellers. */
export interface BenchQuery {
  name: string;
  birthDate: string;
  nationality?: string;
  kind: string;
  target?: { id: string; names: string[]; birthDates: string[] };
}

/** A rerun of every query with other search options, for the latency/recall trade-off. */
export interface Sweep {
  label: string;
  options: Record<string, number>;
}

export interface ChildReport {
  sweeps: Array<{ label: string; wallMs: number[]; listedFound: number }>;
  rssAfterOpenBytes: number;
  rssAfterChecksBytes: number;
  openMs: number;
  modes: Array<{
    index: 'sqlite' | 'memory';
    openMs: number;
    rssDeltaBytes: number;
    wallMs: number[];
    cpuMs: number[];
    outcomes: Array<{ hit: boolean; returned: boolean; hits: number; truncated: boolean; cause?: string; example?: string }>;
  }>;
}

const LIST_KEY = '5e'.repeat(32);
const TODAY = new Date().toISOString().slice(0, 10);

function buildQueries(sample: SyntheticPerson[], unlisted: number): BenchQuery[] {
  const rng = seededRandom(424242);
  const listed: BenchQuery[] = sample.map((p, i) => {
    const kind = VARIANT_KINDS[i % VARIANT_KINDS.length]!;
    return {
      name: travellerVariant(rng, p, kind),
      birthDate: p.trueBirthDate,
      ...(rng() < 0.5 && p.alert.nationalities?.[0] ? { nationality: p.alert.nationalities[0] } : {}),
      kind,
      target: { id: p.alert.id, names: [p.alert.name, ...p.alert.aliases], birthDates: p.alert.birthDates },
    };
  });
  const others: BenchQuery[] = [...syntheticTravellers(unlisted, 99)].map((p) => ({
    name: p.alert.name,
    birthDate: p.trueBirthDate,
    ...(p.alert.nationalities?.[0] ? { nationality: p.alert.nationalities[0] } : {}),
    kind: 'unlisted',
  }));
  // Interleave deterministically so that both kinds meet a warm and a cold cache alike.
  const out: BenchQuery[] = [];
  let a = 0;
  let b = 0;
  while (a < listed.length || b < others.length) {
    if (a < listed.length && (b >= others.length || rng() < listed.length / (listed.length + others.length))) out.push(listed[a++]!);
    else out.push(others[b++]!);
  }
  return out;
}

/**
 * The checking half, run in a fresh child process per index mode (so that neither mode inherits the
 * other's warm caches): opens the list, warms up, runs every query.
 */
function childScript(
  modules: { store: string; names: string; keys: string },
  dataDir: string,
  queriesFile: string,
  warmup: number,
  index: 'sqlite' | 'memory',
  sweeps: Sweep[],
): string {
  return `
import { readFileSync } from 'node:fs';
import { PersonListStore, DEFAULT_MAX_POSTINGS } from ${JSON.stringify(modules.store)};
import { normaliseName, scorePerson, DEFAULT_THRESHOLD } from ${JSON.stringify(modules.names)};
import { personNameKeys } from ${JSON.stringify(modules.keys)};
const queries = JSON.parse(readFileSync(${JSON.stringify(queriesFile)}, 'utf8'));
const report = { modes: [] };
for (const index of [${JSON.stringify(index)}]) {
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const store = PersonListStore.open({ dataDir: ${JSON.stringify(dataDir)}, key: ${JSON.stringify(LIST_KEY)}, index });
  const openMs = performance.now() - t0;
  globalThis.gc?.();
  const rss1 = process.memoryUsage().rss;
  if (index === 'sqlite') { report.rssAfterOpenBytes = rss1; report.openMs = openMs; }
  for (const q of queries.slice(0, ${warmup})) store.search(q);
  const wallMs = [], cpuMs = [], outcomes = [];
  for (const q of queries) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const r = store.search({ name: q.name, birthDate: q.birthDate, ...(q.nationality ? { nationality: q.nationality } : {}) });
    wallMs.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    const mine = q.target ? r.candidates.find((x) => x.id === q.target.id) : undefined;
    const o = { hit: !!mine?.hit, returned: !!mine, hits: r.hits, truncated: r.truncated };
    if (q.target && !o.hit && index === 'sqlite') {
      const direct = scorePerson({ name: q.name, birthDate: q.birthDate, ...(q.nationality ? { nationality: q.nationality } : {}) },
        { id: q.target.id, name: q.target.names[0], aliases: q.target.names.slice(1), birthDates: q.target.birthDates, nationalities: q.nationality ? [q.nationality] : [] });
      const qk = new Set(personNameKeys(q.name));
      const shared = [...new Set(q.target.names.flatMap((n) => personNameKeys(n)))].filter((k) => qk.has(k));
      // Keys the search used: not capped at build time, not longer than the search's posting limit.
      const usable = shared.filter((k) => { const info = store.keyInfo(k); return info && !info.capped && info.names <= DEFAULT_MAX_POSTINGS; });
      o.cause = direct.score < DEFAULT_THRESHOLD ? 'matcher' : shared.length === 0 ? 'no shared key' : usable.length === 0 ? 'only common keys shared (posting cap/limit)' : r.hits >= 10 && r.truncated ? 'more hits than the limit (flagged incomplete)' : 'scoring budget';
    }
    if (!q.target && r.hits > 0 && index === 'sqlite') {
      // A hit on an unlisted traveller: a listed person of the same name (same elements in any
      // order, after normalisation), or a different name the matcher scores over the threshold.
      const norm = (n) => normaliseName(n).split(' ').filter(Boolean).sort().join(' ');
      const mine = norm(q.name);
      const h = r.candidates.find((c) => c.hit);
      o.cause = [h.name, ...h.aliases].some((n) => norm(n) === mine) ? 'same name' : 'similar name';
      o.example = q.name + ' ~ ' + h.name;
    }
    outcomes.push(o);
  }
  globalThis.gc?.();
  if (index === 'sqlite') report.rssAfterChecksBytes = process.memoryUsage().rss;
  report.modes.push({ index, openMs, rssDeltaBytes: rss1 - rss0, wallMs, cpuMs, outcomes });
  report.sweeps = [];
  for (const sweep of ${JSON.stringify(sweeps)}) {
    const ms = [];
    let found = 0;
    for (const q of queries) {
      const w0 = performance.now();
      const r = store.search({ name: q.name, birthDate: q.birthDate, ...(q.nationality ? { nationality: q.nationality } : {}) }, sweep.options);
      ms.push(performance.now() - w0);
      if (q.target && r.candidates.some((x) => x.id === q.target.id && x.hit)) found++;
    }
    report.sweeps.push({ label: sweep.label, wallMs: ms, listedFound: found });
  }
  store.close();
}
process.stdout.write(JSON.stringify(report));
`;
}

async function runChild(script: string, file: string): Promise<ChildReport> {
  // (one mode per process; the report has one entry in `modes`)
  writeFileSync(file, script);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => chunks.push(b));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`the checking process failed (exit ${code})`);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChildReport;
}

const pct = (x: number) => round(100 * x, 2);

export const watchlistPersons: BenchSuite = {
  name: 'watchlists-persons',
  description: 'person watch-list: import rate, check latency p50/p99, memory, file size, recall; name-matching quality per subset',
  async run() {
    const n = Number(process.env.BENCH_PERSONS ?? 1_000_000);
    const nQueries = Number(process.env.BENCH_PERSON_QUERIES ?? 2000);
    const nListed = Math.round(nQueries * 0.6);
    const load = [loadavg()[0]!];
    const dir = tempDir('borderpost-bench-persons-');
    const keptDir = process.env.BENCH_PERSONS_LIST_DIR ? join(process.env.BENCH_PERSONS_LIST_DIR, String(n)) : undefined;
    const keptFile = keptDir ? join(keptDir, 'import.json') : undefined;
    const reuse = keptFile !== undefined && existsSync(keptFile);
    try {
      const csv = join(dir.path, 'persons.csv');
      const dataDir = keptDir ? join(keptDir, 'data') : join(dir.path, 'data');

      // 1. Generate the list (CSV, streamed) and keep an even sample of listed persons.
      let t = performance.now();
      const out = reuse ? undefined : createWriteStream(csv);
      out?.write(CSV_HEADER + '\n');
      const sample: SyntheticPerson[] = [];
      const every = Math.max(1, Math.floor(n / (nListed * 1.2)));
      let i = 0;
      for (const p of syntheticPersons(n)) {
        if (out && !out.write(toCsvLine(p) + '\n')) await once(out, 'drain');
        const expired = p.alert.expires !== undefined && p.alert.expires < TODAY;
        if (i++ % every === 0 && !expired && sample.length < nListed) sample.push(p);
      }
      if (out) {
        out.end();
        await once(out, 'finish');
      }

      // 2. Import, sampling the importer's resident memory (or the figures of the kept list's import).
      let imported: { generateS: number; csvBytes: number; peakRss: number; importS: number; summary: ImportSummary };
      if (reuse) {
        imported = JSON.parse(readFileSync(keptFile!, 'utf8')) as typeof imported;
        console.error(`  reusing the list imported in ${keptDir}`);
      } else {
        const generateS = (performance.now() - t) / 1000;
        const csvBytes = statSync(csv).size;
        let peakRss = process.memoryUsage().rss;
        t = performance.now();
        if (keptDir) {
          rmSync(keptDir, { recursive: true, force: true });
          mkdirSync(keptDir, { recursive: true });
        }
        const summary = await importPersonList({
          dataDir,
          file: csv,
          key: LIST_KEY,
          progressEvery: 25_000,
          onProgress: (p) => {
            peakRss = Math.max(peakRss, process.memoryUsage().rss);
            if (p.phase !== 'reading' || p.imported % 200_000 < 25_000) console.error(`  import ${p.phase}: ${p.imported} persons`);
          },
        });
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        imported = { generateS, csvBytes, peakRss, importS: (performance.now() - t) / 1000, summary };
        if (keptFile) writeFileSync(keptFile, JSON.stringify({ ...imported, summary: { ...summary, errors: [], warnings: [] } }));
      }
      const { generateS, csvBytes, peakRss, importS, summary } = imported;

      // 3. Checks, in a child process.
      const queries = buildQueries(sample, nQueries - sample.length);
      // (beside a kept list, so that a profiling script can rerun the same checks)
      const queriesFile = join(keptDir ?? dir.path, 'queries.json');
      writeFileSync(queriesFile, JSON.stringify(queries));
      const modules = {
        store: fileURLToPath(new URL('../../electron/station/watchlists/persons/index.ts', import.meta.url)),
        names: fileURLToPath(new URL('../../electron/station/watchlists/names/index.ts', import.meta.url)),
        keys: fileURLToPath(new URL('../../electron/station/watchlists/persons/blocking-keys.ts', import.meta.url)),
      };
      // Blocking alone (no name scored), and other scoring budgets (µs, see person-list-store.ts),
      // each `budget` or `budget:persons` (persons and names scored at most, default 150 each).
      // And other posting-list limits (names per key, see DEFAULT_MAX_POSTINGS).
      const budgets = (process.env.BENCH_PERSONS_BUDGETS ?? '3000,6000:200,9000:300')
        .split(',')
        .filter(Boolean)
        .map((b) => b.split(':').map(Number) as [number, number?]);
      const postingLimits = (process.env.BENCH_PERSONS_MAX_POSTINGS ?? '2000,20000').split(',').filter(Boolean).map(Number);
      const sweeps: Sweep[] = [
        { label: 'blocking and ranking only', options: { nameBudget: 0, minNamesScored: 0 } },
        ...budgets.map(([b, persons]): Sweep =>
          persons === undefined
            ? { label: `scoring budget ${b}`, options: { scoringBudget: b } }
            : { label: `scoring budget ${b}, ${persons} persons`, options: { scoringBudget: b, maxScored: persons, nameBudget: persons } },
        ),
        ...postingLimits.map((m) => ({ label: `max postings ${m}`, options: { maxPostings: m } })),
      ];
      load.push(loadavg()[0]!);
      const child = await runChild(childScript(modules, dataDir, queriesFile, 100, 'sqlite', sweeps), join(dir.path, 'checks-sqlite.mts'));
      load.push(loadavg()[0]!);
      // The in-memory index holds every key as a JS string (~600 B each, measured at 100 k): gigabytes at 1 M persons,
      // so by default it is compared at 200 k persons or fewer (BENCH_PERSONS_MEMORY_INDEX=1 forces it).
      const compareMemory = (process.env.BENCH_PERSONS_MEMORY_INDEX ?? (n <= 200_000 ? '1' : '0')) === '1';
      const childMemory = compareMemory ? await runChild(childScript(modules, dataDir, queriesFile, 100, 'memory', []), join(dir.path, 'checks-memory.mts')) : undefined;
      load.push(loadavg()[0]!);

      const listedIdx = queries.map((q, k) => (q.target ? k : -1)).filter((k) => k >= 0);
      const unlistedIdx = queries.map((q, k) => (q.target ? -1 : k)).filter((k) => k >= 0);
      const sqlite = child.modes.find((m) => m.index === 'sqlite')!;
      const memory = childMemory?.modes[0];
      const wall = summarise(sqlite.wallMs);
      const cpu = summarise(sqlite.cpuMs);
      const memWall = summarise(memory?.wallMs ?? []);
      const memCpu = summarise(memory?.cpuMs ?? []);
      const listedOut = listedIdx.map((k) => sqlite.outcomes[k]!);
      const recall = listedOut.filter((o) => o.hit).length / listedOut.length;
      const causes: Record<string, number> = {};
      for (const o of listedOut) if (o.cause) causes[o.cause] = (causes[o.cause] ?? 0) + 1;
      const unlistedHitRate = unlistedIdx.filter((k) => sqlite.outcomes[k]!.hits > 0).length / unlistedIdx.length;
      const unlistedCauses: Record<string, number> = {};
      for (const k of unlistedIdx) {
        const c = sqlite.outcomes[k]!.cause;
        if (c) unlistedCauses[c] = (unlistedCauses[c] ?? 0) + 1;
      }
      const similarExamples = unlistedIdx.map((k) => sqlite.outcomes[k]!).filter((o) => o.cause === 'similar name').slice(0, 8).map((o) => o.example);
      if (similarExamples.length) console.log(`  unlisted travellers hit by a similar name, e.g.:\n    ${similarExamples.join('\n    ')}`);
      const truncatedRate = sqlite.outcomes.filter((o) => o.truncated).length / sqlite.outcomes.length;
      const perKind: Record<string, number> = {};
      for (const kind of VARIANT_KINDS) {
        const ks = listedIdx.filter((k) => queries[k]!.kind === kind);
        perKind[kind] = ks.filter((k) => sqlite.outcomes[k]!.hit).length / ks.length;
      }
      const listFile = join(dataDir, 'watchlist-persons.db');
      const fileBytes = statSync(listFile).size;

      // 4. Name-matching quality on the real data sets (skipped when they are absent).
      t = performance.now();
      let quality: ReturnType<typeof evaluateNameMatching> | undefined;
      try {
        quality = evaluateNameMatching();
      } catch (e) {
        console.error(`  name-matching quality skipped: ${(e as Error).message}`);
        quality = evaluateNameMatching({ generatedOnly: true });
      }
      const qualityS = (performance.now() - t) / 1000;
      console.log(formatReport(quality));

      const figures: Record<string, number | string | boolean> = {
        persons: summary.imported,
        listReused: reuse,
        aliases: summary.aliases,
        names: summary.imported + summary.aliases,
        queries: queries.length,
        listedQueries: listedIdx.length,
        unlistedQueries: unlistedIdx.length,
        generateSeconds: round(generateS, 1),
        csvBytes,
        importSeconds: round(importS, 1),
        importPersonsPerSec: Math.round(summary.imported / importS),
        importPeakRssBytes: peakRss,
        fileBytes,
        fileBytesPerPerson: Math.round(fileBytes / summary.imported),
        blockingKeys: summary.keys,
        cappedKeys: summary.cappedKeys,
        postings: summary.postings,
        openMs: round(child.openMs, 1),
        rssAfterOpenBytes: child.rssAfterOpenBytes,
        rssAfterChecksBytes: child.rssAfterChecksBytes,
        checkWallP50Ms: round(wall.p50),
        checkWallP99Ms: round(wall.p99),
        checkWallMaxMs: round(wall.max),
        checkCpuP50Ms: round(cpu.p50),
        checkCpuP99Ms: round(cpu.p99),
        ...(memory
          ? {
              memoryIndexOpenMs: round(memory.openMs, 1),
              memoryIndexRssDeltaBytes: memory.rssDeltaBytes,
              memoryIndexWallP50Ms: round(memWall.p50),
              memoryIndexWallP99Ms: round(memWall.p99),
              memoryIndexCpuP99Ms: round(memCpu.p99),
            }
          : { memoryIndex: 'not measured at this size' }),
        listedRecallPct: pct(recall),
        unlistedHitRatePct: pct(unlistedHitRate),
        truncatedPct: pct(truncatedRate),
        threshold: DEFAULT_THRESHOLD,
        loadAverage: load.map((x) => x.toFixed(2)).join(' → '),
        qualitySeconds: round(qualityS, 1),
      };
      for (const [kind, r] of Object.entries(perKind)) figures[`recallPct.${kind}`] = pct(r);
      for (const [cause, count] of Object.entries(causes)) figures[`missed.${cause}`] = count;
      for (const [cause, count] of Object.entries(unlistedCauses)) figures[`unlistedHit.${cause}`] = count;
      const sweepRows = child.sweeps.map((sw) => {
        const st = summarise(sw.wallMs);
        figures[`sweep.${sw.label}.wallP50Ms`] = round(st.p50);
        figures[`sweep.${sw.label}.wallP99Ms`] = round(st.p99);
        figures[`sweep.${sw.label}.listedRecallPct`] = pct(sw.listedFound / listedIdx.length);
        return { measure: `check with ${sw.label}`, value: `p50 ${round(st.p50, 2)} / p99 ${round(st.p99, 2)} ms`, detail: `listed travellers returned as hit ${pct(sw.listedFound / listedIdx.length)} %` };
      });
      for (const s of quality.sets) {
        figures[`quality.${s.set}.recallPct`] = pct(s.recall);
        figures[`quality.${s.set}.precisionPct`] = Number.isNaN(s.precision) ? 'n/a' : pct(s.precision);
        figures[`quality.${s.set}.blockingRecallPct`] = pct(s.blockingRecall);
      }

      const mib = (b: number) => round(b / 2 ** 20, 1);
      const table: Array<Record<string, string | number>> = [
        { measure: `import ${summary.imported} persons (${summary.aliases} aliases)${reuse ? ', list reused: figures of the run that built it' : ''}`, value: `${round(importS, 1)} s`, detail: `${Math.round(summary.imported / importS)} persons/s; importer peak RSS ${mib(peakRss)} MiB` },
        { measure: 'list file (encrypted)', value: `${mib(fileBytes)} MiB`, detail: `${Math.round(fileBytes / summary.imported)} B/person; ${summary.keys} keys, ${summary.cappedKeys} capped, ${summary.postings} postings` },
        { measure: 'open (SQLite posting lists)', value: `${round(child.openMs, 1)} ms`, detail: `RSS after open ${mib(child.rssAfterOpenBytes)} MiB, after ${queries.length} checks ${mib(child.rssAfterChecksBytes)} MiB` },
        { measure: 'check, SQLite posting lists', value: `p50 ${round(wall.p50, 2)} / p99 ${round(wall.p99, 2)} ms`, detail: `CPU p50 ${round(cpu.p50, 2)} / p99 ${round(cpu.p99, 2)} ms; max ${round(wall.max, 1)} ms` },
        memory
          ? { measure: 'check, posting lists in memory', value: `p50 ${round(memWall.p50, 2)} / p99 ${round(memWall.p99, 2)} ms`, detail: `CPU p99 ${round(memCpu.p99, 2)} ms; open ${round(memory.openMs)} ms, +${mib(memory.rssDeltaBytes)} MiB` }
          : { measure: 'check, posting lists in memory', value: 'not measured', detail: 'set BENCH_PERSONS_MEMORY_INDEX=1 (needs ~600 B of RAM per key)' },
        ...sweepRows,
        { measure: `listed travellers returned as hit (${listedIdx.length})`, value: `${pct(recall)} %`, detail: Object.entries(perKind).map(([k, r]) => `${k} ${pct(r)}%`).join(', ') },
        { measure: 'missed listed travellers, by cause', value: listedOut.filter((o) => !o.hit).length, detail: JSON.stringify(causes) },
        { measure: `unlisted travellers with a hit (${unlistedIdx.length})`, value: `${pct(unlistedHitRate)} %`, detail: `${JSON.stringify(unlistedCauses)}; answers flagged incomplete (common name): ${pct(truncatedRate)} %` },
        ...quality.sets.map((s) => ({
          measure: `names: ${s.set}`,
          value: `recall ${pct(s.recall)} %`,
          detail: `precision ${Number.isNaN(s.precision) ? 'n/a' : `${pct(s.precision)} %`}, blocking recall ${pct(s.blockingRecall)} % (${s.positives} pos / ${s.negatives} neg, threshold ${s.threshold})`,
        })),
      ];
      return { suite: 'watchlists-persons', description: this.description, figures, table };
    } finally {
      dir.cleanup();
    }
  },
};
