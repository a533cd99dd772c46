/**
 * Real-data figures that are reported rather than targeted (see evaluate.ts):
 * - aka_all: every OFAC a.k.a. and good-quality UN alias, including unrelated noms de guerre, so
 *   its recall is bounded by the data, not the matcher;
 * - nicknames: carltonnorthern/nicknames (Apache-2.0), English given name → nickname; the
 *   matcher's own nickname table is deliberately small (nicknames.ts), so recall here is low.
 * The floors only catch regressions.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDatasetDir, evaluateNameMatching, formatReport, type EvaluationReport } from './evaluate.js';

const haveData = existsSync(join(defaultDatasetDir(), 'name_variant_pairs.csv'));
// The shared datasets sit beside the repository in CI and for every developer: missing data is a failure, not a skip.
if (!haveData) throw new Error(`name datasets not found in ${defaultDatasetDir()}: see ../shared/datasets/README.md`);

describe('unfiltered real data', () => {
  let report: EvaluationReport;
  beforeAll(() => {
    report = evaluateNameMatching({ sets: ['aka_all', 'nicknames'] });
    console.log(formatReport(report));
  });

  it('aka_all keeps its measured recall and precision', () => {
    const s = report.sets.find((x) => x.set === 'aka_all');
    expect(s?.positives).toBeGreaterThan(6000);
    expect(s?.recall).toBeGreaterThanOrEqual(0.5);
    expect(s?.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('nicknames: only the listed short forms are matched, and none is lost', () => {
    const s = report.sets.find((x) => x.set === 'nicknames');
    expect(s?.positives).toBe(2691);
    expect(s?.recall).toBeGreaterThanOrEqual(0.07);
  });
});
