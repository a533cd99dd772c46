// OCR corrections that a check digit proves, and nothing else.
//
// Policy (the parser applies it to every check-digit-protected field, one field at a time):
// 1. Where a letter cannot stand (a date, any check digit), a look-alike letter (O I Z S G B) is
//    read as its digit (0 1 2 5 6 8). The change is kept only if the field then verifies.
// 2. Otherwise a field that verifies against its check digit as read is left alone, even if it
//    holds characters OCR often confuses.
// 3. In an alphanumeric field (document number, personal number) that fails, the parser tries, on
//    top of 1, every single swap of one character for its look-alike (letter↔digit). A swap is kept
//    only when exactly one candidate verifies, and the composite check digit verifies after it.
//    The composite is what tells "a character of the number was misread" from "its check digit
//    was misread". The number sits in the composite at the same weights as in its own check, so a
//    swap that satisfies a check digit misread by d shifts the composite by 8·d (document number,
//    check digit at weight 7) or 2·d (personal number, weight 1): that is 0 mod 10 only for d = 5,
//    and no look-alike swap can move a check by 5 (their value differences are 3, 10, 17, 23, 24,
//    33). So a single misread check digit is never "corrected" into a wrong number. Visas (MRV-A/B)
//    have no composite, so nothing tells those cases apart and their numbers are never swapped.
//    What remains: a digit misread as another digit inside the number (3 for 8), when exactly one
//    look-alike swap elsewhere happens to compensate, gives a wrong number marked as corrected.
//    That is the price of rule 3; every correction is reported, so the booth can show it.
// 4. Anything else (names, state codes, sex, optional data without a check digit of its own) is
//    never changed: no check digit could prove it, so it is reported as an error instead.
// Every change is reported as a correction: {field, position, from, to}.
//
// Limits of the 7-3-1 check digit itself, which no policy can lift: a change of one character by
// a value that is a multiple of 10 is invisible (A↔K↔U, 0↔A, <↔A, and among look-alikes 6↔G).
// So G and 6 are never told apart in a document number, and the parser does not pretend to.

import { checkDigit } from './check-digit.js';
import { LETTER_TO_DIGIT, ocrLookAlike } from './ocr-confusions.js';
import type { MrzCorrection } from './types.js';

export interface ProtectedField {
  /** Name of the data field, for corrections of its characters. */
  field: string;
  /** Name of its check digit. */
  checkField: string;
  /** Positions of the data characters, in check-digit order. */
  data: readonly number[];
  /** Position of the check digit. */
  check: number;
  /**
   * What may be changed in the data: `digits` where only digits can stand (dates: look-alike letters
   * become digits), `swap` for alphanumeric data (one letter↔digit swap), `none` where the data
   * belongs to other fields (the composite check digit: only the check digit itself may change).
   */
  dataCorrection: 'digits' | 'swap' | 'none';
  /** Whether the check digit verifies the data in `text`. */
  verifies: (text: readonly string[]) => boolean;
  /** What a swapped candidate must also pass: the composite check (required for `swap`). */
  alsoVerifies?: (text: readonly string[]) => boolean;
}

/** True when `c` is a digit 0–9. */
export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && c >= '0' && c <= '9';
}

/** The verifier for an ordinary check digit; `fillerWhenEmpty` also accepts `<` when the data is all fillers. */
export function checkDigitVerifier(
  data: readonly number[],
  check: number,
  fillerWhenEmpty = false,
): (text: readonly string[]) => boolean {
  return (text) => {
    const value = data.map((p) => text[p] ?? '').join('');
    const c = text[check];
    if (fillerWhenEmpty && c === '<' && /^<*$/.test(value)) return true;
    return isDigit(c) && checkDigit(value) === Number(c);
  };
}

interface Change {
  position: number;
  field: string;
  to: string;
}

function applied(text: readonly string[], changes: readonly Change[]): string[] {
  const copy = [...text];
  for (const change of changes) copy[change.position] = change.to;
  return copy;
}

/**
 * Tries to correct one protected field in `text` (mutated in place) following the policy above.
 * Returns the corrections made; none when the field verifies already or nothing is proven.
 */
export function correctProtectedField(text: string[], field: ProtectedField): MrzCorrection[] {
  const forced: Change[] = [];
  const checkChar = text[field.check] ?? '';
  const checkAsDigit = LETTER_TO_DIGIT[checkChar];
  if (checkAsDigit !== undefined) forced.push({ position: field.check, field: field.checkField, to: checkAsDigit });
  if (field.dataCorrection === 'digits') {
    for (const position of field.data) {
      const asDigit = LETTER_TO_DIGIT[text[position] ?? ''];
      if (asDigit !== undefined) forced.push({ position, field: field.field, to: asDigit });
    }
  }

  let proven: Change[] | undefined;
  const withForced = applied(text, forced);
  if (forced.length > 0 && field.verifies(withForced)) {
    // Also when the field verifies as read: G and 6 weigh the same mod 10, so a G in a date
    // verifies, yet cannot stand there.
    proven = forced;
  } else if (field.verifies(text)) {
    return [];
  } else if (field.dataCorrection === 'swap') {
    const candidates: Change[] = [];
    for (const position of field.data) {
      const alternative = ocrLookAlike(withForced[position] ?? '');
      if (alternative === undefined) continue;
      const change: Change = { position, field: field.field, to: alternative };
      const candidate = applied(withForced, [change]);
      if (field.verifies(candidate) && field.alsoVerifies !== undefined && field.alsoVerifies(candidate)) candidates.push(change);
    }
    if (candidates.length === 1) proven = [...forced, candidates[0]!];
  }
  if (proven === undefined) return [];

  const corrections = proven.map((change) => ({
    field: change.field,
    position: change.position,
    from: text[change.position] ?? '',
    to: change.to,
  }));
  for (const change of proven) text[change.position] = change.to;
  return corrections.sort((a, b) => a.position - b.position);
}
