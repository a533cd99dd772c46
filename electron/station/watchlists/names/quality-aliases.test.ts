/**
 * Real data, continued from quality.test.ts: OFAC and UN aliases that are spelling variants of
 * the listed name — relation aka or alias_good_quality in name_variant_pairs.csv, with
 * token_jaccard_derived > 0 (the alias shares at least one exact token with the listed name, which
 * leaves out noms de guerre). Each positive has one hard negative from another record of the same
 * list sharing a blocking key (evaluate.ts). Floors: measured minus ~2 points.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDatasetDir, evaluateNameMatching, formatReport, type EvaluationReport } from './evaluate.js';

const haveData = existsSync(join(defaultDatasetDir(), 'name_variant_pairs.csv'));
// The shared datasets sit beside the repository in CI and for every developer: missing data is a failure, not a skip.
if (!haveData) throw new Error(`name datasets not found in ${defaultDatasetDir()}: see ../shared/datasets/README.md`);

describe('OFAC/UN spelling-variant aliases', () => {
  let report: EvaluationReport;
  beforeAll(() => {
    report = evaluateNameMatching({ sets: ['aka_spelling'] });
    console.log(formatReport(report));
  });

  it('aka_spelling: recall ≥ 0.65, precision ≥ 0.96, blocking recall ≥ 0.95', () => {
    const s = report.sets.find((x) => x.set === 'aka_spelling');
    expect(s?.positives).toBeGreaterThan(4000);
    expect(s?.negatives).toBe(s?.positives);
    expect(s?.recall).toBeGreaterThanOrEqual(0.65);
    expect(s?.precision).toBeGreaterThanOrEqual(0.96);
    expect(s?.blockingRecall).toBeGreaterThanOrEqual(0.95);
  });
});
