// ICAO 9303 MRZ parser: TD1, TD2, TD3, MRV-A, MRV-B and the French national ID card (1988–2021).
// Pure: no I/O, no clock except `options.today` (defaults to now). Never throws: a broken MRZ is
// reported field by field in `errors`, and input that is not an MRZ at all comes back `usable: false`.

import { checkDigit } from './check-digit.js';
import {
  checkDigitVerifier,
  correctProtectedField,
  isDigit,
  type ProtectedField,
} from './check-digit-corrections.js';
import { isIcaoStateCode, SPECIMEN_STATE } from './icao-state-codes.js';
import { LETTER_TO_DIGIT } from './ocr-confusions.js';
import { readMrzDate, type MrzDateKind } from './mrz-dates.js';
import { FRA_ID, MRVA, MRVB, TD1, TD2, TD3, type IcaoLayout, type Span } from './mrz-layouts.js';
import { readMrzName, readMrzNamePart, type MrzName } from './mrz-names.js';
import { normaliseMrzLines } from './normalise.js';
import type { MrzCorrection, MrzError, MrzFields, MrzFormat, MrzResult, ParseMrzOptions } from './types.js';

const MRZ_CHARS = /^[A-Z0-9<]*$/;

function emptyFields(): MrzFields {
  return {
    documentNumber: '',
    issuingState: '',
    nationality: '',
    birthDate: null,
    expiryDate: null,
    sex: 'X',
    primaryIdentifier: '',
    secondaryIdentifier: '',
    optionalData: '',
  };
}

function unusable(lines: string[], errors: MrzError[]): MrzResult {
  return {
    format: null,
    valid: false,
    documentCode: '',
    fields: emptyFields(),
    errors,
    warnings: [],
    corrections: [],
    lines,
    usable: false,
  };
}

/** The layout the lines have, or why they have none. */
function detectFormat(lines: readonly string[]): MrzFormat | MrzError[] {
  const lengths = lines.map((line) => line.length);
  const all = (n: number): boolean => lengths.every((length) => length === n);
  const first = lines[0] ?? '';
  if (lines.length === 3 && all(30)) return 'TD1';
  if (lines.length === 2 && all(36)) return first.startsWith('IDFRA') ? 'FRA_ID' : first.startsWith('V') ? 'MRVB' : 'TD2';
  if (lines.length === 2 && all(44)) return first.startsWith('V') ? 'MRVA' : 'TD3';

  if (lines.length === 0) return [{ field: 'lines', message: 'no MRZ text in the input' }];
  if (lines.length !== 2 && lines.length !== 3) {
    return [{ field: 'lines', message: `an MRZ has 2 or 3 lines, found ${lines.length}` }];
  }
  // Name the line(s) that break the layout the first line suggests.
  const expected = lines.length === 3 ? 30 : first.length === 36 || first.length === 44 ? first.length : undefined;
  if (expected === undefined) {
    return [
      {
        field: 'lines',
        message: `line 1 has ${first.length} characters; MRZ lines have 30 (TD1, 3 lines), 36 (TD2, MRV-B, French ID) or 44 (TD3, MRV-A)`,
      },
    ];
  }
  return lengths.flatMap((length, i) =>
    length === expected ? [] : [{ field: 'lines', message: `line ${i + 1} has ${length} characters, expected ${expected}` }],
  );
}

/** Working state of one parse: the MRZ text as a mutable array of characters, and what was found. */
class MrzReading {
  readonly text: string[];
  readonly errors: MrzError[] = [];
  readonly warnings: MrzError[] = [];
  readonly corrections: MrzCorrection[] = [];

  constructor(lines: readonly string[]) {
    this.text = [...lines.join('')];
  }

  read(s: Span): string {
    return this.text.slice(s.start, s.start + s.length).join('');
  }

  at(position: number): string {
    return this.text[position] ?? '';
  }

  error(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  warn(field: string, message: string): void {
    this.warnings.push({ field, message });
  }

  correct(field: ProtectedField): void {
    this.corrections.push(...correctProtectedField(this.text, field));
  }

  /** Reports a check digit that does not verify, after correction. */
  checkDigitErrors(field: ProtectedField, label: string): void {
    if (field.verifies(this.text)) return;
    const c = this.at(field.check);
    if (!isDigit(c)) {
      this.error(field.checkField, `${label} check digit '${c}' is not a digit`);
      return;
    }
    const computed = checkDigit(field.data.map((p) => this.at(p)).join(''));
    this.error(
      field.checkField,
      computed < 0
        ? `${label} check digit cannot be verified: the field holds characters outside A-Z 0-9 <`
        : `${label} check digit is ${c} but the field computes to ${computed}`,
    );
  }

  state(field: 'issuingState' | 'nationality', raw: string): string {
    const code = raw.replace(/<+$/, '');
    const label = field === 'issuingState' ? 'issuing state' : 'nationality';
    if (!isIcaoStateCode(code)) this.error(field, `${label} '${raw}' is not an ICAO 9303 state or organisation code`);
    else if (code === SPECIMEN_STATE) this.warn(field, `${label} UTO is the ICAO specimen state: this is a specimen, not a real document`);
    return code;
  }

  date(field: 'birthDate' | 'expiryDate', raw: string, kind: MrzDateKind, today: Date | undefined): string | null {
    const reading = readMrzDate(raw, kind, today);
    if (reading.problem !== null) this.error(field, reading.problem);
    return reading.iso;
  }

  sex(raw: string): MrzFields['sex'] {
    if (raw === 'M' || raw === 'F') return raw;
    if (raw === '<' || raw === 'X') return 'X';
    this.error('sex', `sex '${raw}' is not M, F, X or <`);
    return 'X';
  }

  name(name: MrzName, field = 'name'): void {
    for (const problem of name.problems) this.error(problem.field, problem.message);
    if (name.truncated) this.warn(field, 'the name fills its whole field and may be truncated');
  }

  charset(field: string, raw: string, label: string): void {
    if (!MRZ_CHARS.test(raw)) this.error(field, `${label} holds characters outside A-Z 0-9 <`);
  }
}

const range = (s: Span): number[] => Array.from({ length: s.length }, (_, i) => s.start + i);
const trimFillers = (s: string): string => s.replace(/^<+|<+$/g, '');

function dateField(field: 'birthDate' | 'expiryDate', data: Span, check: number): ProtectedField {
  const positions = range(data);
  return {
    field,
    checkField: `${field}CheckDigit`,
    data: positions,
    check,
    dataCorrection: 'digits',
    verifies: checkDigitVerifier(positions, check),
  };
}

function compositeField(parts: readonly Span[], check: number): ProtectedField {
  const positions = parts.flatMap(range);
  return {
    field: 'composite',
    checkField: 'compositeCheckDigit',
    data: positions,
    check,
    dataCorrection: 'none',
    verifies: checkDigitVerifier(positions, check),
  };
}

/**
 * The composite check as the second condition of a swap correction (see check-digit-corrections.ts):
 * it must verify the candidate, reading a look-alike letter at the composite check digit as its digit.
 */
function compositeVerifies(composite: ProtectedField): (text: readonly string[]) => boolean {
  return (text) => {
    if (composite.verifies(text)) return true;
    const asDigit = LETTER_TO_DIGIT[text[composite.check] ?? ''];
    if (asDigit === undefined) return false;
    const mapped = [...text];
    mapped[composite.check] = asDigit;
    return composite.verifies(mapped);
  };
}

interface DocumentNumberLayout {
  field: ProtectedField;
  /** For long TD1/TD2 numbers: the ICAO form (without the filler at the check digit position) verifies on its own. */
  verifiesIcaoForm?: (text: readonly string[]) => boolean;
  /** Where the optional data proper starts, after a long number's continuation. */
  optionalDataStart: number;
  /** Why no long-number continuation could be found, when the check digit position holds a filler. */
  problem?: string;
}

/**
 * The document number and where its check digit is. In TD1 and TD2 a number over 9 characters
 * leaves a filler at the check digit position and continues in the optional data, followed by its
 * check digit and a filler (ICAO 9303-5 and 9303-6, note j).
 */
function documentNumberLayout(layout: IcaoLayout, reading: MrzReading): DocumentNumberLayout {
  const principal = range(layout.documentNumber);
  const plain: DocumentNumberLayout = {
    field: {
      field: 'documentNumber',
      checkField: 'documentNumberCheckDigit',
      data: principal,
      check: layout.documentNumberCheck,
      dataCorrection: 'swap',
      verifies: checkDigitVerifier(principal, layout.documentNumberCheck),
    },
    optionalDataStart: layout.optionalData.start,
  };
  if (!layout.longDocumentNumber || reading.at(layout.documentNumberCheck) !== '<') return plain;

  const optional = reading.read(layout.optionalData);
  const firstFiller = optional.indexOf('<');
  if (firstFiller === 0) {
    return { ...plain, problem: 'document number check digit is a filler, but the optional data does not continue the number' };
  }
  const end = firstFiller < 0 ? optional.length : firstFiller; // the check digit is the last character before `end`
  const continuation = range({ start: layout.optionalData.start, length: end - 1 });
  const check = layout.optionalData.start + end - 1;
  const icao = [...principal, ...continuation];
  // Some issuers (e.g. the Belgian card PRADO BEL-BO-03003) compute the check digit over the number
  // with the filler at the check digit position still in it. Either form is accepted; the composite
  // check digit covers these positions as printed either way.
  const legacy = [...principal, layout.documentNumberCheck, ...continuation];
  const icaoVerifies = checkDigitVerifier(icao, check);
  const legacyVerifies = checkDigitVerifier(legacy, check);
  return {
    field: {
      field: 'documentNumber',
      checkField: 'documentNumberCheckDigit',
      data: icao,
      check,
      dataCorrection: 'swap',
      verifies: (text) => icaoVerifies(text) || legacyVerifies(text),
    },
    verifiesIcaoForm: icaoVerifies,
    optionalDataStart: check + 2,
  };
}

function parseIcao(layout: IcaoLayout, lines: readonly string[], today: Date | undefined): MrzResult {
  const reading = new MrzReading(lines);

  // Corrections first, one protected field at a time; the composite last, over the corrected text.
  const birth = dateField('birthDate', layout.birthDate, layout.birthDateCheck);
  const expiry = dateField('expiryDate', layout.expiryDate, layout.expiryDateCheck);
  const composite = layout.composite && compositeField(layout.composite.parts, layout.composite.check);
  const documentNumber = documentNumberLayout(layout, reading);
  if (composite === undefined) documentNumber.field.dataCorrection = 'none';
  else documentNumber.field.alsoVerifies = compositeVerifies(composite);
  const personalNumber =
    layout.personalNumberCheck === undefined
      ? undefined
      : {
          field: 'personalNumber',
          checkField: 'personalNumberCheckDigit',
          data: range(layout.optionalData),
          check: layout.personalNumberCheck,
          dataCorrection: 'swap' as const,
          // 9303-4: when the personal number is not used its check digit may be `<` (or 0).
          verifies: checkDigitVerifier(range(layout.optionalData), layout.personalNumberCheck, true),
          alsoVerifies: composite && compositeVerifies(composite),
        };
  for (const field of [birth, expiry, documentNumber.field, personalNumber, composite]) {
    if (field !== undefined) reading.correct(field);
  }

  const documentCodeRaw = reading.read(layout.documentCode);
  if (!/^[A-Z][A-Z<]$/.test(documentCodeRaw)) {
    reading.error('documentCode', `document code '${documentCodeRaw}' is not a letter followed by a letter or filler`);
  } else if (!layout.documentCodeFirst.includes(documentCodeRaw.charAt(0))) {
    reading.error(
      'documentCode',
      `document code '${documentCodeRaw}' does not start with ${[...layout.documentCodeFirst].join(' or ')}, as ${layout.format} requires`,
    );
  }

  const issuingState = reading.state('issuingState', reading.read(layout.issuingState));
  const name = readMrzName(reading.read(layout.name));
  reading.name(name);

  const numberRaw = documentNumber.field.data.map((p) => reading.at(p)).join('');
  const number = numberRaw.replace(/<+$/, '');
  reading.charset('documentNumber', numberRaw, 'document number');
  if (number === '') reading.error('documentNumber', 'document number is empty');
  else if (number.includes('<')) reading.error('documentNumber', `document number '${number}' has fillers before its last character`);
  if (documentNumber.problem !== undefined) reading.error('documentNumberCheckDigit', documentNumber.problem);
  else reading.checkDigitErrors(documentNumber.field, 'document number');
  if (documentNumber.verifiesIcaoForm && documentNumber.field.verifies(reading.text) && !documentNumber.verifiesIcaoForm(reading.text)) {
    reading.warn(
      'documentNumberCheckDigit',
      'the long document number verifies only with the filler at its check digit position counted (a form some older cards use)',
    );
  }

  const nationality = reading.state('nationality', reading.read(layout.nationality));
  const birthDate = reading.date('birthDate', reading.read(layout.birthDate), 'birth', today);
  reading.checkDigitErrors(birth, 'birth date');
  const sex = reading.sex(reading.at(layout.sex));
  const expiryDate = reading.date('expiryDate', reading.read(layout.expiryDate), 'expiry', today);
  reading.checkDigitErrors(expiry, 'expiry date');

  const optionalEnd = layout.optionalData.start + layout.optionalData.length;
  const optionalRaw = reading.read({ start: documentNumber.optionalDataStart, length: Math.max(0, optionalEnd - documentNumber.optionalDataStart) });
  const fields: MrzFields = {
    documentNumber: number,
    issuingState,
    nationality,
    birthDate,
    expiryDate,
    sex,
    primaryIdentifier: name.primaryIdentifier,
    secondaryIdentifier: name.secondaryIdentifier,
    optionalData: trimFillers(optionalRaw),
    nameTruncated: name.truncated,
  };
  if (personalNumber !== undefined) {
    reading.charset('personalNumber', optionalRaw, 'personal number');
    reading.checkDigitErrors(personalNumber, 'personal number');
    fields.personalNumber = fields.optionalData;
  } else {
    reading.charset('optionalData', optionalRaw, 'optional data');
  }
  if (layout.optionalData2 !== undefined) {
    const optional2Raw = reading.read(layout.optionalData2);
    reading.charset('optionalData2', optional2Raw, 'optional data (line 2)');
    fields.optionalData2 = trimFillers(optional2Raw);
  }
  if (composite !== undefined) reading.checkDigitErrors(composite, 'composite');

  return finish(layout.format, documentCodeRaw, fields, reading, lines);
}

function parseFrenchId(lines: readonly string[], today: Date | undefined): MrzResult {
  const layout = FRA_ID;
  const reading = new MrzReading(lines);
  const numberPositions = range(layout.documentNumber);
  const documentNumber: ProtectedField = {
    field: 'documentNumber',
    checkField: 'documentNumberCheckDigit',
    data: numberPositions,
    check: layout.documentNumberCheck,
    dataCorrection: 'swap',
    verifies: checkDigitVerifier(numberPositions, layout.documentNumberCheck),
  };
  const birth = dateField('birthDate', layout.birthDate, layout.birthDateCheck);
  const composite = compositeField(layout.composite.parts, layout.composite.check);
  documentNumber.alsoVerifies = compositeVerifies(composite);
  for (const field of [birth, documentNumber, composite]) reading.correct(field);

  const documentCodeRaw = reading.read(layout.documentCode);
  const surname = readMrzNamePart(reading.read(layout.surname), 'primaryIdentifier');
  const givenNames = readMrzNamePart(reading.read(layout.givenNames), 'secondaryIdentifier');
  reading.name(surname, 'primaryIdentifier');
  reading.name(givenNames, 'secondaryIdentifier');
  if (surname.primaryIdentifier === '') reading.error('primaryIdentifier', 'surname is empty');

  const administrativeRaw = reading.read(layout.administrativeCode);
  reading.charset('optionalData', administrativeRaw, 'administrative code');
  const numberRaw = reading.read(layout.documentNumber);
  const number = numberRaw.replace(/<+$/, '');
  reading.charset('documentNumber', numberRaw, 'document number');
  if (number === '') reading.error('documentNumber', 'document number is empty');
  reading.checkDigitErrors(documentNumber, 'document number');
  const birthDate = reading.date('birthDate', reading.read(layout.birthDate), 'birth', today);
  reading.checkDigitErrors(birth, 'birth date');
  const sex = reading.sex(reading.at(layout.sex));
  reading.checkDigitErrors(composite, 'composite');

  const fields: MrzFields = {
    documentNumber: number,
    issuingState: 'FRA',
    // The card is issued only to French nationals; its MRZ has no nationality field.
    nationality: 'FRA',
    birthDate,
    // The MRZ of this card has no expiry date (validity ran from the issue date, YYMM at the start of the number).
    expiryDate: null,
    sex,
    primaryIdentifier: surname.primaryIdentifier,
    secondaryIdentifier: givenNames.secondaryIdentifier,
    optionalData: trimFillers(administrativeRaw),
    nameTruncated: surname.truncated || givenNames.truncated,
  };
  return finish('FRA_ID', documentCodeRaw, fields, reading, lines);
}

function finish(
  format: MrzFormat,
  documentCodeRaw: string,
  fields: MrzFields,
  reading: MrzReading,
  lines: readonly string[],
): MrzResult {
  return {
    format,
    valid: reading.errors.length === 0,
    documentCode: documentCodeRaw.replace(/<+$/, ''),
    fields,
    errors: reading.errors,
    warnings: reading.warnings,
    corrections: [...reading.corrections].sort((a, b) => a.position - b.position),
    lines: [...lines],
    usable: true,
  };
}

const ICAO_BY_FORMAT: Readonly<Record<Exclude<MrzFormat, 'FRA_ID'>, IcaoLayout>> = { TD1, TD2, TD3, MRVA, MRVB };

/**
 * Parses an MRZ given as one string (lines separated by any line end) or an array of lines.
 * Never throws, whatever the input.
 */
export function parseMrz(input: string | readonly string[], options?: ParseMrzOptions): MrzResult {
  let lines: string[] = [];
  try {
    lines = normaliseMrzLines(input);
    const today = options?.today;
    const format = detectFormat(lines);
    if (Array.isArray(format)) return unusable(lines, format);
    if (format === 'FRA_ID') return parseFrenchId(lines, today);
    return parseIcao(ICAO_BY_FORMAT[format as Exclude<MrzFormat, 'FRA_ID'>], lines, today);
  } catch (failure) {
    // A parser bug must reach the booth as a report, not an exception. The fuzz tests assert this
    // branch is never taken.
    return unusable(lines, [{ field: 'internal', message: `MRZ parser failure: ${String(failure)}` }]);
  }
}
