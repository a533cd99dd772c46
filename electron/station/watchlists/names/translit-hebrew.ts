/**
 * Hebrew → Latin (consonantal; vowel points are dropped).
 *
 * ICAO Doc 9303 Part 3 section 6 has no Hebrew table. The letter values follow the Academy of the
 * Hebrew Language's simplified transcription rules (2006) for names. Like Arabic, Hebrew is written
 * without most vowels, so tokens are flagged `abjad` and compared on consonant skeletons; the two
 * forms differ in how the ambiguous letters are read (ב V/B, ו O/V, כ KH/K, פ F/P, ח KH/CH, final ה E/A); a third form reads ב כ פ soft everywhere (FRIDMAN, not PRIDMAN: names borrowed
 * from other languages keep their F and V at the start).
 */

const POINTS = /[\u0591-\u05C7]/g;

const FINAL_TO_REGULAR: Record<string, string> = { 'ך': 'כ', 'ם': 'מ', 'ן': 'נ', 'ף': 'פ', 'ץ': 'צ' };

const BASE: Record<string, string> = {
  'א': 'A', 'ב': 'V', 'ג': 'G', 'ד': 'D', 'ה': 'H', 'ו': 'O', 'ז': 'Z', 'ח': 'KH', 'ט': 'T', 'י': 'I',
  'כ': 'KH', 'ל': 'L', 'מ': 'M', 'נ': 'N', 'ס': 'S', 'ע': 'A', 'פ': 'F', 'צ': 'TS', 'ק': 'K', 'ר': 'R',
  'ש': 'SH', 'ת': 'T',
};

function render(letters: string[], alternative: boolean, soft = false): string {
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i] ?? '';
    const initial = i === 0;
    const final = i === letters.length - 1;
    if (ch === 'ו') out += initial || alternative ? 'V' : letters[i + 1] === 'ו' ? '' : 'O';
    else if (ch === 'י') out += initial ? 'Y' : letters[i + 1] === 'י' ? '' : 'I';
    else if (ch === 'ה' && final) out += alternative ? 'A' : 'E';
    else if (ch === 'ב') out += soft ? 'V' : initial || alternative ? 'B' : 'V';
    else if (ch === 'כ') out += soft ? 'KH' : initial || alternative ? 'K' : 'KH';
    else if (ch === 'פ') out += soft ? 'F' : initial || alternative ? 'P' : 'F';
    else if (ch === 'ח') out += alternative ? 'CH' : 'KH';
    else if ((ch === 'א' || ch === 'ע') && !initial) out += alternative ? '' : 'A';
    else out += BASE[ch] ?? '';
  }
  return out;
}

export function transliterateHebrewWord(word: string): string[] {
  const letters = [...word.normalize('NFC').replace(POINTS, '')].map((c) => FINAL_TO_REGULAR[c] ?? c);
  const forms: string[] = [];
  for (const [alt, soft] of [[false, false], [true, false], [false, true]] as const) {
    const f = render(letters, alt, soft);
    if (f && !forms.includes(f)) forms.push(f);
  }
  return forms;
}
