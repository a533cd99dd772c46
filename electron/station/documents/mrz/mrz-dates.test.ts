import { describe, expect, it } from 'vitest';
import { readMrzDate } from './mrz-dates.js';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('readMrzDate: century of a birth date (latest date not after today)', () => {
  const cases: [string, string, string][] = [
    ['740812', '2026-01-15', '1974-08-12'],
    ['000101', '2026-01-15', '2000-01-01'],
    ['150101', '2026-01-15', '2015-01-01'],
    ['260115', '2026-01-15', '2026-01-15'], // born today
    ['260116', '2026-01-15', '1926-01-16'], // tomorrow in 2026 cannot be a birth date
    ['270101', '2026-01-15', '1927-01-01'], // YY above this year
    ['991231', '2026-01-15', '1999-12-31'],
    ['050607', '2104-03-01', '2005-06-07'], // a century on: 2105-06-07 would be in the future
    ['990101', '2104-03-01', '2099-01-01'],
  ];
  it.each(cases)('%s on %s → %s', (raw, today, iso) => {
    expect(readMrzDate(raw, 'birth', day(today))).toEqual({ iso, problem: null });
  });
});

describe('readMrzDate: century of an expiry date (window today−49 … today+50 years)', () => {
  const cases: [string, string, string][] = [
    ['340528', '2026-01-15', '2034-05-28'],
    ['120415', '2026-01-15', '2012-04-15'],
    ['760101', '2026-01-15', '2076-01-01'], // +50: still this century
    ['770101', '2026-01-15', '1977-01-01'], // +51: last century
    ['950712', '2026-01-15', '1995-07-12'],
    ['200101', '2090-06-01', '2120-01-01'], // the window crosses into the next century
    ['400101', '2090-06-01', '2140-01-01'],
    ['410101', '2090-06-01', '2041-01-01'],
  ];
  it.each(cases)('%s on %s → %s', (raw, today, iso) => {
    expect(readMrzDate(raw, 'expiry', day(today))).toEqual({ iso, problem: null });
  });
});

describe('readMrzDate: what is not a date', () => {
  const cases: [string, RegExp][] = [
    ['<<<<<<', /not given/],
    ['74<<<<', /partly unknown/],
    ['7408<<', /partly unknown/],
    ['74O812', /not digits/],
    ['74081', /6 characters/],
    ['7408122', /6 characters/],
    ['741312', /month 13/],
    ['740012', /month 00/],
    ['740230', /day 30/],
    ['740431', /day 31/],
    ['740800', /day 00/],
    ['010229', /day 29, which 2001-02/], // 2001 is not a leap year
  ];
  it.each(cases)('%s', (raw, problem) => {
    const reading = readMrzDate(raw, 'birth', day('2026-01-15'));
    expect(reading.iso).toBeNull();
    expect(reading.problem).toMatch(problem);
  });

  it('29 February depends on the century chosen', () => {
    expect(readMrzDate('000229', 'birth', day('2026-01-15')).iso).toBe('2000-02-29'); // 2000 is leap
    expect(readMrzDate('000229', 'expiry', day('2060-01-15'))).toEqual({ iso: null, problem: expect.stringMatching(/2100-02/) }); // 2100 is not
  });

  it('an invalid today falls back to the clock instead of throwing', () => {
    expect(readMrzDate('740812', 'birth', new Date(Number.NaN)).iso).toBe('1974-08-12');
  });
});
