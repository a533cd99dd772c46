import { describe, expect, it } from 'vitest';
import { buildTd1, buildTd3, checkDigit, parseMrz, type MrzBuildFields, type MrzFields, type MrzFormat } from './index.js';

const TODAY = new Date('2026-01-15T00:00:00Z');
const parse = (input: string | readonly string[]) => parseMrz(input, { today: TODAY });

interface Specimen {
  name: string;
  /** Where the MRZ text comes from. */
  source: string;
  lines: string[];
  format: MrzFormat;
  documentCode: string;
  fields: Partial<MrzFields>;
  warnings?: string[];
}

const SPECIMENS: Specimen[] = [
  {
    name: 'TD3 passport, ICAO specimen',
    source: 'ICAO Doc 9303 Part 4, Appendix A (Utopia passport); also cheminfo/mrz td3.test.ts',
    lines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
    format: 'TD3',
    documentCode: 'P',
    fields: {
      documentNumber: 'L898902C3',
      issuingState: 'UTO',
      nationality: 'UTO',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      sex: 'F',
      primaryIdentifier: 'ERIKSSON',
      secondaryIdentifier: 'ANNA MARIA',
      personalNumber: 'ZE184226B',
      optionalData: 'ZE184226B',
      nameTruncated: false,
    },
    warnings: ['issuingState', 'nationality'],
  },
  {
    name: 'TD1 card, ICAO specimen',
    source: 'ICAO Doc 9303 Part 5, Appendix A (Utopia TD1)',
    lines: ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'],
    format: 'TD1',
    documentCode: 'I',
    fields: {
      documentNumber: 'D23145890',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      sex: 'F',
      primaryIdentifier: 'ERIKSSON',
      secondaryIdentifier: 'ANNA MARIA',
      optionalData: '',
      optionalData2: '',
    },
    warnings: ['issuingState', 'nationality'],
  },
  {
    name: 'TD1 card with a 12-character document number',
    source: 'ICAO Doc 9303 Part 5, note j example, as in cheminfo/mrz td1.test.ts ("ICAO Doc 9303 Sample")',
    lines: ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'],
    format: 'TD1',
    documentCode: 'I',
    fields: {
      documentNumber: 'D23145890734',
      birthDate: '1934-07-12',
      expiryDate: '1995-07-12',
      sex: 'M',
      primaryIdentifier: 'STEVENSON',
      secondaryIdentifier: 'PETER JOHN',
      optionalData: '',
    },
    warnings: ['issuingState', 'nationality'],
  },
  {
    name: 'TD2 card, ICAO specimen',
    source: 'ICAO Doc 9303 Part 6, Appendix A; also cheminfo/mrz td2.test.ts and Arg0s1080/mrz tests/td2_chk_01.py',
    lines: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'],
    format: 'TD2',
    documentCode: 'I',
    fields: { documentNumber: 'D23145890', birthDate: '1974-08-12', expiryDate: '2012-04-15', sex: 'F', optionalData: '' },
    warnings: ['issuingState', 'nationality'],
  },
  {
    name: 'MRV-A visa, ICAO specimen',
    source: 'ICAO Doc 9303 Part 7, Appendix A, as in Arg0s1080/mrz tests/mrva_chk_02.py',
    lines: ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'],
    format: 'MRVA',
    documentCode: 'V',
    fields: {
      documentNumber: 'L8988901C',
      issuingState: 'UTO',
      nationality: 'XXX',
      birthDate: '1940-09-07',
      expiryDate: '1996-12-10',
      sex: 'F',
      optionalData: '6ZE184226B',
    },
    warnings: ['issuingState'],
  },
  {
    name: 'MRV-B visa, ICAO specimen',
    source: 'ICAO Doc 9303 Part 7, Appendix A, as in Arg0s1080/mrz tests/mrvb_chk_01.py',
    lines: ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'],
    format: 'MRVB',
    documentCode: 'V',
    fields: { documentNumber: 'L8988901C', nationality: 'XXX', birthDate: '1940-09-07', expiryDate: '1996-12-10', optionalData: '' },
    warnings: ['issuingState'],
  },
  {
    name: 'French national ID card, 1994 specimen',
    source: 'cheminfo/mrz frenchNationalId.test.ts ("valid MRZ with no administrative code")',
    lines: ['IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<', '9409923102854CORINNE<<<<<<<6512068F4'],
    format: 'FRA_ID',
    documentCode: 'ID',
    fields: {
      documentNumber: '940992310285',
      issuingState: 'FRA',
      nationality: 'FRA',
      birthDate: '1965-12-06',
      expiryDate: null,
      sex: 'F',
      primaryIdentifier: 'BERTHIER',
      secondaryIdentifier: 'CORINNE',
      optionalData: '',
    },
  },
  {
    name: 'German passport: state D, empty personal number with filler check digit',
    source: 'cheminfo/mrz td3.test.ts ("German example")',
    lines: ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0'],
    format: 'TD3',
    documentCode: 'P',
    fields: { issuingState: 'D', nationality: 'D', documentNumber: 'C01X0006H', birthDate: '1964-08-12', expiryDate: '2017-10-31', personalNumber: '' },
  },
  {
    name: 'Chinese passport with a 14-character personal number',
    source: 'cheminfo/mrz td3.test.ts ("CHN PO")',
    lines: ['POCHNABULIKEMU<<ABULA<<<<<<<<<<<<<<<<<<<<<<<', 'E596593216CHN9701078M2510077LAKCLCLMMBKGG932'],
    format: 'TD3',
    documentCode: 'PO',
    fields: { documentNumber: 'E59659321', sex: 'M', personalNumber: 'LAKCLCLMMBKGG9', birthDate: '1997-01-07', expiryDate: '2025-10-07' },
  },
  {
    name: 'Belgian card BEL-BO-11005: long number, ICAO check digit form',
    source: 'PRADO BEL-BO-11005, as in cheminfo/mrz td1.test.ts',
    lines: ['IDBEL600001795<0152<<<<<<<<<<<', '1301014F2311207BEL130101987398', 'SPECIMEN<<SPECIMEN<<<<<<<<<<<<'],
    format: 'TD1',
    documentCode: 'ID',
    fields: { documentNumber: '600001795015', birthDate: '2013-01-01', expiryDate: '2023-11-20', optionalData: '', optionalData2: '13010198739' },
  },
  {
    name: 'Belgian card BEL-BO-03003: long number, check digit over the filler too',
    source: 'PRADO BEL-BO-03003, as in cheminfo/mrz td1.test.ts',
    lines: ['IDBEL000590240<6013<<<<<<<<<<<', '8512017F1311048BEL851201002007', 'REINARTZ<<ULRIKE<KATIA<E<<<<<<'],
    format: 'TD1',
    documentCode: 'ID',
    fields: { documentNumber: '000590240601', secondaryIdentifier: 'ULRIKE KATIA E' },
    warnings: ['documentNumberCheckDigit'],
  },
  {
    name: 'Portuguese card: long number ending in letters, truncated name',
    source: 'PRADO PRT-BO-04001 style, as in cheminfo/mrz td1.test.ts ("Portuguese ID")',
    lines: ['I<PRT007777779<ZZ92<<<<<<<<<<<', '8303143M3405282PRT<<<<<<<<<<<2', 'CACADOR<DE<ARAUJO<<ANDRE<ESTEV'],
    format: 'TD1',
    documentCode: 'I',
    fields: {
      documentNumber: '007777779ZZ9',
      expiryDate: '2034-05-28',
      primaryIdentifier: 'CACADOR DE ARAUJO',
      secondaryIdentifier: 'ANDRE ESTEV',
      nameTruncated: true,
      optionalData: '',
    },
    warnings: ['name'],
  },
  {
    name: 'Finnish card: optional data keeps its inner filler',
    source: 'PRADO FIN-BO-12001, as in cheminfo/mrz td1.test.ts',
    lines: ['I<FINXA10000585010195<112X<<<<', '9501016F2803135FIN<<<<<<<<<<<7', 'SPECIMEN<TRAVEL<<VILMA<SOFIA<<'],
    format: 'TD1',
    documentCode: 'I',
    fields: { documentNumber: 'XA1000058', optionalData: '010195<112X', primaryIdentifier: 'SPECIMEN TRAVEL', secondaryIdentifier: 'VILMA SOFIA' },
  },
];

describe('parseMrz: specimens of every format', () => {
  it.each(SPECIMENS.map((s) => [s.name, s] as const))('%s', (_, s) => {
    const result = parse(s.lines);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ usable: true, valid: true, format: s.format, documentCode: s.documentCode, corrections: [], lines: s.lines });
    expect(result.fields).toMatchObject(s.fields);
    expect(result.warnings.map((w) => w.field).sort()).toEqual([...(s.warnings ?? [])].sort());
  });

  it('names the specimen state in a warning, never an error', () => {
    const result = parse(SPECIMENS[0]!.lines);
    expect(result.warnings[0]?.message).toMatch(/specimen/);
  });
});

describe('parseMrz: input that is not an MRZ', () => {
  const td3 = SPECIMENS[0]!.lines;
  const cases: [string, string | string[], RegExp][] = [
    ['empty string', '', /no MRZ text/],
    ['only blank lines', '\n \r\n\t\n', /no MRZ text/],
    ['one line', td3[0]!, /2 or 3 lines, found 1/],
    ['four lines', [...td3, ...td3], /2 or 3 lines, found 4/],
    ['second line one short', [td3[0]!, td3[1]!.slice(0, 43)], /line 2 has 43 characters, expected 44/],
    ['second line one long', [td3[0]!, `${td3[1]}<`], /line 2 has 45 characters, expected 44/],
    ['first line of no MRZ length', ['P<UTO', td3[1]!], /line 1 has 5 characters/],
    ['TD1 with a short third line', ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON'], /line 3 has 8 characters, expected 30/],
    ['mixed layouts', [td3[0]!, 'D231458907UTO7408122F1204159<<<<<<<6'], /line 2 has 36 characters, expected 44/],
  ];
  it.each(cases)('%s', (_, input, message) => {
    const result = parse(input);
    expect(result).toMatchObject({ usable: false, valid: false, format: null, documentCode: '', corrections: [] });
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.every((e) => e.field === 'lines')).toBe(true);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(message);
  });

  it('non-string input from untyped callers is reported, not thrown', () => {
    for (const input of [null, undefined, 42, {}, [1, 2], [null, 'x']]) {
      const result = parseMrz(input as unknown as string);
      expect(result.usable).toBe(false);
    }
  });
});

describe('parseMrz: input tolerance', () => {
  const [line1, line2] = SPECIMENS[0]!.lines as [string, string];
  const cases: [string, string | string[]][] = [
    ['one string, LF', `${line1}\n${line2}`],
    ['one string, CRLF, trailing newline', `${line1}\r\n${line2}\r\n`],
    ['one string, CR', `${line1}\r${line2}`],
    ['lower case', [line1.toLowerCase(), line2.toLowerCase()]],
    ['underscore padding from a reader', [line1.replace(/</g, '_'), line2.replace(/</g, '_')]],
    ['spaces inside and around', [`  ${line1.slice(0, 10)} ${line1.slice(10)}  `, `\t${line2} `]],
    ['reader framing (STX/ETX) and blank lines', `\u0002\n${line1}\n\n${line2}\n\u0003`],
    ['both lines run together', `${line1}${line2}`],
  ];
  it.each(cases)('%s', (_, input) => {
    const result = parse(input);
    expect(result.lines).toEqual([line1, line2]);
    expect(result.valid).toBe(true);
    expect(result.fields.documentNumber).toBe('L898902C3');
  });

  it('does not turn non-ASCII letters into MRZ letters (dotless ı stays invalid)', () => {
    const result = parse([line1.replace('ANNA', 'ANNı'), line2]);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.objectContaining({ field: 'secondaryIdentifier' }));
  });
});

// A valid traveller to break one field at a time (built, so each case changes exactly one thing).
const BASE: MrzBuildFields = {
  issuingState: 'NLD',
  nationality: 'NLD',
  documentNumber: 'XN01BC123',
  birthDate: '1985-03-09',
  expiryDate: '2031-11-30',
  sex: 'F',
  primaryIdentifier: 'DE BRUIJN',
  secondaryIdentifier: 'WILLEKE LIESELOTTE',
  optionalData: '999999990',
};
const td3 = (over: Partial<MrzBuildFields> = {}) => buildTd3({ ...BASE, ...over });
const td1 = (over: Partial<MrzBuildFields> = {}) => buildTd1({ ...BASE, ...over });
/** Replaces the characters of line `line` from `at` with `text`. */
function edit(lines: readonly string[], line: number, at: number, text: string): string[] {
  return lines.map((l, i) => (i === line ? l.slice(0, at) + text + l.slice(at + text.length) : l));
}

describe('parseMrz: each broken field is reported by itself', () => {
  it('the base traveller is valid in TD3 and TD1', () => {
    expect(parse(td3()).errors).toEqual([]);
    expect(parse(td1()).errors).toEqual([]);
  });

  interface Broken {
    name: string;
    lines: string[];
    errors: string[];
    fields?: Partial<MrzFields>;
    message?: RegExp;
  }
  const broken: Broken[] = [
    { name: 'document code not P on a TD3', lines: edit(td3(), 0, 0, 'X'), errors: ['documentCode'], message: /does not start with P/ },
    // TD1's composite covers line 1 from position 6 only, so the document code is checked by itself.
    { name: 'document code with a digit', lines: edit(td1(), 0, 1, '3'), errors: ['documentCode'] },
    { name: 'issuing state not a code', lines: td3({ issuingState: 'ZZZ' }), errors: ['issuingState'], fields: { issuingState: 'ZZZ' } },
    { name: 'issuing state DEU (9303 writes Germany as D)', lines: td3({ issuingState: 'DEU' }), errors: ['issuingState'] },
    { name: 'nationality ZIM (not a 9303 code; Zimbabwe is ZWE)', lines: td3({ nationality: 'ZIM' }), errors: ['nationality'] },
    { name: 'birth month 13', lines: td3({ birthDate: '851309' }), errors: ['birthDate'], fields: { birthDate: null }, message: /month 13/ },
    { name: 'birth 30 February', lines: td3({ birthDate: '850230' }), errors: ['birthDate'], fields: { birthDate: null }, message: /day 30/ },
    { name: 'birth 29 February in a common year', lines: td3({ birthDate: '010229' }), errors: ['birthDate'], fields: { birthDate: null } },
    { name: 'birth day 00', lines: td3({ birthDate: '850300' }), errors: ['birthDate'], fields: { birthDate: null } },
    { name: 'birth date all fillers', lines: td3({ birthDate: '<<<<<<' }), errors: ['birthDate'], fields: { birthDate: null }, message: /not given/ },
    { name: 'birth date partly fillers', lines: td3({ birthDate: '85<<<<' }), errors: ['birthDate'], fields: { birthDate: null } },
    { name: 'expiry month 00', lines: td3({ expiryDate: '310030' }), errors: ['expiryDate'], fields: { expiryDate: null } },
    {
      name: 'birth date with a letter no look-alike explains',
      lines: edit(td3(), 1, 15, 'X'),
      errors: ['birthDate', 'birthDateCheckDigit', 'compositeCheckDigit'],
      fields: { birthDate: null },
      message: /not digits/,
    },
    { name: 'birth date check digit wrong', lines: edit(td3(), 1, 19, td3()[1]![19] === '1' ? '2' : '1'), errors: ['birthDateCheckDigit', 'compositeCheckDigit'] },
    { name: 'expiry date check digit wrong', lines: edit(td3(), 1, 27, td3()[1]![27] === '1' ? '2' : '1'), errors: ['compositeCheckDigit', 'expiryDateCheckDigit'] },
    { name: 'document number check digit wrong', lines: edit(td3(), 1, 9, td3()[1]![9] === '1' ? '2' : '1'), errors: ['compositeCheckDigit', 'documentNumberCheckDigit'] },
    { name: 'document number check digit a filler on TD3', lines: edit(td3(), 1, 9, '<'), errors: ['compositeCheckDigit', 'documentNumberCheckDigit'], message: /not a digit/ },
    { name: 'personal number check digit wrong', lines: edit(td3(), 1, 42, td3()[1]![42] === '1' ? '2' : '1'), errors: ['compositeCheckDigit', 'personalNumberCheckDigit'] },
    { name: 'personal number check digit a filler while the number is set', lines: edit(td3(), 1, 42, '<'), errors: ['compositeCheckDigit', 'personalNumberCheckDigit'] },
    { name: 'composite check digit wrong', lines: edit(td3(), 1, 43, td3()[1]![43] === '1' ? '2' : '1'), errors: ['compositeCheckDigit'] },
    { name: 'composite check digit not a digit', lines: edit(td3(), 1, 43, 'X'), errors: ['compositeCheckDigit'], message: /not a digit/ },
    { name: 'sex Q', lines: edit(td3(), 1, 20, 'Q'), errors: ['sex'], fields: { sex: 'X' } },
    { name: 'digit in the surname (never corrected)', lines: edit(td3(), 0, 5, 'D3'), errors: ['primaryIdentifier'], fields: { primaryIdentifier: 'D3 BRUIJN' } },
    { name: 'digit in a given name', lines: edit(td3(), 0, 16, '1'), errors: ['secondaryIdentifier'] },
    { name: 'empty name', lines: edit(td3(), 0, 5, '<'.repeat(39)), errors: ['primaryIdentifier'], message: /empty/ },
    { name: 'a character outside the MRZ set in the personal number', lines: edit(td3(), 1, 30, '?'), errors: ['compositeCheckDigit', 'personalNumber', 'personalNumberCheckDigit'] },
    { name: 'a character outside the MRZ set in the document number', lines: edit(td3(), 1, 2, '?'), errors: ['compositeCheckDigit', 'documentNumber', 'documentNumberCheckDigit'] },
    { name: 'TD1 line 2 optional data outside the MRZ set', lines: edit(td1(), 1, 20, '*'), errors: ['compositeCheckDigit', 'optionalData2'] },
    {
      name: 'TD1 check digit filler with no long number after it',
      lines: edit(td1({ optionalData: '' }), 0, 14, '<'),
      errors: ['compositeCheckDigit', 'documentNumberCheckDigit'],
      message: /does not continue the number/,
    },
    {
      name: 'filler inside a document number',
      lines: edit(td3(), 1, 0, `<<AB<<<<<${checkDigit('<<AB<<<<<')}`),
      errors: ['compositeCheckDigit', 'documentNumber'],
      fields: { documentNumber: '<<AB' },
    },
  ];

  it.each(broken.map((b) => [b.name, b] as const))('%s', (_, b) => {
    const result = parse(b.lines);
    expect(result.usable).toBe(true);
    expect(result.valid).toBe(false);
    expect(result.corrections).toEqual([]);
    expect([...new Set(result.errors.map((e) => e.field))].sort()).toEqual(b.errors);
    if (b.fields) expect(result.fields).toMatchObject(b.fields);
    if (b.message) expect(result.errors.map((e) => e.message).join('\n')).toMatch(b.message);
  });

  it('keeps every readable field of a broken MRZ', () => {
    const result = parse(td3({ birthDate: '851309' }));
    expect(result.fields).toMatchObject({ documentNumber: 'XN01BC123', expiryDate: '2031-11-30', primaryIdentifier: 'DE BRUIJN', sex: 'F' });
  });
});

describe('parseMrz: fields that are empty on purpose', () => {
  it('an empty personal number may have < or 0 as its check digit (9303-4)', () => {
    const filler = td3({ optionalData: '' });
    expect(filler[1]!.slice(28, 43)).toBe('<<<<<<<<<<<<<<<');
    expect(parse(filler).valid).toBe(true);
    const zero = buildTd3({ ...BASE, optionalData: '', emptyPersonalNumberCheckDigit: '0' });
    expect(zero[1]![42]).toBe('0');
    expect(parse(zero).valid).toBe(true);
  });

  it('sex < and X both read as X', () => {
    expect(parse(td3({ sex: '<' })).fields.sex).toBe('X');
    expect(parse(edit(td3({ sex: '<' }), 1, 20, 'X')).fields.sex).toBe('X');
  });

  it('a name with only a secondary identifier is valid (cheminfo/mrz td3.test.ts "No last name")', () => {
    const result = parse(['P<IND<<FIRST<NAME<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0']);
    expect(result.valid).toBe(true);
    expect(result.fields).toMatchObject({ primaryIdentifier: '', secondaryIdentifier: 'FIRST NAME' });
  });
});
