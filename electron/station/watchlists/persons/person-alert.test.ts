import { describe, expect, it } from 'vitest';
import { categoryFromTopics, checkAlert, checkExpiry, checkPartialDate, MAX_ALIASES, normaliseSex } from './person-alert.js';
import { normaliseNationality } from './country-codes.js';
import { decodePostings, encodePostings } from './person-list-format.js';

describe('person alert checks', () => {
  it.each([
    ['1970', '1970'],
    ['1970-05', '1970-05'],
    ['1970-05-31', '1970-05-31'],
    ['2000-02-29', '2000-02-29'],
    ['1999-02-29', undefined],
    ['1970-13', undefined],
    ['1970-04-31', undefined],
    ['70-01-01', undefined],
    ['1970/01/01', undefined],
    ['0001', undefined],
  ])('partial date %s → %s', (text, expected) => {
    expect(checkPartialDate(text)).toBe(expected);
  });

  it('reads an expiry from a date or the date part of a timestamp, never from a year alone', () => {
    expect(checkExpiry('2030-01-31')).toBe('2030-01-31');
    expect(checkExpiry('2030-01-31T23:59:59Z')).toBe('2030-01-31');
    expect(checkExpiry('2030')).toBeUndefined();
  });

  it.each([
    [['sanction', 'role.pep'], 'sanction'],
    [['role.pep', 'wanted', 'sanction'], 'wanted'],
    [['crime.terror', 'sanction'], 'terrorism'],
    [['crime.fin'], 'crime'],
    [['role.rca'], 'pep'],
    [['debarment'], 'other'],
    [[], 'other'],
  ])('topics %j → category %s', (topics, category) => {
    expect(categoryFromTopics(topics)).toBe(category);
  });

  it.each([
    ['ru', 'RUS'],
    ['IR', 'IRN'],
    ['RUS', 'RUS'],
    ['D', 'DEU'],
    ['D<<', 'DEU'],
    ['xk', 'RKS'],
    ['suhh', 'SUHH'],
    ['', undefined],
  ])('nationality %s → %s', (code, expected) => {
    expect(normaliseNationality(code)).toBe(expected);
  });

  it.each([
    ['male', 'M'],
    ['F', 'F'],
    ['other', 'X'],
    ['unknown', undefined],
  ])('sex %s → %s', (text, expected) => {
    expect(normaliseSex(text)).toBe(expected);
  });

  it('rejects a row without id or name, and uses the first alias when only the name is missing', () => {
    expect(checkAlert({ name: 'A B' }).error).toBe('no id');
    expect(checkAlert({ id: 'x' }).error).toMatch(/no name/);
    expect(checkAlert({ id: 'x', name: '12345' }).error).toMatch(/no letters/);
    const r = checkAlert({ id: 'x', name: ' ', aliases: ['Anna  SCHMIDT'] });
    expect(r.alert?.name).toBe('Anna SCHMIDT');
    expect(r.warnings[0]).toMatch(/first alias/);
  });

  it('keeps the alert and drops only the bad field, with a warning each', () => {
    const r = checkAlert({ id: 'x', name: 'Anna Schmidt', birthDates: ['1970-02-30', '1971'], sex: 'Q', nationalities: ['de', '??'], severity: 'urgent', expires: 'soon', category: 'wanted', biometrics: ['face:ref-1', 'retina:r2'] });
    expect(r.alert).toMatchObject({ birthDates: ['1971'], nationalities: ['DEU'], severity: 'high', category: 'wanted', biometrics: [{ modality: 'face', reference: 'ref-1' }] });
    expect(r.alert?.sex).toBeUndefined();
    expect(r.alert?.expires).toBeUndefined();
    expect(r.warnings).toHaveLength(6);
  });

  it('applies the category defaults, de-duplicates aliases and bounds their number', () => {
    const aliases = Array.from({ length: MAX_ALIASES + 5 }, (_, i) => `Alias Number${String.fromCharCode(65 + (i % 26))}${i}`);
    const r = checkAlert({ id: 'x', name: 'Anna Schmidt', aliases: ['anna schmidt', 'Anna SCHMIDT', ...aliases], category: 'Sanction', documents: ['ab 12-34<'] });
    expect(r.alert!.aliases).toHaveLength(MAX_ALIASES);
    expect(r.alert!.aliases).not.toContain('anna schmidt');
    expect(r.alert!.action).toMatch(/refer to supervisor/);
    expect(r.alert!.category).toBe('sanction');
    expect(r.alert!.documents).toEqual(['AB1234']);
    expect(r.warnings.some((w) => w.includes(`kept the first ${MAX_ALIASES}`))).toBe(true);
  });
});

describe('posting list encoding', () => {
  it('round-trips ascending row numbers, small and large gaps', () => {
    const rows = new Uint32Array([1, 2, 3, 130, 20_000, 2_000_000, 2_000_001, 300_000_000]);
    const into = { rows: new Uint32Array(2) };
    const bytes = encodePostings(rows);
    expect(bytes.length).toBeLessThan(rows.length * 4);
    expect(decodePostings(bytes, rows.length, into)).toBe(rows.length);
    expect([...into.rows.subarray(0, rows.length)]).toEqual([...rows]);
  });
});
