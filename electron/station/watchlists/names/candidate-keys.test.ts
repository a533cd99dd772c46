import { describe, expect, it } from 'vitest';
import { indexKeys, nameKeys, queryKeys } from './candidate-keys.js';
import { generatePairs } from './eval-generated.js';

const shares = (a: string, b: string) => {
  const ka = new Set(nameKeys(a));
  return nameKeys(b).some((k) => ka.has(k));
};

describe('blocking keys', () => {
  it('retrieves a record through any of its names', () => {
    const keys = new Set(indexKeys({ id: '1', name: 'Ibrahim Awwad al-Badri', aliases: ['Abu Bakr al-Baghdadi'], birthDates: [], nationalities: [] }));
    expect(queryKeys({ name: 'ABU BAKR AL BAGHDADI' }).some((k) => keys.has(k))).toBe(true);
    expect(queryKeys({ name: 'إبراهيم عواد البدري' }).some((k) => keys.has(k))).toBe(true);
  });

  it.each([
    ['Vladimir Putin', 'Владимир Путин'],
    ['Mohammed Ali', 'محمد علي'],
    ['ABDULRAHMAN', 'ABDUL RAHMAN'],
    ['Bill Smith', 'William Smith'],
    ['Nikolaos Papadopoulos', 'Νικόλαος Παπαδόπουλος'],
  ])('%s and %s share a key', (a, b) => {
    expect(shares(a, b)).toBe(true);
  });

  it('gives selective pair keys and no keys for particles or initials alone', () => {
    expect(nameKeys('Mohammed Hassan')).toContain('PP:MMT|SN');
    expect(nameKeys('al bin J.')).toEqual([]);
  });

  it('has recall ≥ 0.99 on the generated true matches', () => {
    const positives = generatePairs(1000).filter((p) => p.match);
    const recall = positives.filter((p) => shares(p.query, p.candidate)).length / positives.length;
    expect(recall).toBeGreaterThanOrEqual(0.99);
  });
});
