/**
 * Korean Hangul → Latin.
 *
 * ICAO Doc 9303 Part 3 section 6 has no Hangul table. Hangul syllables decompose arithmetically
 * (Unicode chapter 3.12) into initial, vowel and final jamo; the primary form uses the Revised
 * Romanization of Korean (2000) letter values, the second the older spellings still common in
 * passports and lists (word-initial K/T/P/CH, EO → O, EU → U), and the commonest surnames carry
 * their conventional spellings. The older spellings come with and without word-initial
 * devoicing (CHONGUN, JONGUN): documents use both (김 KIM, 이 LEE, 박 PARK…).
 */

const INITIALS = ['G', 'KK', 'N', 'D', 'TT', 'R', 'M', 'B', 'PP', 'S', 'SS', '', 'J', 'JJ', 'CH', 'K', 'T', 'P', 'H'];
const VOWELS = ['A', 'AE', 'YA', 'YAE', 'EO', 'E', 'YEO', 'YE', 'O', 'WA', 'WAE', 'OE', 'YO', 'U', 'WO', 'WE', 'WI', 'YU', 'EU', 'UI', 'I'];
const FINALS = ['', 'K', 'K', 'K', 'N', 'N', 'N', 'T', 'L', 'K', 'M', 'L', 'L', 'L', 'P', 'L', 'M', 'P', 'P', 'T', 'T', 'NG', 'T', 'T', 'K', 'T', 'P', 'T'];

const SURNAMES: Record<string, readonly string[]> = {
  '김': ['KIM', 'GIM'],
  '이': ['LEE', 'YI', 'RHEE', 'I'],
  '박': ['PARK', 'PAK', 'BAK'],
  '최': ['CHOI', 'CHOE'],
  '정': ['JUNG', 'JEONG', 'CHUNG'],
  '강': ['KANG', 'GANG'],
  '조': ['CHO', 'JO'],
  '윤': ['YOON', 'YUN'],
  '장': ['JANG', 'CHANG'],
  '임': ['LIM', 'IM'],
};

const SYLLABLE_BASE = 0xac00;
const SYLLABLE_LAST = 0xd7a3;

export function isHangulSyllable(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= SYLLABLE_BASE && cp <= SYLLABLE_LAST;
}

function romanise(word: string, older: boolean, devoice: boolean): string {
  let out = '';
  let first = true;
  for (const ch of word) {
    if (!isHangulSyllable(ch)) continue;
    const index = (ch.codePointAt(0) ?? 0) - SYLLABLE_BASE;
    const l = Math.floor(index / (21 * 28));
    const v = Math.floor((index % (21 * 28)) / 28);
    const t = index % 28;
    let initial = INITIALS[l] ?? '';
    let vowel = VOWELS[v] ?? '';
    if (older) {
      if (first && devoice) initial = ({ G: 'K', D: 'T', B: 'P', J: 'CH' } as Record<string, string>)[initial] ?? initial;
      vowel = vowel.replace('EO', 'O').replace('EU', 'U');
    }
    out += initial + vowel + (FINALS[t] ?? '');
    first = false;
  }
  return out;
}

/** A Korean full name is usually written as one word, surname first: split off the surname. */
export function splitHangulWord(word: string): string[] {
  const syllables = [...word];
  if (syllables.length >= 3 && syllables.every(isHangulSyllable)) return [syllables[0]!, syllables.slice(1).join('')];
  return [word];
}

export function transliterateHangulWord(word: string): string[] {
  const forms: string[] = [...(SURNAMES[word] ?? [])];
  for (const [older, devoice] of [[false, false], [true, false], [true, true]] as const) {
    const f = romanise(word, older, devoice);
    if (f && !forms.includes(f)) forms.push(f);
  }
  return forms;
}
