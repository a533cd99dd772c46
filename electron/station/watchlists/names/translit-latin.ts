/**
 * Latin letters with diacritics → plain A–Z.
 *
 * Source of the mapping: ICAO Doc 9303 Part 3, section 6 "Transliterations recommended for use by
 * States", table A (multinational Latin-based characters). Most of that table is what Unicode
 * decomposition plus mark removal gives (É→E, Č→C, Ş→S…); the letters below are the ones where ICAO
 * prescribes something else or that do not decompose. Where ICAO allows a second form (Ä → AE or A,
 * Å → AA or A, Ö → OE or O, Ü → UE or U) both are produced, because issuing States differ and the
 * watch-list may hold either.
 */

/** letter → [ICAO form, common simple form] (the second only where it differs). */
const ICAO_TABLE_A_SPECIAL: Record<string, readonly [string, string?]> = {
  Ä: ['AE', 'A'],
  Å: ['AA', 'A'],
  Æ: ['AE'],
  Ö: ['OE', 'O'],
  Ø: ['OE', 'O'],
  Ü: ['UE', 'U'],
  Þ: ['TH'],
  ß: ['SS'],
  ẞ: ['SS'],
  Œ: ['OE'],
  Ĳ: ['IJ'],
  Ł: ['L'],
  Đ: ['D'],
  Ð: ['D'],
  Ħ: ['H'],
  İ: ['I'],
  ı: ['I'],
  Ŋ: ['N'],
  Ŧ: ['T'],
  ĸ: ['K'],
};

const COMBINING_MARKS = /\p{M}+/gu;

/** Upper-case, fold the letters of table A, strip remaining marks. `icao` picks AE/OE/UE/AA forms. */
function fold(word: string, icao: boolean): string {
  let out = '';
  for (const ch of word.normalize('NFC')) {
    const upper = ch === 'ß' ? 'ß' : ch.toUpperCase();
    const special = ICAO_TABLE_A_SPECIAL[upper] ?? ICAO_TABLE_A_SPECIAL[ch];
    if (special) {
      out += icao ? special[0] : (special[1] ?? special[0]);
      continue;
    }
    out += upper.normalize('NFKD').replace(COMBINING_MARKS, '');
  }
  return out.toUpperCase();
}

/** The ICAO form first, then the diacritic-stripped form if it differs. */
export function transliterateLatinWord(word: string): string[] {
  const icao = fold(word, true);
  const simple = fold(word, false);
  return icao === simple ? [icao] : [icao, simple];
}
