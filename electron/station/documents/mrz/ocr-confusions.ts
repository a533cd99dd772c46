// Characters that OCR engines confuse on OCR-B: each letter with the digit it resembles. The parser
// uses this table only where a check digit proves the change (see check-digit-corrections.ts).

export const LETTER_TO_DIGIT: Readonly<Record<string, string>> = {
  O: '0',
  I: '1',
  Z: '2',
  S: '5',
  G: '6',
  B: '8',
};

export const DIGIT_TO_LETTER: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(LETTER_TO_DIGIT).map(([letter, digit]) => [digit, letter]),
);

/** The character OCR most likely confused `c` with, or undefined when `c` has no look-alike here. */
export function ocrLookAlike(c: string): string | undefined {
  return LETTER_TO_DIGIT[c] ?? DIGIT_TO_LETTER[c];
}
