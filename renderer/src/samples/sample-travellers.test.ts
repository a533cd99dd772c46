import { describe, expect, it } from 'vitest';
import { SAMPLE_TRAVELLERS } from './sample-travellers.js';

/** ICAO 9303 part 3 check digit: weights 7,3,1; digits as themselves, A–Z as 10–35, filler as 0. */
function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const ch = field[i]!;
    const value = ch === '<' ? 0 : /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += value * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}

/** The check digits of TD3 line 2, each recomputed; `<` is accepted for an empty optional-data field. */
function td3Line2Problems(line: string): string[] {
  const problems: string[] = [];
  const expect = (name: string, field: string, digit: string) => {
    if (checkDigit(field) !== digit) problems.push(`${name}: expected ${checkDigit(field)}, got ${digit}`);
  };
  expect('document number', line.slice(0, 9), line[9]!);
  expect('birth date', line.slice(13, 19), line[19]!);
  expect('expiry date', line.slice(21, 27), line[27]!);
  const optional = line.slice(28, 42);
  if (!(optional === '<'.repeat(14) && line[42] === '<')) expect('optional data', optional, line[42]!);
  expect('composite', line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 43), line[43]!);
  return problems;
}

describe('sample travellers', () => {
  it('recomputes the ICAO specimen check digits (the checker itself is right)', () => {
    expect(td3Line2Problems('L898902C36UTO7408122F1204159ZE184226B<<<<<10')).toEqual([]);
    expect(td3Line2Problems('L898902C36UTO7408122F1204159ZE184226B<<<<<11')).toEqual(['composite: expected 0, got 1']);
  });

  it.each(SAMPLE_TRAVELLERS.map((s) => [s.id, s] as const))('%s is a well-formed TD3 with correct check digits', (_id, sample) => {
    const [line1, line2] = sample.mrz;
    expect(line1).toMatch(/^P[A-Z<][A-Z<]{3}[A-Z<]{39}$/);
    expect(line2).toMatch(/^[A-Z0-9<]{44}$/);
    expect(td3Line2Problems(line2)).toEqual([]);
  });

  it('includes the expired ICAO specimen and documents that are still valid', () => {
    const expiry = (line2: string) => 2000 + Number(line2.slice(21, 23));
    const years = SAMPLE_TRAVELLERS.map((s) => expiry(s.mrz[1]));
    expect(years).toContain(2012);
    expect(years.filter((y) => y >= 2030)).toHaveLength(2);
  });
});
