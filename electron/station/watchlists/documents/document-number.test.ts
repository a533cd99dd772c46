import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COMPACT_LIMIT,
  ICAO_SPECIAL_CODES,
  MAX_COMPACT_LENGTH,
  MAX_NUMBER_LENGTH,
  confusionSubsets,
  decodeCompactNumber,
  encodeCompactNumber,
  foldCompactValue,
  foldOcrConfusions,
  newNumberScan,
  normaliseDocumentNumber,
  normaliseIssuingState,
  ocrVariants,
  packIssuingState,
  packRawIssuingState,
  packRawIssuingStateBytes,
  scanDocumentNumber,
  scanDocumentNumberBytes,
  unpackIssuingState,
} from './document-number.js';

const SYMBOLS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const symbol = fc.constantFrom(...SYMBOLS);
const compactNumber = fc.array(symbol, { minLength: 1, maxLength: MAX_COMPACT_LENGTH }).map((a) => a.join(''));
const anyNumber = fc.array(symbol, { minLength: 1, maxLength: MAX_NUMBER_LENGTH }).map((a) => a.join(''));

/** The fold, written the slow obvious way, to check the fast integer version against. */
const slowFold = (n: string) => n.replace(/[OIZSB]/g, (c) => ({ O: '0', I: '1', Z: '2', S: '5', B: '8' })[c]!);

describe('document number normalisation', () => {
  it.each([
    ['L898902C<', 'L898902C'],
    ['l898902c3', 'L898902C3'],
    [' AB 12-34.56/7 ', 'AB1234567'],
    ['<<<X1<<', 'X1'],
  ])('%j → %j', (raw, want) => {
    expect(normaliseDocumentNumber(raw)).toBe(want);
  });

  it.each(['', '<<<', ' - ', 'AB_123', 'ÄB123', 'AB12€', 'A'.repeat(MAX_NUMBER_LENGTH + 1)])('refuses %j', (raw) => {
    expect(normaliseDocumentNumber(raw)).toBeNull();
  });

  it('scans bytes exactly as it scans strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz<- ./_!é'), maxLength: 30 }), (raw) => {
        const a = newNumberScan();
        const b = newNumberScan();
        const bytes = new TextEncoder().encode(raw);
        const okA = scanDocumentNumber(raw, a);
        const okB = scanDocumentNumberBytes(bytes, 0, bytes.length, b);
        expect(okB).toBe(okA);
        if (okA) expect([b.length, b.exact, b.folded, [...b.symbols.subarray(0, b.length)]]).toEqual([a.length, a.exact, a.folded, [...a.symbols.subarray(0, a.length)]]);
      }),
    );
  });
});

describe('compact key', () => {
  it('decode(encode(n)) = n for every number of 1–9 characters', () => {
    fc.assert(
      fc.property(compactNumber, (n) => {
        expect(decodeCompactNumber(encodeCompactNumber(n))).toBe(n);
      }),
    );
  });

  it('never maps two different numbers to one value', () => {
    fc.assert(
      fc.property(compactNumber, compactNumber, (a, b) => {
        fc.pre(a !== b);
        expect(encodeCompactNumber(a)).not.toBe(encodeCompactNumber(b));
      }),
    );
  });

  it('keeps leading zeros apart and stays below 2^47', () => {
    expect(encodeCompactNumber('0123')).not.toBe(encodeCompactNumber('123'));
    expect(encodeCompactNumber('ZZZZZZZZZ')).toBe(COMPACT_LIMIT - 1);
    expect(COMPACT_LIMIT).toBeLessThan(2 ** 47);
    expect(encodeCompactNumber('0')).toBe(1);
  });

  it('every value below the limit decodes to a number that encodes back to it (dense domain)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: COMPACT_LIMIT - 1 }), (v) => {
        expect(encodeCompactNumber(decodeCompactNumber(v))).toBe(v);
      }),
    );
  });

  it('scanning agrees with encoding', () => {
    fc.assert(
      fc.property(compactNumber, (n) => {
        const s = newNumberScan();
        expect(scanDocumentNumber(n, s)).toBe(true);
        expect(s.exact).toBe(encodeCompactNumber(n));
        expect(s.folded).toBe(encodeCompactNumber(slowFold(n)));
      }),
    );
  });

  it('folds a value as the string fold does', () => {
    fc.assert(
      fc.property(compactNumber, (n) => {
        expect(foldCompactValue(encodeCompactNumber(n))).toBe(encodeCompactNumber(slowFold(n)));
      }),
    );
    expect(foldOcrConfusions('OIZSB1234')).toBe('012581234');
  });
});

describe('OCR-confusion variants', () => {
  it('lists single swaps first, then pairs, bounded', () => {
    expect(ocrVariants('A0B')).toEqual(['AOB', 'A08', 'AO8']);
    expect(ocrVariants('XYZ', 64)).toEqual(['XY2']);
    expect(ocrVariants('ACDEFG')).toEqual([]);
    const many = ocrVariants('0125801258');
    expect(many).toHaveLength(64);
    expect(many.slice(0, 10).every((v) => [...v].filter((c, i) => c !== '0125801258'[i]).length === 1)).toBe(true);
  });

  it('every variant folds like the number, differs from it, and is unique', () => {
    fc.assert(
      fc.property(anyNumber, (n) => {
        const vs = ocrVariants(n);
        expect(vs.length).toBeLessThanOrEqual(64);
        expect(new Set(vs).size).toBe(vs.length);
        for (const v of vs) {
          expect(v).not.toBe(n);
          expect(foldOcrConfusions(v)).toBe(foldOcrConfusions(n));
        }
      }),
    );
  });

  it('enumerates all swaps when there are few confusable characters', () => {
    expect(confusionSubsets(6)).toHaveLength(63);
    expect(confusionSubsets(9).length).toBe(64);
  });
});

describe('issuing state', () => {
  it.each([
    ['D<<', 'D'],
    ['d', 'D'],
    [' gbr ', 'GBR'],
    ['DEU', 'D'],
    ['XXA', 'XXA'],
    ['UNO', 'UNO'],
  ])('%j → %j', (raw, want) => {
    expect(normaliseIssuingState(raw)).toBe(want);
  });

  it.each(['', 'GBRX', 'G1R', '<<<', 'ÄGB'])('refuses %j', (raw) => {
    expect(normaliseIssuingState(raw)).toBeNull();
    expect(packRawIssuingState(raw)).toBe(-1);
  });

  it('packs every 1–3 letter code into 15 bits, reversibly and without collisions', () => {
    const code = fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
    fc.assert(
      fc.property(code, code, (a, b) => {
        const pa = packIssuingState(a);
        expect(pa).toBeGreaterThanOrEqual(0);
        expect(pa).toBeLessThan(2 ** 15);
        expect(unpackIssuingState(pa)).toBe(a);
        if (a !== b) expect(packIssuingState(b)).not.toBe(pa);
      }),
    );
    for (const c of ICAO_SPECIAL_CODES) expect(unpackIssuingState(packIssuingState(c))).toBe(c);
  });

  it('packs raw strings and bytes as normalise + pack does', () => {
    for (const raw of ['D<<', 'gbr', 'DEU', 'XXA', 'U T O', 'X', 'bad1', '']) {
      const n = normaliseIssuingState(raw);
      const want = n === null ? -1 : packIssuingState(n);
      expect(packRawIssuingState(raw)).toBe(want);
      const bytes = new TextEncoder().encode(raw);
      expect(packRawIssuingStateBytes(bytes, 0, bytes.length)).toBe(want);
    }
  });
});
