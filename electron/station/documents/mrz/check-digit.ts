// ICAO Doc 9303 Part 3, section 4.9: check digits use weights 7, 3, 1 repeating over the character
// values 0–9 → 0–9, A–Z → 10–35, filler `<` → 0, and the sum modulo 10.

const WEIGHTS = [7, 3, 1] as const;

/** The numeric value of one MRZ character, or -1 when it is not in the MRZ character set. */
export function mrzCharValue(c: string): number {
  const code = c.charCodeAt(0);
  if (c.length !== 1) return -1;
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A-Z
  if (code === 60) return 0; // <
  return -1;
}

/** The ICAO 9303 check digit of `s` (0–9), or -1 when `s` holds a character outside `0-9 A-Z <`. */
export function checkDigit(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const value = mrzCharValue(s.charAt(i));
    if (value < 0) return -1;
    sum += value * WEIGHTS[i % 3]!;
  }
  return sum % 10;
}
