/**
 * The checks shown on the booth screen for one traveller, in the order an officer reads them.
 * Each is pass / fail / warn / pending / not possible, with the reason in plain words.
 */
import type { Check, TravelDocument } from '../../contract/index.js';
import type { MrzResult } from '../documents/mrz/index.js';

export function mrzToDocument(r: MrzResult): TravelDocument | null {
  if (!r.usable || !r.format) return null;
  const f = r.fields;
  return {
    format: r.format,
    documentCode: r.documentCode,
    issuingState: f.issuingState,
    documentNumber: f.documentNumber,
    primaryIdentifier: f.primaryIdentifier,
    secondaryIdentifier: f.secondaryIdentifier,
    nationality: f.nationality,
    birthDate: f.birthDate,
    sex: f.sex,
    expiryDate: f.expiryDate,
    optionalData: f.optionalData,
    mrz: r.lines.slice(0, 3),
  };
}

export function mrzCheck(r: MrzResult): Check {
  if (!r.usable) return { id: 'mrz.check_digits', status: 'fail', detail: `not a machine-readable zone: ${r.errors.map((e) => e.message).join('; ') || 'unrecognised layout'}` };
  if (!r.valid) return { id: 'mrz.check_digits', status: 'fail', detail: r.errors.map((e) => `${e.field}: ${e.message}`).join('; ') };
  if (r.corrections.length > 0) {
    const list = r.corrections.map((c) => `${c.field} position ${c.position + 1}: read ${c.from}, corrected to ${c.to}`).join('; ');
    return { id: 'mrz.check_digits', status: 'warn', detail: `valid after OCR correction proven by the check digit (${list})` };
  }
  return { id: 'mrz.check_digits', status: 'pass', detail: `all check digits are correct (${r.format})` };
}

export function expiryCheck(doc: TravelDocument | null, today: Date): Check {
  if (!doc?.expiryDate) return { id: 'document.expiry', status: 'not_possible', detail: 'the expiry date could not be read' };
  const todayIso = today.toISOString().slice(0, 10);
  if (doc.expiryDate < todayIso) return { id: 'document.expiry', status: 'fail', detail: `the document expired on ${doc.expiryDate}` };
  return { id: 'document.expiry', status: 'pass', detail: `valid until ${doc.expiryDate}` };
}

/** The chip step until the chip reader is wired in: the officer sees plainly that it did not run. */
export function chipCheck(opts: { chipReader: boolean }): Check {
  return opts.chipReader
    ? { id: 'chip.read', status: 'pending', detail: 'reading the chip' }
    : { id: 'chip.read', status: 'not_possible', detail: 'no chip reader is connected to this booth' };
}
