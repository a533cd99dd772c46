/**
 * To-Latin transliteration of name words, dispatching on the script of each word.
 *
 * Tables (see each file for its source):
 *   Latin with diacritics — ICAO Doc 9303 Part 3 §6 table A        (translit-latin.ts)
 *   Cyrillic               — ICAO Doc 9303 Part 3 §6 table B        (translit-cyrillic.ts)
 *   Arabic script          — ICAO Doc 9303 Part 3 §6 table C + lexicon (translit-arabic.ts)
 *   Greek                  — ELOT 743 / ISO 843                     (translit-greek.ts)
 *   Hebrew                 — Academy of the Hebrew Language 2006    (translit-hebrew.ts)
 *   Armenian, Georgian     — BGN/PCGN 1981, Georgian national 2002  (translit-caucasus.ts)
 *   Hangul                 — Revised Romanization 2000              (translit-hangul.ts)
 *   Han ideographs         — Hanyu Pinyin, name-character table     (translit-han.ts)
 *   Japanese kana          — passport (modified) Hepburn            (translit-kana.ts)
 *   Thai                   — RTGS (Royal Institute)                 (translit-thai.ts)
 *   Khmer                  — UNGEGN, diacritics dropped             (translit-khmer.ts)
 *
 * Not transliterated (no table here): Devanagari and the other Brahmic scripts, Myanmar, and Han
 * words with a character missing from the Han table. Their words are kept as they are
 * (upper-cased, marks removed for NFKD-decomposable letters), so the same name in the same script
 * still matches itself, but will not meet its Latin form.
 * Kana, Thai and Khmer words are reported as script 'other' (types.ts has no name for them); their
 * forms are Latin all the same.
 */
import type { Script } from './types.js';
import { transliterateLatinWord } from './translit-latin.js';
import { detectCyrillicLanguage, transliterateCyrillicWord, type CyrillicLanguage } from './translit-cyrillic.js';
import { transliterateArabicWord } from './translit-arabic.js';
import { transliterateGreekWord } from './translit-greek.js';
import { transliterateHebrewWord } from './translit-hebrew.js';
import { transliterateArmenianWord, transliterateGeorgianWord } from './translit-caucasus.js';
import { transliterateHangulWord } from './translit-hangul.js';
import { splitHanName, transliterateHanWord } from './translit-han.js';
import { transliterateKanaWord } from './translit-kana.js';
import { transliterateThaiWord } from './translit-thai.js';
import { transliterateKhmerWord } from './translit-khmer.js';

/** Upper bound on the Latin forms kept for one word, and for one whole string. */
export const MAX_FORMS = 8;

/** Scripts with a table that types.ts does not name: reported as 'other'. */
type TableScript = Script | 'kana' | 'thai' | 'khmer';

const SCRIPT_TESTS: ReadonlyArray<readonly [TableScript, RegExp]> = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['georgian', /\p{Script=Georgian}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['han', /\p{Script=Han}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}\u30FC]/u],
  ['thai', /\p{Script=Thai}/u],
  ['khmer', /\p{Script=Khmer}/u],
];

function detectTableScript(word: string): TableScript {
  const counts = new Map<TableScript, number>();
  for (const ch of word) {
    if (!/\p{L}/u.test(ch)) continue;
    const hit = SCRIPT_TESTS.find(([, re]) => re.test(ch));
    const script = hit ? hit[0] : 'other';
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best: TableScript = 'other';
  let bestCount = 0;
  for (const [script, n] of counts) {
    if (n > bestCount) {
      best = script;
      bestCount = n;
    }
  }
  return best;
}

/** The script of most of the letters of `word` ('other' when none of the known ones, and for kana, Thai, Khmer). */
export function detectScript(word: string): Script {
  const s = detectTableScript(word);
  return s === 'kana' || s === 'thai' || s === 'khmer' ? 'other' : s;
}

export interface TransliteratedWord {
  /** Latin forms, best first, at most MAX_FORMS; for untransliterated words the word itself. */
  forms: string[];
  script: Script;
  /** Written without short vowels (Arabic, Hebrew). */
  abjad: boolean;
}

function keepVerbatim(word: string): string[] {
  const folded = word.normalize('NFKD').replace(/\p{M}+/gu, '').toUpperCase();
  return folded ? [folded] : [];
}

/**
 * Latin forms of one word. `cyrillicLanguage` lets a caller pass the language guessed from the
 * whole name (one Ukrainian letter anywhere in the name decides the reading of every word).
 */
export function transliterateWord(word: string, cyrillicLanguage?: CyrillicLanguage): TransliteratedWord {
  const tableScript = detectTableScript(word);
  const script: Script = tableScript === 'kana' || tableScript === 'thai' || tableScript === 'khmer' ? 'other' : tableScript;
  let forms: string[];
  let verbatim = false;
  switch (tableScript) {
    case 'latin':
      forms = transliterateLatinWord(word);
      break;
    case 'cyrillic':
      forms = transliterateCyrillicWord(word, cyrillicLanguage ?? detectCyrillicLanguage(word));
      break;
    case 'arabic':
      forms = transliterateArabicWord(word);
      break;
    case 'greek':
      forms = transliterateGreekWord(word);
      break;
    case 'hebrew':
      forms = transliterateHebrewWord(word);
      break;
    case 'armenian':
      forms = transliterateArmenianWord(word);
      break;
    case 'georgian':
      forms = transliterateGeorgianWord(word);
      break;
    case 'hangul':
      forms = transliterateHangulWord(word);
      break;
    case 'han':
      forms = transliterateHanWord(word, MAX_FORMS);
      break;
    case 'kana':
      forms = transliterateKanaWord(word);
      break;
    case 'thai':
      forms = transliterateThaiWord(word);
      break;
    case 'khmer':
      forms = transliterateKhmerWord(word);
      break;
    default:
      forms = [];
  }
  if (forms.length === 0 && (script === 'han' || script === 'other')) {
    // no table, or a Han character missing from the table: keep the word as it is
    forms = keepVerbatim(word);
    verbatim = true;
  }
  const cleaned: string[] = [];
  for (const f of forms) {
    // Latin output is A–Z only; verbatim words keep their letters.
    const c = verbatim ? f.replace(/[^\p{L}\p{N}]/gu, '') : f.replace(/[^A-Z]/g, '');
    if (c && !cleaned.includes(c) && cleaned.length < MAX_FORMS) cleaned.push(c);
  }
  return { forms: cleaned, script, abjad: script === 'arabic' || script === 'hebrew' };
}

/**
 * Whole-string Latin forms (at most MAX_FORMS), for display and for callers that want strings.
 * Form k takes the k-th form of every word (or its last one), so the first is the all-primary
 * reading. The matcher itself works per token (see normalise.ts) and so sees every word's forms.
 */
export function transliterate(text: string): string[] {
  // A Chinese name written without spaces is shown as surname and given name (习近平 → XI JINPING).
  const words = text
    .split(/[\s,;·・]+/u)
    .filter((w) => w.length > 0)
    .flatMap((w) => (detectTableScript(w) === 'han' ? splitHanName(w) : [w]));
  const lang = detectCyrillicLanguage(text);
  const perWord = words.map((w) => {
    const t = transliterateWord(w, lang);
    return t.forms.length > 0 ? t.forms : [w];
  });
  const depth = Math.max(1, ...perWord.map((f) => f.length));
  const out: string[] = [];
  for (let k = 0; k < depth && out.length < MAX_FORMS; k++) {
    const s = perWord.map((f) => f[Math.min(k, f.length - 1)] ?? '').join(' ');
    if (!out.includes(s)) out.push(s);
  }
  return out;
}
