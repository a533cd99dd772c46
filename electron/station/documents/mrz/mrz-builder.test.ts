import { describe, expect, it } from 'vitest';
import {
  buildFrenchId,
  buildMrva,
  buildMrvb,
  buildTd1,
  buildTd2,
  buildTd3,
  MrzBuildError,
  parseMrz,
  toMrzText,
  type MrzBuildFields,
} from './index.js';

const ANNA: MrzBuildFields = {
  issuingState: 'UTO',
  nationality: 'UTO',
  documentNumber: 'L898902C3',
  birthDate: '1974-08-12',
  expiryDate: '2012-04-15',
  sex: 'F',
  primaryIdentifier: 'Eriksson',
  secondaryIdentifier: 'Anna María',
};

describe('builders reproduce the ICAO Doc 9303 specimens character for character', () => {
  it('TD3 (9303-4)', () => {
    expect(buildTd3({ ...ANNA, optionalData: 'ZE184226B' })).toEqual([
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
      'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    ]);
  });

  it('TD1 (9303-5)', () => {
    expect(buildTd1({ ...ANNA, documentNumber: 'D23145890' })).toEqual([
      'I<UTOD231458907<<<<<<<<<<<<<<<',
      '7408122F1204159UTO<<<<<<<<<<<6',
      'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    ]);
  });

  it('TD1 with a 12-character document number (9303-5 note j)', () => {
    expect(
      buildTd1({
        ...ANNA,
        documentNumber: 'D23145890734',
        birthDate: '340712',
        expiryDate: '950712',
        sex: 'M',
        primaryIdentifier: 'STEVENSON',
        secondaryIdentifier: 'PETER JOHN',
      }),
    ).toEqual(['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<']);
  });

  it('TD2 (9303-6)', () => {
    expect(buildTd2({ ...ANNA, documentNumber: 'D23145890' })).toEqual([
      'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<',
      'D231458907UTO7408122F1204159<<<<<<<6',
    ]);
  });

  const visa: MrzBuildFields = { ...ANNA, documentNumber: 'L8988901C', nationality: 'XXX', birthDate: '400907', expiryDate: '961210' };
  it('MRV-A (9303-7)', () => {
    expect(buildMrva({ ...visa, optionalData: '6ZE184226B' })).toEqual([
      'V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
      'L8988901C4XXX4009078F96121096ZE184226B<<<<<<',
    ]);
  });

  it('MRV-B (9303-7)', () => {
    expect(buildMrvb(visa)).toEqual(['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<']);
  });

  it('French national ID card (cheminfo/mrz frenchNationalId.test.ts)', () => {
    expect(
      buildFrenchId({
        documentNumber: '1710GVA12345',
        primaryIdentifier: 'TEST NAME',
        secondaryIdentifier: 'ROBERTA',
        administrativeCode: '0CHE02',
        birthDate: '911231',
        sex: 'F',
      }),
    ).toEqual(['IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02', '1710GVA123451ROBERTA<<<<<<<9112311F2']);
  });
});

describe('toMrzText (ICAO 9303-3 §6 transliteration of Latin script)', () => {
  const cases: [string, string][] = [
    ['Müller', 'MUELLER'],
    ['Østergård', 'OESTERGAARD'],
    ['Æbelø', 'AEBELOE'],
    ['Straße', 'STRASSE'],
    ['Þórunn', 'THORUNN'],
    ['Guðrún', 'GUDRUN'],
    ['Łukasz', 'LUKASZ'],
    ['José', 'JOSE'],
    ['Ñúñez', 'NUNEZ'],
    ["O'Neill", 'ONEILL'],
    ['Jean-Pierre', 'JEAN<PIERRE'],
    ['van der Berg', 'VAN<DER<BERG'],
    ['St. John', 'ST<JOHN'],
  ];
  it.each(cases)('%s → %s', (input, expected) => expect(toMrzText(input)).toBe(expected));

  it.each(['Иванов', 'محمود', '山田', 'a@b'])('has no MRZ form for %s', (input) => expect(toMrzText(input)).toBeNull());
});

describe('builders refuse what they cannot encode', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['a 10-character number on a passport', () => buildTd3({ ...ANNA, documentNumber: 'L898902C31' }), /cannot hold/],
    ['a long number that overflows TD2 optional data', () => buildTd2({ ...ANNA, documentNumber: 'D23145890123456' }), /longer than/],
    ['Cyrillic names', () => buildTd3({ ...ANNA, primaryIdentifier: 'Иванов' }), /Latin script only/],
    ['digits in a name', () => buildTd3({ ...ANNA, secondaryIdentifier: 'Anna 2' }), /digits/],
    ['a date that is neither ISO nor six MRZ characters', () => buildTd3({ ...ANNA, birthDate: '12/08/1974' }), /YYYY-MM-DD/],
    ['a state code with digits', () => buildTd3({ ...ANNA, issuingState: 'U70' }), /1 to 3 letters/],
    ['optional data longer than its field', () => buildTd3({ ...ANNA, optionalData: 'A'.repeat(15) }), /longer than its 14/],
    ['a second optional field on a passport', () => buildTd3({ ...ANNA, optionalData2: 'X' }), /no second optional/],
    ['an empty document number', () => buildTd3({ ...ANNA, documentNumber: '' }), /empty/],
    ['a French card number over 12 characters', () => buildFrenchId({ ...ANNA, documentNumber: '1710GVA123456' }), /1 to 12/],
  ];
  it.each(cases)('%s', (_, build, message) => {
    expect(build).toThrow(MrzBuildError);
    expect(build).toThrow(message);
  });
});

describe('built documents parse back to what was built', () => {
  it('a name too long for TD1 is cut and parses as possibly truncated', () => {
    const lines = buildTd1({ ...ANNA, primaryIdentifier: 'Wolfeschlegelsteinhausenbergerdorff', secondaryIdentifier: 'Hubert Blaine' });
    expect(lines[2]).toBe('WOLFESCHLEGELSTEINHAUSENBERGER');
    const result = parseMrz(lines, { today: new Date('2026-01-15T00:00:00Z') });
    expect(result.valid).toBe(true);
    expect(result.fields.nameTruncated).toBe(true);
    expect(result.warnings.map((w) => w.field)).toContain('name');
  });

  it('a 10-character TD2 number continues in the optional data and reads back whole', () => {
    const lines = buildTd2({ ...ANNA, issuingState: 'NLD', nationality: 'NLD', documentNumber: 'AB12345678', optionalData: 'Z' });
    const result = parseMrz(lines, { today: new Date('2026-01-15T00:00:00Z') });
    expect(result.errors).toEqual([]);
    expect(result.fields.documentNumber).toBe('AB12345678');
    expect(result.fields.optionalData).toBe('Z');
  });
});
