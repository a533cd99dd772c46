// Where each field sits in each MRZ layout. Offsets are 0-based into the lines joined end to end;
// the comments give ICAO's 1-based line/position so each row can be checked against Doc 9303:
// TD1 Part 5 §4.2, TD2 Part 6 §4.2, TD3 Part 4 §4.2, MRV-A and MRV-B Part 7 §4.2. The French
// national ID card (1988–2021) layout is not ICAO; its fields follow the card's published MRZ.

import type { MrzFormat } from './types.js';

export interface Span {
  start: number;
  length: number;
}

const span = (start: number, length: number): Span => ({ start, length });

/** Layouts of the ICAO documents (TD1, TD2, TD3, MRV-A, MRV-B). */
export interface IcaoLayout {
  format: Exclude<MrzFormat, 'FRA_ID'>;
  lineCount: number;
  lineLength: number;
  documentCode: Span;
  issuingState: Span;
  name: Span;
  documentNumber: Span;
  documentNumberCheck: number;
  nationality: Span;
  birthDate: Span;
  birthDateCheck: number;
  sex: number;
  expiryDate: Span;
  expiryDateCheck: number;
  /** TD1: line 1 optional data; TD2, MRV: line 2 optional data; TD3: the personal number. */
  optionalData: Span;
  /** TD1 only: line 2 optional data. */
  optionalData2?: Span;
  /** TD3 only: the personal number's check digit. */
  personalNumberCheck?: number;
  /** The composite check digit and the spans it covers (none on visas). */
  composite?: { check: number; parts: Span[] };
  /** TD1/TD2: a document number over 9 characters continues in `optionalData` (9303-5/6 note j). */
  longDocumentNumber: boolean;
  /** Allowed first characters of the document code. */
  documentCodeFirst: string;
}

export const TD1: IcaoLayout = {
  format: 'TD1',
  lineCount: 3,
  lineLength: 30,
  documentCode: span(0, 2), // line 1, 1–2
  issuingState: span(2, 3), // line 1, 3–5
  documentNumber: span(5, 9), // line 1, 6–14
  documentNumberCheck: 14, // line 1, 15
  optionalData: span(15, 15), // line 1, 16–30
  birthDate: span(30, 6), // line 2, 1–6
  birthDateCheck: 36, // line 2, 7
  sex: 37, // line 2, 8
  expiryDate: span(38, 6), // line 2, 9–14
  expiryDateCheck: 44, // line 2, 15
  nationality: span(45, 3), // line 2, 16–18
  optionalData2: span(48, 11), // line 2, 19–29
  composite: { check: 59, parts: [span(5, 25), span(30, 7), span(38, 7), span(48, 11)] }, // line 2, 30
  name: span(60, 30), // line 3
  longDocumentNumber: true,
  documentCodeFirst: 'ACI',
};

export const TD2: IcaoLayout = {
  format: 'TD2',
  lineCount: 2,
  lineLength: 36,
  documentCode: span(0, 2), // line 1, 1–2
  issuingState: span(2, 3), // line 1, 3–5
  name: span(5, 31), // line 1, 6–36
  documentNumber: span(36, 9), // line 2, 1–9
  documentNumberCheck: 45, // line 2, 10
  nationality: span(46, 3), // line 2, 11–13
  birthDate: span(49, 6), // line 2, 14–19
  birthDateCheck: 55, // line 2, 20
  sex: 56, // line 2, 21
  expiryDate: span(57, 6), // line 2, 22–27
  expiryDateCheck: 63, // line 2, 28
  optionalData: span(64, 7), // line 2, 29–35
  composite: { check: 71, parts: [span(36, 10), span(49, 7), span(57, 14)] }, // line 2, 36
  longDocumentNumber: true,
  documentCodeFirst: 'ACI',
};

export const TD3: IcaoLayout = {
  format: 'TD3',
  lineCount: 2,
  lineLength: 44,
  documentCode: span(0, 2), // line 1, 1–2
  issuingState: span(2, 3), // line 1, 3–5
  name: span(5, 39), // line 1, 6–44
  documentNumber: span(44, 9), // line 2, 1–9
  documentNumberCheck: 53, // line 2, 10
  nationality: span(54, 3), // line 2, 11–13
  birthDate: span(57, 6), // line 2, 14–19
  birthDateCheck: 63, // line 2, 20
  sex: 64, // line 2, 21
  expiryDate: span(65, 6), // line 2, 22–27
  expiryDateCheck: 71, // line 2, 28
  optionalData: span(72, 14), // line 2, 29–42 (personal number)
  personalNumberCheck: 86, // line 2, 43
  composite: { check: 87, parts: [span(44, 10), span(57, 7), span(65, 22)] }, // line 2, 44
  longDocumentNumber: false,
  documentCodeFirst: 'P',
};

export const MRVA: IcaoLayout = {
  ...TD3,
  format: 'MRVA',
  optionalData: span(72, 16), // line 2, 29–44
  personalNumberCheck: undefined,
  composite: undefined,
  documentCodeFirst: 'V',
};

export const MRVB: IcaoLayout = {
  ...TD2,
  format: 'MRVB',
  optionalData: span(64, 8), // line 2, 29–36
  composite: undefined,
  longDocumentNumber: false,
  documentCodeFirst: 'V',
};

/** French national identity card, 2×36, issued 1988–2021. */
export const FRA_ID = {
  format: 'FRA_ID' as const,
  lineCount: 2,
  lineLength: 36,
  documentCode: span(0, 2), // line 1, 1–2: "ID"
  issuingState: span(2, 3), // line 1, 3–5: "FRA"
  surname: span(5, 25), // line 1, 6–30
  administrativeCode: span(30, 6), // line 1, 31–36
  documentNumber: span(36, 12), // line 2, 1–12: issue YYMM, department, sequence
  documentNumberCheck: 48, // line 2, 13
  givenNames: span(49, 14), // line 2, 14–27
  birthDate: span(63, 6), // line 2, 28–33
  birthDateCheck: 69, // line 2, 34
  sex: 70, // line 2, 35
  composite: { check: 71, parts: [span(0, 71)] }, // line 2, 36: over everything before it
};

export const ICAO_LAYOUTS: readonly IcaoLayout[] = [TD1, TD2, TD3, MRVA, MRVB];
