import { describe, expect, it } from 'vitest';
import { ICAO_SPECIAL_CODES, ICAO_STATE_CODES, isIcaoStateCode } from './index.js';

describe('ICAO 9303-3 state codes', () => {
  it('holds ISO 3166-1 alpha-3 (249, less DEU) plus the 27 ICAO codes', () => {
    expect(ICAO_STATE_CODES.size).toBe(248 + 27);
    expect(Object.keys(ICAO_SPECIAL_CODES)).toHaveLength(27);
  });

  it('every code is 1 or 3 capital letters', () => {
    for (const code of ICAO_STATE_CODES) expect(code).toMatch(/^([A-Z]|[A-Z]{3})$/);
  });

  it.each(['D', 'GBR', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'UNO', 'UNA', 'UNK', 'XXA', 'XXB', 'XXC', 'XXX', 'XOM', 'XPO', 'XES', 'XCC', 'XBA', 'XIM', 'XDC', 'XCE', 'XCO', 'XEC', 'XMP', 'EUE', 'RKS', 'UTO', 'NLD', 'ZWE', 'SSD', 'BES', 'CUW', 'SXM'])(
    'accepts %s',
    (code) => expect(isIcaoStateCode(code)).toBe(true),
  );

  it.each([
    ['DEU', 'Germany is D in 9303'],
    ['ZIM', 'not in 9303 (Zimbabwe is ZWE)'],
    ['INP', 'INTERPOL is XPO'],
    ['BOS', 'Bosnia and Herzegovina is BIH'],
    ['UT0', 'digit zero, not letter O'],
    ['D<<', 'lookups are by the trimmed code'],
    ['', 'empty'],
    ['gbr', 'lower case'],
  ])('rejects %j (%s)', (code) => expect(isIcaoStateCode(code)).toBe(false));
});
