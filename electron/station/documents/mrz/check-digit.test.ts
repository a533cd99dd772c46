import { describe, expect, it } from 'vitest';
import { checkDigit } from './index.js';
import { mrzCharValue } from './check-digit.js';

describe('checkDigit (ICAO 9303-3 §4.9: weights 7 3 1, < = 0, A = 10 … Z = 35)', () => {
  const cases: [string, number, string][] = [
    ['520727', 3, 'ICAO 9303-3 §4.9 worked example (date 27 July 1952)'],
    ['L898902C3', 6, 'ICAO 9303-4 specimen passport number'],
    ['740812', 2, 'ICAO specimen birth date'],
    ['120415', 9, 'ICAO specimen expiry date'],
    ['ZE184226B<<<<<', 1, 'ICAO 9303-4 specimen personal number'],
    ['L898902C3674081221204159ZE184226B<<<<<1', 0, 'ICAO 9303-4 specimen composite (line 2 positions 1–10, 14–20, 22–43)'],
    ['D23145890734', 9, 'ICAO 9303-5 long document number example'],
    ['', 0, 'empty input sums to 0'],
    ['<<<<<<<<<', 0, 'fillers count 0'],
    ['Z', 5, 'Z = 35, weight 7: 245'],
  ];
  it.each(cases)('%s → %i (%s)', (input, expected) => {
    expect(checkDigit(input)).toBe(expected);
  });

  it.each(['l898902c3', 'L898902C3?', 'É', ' ', '_', '\u0000'])('returns -1 for a character outside 0-9 A-Z < (%j)', (input) => {
    expect(checkDigit(input)).toBe(-1);
  });

  it('values every MRZ character as ICAO tabulates it', () => {
    expect([...'0123456789'].map(mrzCharValue)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(mrzCharValue('A')).toBe(10);
    expect(mrzCharValue('Z')).toBe(35);
    expect(mrzCharValue('<')).toBe(0);
    expect(mrzCharValue('AB')).toBe(-1);
  });
});
