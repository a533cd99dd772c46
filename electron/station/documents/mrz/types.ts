/** The MRZ layouts Borderpost reads. FRA_ID is the French national identity card issued 1988–2021 (2×36, "IDFRA…"). */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB' | 'FRA_ID';

/** One problem with one field. `field` is a key of MrzFields, a check-digit name (`birthDateCheckDigit`, …), or `lines`/`documentCode`. */
export interface MrzError {
  field: string;
  message: string;
}

/**
 * One character the parser changed because a check digit proved the change.
 * `position` is the 0-based offset into `lines.join('')` (the normalised lines as read, before
 * correction), so `lines[Math.floor(position / lineLength)][position % lineLength] === from`.
 */
export interface MrzCorrection {
  field: string;
  position: number;
  from: string;
  to: string;
}

export interface MrzFields {
  documentNumber: string;
  issuingState: string;
  nationality: string;
  /** ISO `YYYY-MM-DD`, or null when the MRZ date is missing or not a real date. */
  birthDate: string | null;
  /** ISO `YYYY-MM-DD`, or null when missing/invalid (always null for FRA_ID: that card has no expiry in its MRZ). */
  expiryDate: string | null;
  sex: 'M' | 'F' | 'X';
  primaryIdentifier: string;
  secondaryIdentifier: string;
  optionalData: string;
  optionalData2?: string;
  personalNumber?: string;
  /** True when a name field is filled to its last position, which ICAO 9303-3 uses to signal possible truncation. */
  nameTruncated?: boolean;
}

export interface MrzResult {
  format: MrzFormat | null;
  /** usable and no errors (after any proven corrections: look at `corrections`). */
  valid: boolean;
  documentCode: string;
  fields: MrzFields;
  errors: MrzError[];
  /** Observations that do not make the MRZ invalid: possible name truncation, specimen state, legacy check digit forms. */
  warnings: MrzError[];
  corrections: MrzCorrection[];
  /** The normalised lines as read (upper case, `_`→`<`, whitespace removed), before any correction. */
  lines: string[];
  /** False when the input is not an MRZ at all (wrong number or length of lines). */
  usable: boolean;
}

export interface ParseMrzOptions {
  /** The date used to place two-digit years in a century. Defaults to now. Only its UTC date is used. */
  today?: Date;
}
