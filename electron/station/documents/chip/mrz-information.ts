/**
 * MRZ_information (ICAO 9303-11 §9.7.2), the BAC and PACE-MRZ password, composed from MRZ fields:
 * document number ‖ check digit ‖ date of birth ‖ check digit ‖ date of expiry ‖ check digit.
 * The chip protocol in the drivers takes the composed string; the station composes it because the
 * check digit rules (ICAO 9303-3 §4.9) live with its MRZ parser.
 */
import { BacError } from '../../../../native-drivers/epassport/index.js';
import { checkDigit } from '../mrz/index.js';

export interface MrzKeyFields {
  /** As printed in the MRZ, without filler; padded with '<' to at least 9 characters. */
  readonly documentNumber: string;
  /** YYMMDD */
  readonly dateOfBirth: string;
  /** YYMMDD */
  readonly dateOfExpiry: string;
}

/** A document number longer than 9 characters is used whole with its own check digit (the TD1 overflow case, 9303-11 Appendix D.1). */
export function mrzInformation(f: MrzKeyFields): string {
  const doc = f.documentNumber.toUpperCase().padEnd(9, '<');
  if (!/^[0-9A-Z<]+$/.test(doc)) throw new BacError('bad_document_number', 'document number may contain only 0-9, A-Z and <');
  for (const [what, d] of [
    ['date of birth', f.dateOfBirth],
    ['date of expiry', f.dateOfExpiry],
  ] as const) {
    if (!/^\d{6}$/.test(d)) throw new BacError('bad_date', `${what} must be YYMMDD`);
  }
  // The character checks above keep checkDigit from ever returning its -1.
  return `${doc}${checkDigit(doc)}${f.dateOfBirth}${checkDigit(f.dateOfBirth)}${f.dateOfExpiry}${checkDigit(f.dateOfExpiry)}`;
}
