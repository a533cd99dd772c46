import { describe, expect, it } from 'vitest';
import { nameKeys } from '../names/index.js';
import { personNameKeys, splitJoinedArticles } from './blocking-keys.js';
import { readingUnits, scoringCost } from './scoring-cost.js';

const shared = (a: string[], b: string[]) => a.filter((k) => b.includes(k));

describe('person blocking keys', () => {
  it.each([
    ['ALSHAMMARI', 'AL SHAMMARI'],
    ['Omar ALSHAMMARI', 'Omar AL SHAMMARI'],
    ['AL-SHAMMARI, Omar', undefined],
    ['ELBAGHDADI Ahmed', 'EL BAGHDADI Ahmed'],
    ['Ali Hassan', undefined],
    ['ALI', undefined],
  ])('splits a joined article: %s → %s', (name, expected) => {
    expect(splitJoinedArticles(name)).toBe(expected);
  });

  it.each([
    ['Saleh ALTIKRITI', 'AL-TIKRITI, Saleh Mahmoud'],
    ['Omar ALSHAMMARI', 'Omar Khaled AL-SHAMMARI'],
    ['Fahd ELBAGHDADI', 'Fahd EL BAGHDADI'],
  ])('gives "%s" and "%s" a pair key in common where nameKeys gives at most one single key', (a, b) => {
    expect(shared(nameKeys(a), nameKeys(b)).filter((k) => k.startsWith('PP:'))).toEqual([]);
    expect(shared(personNameKeys(a), personNameKeys(b)).some((k) => k.startsWith('PP:'))).toBe(true);
  });

  it.each([
    ['Vladimir PUTKIN', 'Vladimir PUTIN', 'insertion'],
    ['Vladimir PTIN', 'Vladimir PUTIN', 'deletion'],
    ['Ani PESTROSYAN', 'Ani PETROSSIAN', 'insertion of a consonant'],
    ['Lars HASNEN', 'Lars HANSEN', 'swap of adjacent consonants'],
    ['Katarzyna WOLSKA', 'Katarzyna WOLSKI', 'vowel (same key already)'],
    ['Matteo GONZALEB', 'Matteo GONZALEZ', 'substitution'],
  ])('a typo leaves a pair key in common: %s ~ %s (%s)', (a, b) => {
    expect(shared(personNameKeys(a), personNameKeys(b)).some((k) => k.startsWith('PP:'))).toBe(true);
  });

  it('adds no pair key between different surnames of the same given name', () => {
    expect(shared(personNameKeys('Vladimir PUTIN'), personNameKeys('Vladimir KOZLOV')).filter((k) => k.startsWith('PP:'))).toEqual([]);
  });

  it('is a superset of nameKeys and deterministic', () => {
    for (const n of ['Vladimir Vladimirovich PUTIN', 'محمد عبد الله الحسن', 'Γεώργιος Παπαδόπουλος', 'LI Na']) {
      const keys = personNameKeys(n);
      expect(keys).toEqual(expect.arrayContaining(nameKeys(n)));
      expect(personNameKeys(n)).toEqual(keys);
    }
  });
});

describe('scoring cost estimate', () => {
  it('grows with the readings of both names: Arabic script costs more than Latin', () => {
    const latin = readingUnits('Mohammed Ali HASSAN');
    const arabic = readingUnits('محمد علي حسن');
    expect(arabic).toBeGreaterThan(latin);
    expect(scoringCost(arabic, arabic)).toBeGreaterThan(scoringCost(latin, latin));
    expect(scoringCost(1, 1)).toBeGreaterThan(0);
  });
});
