// Latin text → MRZ characters, for the builder (simulated travellers, test documents).
// ICAO Doc 9303 Part 3, section 6 gives the recommended transliterations; the multi-letter ones
// are listed below, and every other Latin letter with a diacritic loses the diacritic (É → E).
// Apostrophes, full stops and commas are dropped; spaces, hyphens and slashes become the filler `<`.
// Non-Latin scripts (Cyrillic, Arabic, …) are not transliterated here: toMrzText rejects them.

const MULTI_LETTER: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ĳ: 'IJ',
  Ö: 'OE',
  Ø: 'OE',
  Œ: 'OE',
  Ü: 'UE',
  ß: 'SS',
  ẞ: 'SS',
  Þ: 'TH',
};

const SINGLE_LETTER: Readonly<Record<string, string>> = {
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  Ŀ: 'L',
  Ł: 'L',
  Ŋ: 'N',
  Ŧ: 'T',
};

/** Text in MRZ characters, or null when a character has no MRZ form here. */
export function toMrzText(text: string): string | null {
  let out = '';
  for (const c of text.toUpperCase()) {
    const mapped = MULTI_LETTER[c] ?? SINGLE_LETTER[c] ?? c.normalize('NFD').replace(/\p{M}/gu, '');
    if (/^[A-Z0-9<]+$/.test(mapped)) out += mapped;
    else if (/^['’ʼ`.,]$/.test(c)) continue;
    else if (/^[\s\-/]$/.test(c)) out += '<';
    else return null;
  }
  return out;
}
