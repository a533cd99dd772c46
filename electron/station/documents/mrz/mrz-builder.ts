// Builds MRZ lines with correct check digits, for tests and the device simulators' sample
// travellers. Unlike parseMrz this throws (MrzBuildError) on input it cannot encode: a simulator
// with a bad traveller should fail at start-up, not emit a broken MRZ. To make a broken MRZ for a
// test, build a valid one and change characters in the lines.

import { checkDigit } from './check-digit.js';
import { FRA_ID, MRVA, MRVB, TD1, TD2, TD3, type IcaoLayout } from './mrz-layouts.js';
import { toMrzText } from './mrz-transliteration.js';
import type { MrzFormat } from './types.js';

export { toMrzText };

export class MrzBuildError extends Error {
  override name = 'MrzBuildError';
}

export interface MrzBuildFields {
  /** Defaults: P (TD3), I (TD1, TD2), V (MRV-A, MRV-B). */
  documentCode?: string;
  /** State code as written in the MRZ (`D`, `UTO`, `GBR`); not checked, so invalid codes can be built. */
  issuingState: string;
  nationality: string;
  /** Over 9 characters only in TD1 and TD2, where it continues in the optional data. */
  documentNumber: string;
  /** `YYYY-MM-DD`, or six MRZ characters as written (`740812`, `<<<<<<`). */
  birthDate: string;
  expiryDate: string;
  sex: 'M' | 'F' | 'X' | '<';
  primaryIdentifier: string;
  secondaryIdentifier?: string;
  /** TD1 line 1, TD2 and visa optional data; the personal number in TD3. */
  optionalData?: string;
  /** TD1 line 2 optional data. */
  optionalData2?: string;
  /** TD3 with no personal number: its check digit is `<` or `0` at the issuer's option (9303-4). Default `<`. */
  emptyPersonalNumberCheckDigit?: '<' | '0';
}

export interface FrenchIdBuildFields {
  /** 12 characters: issue YYMM, 3-character department/office, 5-digit sequence. */
  documentNumber: string;
  primaryIdentifier: string;
  secondaryIdentifier?: string;
  /** Line 1 positions 31–36. */
  administrativeCode?: string;
  birthDate: string;
  sex: 'M' | 'F' | 'X' | '<';
}

function mrz(text: string, what: string): string {
  const converted = toMrzText(text);
  if (converted === null) throw new MrzBuildError(`${what} '${text}' has characters with no MRZ form (Latin script only)`);
  return converted;
}

function fit(value: string, length: number, what: string): string {
  if (value.length > length) throw new MrzBuildError(`${what} '${value}' is longer than its ${length} characters`);
  return value.padEnd(length, '<');
}

function namePart(text: string, what: string): string {
  const value = mrz(text, what).replace(/<+/g, '<').replace(/^<|<$/g, '');
  if (/[0-9]/.test(value)) throw new MrzBuildError(`${what} '${text}' has digits`);
  return value;
}

/** `PRIMARY<<SECONDARY`, cut to the field length when too long (the cut ends the field on a letter). */
function nameField(primary: string, secondary: string | undefined, length: number): string {
  const p = namePart(primary, 'primary identifier');
  const s = secondary === undefined ? '' : namePart(secondary, 'secondary identifier');
  const full = s === '' ? p : `${p}<<${s}`;
  return full.slice(0, length).padEnd(length, '<');
}

function date(value: string, what: string): string {
  const iso = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(value);
  if (iso !== null) return `${iso[1]}${iso[2]}${iso[3]}`;
  if (/^[0-9<]{6}$/.test(value)) return value;
  throw new MrzBuildError(`${what} '${value}' is neither YYYY-MM-DD nor six MRZ characters`);
}

function sexChar(sex: MrzBuildFields['sex']): string {
  return sex === 'X' ? '<' : sex;
}

function state(code: string, what: string): string {
  const value = mrz(code, what);
  if (!/^[A-Z]{1,3}$/.test(value)) throw new MrzBuildError(`${what} '${code}' is not 1 to 3 letters`);
  return value.padEnd(3, '<');
}

const cd = (s: string): string => String(checkDigit(s));

/**
 * The document number field, its check digit and what goes at the start of the optional data:
 * a long number (TD1/TD2) keeps 9 characters, a filler, and continues in the optional data with
 * its check digit and a filler (ICAO 9303-5/6 note j; check digit over the whole number).
 */
function documentNumber(layout: IcaoLayout, raw: string): { field: string; check: string; continuation: string } {
  const number = mrz(raw, 'document number');
  if (number === '' || number.includes('<')) throw new MrzBuildError(`document number '${raw}' is empty or has separators`);
  if (number.length <= 9) return { field: fit(number, 9, 'document number'), check: cd(number), continuation: '' };
  if (!layout.longDocumentNumber) throw new MrzBuildError(`document number '${raw}' is over 9 characters, which ${layout.format} cannot hold`);
  return { field: number.slice(0, 9), check: '<', continuation: `${number.slice(9)}${cd(number)}<` };
}

function build(layout: IcaoLayout, f: MrzBuildFields, defaultCode: string): string[] {
  const text: string[] = Array.from({ length: layout.lineCount * layout.lineLength }, () => '<');
  const put = (start: number, value: string): void => {
    [...value].forEach((c, i) => (text[start + i] = c));
  };
  const code = mrz(f.documentCode ?? defaultCode, 'document code');
  if (!/^[A-Z][A-Z<]?$/.test(code)) throw new MrzBuildError(`document code '${f.documentCode}' is not 1 or 2 letters`);
  put(layout.documentCode.start, fit(code, 2, 'document code'));
  put(layout.issuingState.start, state(f.issuingState, 'issuing state'));
  put(layout.name.start, nameField(f.primaryIdentifier, f.secondaryIdentifier, layout.name.length));

  const number = documentNumber(layout, f.documentNumber);
  put(layout.documentNumber.start, number.field);
  put(layout.documentNumberCheck, number.check);
  put(layout.nationality.start, state(f.nationality, 'nationality'));
  const birth = date(f.birthDate, 'birth date');
  put(layout.birthDate.start, birth);
  put(layout.birthDateCheck, cd(birth));
  put(layout.sex, sexChar(f.sex));
  const expiry = date(f.expiryDate, 'expiry date');
  put(layout.expiryDate.start, expiry);
  put(layout.expiryDateCheck, cd(expiry));

  const optional = fit(number.continuation + mrz(f.optionalData ?? '', 'optional data'), layout.optionalData.length, 'optional data');
  put(layout.optionalData.start, optional);
  if (layout.personalNumberCheck !== undefined) {
    put(layout.personalNumberCheck, /^<*$/.test(optional) ? (f.emptyPersonalNumberCheckDigit ?? '<') : cd(optional));
  }
  if (layout.optionalData2 !== undefined) {
    put(layout.optionalData2.start, fit(mrz(f.optionalData2 ?? '', 'optional data 2'), layout.optionalData2.length, 'optional data 2'));
  } else if (f.optionalData2 !== undefined && f.optionalData2 !== '') {
    throw new MrzBuildError(`${layout.format} has no second optional data field`);
  }
  if (layout.composite !== undefined) {
    const covered = layout.composite.parts.map((s) => text.slice(s.start, s.start + s.length).join('')).join('');
    put(layout.composite.check, cd(covered));
  }

  const joined = text.join('');
  return Array.from({ length: layout.lineCount }, (_, i) => joined.slice(i * layout.lineLength, (i + 1) * layout.lineLength));
}

/** TD1 identity card: 3 lines of 30. */
export const buildTd1 = (fields: MrzBuildFields): string[] => build(TD1, fields, 'I');
/** TD2 card: 2 lines of 36. */
export const buildTd2 = (fields: MrzBuildFields): string[] => build(TD2, fields, 'I');
/** TD3 passport: 2 lines of 44. `optionalData` is the personal number. */
export const buildTd3 = (fields: MrzBuildFields): string[] => build(TD3, fields, 'P');
/** MRV-A visa: 2 lines of 44. */
export const buildMrva = (fields: MrzBuildFields): string[] => build(MRVA, fields, 'V');
/** MRV-B visa: 2 lines of 36. */
export const buildMrvb = (fields: MrzBuildFields): string[] => build(MRVB, fields, 'V');

/** French national identity card (1988–2021): 2 lines of 36. */
export function buildFrenchId(f: FrenchIdBuildFields): string[] {
  const number = mrz(f.documentNumber, 'document number');
  if (!/^[A-Z0-9]{1,12}$/.test(number)) throw new MrzBuildError(`document number '${f.documentNumber}' is not 1 to 12 letters or digits`);
  const birth = date(f.birthDate, 'birth date');
  const line1 =
    'IDFRA' +
    fit(namePart(f.primaryIdentifier, 'surname'), FRA_ID.surname.length, 'surname') +
    fit(mrz(f.administrativeCode ?? '', 'administrative code'), FRA_ID.administrativeCode.length, 'administrative code');
  const numberField = fit(number, FRA_ID.documentNumber.length, 'document number');
  const given = namePart(f.secondaryIdentifier ?? '', 'given names').slice(0, FRA_ID.givenNames.length);
  const line2Start =
    numberField + cd(numberField) + given.padEnd(FRA_ID.givenNames.length, '<') + birth + cd(birth) + sexChar(f.sex);
  return [line1, line2Start + cd(line1 + line2Start)];
}

/** Builds any supported format from the ICAO field set (French ID: documentNumber, names, birth date, sex; optionalData is its administrative code). */
export function buildMrz(format: MrzFormat, fields: MrzBuildFields): string[] {
  switch (format) {
    case 'TD1':
      return buildTd1(fields);
    case 'TD2':
      return buildTd2(fields);
    case 'TD3':
      return buildTd3(fields);
    case 'MRVA':
      return buildMrva(fields);
    case 'MRVB':
      return buildMrvb(fields);
    case 'FRA_ID':
      return buildFrenchId({
        documentNumber: fields.documentNumber,
        primaryIdentifier: fields.primaryIdentifier,
        secondaryIdentifier: fields.secondaryIdentifier,
        administrativeCode: fields.optionalData,
        birthDate: fields.birthDate,
        sex: fields.sex,
      });
  }
}
