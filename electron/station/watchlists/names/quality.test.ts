/**
 * Matching quality at DEFAULT_THRESHOLD, measured and asserted.
 * (a) the generated set: ≥ 2,000 true-match pairs over 7 scripts (Latin, Cyrillic, Arabic, Greek,
 *     Armenian, Georgian, Hebrew) with transliteration, spelling, typo, order, nickname, middle
 *     name and diacritic variations, and as many hard non-matches (eval-generated.ts);
 * (b) real data from ../shared/datasets/names (MANIFEST.md there): UN original-script names, the
 *     Putin fixture, the nomenklatura Person checks and watchman's smoke pairs; the OFAC/UN aliases
 *     that are spelling variants are in quality-aliases.test.ts (split only to keep each file fast).
 * Floors on real data are what was measured when this was written, minus a small margin: they
 * catch regressions, they are not targets. Subset definitions are in evaluate.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDatasetDir, evaluateNameMatching, formatReport, type EvaluationReport, type SetFigures } from './evaluate.js';
import { generatePairs } from './eval-generated.js';
import { detectScript } from './transliterate.js';
import { DEFAULT_THRESHOLD } from './score.js';

const haveData = existsSync(join(defaultDatasetDir(), 'name_variant_pairs.csv'));
// The shared datasets sit beside the repository in CI and for every developer: missing data is a failure, not a skip.
if (!haveData) throw new Error(`name datasets not found in ${defaultDatasetDir()}: see ../shared/datasets/README.md`);

function find(sets: SetFigures[], name: string): SetFigures {
  const s = sets.find((x) => x.set === name);
  if (!s) throw new Error(`set ${name} missing from the report`);
  return s;
}

describe('generated set', () => {
  it('has ≥ 2,000 true matches over ≥ 5 scripts and as many hard non-matches', () => {
    const pairs = generatePairs(2000);
    const positives = pairs.filter((p) => p.match);
    expect(positives.length).toBeGreaterThanOrEqual(2000);
    expect(pairs.length - positives.length).toBe(positives.length);
    const scripts = new Set(positives.map((p) => detectScript(p.query.replace(/[\s,.-]/g, ''))));
    expect(scripts.size).toBeGreaterThanOrEqual(5);
    expect(new Set(positives.map((p) => p.kind)).size).toBeGreaterThanOrEqual(8);
  });
});

describe('quality at the default threshold', () => {
  let report: EvaluationReport;
  beforeAll(() => {
    report = evaluateNameMatching({
      sets: ['generated', 'un_original_script', 'putin_fixture', 'nomenklatura_person', 'watchman_cross_script'],
    });
    console.log(formatReport(report));
  });

  it('uses the documented default threshold', () => {
    expect(report.threshold).toBe(DEFAULT_THRESHOLD);
  });

  it('generated: recall ≥ 0.98 at precision ≥ 0.95, blocking recall ≥ 0.99', () => {
    const g = find(report.sets, 'generated');
    expect(g.positives).toBeGreaterThanOrEqual(2000);
    expect(g.recall).toBeGreaterThanOrEqual(0.98);
    expect(g.precision).toBeGreaterThanOrEqual(0.95);
    expect(g.blockingRecall).toBeGreaterThanOrEqual(0.99);
  });

  it.each([
    // set, recall floor, precision floor, blocking-recall floor (measured − ~2 points)
    ['un_original_script', 0.9, 0.95, 0.97],
    ['putin_fixture', 0.62, 0.95, 0.84],
    ['nomenklatura_person', 0.84, 0.89, 0.94],
  ] as const)('%s: recall ≥ %s, precision ≥ %s, blocking recall ≥ %s', (name, recall, precision, blocking) => {
    const s = find(report.sets, name);
    expect(s.positives).toBeGreaterThan(0);
    expect(s.negatives).toBeGreaterThan(0);
    expect(s.recall).toBeGreaterThanOrEqual(recall);
    expect(s.precision).toBeGreaterThanOrEqual(precision);
    expect(s.blockingRecall).toBeGreaterThanOrEqual(blocking);
  });

  it('watchman cross-script smoke pairs: every pair in a script with a table matches', () => {
    const s = find(report.sets, 'watchman_cross_script');
    // 18 of the 22 match since the Han, kana, Thai and Khmer tables; the rest are transcriptions of
    // foreign names (ウラジーミル → URAJIMIRU is not VLADIMIR): see transliterate.ts.
    expect(s.truePositives).toBeGreaterThanOrEqual(17);
  });
});
