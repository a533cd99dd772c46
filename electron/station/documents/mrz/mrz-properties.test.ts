// Property tests (fast-check). Seeds are random each run; a failure prints its seed and shrunk case.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mrzCharValue } from './check-digit.js';
import { buildMrz, checkDigit, ICAO_STATE_CODES, parseMrz, type MrzBuildFields, type MrzFormat, type MrzResult } from './index.js';
import { FRA_ID, MRVA, MRVB, TD1, TD2, TD3, type IcaoLayout } from './mrz-layouts.js';
import { ocrLookAlike } from './ocr-confusions.js';

const TODAY = new Date('2026-01-15T00:00:00Z');
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MRZ_ALPHABET = `${DIGITS}${LETTERS}<`;

const mrzString = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...MRZ_ALPHABET), minLength, maxLength });
const alnum = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...DIGITS, ...LETTERS), minLength, maxLength });
const word = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 6 });
const words = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(' '));
const isoDate = (min: string, max: string) =>
  fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const state = fc.constantFrom(...ICAO_STATE_CODES);

/** Independent restatement of ICAO 9303-3 §4.9, for comparison. */
function referenceCheckDigit(s: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    sum += (c === '<' ? 0 : DIGITS.includes(c) ? Number(c) : LETTERS.indexOf(c) + 10) * weights[i % 3]!;
  }
  return sum % 10;
}

describe('check digit properties', () => {
  it('matches the 9303 definition on any MRZ string', () => {
    fc.assert(fc.property(mrzString(0, 60), (s) => checkDigit(s) === referenceCheckDigit(s)));
  });

  it('ignores trailing fillers and three leading fillers (weights repeat every 3)', () => {
    fc.assert(
      fc.property(mrzString(0, 40), (s) => {
        expect(checkDigit(`${s}<<<<`)).toBe(checkDigit(s));
        expect(checkDigit(`<<<${s}`)).toBe(checkDigit(s));
      }),
    );
  });

  it('changes when one character changes by a value that is not a multiple of 10', () => {
    fc.assert(
      fc.property(mrzString(1, 40), fc.nat(), fc.constantFrom(...MRZ_ALPHABET), (s, i, c) => {
        const at = i % s.length;
        fc.pre((mrzCharValue(c) - mrzCharValue(s[at]!)) % 10 !== 0);
        expect(checkDigit(s.slice(0, at) + c + s.slice(at + 1))).not.toBe(checkDigit(s));
      }),
    );
  });

  it('is -1 whenever a character outside the MRZ set is present', () => {
    fc.assert(
      fc.property(mrzString(0, 20), fc.string({ minLength: 1, maxLength: 1 }), mrzString(0, 20), (a, bad, b) => {
        fc.pre(!MRZ_ALPHABET.includes(bad));
        expect(checkDigit(a + bad + b)).toBe(-1);
      }),
    );
  });
});

interface Traveller {
  format: MrzFormat;
  fields: MrzBuildFields;
}

const FORMATS: MrzFormat[] = ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB', 'FRA_ID'];

/** A random traveller whose MRZ is valid and whose names fit their fields. */
function traveller(options: { longNumbers: boolean }): fc.Arbitrary<Traveller> {
  return fc.constantFrom(...FORMATS).chain((format) => {
    const numberLength = format === 'FRA_ID' ? 12 : options.longNumbers && format === 'TD1' ? 12 : options.longNumbers && format === 'TD2' ? 14 : 9;
    const optionalLength = { TD1: 3, TD2: 0, TD3: 14, MRVA: 16, MRVB: 8, FRA_ID: 6 }[format];
    return fc.record({
      format: fc.constant(format),
      fields: fc.record({
        issuingState: state,
        nationality: state,
        documentNumber: format === 'FRA_ID' ? alnum(12, 12) : alnum(1, numberLength),
        birthDate: isoDate('1926-01-16', '2026-01-15'),
        expiryDate: isoDate('1977-01-01', '2076-12-31'),
        sex: fc.constantFrom('M' as const, 'F' as const, 'X' as const),
        primaryIdentifier: words(2),
        // Short enough never to be truncated: name fields hold 30 (TD1), 31 (TD2, MRV-B), 39 (TD3, MRV-A).
        secondaryIdentifier: words({ TD1: 1, FRA_ID: 1, TD2: 2, MRVB: 2, TD3: 3, MRVA: 3 }[format]),
        optionalData: alnum(0, optionalLength),
        optionalData2: format === 'TD1' ? alnum(0, 11) : fc.constant(''),
      }),
    });
  });
}

function expectedFields(t: Traveller) {
  const f = t.fields;
  return {
    documentNumber: f.documentNumber,
    birthDate: f.birthDate,
    expiryDate: t.format === 'FRA_ID' ? null : f.expiryDate,
    sex: f.sex,
    primaryIdentifier: f.primaryIdentifier,
    secondaryIdentifier: f.secondaryIdentifier,
    optionalData: f.optionalData,
    ...(t.format === 'FRA_ID' ? { issuingState: 'FRA', nationality: 'FRA' } : { issuingState: f.issuingState, nationality: f.nationality }),
  };
}

describe('a built MRZ always parses valid, to the fields it was built from', () => {
  it('every format, short and long document numbers', () => {
    fc.assert(
      fc.property(fc.boolean().chain((longNumbers) => traveller({ longNumbers })), (t) => {
        const lines = buildMrz(t.format, t.fields);
        const result = parseMrz(lines, { today: TODAY });
        expect(result.errors).toEqual([]);
        expect(result).toMatchObject({ valid: true, usable: true, format: t.format, corrections: [] });
        expect(result.fields).toMatchObject(expectedFields(t));
      }),
      { numRuns: 300 },
    );
  });
});

/** The positions a check digit protects, and which of them can only hold digits. */
function protectedPositions(format: MrzFormat): { all: number[]; digitsOnly: Set<number> } {
  const span = (s: { start: number; length: number }) => Array.from({ length: s.length }, (_, i) => s.start + i);
  if (format === 'FRA_ID') {
    const digitsOnly = [...span(FRA_ID.birthDate), FRA_ID.birthDateCheck, FRA_ID.documentNumberCheck, FRA_ID.composite.check];
    return { all: [...span(FRA_ID.documentNumber), ...digitsOnly], digitsOnly: new Set(digitsOnly) };
  }
  const layout: IcaoLayout = { TD1, TD2, TD3, MRVA, MRVB }[format];
  const digitsOnly = [
    ...span(layout.birthDate),
    layout.birthDateCheck,
    ...span(layout.expiryDate),
    layout.expiryDateCheck,
    layout.documentNumberCheck,
    ...(layout.personalNumberCheck === undefined ? [] : [layout.personalNumberCheck]),
    ...(layout.composite === undefined ? [] : [layout.composite.check]),
  ];
  const alphanumeric = [...span(layout.documentNumber), ...(format === 'TD3' ? span(layout.optionalData) : [])];
  return { all: [...alphanumeric, ...digitsOnly], digitsOnly: new Set(digitsOnly) };
}

describe('a single changed character in a check-digit-protected field is always detected', () => {
  // Changes by a multiple of 10 in value (A↔K, 0↔A, <↔A, 6↔G, …) are invisible to the 7-3-1
  // scheme by construction; the test below that states this limit is the other half of the story.
  it('never silently accepted; in digit-only positions, accepted only when corrected back', () => {
    fc.assert(
      fc.property(traveller({ longNumbers: false }), fc.nat(), fc.constantFrom(...MRZ_ALPHABET), (t, pick, replacement) => {
        const lines = buildMrz(t.format, t.fields);
        const text = lines.join('');
        const { all, digitsOnly } = protectedPositions(t.format);
        const position = all[pick % all.length]!;
        const original = text[position]!;
        fc.pre(replacement !== original && (mrzCharValue(replacement) - mrzCharValue(original)) % 10 !== 0);

        const changed = text.slice(0, position) + replacement + text.slice(position + 1);
        const length = lines[0]!.length;
        const result = parseMrz(
          lines.map((_, i) => changed.slice(i * length, (i + 1) * length)),
          { today: TODAY },
        );
        if (result.valid) {
          // Allowed only as a reported correction: a digit misread inside a number can be met by
          // a compensating look-alike swap elsewhere (see check-digit-corrections.ts, rule 3).
          expect(result.corrections.length).toBeGreaterThan(0);
          if (digitsOnly.has(position)) {
            expect(ocrLookAlike(replacement)).toBe(original);
            expect(result.fields).toEqual(parseMrz(lines, { today: TODAY }).fields);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('(the limit) a change by 10 in value slips past every check digit: A↔K in a document number', () => {
    const fields: MrzBuildFields = {
      issuingState: 'NLD',
      nationality: 'NLD',
      documentNumber: 'XA0123456',
      birthDate: '1980-01-01',
      expiryDate: '2030-01-01',
      sex: 'F',
      primaryIdentifier: 'JANSEN',
    };
    const lines = buildMrz('TD3', fields);
    const forged = [lines[0]!, `XK${lines[1]!.slice(2)}`];
    const result = parseMrz(forged, { today: TODAY });
    expect(result.valid).toBe(true);
    expect(result.fields.documentNumber).toBe('XK0123456');
  });
});

/** Invariants that hold for any result, whatever the input. */
function expectWellFormed(result: MrzResult): void {
  expect(result.errors.filter((e) => e.field === 'internal')).toEqual([]);
  expect(result.valid).toBe(result.usable && result.errors.length === 0);
  if (!result.usable) expect(result.format).toBeNull();
  const text = result.lines.join('');
  for (const c of result.corrections) expect(text[c.position]).toBe(c.from);
}

function timed(run: () => MrzResult): MrzResult {
  const started = performance.now();
  const result = run();
  // Generous: a parse takes well under a millisecond; this only catches runaway work.
  expect(performance.now() - started).toBeLessThan(250);
  return result;
}

describe('fuzz: parseMrz never throws and finishes quickly', () => {
  it('arbitrary strings, including any Unicode', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => expectWellFormed(timed(() => parseMrz(s)))), { numRuns: 1000 });
  });

  it('arbitrary arrays of arbitrary lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 5 }), (lines) => expectWellFormed(timed(() => parseMrz(lines)))),
      { numRuns: 1000 },
    );
  });

  it('MRZ-shaped input: right line counts and lengths, random MRZ characters and junk', () => {
    const junkyChar = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...MRZ_ALPHABET) },
      { weight: 1, arbitrary: fc.constantFrom('?', '*', 'é', 'ı', '_', 'o', ' ') },
    );
    const shaped = fc.constantFrom([3, 30], [2, 36], [2, 44]).chain(([count, length]) =>
      fc.array(fc.string({ unit: junkyChar, minLength: length!, maxLength: length! }), { minLength: count!, maxLength: count! }),
    );
    const prefixed = fc.tuple(fc.constantFrom('', 'P<', 'V<', 'I<', 'IDFRA', 'A', 'C'), shaped).map(([prefix, lines]) => [
      (prefix + lines[0]!).slice(0, lines[0]!.length),
      ...lines.slice(1),
    ]);
    fc.assert(
      fc.property(prefixed, fc.date({ noInvalidDate: true }), (lines, today) => expectWellFormed(timed(() => parseMrz(lines, { today })))),
      { numRuns: 2000 },
    );
  });

  it('a megabyte of input is rejected quickly', () => {
    const huge = `${'P<UTO'.repeat(100_000)}\n${'L8989'.repeat(100_000)}`;
    const started = performance.now();
    const result = parseMrz(huge);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.usable).toBe(false);
  });
});
