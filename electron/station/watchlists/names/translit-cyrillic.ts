/**
 * Cyrillic → Latin.
 *
 * The primary form follows ICAO Doc 9303 Part 3, section 6 "Transliterations recommended for use by
 * States", table B (Cyrillic), which has per-language readings: Г is G (H for Ukrainian and
 * Belarusian), И is I (Y for Ukrainian), Ё is E (IO for Belarusian), Й/Ї/І are I, Є is IE, Х KH,
 * Ц TS, Ч CH, Ш SH, Щ SHCH, Ъ IE, Ы Y, Ь omitted, Ю IU, Я IA; Serbian/Macedonian Ђ D, Ћ C, Џ DZ,
 * Ѕ DZ, Ј J, Љ LJ, Њ NJ, Ѓ G, Ќ K; Belarusian Ў U.
 *
 * Documents issued before a State adopted the ICAO table, and most watch-lists, use other
 * romanisations, so a few whole-word schemes are produced as well (English/BGN-like, French,
 * German). They are whole-word schemes rather than per-letter alternatives so that the number of
 * forms stays bounded (≤ 6) however long the word is.
 */

export type CyrillicLanguage = 'ru' | 'uk' | 'be' | 'sr' | 'mk';

type Scheme = (word: string[], i: number, lang: CyrillicLanguage) => string;

const COMMON: Record<string, string> = {
  А: 'A', Б: 'B', В: 'V', Д: 'D', Е: 'E', З: 'Z', К: 'K', Л: 'L', М: 'M', Н: 'N', О: 'O', П: 'P',
  Р: 'R', С: 'S', Т: 'T', У: 'U', Ф: 'F', Э: 'E', Ґ: 'G', Ђ: 'D', Ѓ: 'G', Ѕ: 'DZ', І: 'I', Ј: 'J',
  Љ: 'LJ', Њ: 'NJ', Ћ: 'C', Ќ: 'K', Ў: 'U', Џ: 'DZ', Ї: 'I', Є: 'IE', Ь: '', Ъ: 'IE', Ы: 'Y',
  Ж: 'ZH', Х: 'KH', Ц: 'TS', Ч: 'CH', Ш: 'SH', Щ: 'SHCH', Ю: 'IU', Я: 'IA', Й: 'I', Ё: 'E',
  Г: 'G', И: 'I',
};

const VOWELS = new Set(['А', 'Е', 'Ё', 'И', 'О', 'У', 'Ы', 'Э', 'Ю', 'Я', 'І', 'Ї', 'Є']);

function at(word: string[], i: number): string {
  return word[i] ?? '';
}

/** Word-initial, or after a vowel or a hard/soft sign: where Е/Ё are pronounced YE/YO. */
function iotatedPosition(word: string[], i: number): boolean {
  const prev = at(word, i - 1);
  return i === 0 || VOWELS.has(prev) || prev === 'Ь' || prev === 'Ъ';
}

const icao: Scheme = (word, i, lang) => {
  const ch = at(word, i);
  if (ch === 'Г') return lang === 'uk' || lang === 'be' ? 'H' : 'G';
  if (ch === 'И') return lang === 'uk' ? 'Y' : 'I';
  if (ch === 'Ё') return lang === 'be' ? 'IO' : 'E';
  return COMMON[ch] ?? ch;
};

/** Ukrainian reading of the ICAO table, produced for every Cyrillic word: a Ukrainian name need
 *  not contain a letter that gives the language away (Зеленський has none). */
const icaoUkrainian: Scheme = (word, i) => icao(word, i, 'uk');

/** English-language practice (close to BGN/PCGN): Y for iotation, -IY/-YY endings. */
const english: Scheme = (word, i, lang) => {
  const ch = at(word, i);
  switch (ch) {
    case 'Й':
      return 'Y';
    case 'Я':
      return 'YA';
    case 'Ю':
      return 'YU';
    case 'Е':
      return iotatedPosition(word, i) ? 'YE' : 'E';
    case 'Ё':
      return /[ЖЧШЩ]/.test(at(word, i - 1)) ? 'O' : 'YO';
    case 'Ь':
      // Before И/О the soft sign is heard as Y (ИЛЬИН → ILYIN); before Е/Ё/Ю/Я their own Y serves.
      return at(word, i + 1) === 'И' || at(word, i + 1) === 'О' ? 'Y' : '';
    case 'Ъ':
      return '';
    case 'И':
      return lang === 'uk' ? 'Y' : 'I';
    case 'Ї':
      return 'YI';
    case 'Є':
      return 'YE';
    case 'Ђ':
      return 'DJ';
    case 'Џ':
      return 'DZH';
    default:
      return icao(word, i, lang);
  }
};

/** Russian names as commonly shortened in English: -ИЙ → -I (DMITRI, YURI). */
const englishShort: Scheme = (word, i, lang) => {
  const ch = at(word, i);
  if (ch === 'Й' && i === word.length - 1 && at(word, i - 1) === 'И') return '';
  if (ch === 'Й' && i === word.length - 1 && at(word, i - 1) === 'Ы') return '';
  if (ch === 'Е' || ch === 'Ё') return 'E';
  return english(word, i, lang);
};

/** French practice: OU, CH for Ш, TCH, J for Ж, GU before E/I. */
const french: Scheme = (word, i, lang) => {
  const ch = at(word, i);
  switch (ch) {
    case 'У':
      return 'OU';
    case 'Ш':
      return 'CH';
    case 'Ч':
      return 'TCH';
    case 'Щ':
      return 'CHTCH';
    case 'Ж':
      return 'J';
    case 'Й':
      return i === word.length - 1 ? 'I' : 'Y';
    case 'Ю':
      return 'IOU';
    case 'Г':
      return /[ЕИЁЭ]/.test(at(word, i + 1)) ? 'GU' : 'G';
    case 'С':
      return VOWELS.has(at(word, i - 1)) && VOWELS.has(at(word, i + 1)) ? 'SS' : 'S';
    default:
      return icao(word, i, lang);
  }
};

/** German practice: W, SCH, TSCH, J, CH for Х, Z for Ц. */
const german: Scheme = (word, i, lang) => {
  const ch = at(word, i);
  switch (ch) {
    case 'В':
      return 'W';
    case 'Ш':
    case 'Ж':
      return 'SCH';
    case 'Ч':
      return 'TSCH';
    case 'Щ':
      return 'SCHTSCH';
    case 'Х':
      return 'CH';
    case 'Ц':
      return 'Z';
    case 'З':
      return 'S';
    case 'Й':
      return 'J';
    case 'Я':
      return 'JA';
    case 'Ю':
      return 'JU';
    case 'Е':
      return i === 0 ? 'JE' : 'E';
    case 'Ё':
      return 'JO';
    case 'С':
      return VOWELS.has(at(word, i - 1)) && VOWELS.has(at(word, i + 1)) ? 'SS' : 'S';
    default:
      return icao(word, i, lang);
  }
};

const SCHEMES: readonly Scheme[] = [icao, english, englishShort, icaoUkrainian, french, german];

/** Guess the language from the letters only some alphabets have. Russian when nothing tells. */
export function detectCyrillicLanguage(text: string): CyrillicLanguage {
  const upper = text.toUpperCase();
  if (/[ЃЌЅ]/.test(upper)) return 'mk';
  if (/[ЂЋЏЉЊЈ]/.test(upper)) return 'sr';
  if (/[ЇЄҐ]/.test(upper)) return 'uk';
  if (/Ў/.test(upper)) return 'be';
  if (/І/.test(upper)) return /[ЫЭЁЪ]/.test(upper) ? 'be' : 'uk';
  return 'ru';
}

/** All forms of one Cyrillic word, the ICAO form first, deduplicated. */
export function transliterateCyrillicWord(word: string, lang: CyrillicLanguage = detectCyrillicLanguage(word)): string[] {
  const letters = [...word.toUpperCase()];
  const forms: string[] = [];
  for (const scheme of SCHEMES) {
    let out = '';
    for (let i = 0; i < letters.length; i++) out += scheme(letters, i, lang);
    if (!forms.includes(out)) forms.push(out);
  }
  return forms;
}
