/**
 * Quality figures of the name matcher, for the unit test (quality.test.ts) and the benchmark
 * suite. This is the one file of the folder that reads files: the real data sets live outside
 * the repository (../shared/datasets/names, see its MANIFEST.md), so it is not exported from
 * index.ts and the station bundle never loads it.
 *
 * Sets and subsets:
 *   generated        — eval-generated.ts: positives over 7 scripts and 8 kinds of variation, one
 *                      hard negative per positive.
 *   un_original_script — name_variant_pairs.csv, relation = original_script (UN list: the name in
 *                      Arabic/Cyrillic script vs its Latin form). Cross-script, all true matches.
 *   putin_fixture    — relation = same_person_variant (one person in 15 scripts and many languages).
 *   aka_spelling     — relation ∈ {aka, alias_good_quality} AND token_jaccard_derived > 0: aliases
 *                      sharing at least one exact token with the listed name, i.e. variants of the
 *                      same name rather than noms de guerre.
 *   aka_all          — relation ∈ {aka, fka, alias_good_quality}, unfiltered: includes unrelated
 *                      aliases, so its recall is a floor no name matcher can lift (reported only).
 *   nicknames        — relation = has_nickname (English given name → nickname, single tokens).
 *   Each real positive gets one negative: the listed name paired with a variant of a DIFFERENT
 *   record that shares at least one blocking key with it (what the index would retrieve), picked
 *   with a fixed seed; precision is at that 1:1 mix. Same-name collisions between different
 *   records are possible and would count as false positives.
 *   nomenklatura_person — nomenklatura_entity_bench_checks.csv, schema = Person (138 checks,
 *                      84 match / 54 no-match), written by OpenSanctions; structured rows are
 *                      flattened (name= if present, else first middle father last).
 *   watchman_cross_script — watchman_cross_script_pairs.csv (30 positives): smoke test only.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './eval-csv.js';
import { generatePairs, seededRandom, type LabelledPair } from './eval-generated.js';
import { DEFAULT_THRESHOLD, scoreNames } from './score.js';
import { nameKeys } from './candidate-keys.js';

export interface SetFigures {
  set: string;
  positives: number;
  negatives: number;
  truePositives: number;
  falsePositives: number;
  recall: number;
  /** NaN when the set has no negatives. */
  precision: number;
  /** Share of positives whose two names share at least one blocking key. */
  blockingRecall: number;
  threshold: number;
  /** A few misses, for the report. */
  exampleMisses: string[];
  exampleFalseMatches: string[];
}

export interface EvaluationReport {
  threshold: number;
  sets: SetFigures[];
}

export function figuresFor(set: string, pairs: readonly LabelledPair[], threshold = DEFAULT_THRESHOLD): SetFigures {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  let neg = 0;
  let blocked = 0;
  const misses: string[] = [];
  const falses: string[] = [];
  for (const p of pairs) {
    const s = scoreNames(p.query, p.candidate);
    const hit = s >= threshold;
    if (p.match) {
      pos++;
      if (hit) tp++;
      else if (misses.length < 12) misses.push(`${s.toFixed(2)} ${p.query} | ${p.candidate}`);
      const qk = new Set(nameKeys(p.query));
      if (nameKeys(p.candidate).some((k) => qk.has(k))) blocked++;
    } else {
      neg++;
      if (hit) {
        fp++;
        if (falses.length < 12) falses.push(`${s.toFixed(2)} ${p.query} | ${p.candidate}`);
      }
    }
  }
  return {
    set,
    positives: pos,
    negatives: neg,
    truePositives: tp,
    falsePositives: fp,
    recall: pos ? tp / pos : NaN,
    precision: tp + fp ? tp / (tp + fp) : NaN,
    blockingRecall: pos ? blocked / pos : NaN,
    threshold,
    exampleMisses: misses,
    exampleFalseMatches: falses,
  };
}

export function defaultDatasetDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // electron/station/watchlists/names → repo root → ../shared/datasets/names
  return resolve(here, '../../../../../shared/datasets/names');
}

interface VariantRow {
  canonical_name: string;
  variant: string;
  relation: string;
  source: string;
  source_record_id: string;
  token_jaccard_derived: string;
}

/**
 * One hard negative per positive: a variant of another record, from the same source, sharing a
 * blocking key with the listed name (what the index would hand to the scorer). Drawn by trying
 * random keys and random postings, so it stays fast on the 11k-row file.
 */
function withNegatives(positives: readonly VariantRow[], pool: readonly VariantRow[], seed: number, kind: string): LabelledPair[] {
  const rng = seededRandom(seed);
  const byKey = new Map<string, VariantRow[]>();
  const bySource = new Map<string, VariantRow[]>();
  for (const r of pool) {
    let src = bySource.get(r.source);
    if (!src) bySource.set(r.source, (src = []));
    src.push(r);
    for (const k of nameKeys(r.variant)) {
      if (k.startsWith('PP:')) continue;
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push(r);
    }
  }
  const out: LabelledPair[] = [];
  for (const p of positives) {
    out.push({ query: p.variant, candidate: p.canonical_name, match: true, kind, script: '' });
    // Same source only: OFAC and the UN list the same people under different record ids, so a
    // cross-source "negative" is often the same person. A source with one person (the Putin
    // fixture) takes its negatives from the sanctions lists.
    const sameSource = bySource.has(p.source);
    const acceptable = (r: VariantRow) =>
      (sameSource ? r.source === p.source && r.source_record_id !== p.source_record_id : true) && r.canonical_name !== p.canonical_name;
    const keys = nameKeys(p.canonical_name).filter((k) => !k.startsWith('PP:') && byKey.has(k));
    let chosen: VariantRow | undefined;
    for (let attempt = 0; attempt < 40 && !chosen && keys.length > 0; attempt++) {
      const list = byKey.get(keys[Math.floor(rng() * keys.length)]!) ?? [];
      const r = list[Math.floor(rng() * list.length)];
      if (r && acceptable(r)) chosen = r;
    }
    const fallback = sameSource ? (bySource.get(p.source) ?? []) : pool;
    for (let attempt = 0; attempt < 40 && !chosen; attempt++) {
      const r = fallback[Math.floor(rng() * fallback.length)];
      if (r && acceptable(r)) chosen = r;
    }
    if (chosen) out.push({ query: chosen.variant, candidate: p.canonical_name, match: false, kind, script: '' });
  }
  return out;
}

function flattenStructured(field: string): string {
  if (!field.includes('=')) return field;
  const parts = new Map<string, string>();
  for (const kv of field.split(';')) {
    const [k, ...v] = kv.split('=');
    if (k) parts.set(k.trim(), v.join('=').trim());
  }
  if (parts.get('name')) return parts.get('name') ?? '';
  return ['firstName', 'middleName', 'fatherName', 'lastName']
    .map((k) => parts.get(k))
    .filter(Boolean)
    .join(' ');
}

export interface EvaluateOptions {
  datasetDir?: string;
  threshold?: number;
  generatedCount?: number;
  /** Skip the real data sets (for environments without ../shared). */
  generatedOnly?: boolean;
  /** Only these sets (names as in SetFigures.set); all when absent. */
  sets?: readonly string[];
}

export const ALL_SETS = [
  'generated',
  'un_original_script',
  'putin_fixture',
  'aka_spelling',
  'aka_all',
  'nicknames',
  'nomenklatura_person',
  'watchman_cross_script',
] as const;

export function evaluateNameMatching(options: EvaluateOptions = {}): EvaluationReport {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const wanted = (set: string) => !options.sets || options.sets.includes(set);
  const sets: SetFigures[] = [];
  if (wanted('generated')) sets.push(figuresFor('generated', generatePairs(options.generatedCount ?? 2000), threshold));
  if (options.generatedOnly) return { threshold, sets };

  const dir = options.datasetDir ?? defaultDatasetDir();
  const rows = parseCsv(readFileSync(join(dir, 'name_variant_pairs.csv'), 'utf8')) as unknown as VariantRow[];
  const listRows = rows.filter((r) => r.source === 'ofac_sdn' || r.source === 'un_consolidated');
  const subset = (name: string, keep: (r: VariantRow) => boolean, seed: number) => {
    if (wanted(name)) sets.push(figuresFor(name, withNegatives(rows.filter(keep), listRows, seed, name), threshold));
  };
  subset('un_original_script', (r) => r.relation === 'original_script', 1);
  subset('putin_fixture', (r) => r.relation === 'same_person_variant', 2);
  subset('aka_spelling', (r) => (r.relation === 'aka' || r.relation === 'alias_good_quality') && Number(r.token_jaccard_derived) > 0, 3);
  subset('aka_all', (r) => r.relation === 'aka' || r.relation === 'fka' || r.relation === 'alias_good_quality', 4);
  if (wanted('nicknames')) {
    const pairs = rows
      .filter((r) => r.relation === 'has_nickname')
      .map((r) => ({ query: r.variant, candidate: r.canonical_name, match: true, kind: 'nickname', script: 'latin' }));
    sets.push(figuresFor('nicknames', pairs, threshold));
  }
  if (wanted('nomenklatura_person')) sets.push(nomenklaturaFigures(dir, threshold));
  if (wanted('watchman_cross_script')) sets.push(watchmanFigures(dir, threshold));
  return { threshold, sets };
}

function nomenklaturaFigures(dir: string, threshold: number): SetFigures {
  const checks = parseCsv(readFileSync(join(dir, 'nomenklatura_entity_bench_checks.csv'), 'utf8'));
  const person = checks
    .filter((c) => c.schema === 'Person')
    .map((c) => ({
      query: flattenStructured(c.query ?? ''),
      candidate: flattenStructured(c.candidate ?? ''),
      match: c.match === 'true',
      kind: c.label || 'unlabelled',
      script: `${c.query_script}/${c.candidate_script}`,
    }));
  return figuresFor('nomenklatura_person', person, threshold);
}

function watchmanFigures(dir: string, threshold: number): SetFigures {
  const smoke = readFileSync(join(dir, 'watchman_cross_script_pairs.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split(','))
    .map(([q, c]) => ({ query: q ?? '', candidate: c ?? '', match: true, kind: 'cross-script', script: '' }));
  return figuresFor('watchman_cross_script', smoke, threshold);
}

/** A plain-text table of a report, for logs and the benchmark printout. */
export function formatReport(report: EvaluationReport): string {
  const pct = (x: number) => (Number.isNaN(x) ? '   —  ' : `${(100 * x).toFixed(1).padStart(5)}%`);
  const lines = [`name matching at threshold ${report.threshold}`, 'set                     pos    neg  recall  precision  blocking-recall'];
  for (const s of report.sets) {
    lines.push(`${s.set.padEnd(22)} ${String(s.positives).padStart(5)} ${String(s.negatives).padStart(6)}  ${pct(s.recall)}  ${pct(s.precision)}     ${pct(s.blockingRecall)}`);
  }
  return lines.join('\n');
}
