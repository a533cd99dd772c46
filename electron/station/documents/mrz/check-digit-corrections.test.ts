import { describe, expect, it } from 'vitest';
import { buildMrvb, buildTd3, parseMrz, type MrzCorrection, type MrzResult } from './index.js';

const TODAY = new Date('2026-01-15T00:00:00Z');
const parse = (lines: readonly string[]) => parseMrz(lines, { today: TODAY });

// ICAO Doc 9303 Part 4 specimen passport and Part 7 specimen MRV-B.
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] as const;
const MRVB = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'] as const;

/** Replaces characters of line 2 at the given 0-based columns. */
function line2(lines: readonly string[], changes: Record<number, string>): string[] {
  const chars = [...lines[1]!];
  for (const [column, c] of Object.entries(changes)) chars[Number(column)] = c;
  return [lines[0]!, chars.join('')];
}

/** Every correction names a character that really is at its position in the lines as read. */
function expectCorrectionsPointAtInput(result: MrzResult): void {
  const text = result.lines.join('');
  for (const c of result.corrections) expect(text[c.position]).toBe(c.from);
}

const at = (line: number, column: number, lineLength: number) => line * lineLength + column;

describe('OCR corrections a check digit proves', () => {
  interface Proven {
    name: string;
    lines: string[];
    corrections: MrzCorrection[];
  }
  const proven: Proven[] = [
    {
      name: 'look-alike letters in the birth date and its check digit (cheminfo/mrz td3.test.ts autocorrect input)',
      lines: line2(TD3, { 16: 'B', 17: 'I', 18: 'Z', 19: 'Z' }),
      corrections: [
        { field: 'birthDate', position: at(1, 16, 44), from: 'B', to: '8' },
        { field: 'birthDate', position: at(1, 17, 44), from: 'I', to: '1' },
        { field: 'birthDate', position: at(1, 18, 44), from: 'Z', to: '2' },
        { field: 'birthDateCheckDigit', position: at(1, 19, 44), from: 'Z', to: '2' },
      ],
    },
    {
      name: 'S for 5 in the expiry date',
      lines: line2(TD3, { 26: 'S' }),
      corrections: [{ field: 'expiryDate', position: at(1, 26, 44), from: 'S', to: '5' }],
    },
    {
      name: 'O for 0 as the composite check digit',
      lines: line2(TD3, { 43: 'O' }),
      corrections: [{ field: 'compositeCheckDigit', position: at(1, 43, 44), from: 'O', to: '0' }],
    },
    {
      name: 'G for 6 as the document number check digit',
      lines: line2(TD3, { 9: 'G' }),
      corrections: [{ field: 'documentNumberCheckDigit', position: at(1, 9, 44), from: 'G', to: '6' }],
    },
    {
      name: 'O for 0 in a passport number: exactly one swap verifies',
      lines: line2(TD3, { 5: 'O' }),
      corrections: [{ field: 'documentNumber', position: at(1, 5, 44), from: 'O', to: '0' }],
    },
    {
      name: 'B for 8 as a visa birth date check digit (no composite needed: a check digit cannot be a letter)',
      lines: line2(MRVB, { 19: 'B' }),
      corrections: [{ field: 'birthDateCheckDigit', position: at(1, 19, 36), from: 'B', to: '8' }],
    },
  ];

  it.each(proven.map((p) => [p.name, p] as const))('%s', (_, p) => {
    const result = parse(p.lines);
    expect(result.corrections).toEqual(p.corrections);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expectCorrectionsPointAtInput(result);
    // The corrected fields are the specimen's.
    const clean = parse(p.lines[0]!.startsWith('V') ? [...MRVB] : [...TD3]);
    expect(result.fields).toEqual(clean.fields);
  });

  it('G for 6 in a date, which the check digit cannot see (G = 16), is still read as 6', () => {
    const lines = buildTd3({
      issuingState: 'NOR',
      nationality: 'NOR',
      documentNumber: 'FH2041852',
      birthDate: '1986-06-16',
      expiryDate: '2030-08-05',
      sex: 'M',
      primaryIdentifier: 'HANSEN',
    });
    const result = parse(line2(lines, { 14: 'G' }));
    expect(result.corrections).toEqual([{ field: 'birthDate', position: at(1, 14, 44), from: 'G', to: '6' }]);
    expect(result.valid).toBe(true);
    expect(result.fields.birthDate).toBe('1986-06-16');
  });

  it('a built passport read with look-alikes in every numeric field comes back whole', () => {
    const lines = buildTd3({
      issuingState: 'NOR',
      nationality: 'NOR',
      documentNumber: 'FH2041852',
      birthDate: '1960-01-25',
      expiryDate: '2030-08-05',
      sex: 'M',
      primaryIdentifier: 'HANSEN',
      secondaryIdentifier: 'OLE',
    });
    // Every 0 1 2 5 6 8 in the dates and check digits (not the document number) becomes its letter.
    const toLetter: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
    const numeric = [9, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 43];
    const ocr = line2(lines, Object.fromEntries(numeric.map((c) => [c, toLetter[lines[1]![c]!] ?? lines[1]![c]!])));
    const result = parse(ocr);
    expect(result.valid).toBe(true);
    expect(result.corrections.length).toBeGreaterThan(5);
    expectCorrectionsPointAtInput(result);
    expect(result.fields).toEqual(parse(lines).fields);
  });
});

describe('OCR corrections nothing proves are not made', () => {
  const unproven: [string, string[], string[]][] = [
    [
      'a look-alike letter in the birth date standing for a digit it does not resemble (S where 1 is printed)',
      line2(TD3, { 17: 'S' }),
      ['birthDate', 'birthDateCheckDigit', 'compositeCheckDigit'],
    ],
    [
      // I (18) and 8 differ by 10: the check digit still verifies, so nothing may change; the
      // letter in a date is still an error.
      'I where 8 is printed in the birth date',
      line2(TD3, { 16: 'I' }),
      ['birthDate'],
    ],
    [
      'B for 8 in the passport number: two swaps verify (columns 1 and 3), so neither is proven',
      line2(TD3, { 1: 'B' }),
      ['compositeCheckDigit', 'documentNumberCheckDigit'],
    ],
    ['a digit in a name (no check digit covers names)', [TD3[0].replace('ERIKSSON', 'ERIK55ON'), TD3[1]], ['primaryIdentifier']],
    ['a digit in a state code (no check digit covers it)', [TD3[0].replace('P<UTO', 'P<UT0'), TD3[1]], ['issuingState']],
    ['a look-alike in the sex field', line2(TD3, { 20: '8' }), ['sex']],
    [
      'O for 0 in a visa number: with no composite, a misread check digit would look the same, so no swap',
      line2(MRVB, { 6: 'O' }),
      ['documentNumberCheckDigit'],
    ],
    [
      // L898902C3 with check digit 0 is satisfied by exactly one swap, 0→O at column 5; the composite refuses it.
      'a passport number check digit misread (6 as 0) that one look-alike swap would satisfy: the composite refuses the swap',
      line2(TD3, { 9: '0' }),
      ['compositeCheckDigit', 'documentNumberCheckDigit'],
    ],
  ];
  it.each(unproven)('%s', (_, lines, errorFields) => {
    const result = parse(lines);
    expect(result.corrections).toEqual([]);
    expect(result.valid).toBe(false);
    expect([...new Set(result.errors.map((e) => e.field))].sort()).toEqual(errorFields);
  });

  it('a field that verifies is never touched, even when it holds look-alikes', () => {
    const lines = buildTd3({
      issuingState: 'GBR',
      nationality: 'GBR',
      documentNumber: 'O0I1S5B8Z',
      birthDate: '1990-01-01',
      expiryDate: '2030-01-01',
      sex: 'F',
      primaryIdentifier: 'SMITH',
    });
    const result = parse(lines);
    expect(result.corrections).toEqual([]);
    expect(result.fields.documentNumber).toBe('O0I1S5B8Z');
  });

  it('6 and G differ by 10, so the check digit cannot tell them apart (a limit of 9303, stated not hidden)', () => {
    // ZE184226B with its 6 read as G verifies exactly as the original does.
    const result = parse(line2(TD3, { 35: 'G' }));
    expect(result.valid).toBe(true);
    expect(result.fields.personalNumber).toBe('ZE18422GB');
  });
});

describe('a single wrong digit is never "corrected" into another number on MRV-B either', () => {
  it('reports the failing check digit', () => {
    const lines = buildMrvb({
      issuingState: 'FRA',
      nationality: 'UTO',
      documentNumber: 'F00000000',
      birthDate: '031106',
      expiryDate: '140114',
      sex: 'M',
      primaryIdentifier: 'SPECIMEN',
      secondaryIdentifier: 'SPECIMEN',
      optionalData: 'M300703',
    });
    // 3 for 0 is not an OCR look-alike: nothing to try, so nothing is changed.
    const result = parse(line2(lines, { 2: '3' }));
    expect(result.corrections).toEqual([]);
    expect(result.errors.map((e) => e.field)).toEqual(['documentNumberCheckDigit']);
  });
});
