import { describe, expect, it } from 'vitest';
import { phoneticKey } from './phonetic.js';
import { areNicknames } from './nicknames.js';
import { foldVowels, jaroWinkler, levenshtein } from './similarity.js';

describe('phoneticKey', () => {
  it.each([
    [['MOHAMMED', 'MUHAMMAD', 'MOHAMED', 'MEHMET', 'MHMD'], 'MMT'],
    [['YUSUF', 'YOUSEF', 'YOUSSEF'], 'SF'],
    [['ABDEL', 'ABDUL', 'ABDAL', 'ABDOUL'], 'BTL'],
    [['VLADIMIR', 'WLADIMIR', 'FLADYMYR'], 'FLTMR'],
    [['GORBACHEV', 'GORBATSCHOW'], 'GRBCF'],
    [['TCHAIKOVSKY', 'CHAIKOVSKII'], 'CKFSK'],
    [['QADHAFI', 'KADAFI', 'KADHAFI'], 'KTF'],
  ])('collapses %j to %s', (words, key) => {
    for (const w of words) expect(phoneticKey(w)).toBe(key);
  });

  it('keeps names apart that differ in consonants, and doubling apart from vowels', () => {
    expect(phoneticKey('MATT')).not.toBe(phoneticKey('MOHAMMED'));
    expect(phoneticKey('JOSEPH')).not.toBe(phoneticKey('YUSUF'));
    expect(phoneticKey('GAMAL')).not.toBe(phoneticKey('KAMAL'));
  });

  it('reads CH as SH and J as G for the loose key', () => {
    expect(phoneticKey('BECHIR')).not.toBe(phoneticKey('BASHIR'));
    expect(phoneticKey('BECHIR', true)).toBe(phoneticKey('BASHIR', true));
    expect(phoneticKey('GAMAL', true)).toBe(phoneticKey('JAMAL', true));
    expect(phoneticKey('DJAMEL', true)).toBe(phoneticKey('JAMAL', true));
  });

  it('never returns an empty key for a real token', () => {
    expect(phoneticKey('AI')).toBe('V');
    expect(phoneticKey('123')).toBe('');
  });
});

describe('string similarity', () => {
  it('computes Jaro-Winkler on textbook pairs', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'A')).toBe(0);
    expect(jaroWinkler('SAME', 'SAME')).toBe(1);
  });

  it('computes Levenshtein distance', () => {
    expect(levenshtein('KITTEN', 'SITTING')).toBe(3);
    expect(levenshtein('', 'ABC')).toBe(3);
    expect(levenshtein('PUTIN', 'PUTIN')).toBe(0);
  });

  it('folds vowel spellings without merging different names', () => {
    expect(foldVowels('NOORISTANI')).toBe(foldVowels('NURISTANI'));
    expect(foldVowels('MOHAMMED')).toBe(foldVowels('MUHAMMAD'));
    expect(foldVowels('SALEH', 'I')).toBe(foldVowels('SALIH', 'I'));
    expect(foldVowels('HASSAN')).not.toBe(foldVowels('HUSSEIN'));
  });

  it('knows a few nicknames, and not cross-language equivalents', () => {
    expect(areNicknames('WILLIAM', 'BILL')).toBe(true);
    expect(areNicknames('BILL', 'WILL')).toBe(true);
    expect(areNicknames('ALEKSANDR', 'SASHA')).toBe(true);
    expect(areNicknames('JOSEPH', 'YUSUF')).toBe(false);
    expect(areNicknames('BILL', 'BILL')).toBe(false);
  });
});
