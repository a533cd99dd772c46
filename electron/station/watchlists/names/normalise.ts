/**
 * Name string → tokens the matcher can compare.
 *
 * Steps: split into words (spaces, commas, hyphens, dots, slashes, brackets, middle dots); drop
 * apostrophes and ayn/hamza signs inside words (ABU-'UMAR → ABU UMAR); read digits inside words as
 * the letters they are mistaken for (SECH1N → SECHIN); split Arabic-script article/compound
 * prefixes and Korean surnames; transliterate each word (transliterate.ts); classify each token.
 *
 * Classification (why not just delete the small words):
 * - Titles and honorifics that say nothing about identity (MR, DR, PRESIDENT…) are removed.
 * - Particles (AL, BIN, IBN, ABU, VAN, VON, DE, DOS…) and religious/ social name elements that are
 *   often but not always recorded (HAJI, SAYED, SHEIKH…) are KEPT as weak tokens: "ABU BAKR" and
 *   "BAKR" are not the same name, and dropping BIN would make "OMAR BIN LADEN" and "OMAR LADEN"
 *   identical; but a list that omits them should cost little. Their weight is low in score.ts.
 * - A single letter is an initial; so are 2–3 consonant-only Latin tokens (JC, JFK) that cannot be
 *   syllables of a name.
 * Token order is not kept as meaning: alignment in similarity.ts is order-free (SURNAME, Given and
 * Given SURNAME are the same name on different documents).
 */
import type { NameToken, Script } from './types.js';
import { transliterateWord } from './transliterate.js';
import { detectCyrillicLanguage, type CyrillicLanguage } from './translit-cyrillic.js';
import { splitArabicWord } from './translit-arabic.js';
import { splitHangulWord } from './translit-hangul.js';
import { splitHanName } from './translit-han.js';

export const TITLES: ReadonlySet<string> = new Set([
  'MR', 'MRS', 'MS', 'MISS', 'MX', 'DR', 'PROF', 'PROFESSOR', 'SIR', 'DAME', 'LORD', 'LADY', 'MADAM',
  'MADAME', 'MME', 'MLLE', 'MONSIEUR', 'HERR', 'FRAU', 'SENOR', 'SENORA', 'SRA', 'SIGNOR', 'SIGNORA',
  'GEN', 'GENERAL', 'COL', 'COLONEL', 'CAPT', 'CAPTAIN', 'SGT', 'LT', 'REV', 'HON', 'HE', 'HRH',
  // "President" in the languages of the lists this station meets most (EN, DE, ES/PT/IT, RO, HR/BS/SR, RU/UK, HU, ID).
  'PRESIDENT', 'PRAESIDENT', 'PRASIDENT', 'PRESIDENTE', 'PRESEDINTELE', 'PREDSJEDNIK', 'PREDSEDNIK',
  'PREZIDENT', 'PREZYDENT', 'ELNOK', 'PRESIDEN',
]);

export const PARTICLES: ReadonlySet<string> = new Set([
  'AL', 'EL', 'UL', 'BIN', 'BEN', 'IBN', 'BINT', 'ABU', 'ABOU', 'OULD', 'BOU',
  'VAN', 'VON', 'DER', 'DEN', 'TER', 'TEN', 'ZU', 'DE', 'DA', 'DI', 'DU', 'DOS', 'DAS', 'DEL', 'DELLA',
  'DELA', 'LA', 'LE', 'Y', 'E', 'ST', 'SAINT',
  'HAJI', 'HAJJI', 'HADJI', 'HAJ', 'HAJJ', 'SAYED', 'SAYYID', 'SYED', 'SAYYED', 'SHEIKH', 'SHAIKH',
  'SHAYKH', 'SHEIK', 'MULLAH', 'MULLA', 'MAULANA', 'MAWLAWI', 'MAULVI', 'QARI',
  'JR', 'JNR', 'SR', 'SNR', 'II', 'III', 'IV',
]);

/** Hyphenated assimilated article (AR-RAHMAN, UR-REHMAN, AS-SAYYID): the same word as AL. */
const ASSIMILATED_ARTICLE = /^(A|E|U)(R|S|D|N|T|Z|SH|DH|TH|Z)$/;

const ABD_AL_FORMS: readonly string[] = ['ABDUL', 'ABDEL', 'ABDAL', 'ABDOUL', 'ABDOL'];

const LEET: Record<string, string> = { '0': 'O', '1': 'I', '3': 'E', '4': 'A', '5': 'S', '7': 'T', '8': 'B', '9': 'G' };

interface RawWord {
  text: string;
  /** Written with a trailing dot (an abbreviation such as "J."). */
  dotted: boolean;
  /** Joined to the next word by a hyphen. */
  hyphenNext: boolean;
}

function splitWords(raw: string): RawWord[] {
  const text = raw
    .normalize('NFC')
    // apostrophes, ayn/hamza modifier letters, Hebrew geresh: inside a name they join, not split
    .replace(/['’‘`´ʼʻʿʾ׳״]/g, '');
  const words: RawWord[] = [];
  const re = /([^\s,;:/\\()[\]{}"“”«»·・.\-‐‑‒–—_]+)([.\s,;:/\\()[\]{}"“”«»·・\-‐‑‒–—_]*)/gu;
  for (const m of text.matchAll(re)) {
    const word = m[1] ?? '';
    const sep = m[2] ?? '';
    words.push({ text: word, dotted: sep.startsWith('.'), hyphenNext: /^[-‐‑‒–—]$/.test(sep.trim()) && !/\s/.test(sep) });
  }
  return words;
}

function deLeet(word: string): string {
  if (!/\d/.test(word) || !/\p{L}/u.test(word)) return word;
  return word.replace(/\d/g, (d) => LEET[d] ?? d);
}

function subWords(word: string): string[] {
  if (/\p{Script=Arabic}/u.test(word)) return splitArabicWord(word);
  if (/\p{Script=Hangul}/u.test(word)) return splitHangulWord(word);
  // Han names have no spaces: split the surname (one or two characters) from the given name, which
  // stays one word as it is romanised (习近平 → XI JINPING). One token per character made a missing
  // character look like a dropped middle name and matched different people of one surname.
  if (/^\p{Script=Han}+$/u.test(word)) return splitHanName(word);
  return [word];
}

const VOWEL = /[AEIOUY]/;

interface Draft extends NameToken {
  hyphenNext: boolean;
  title: boolean;
}

/** What one part of a written word contributes to the tokens, whatever the rest of the name. */
interface WordPart {
  /** No Latin form: contributes no token. */
  empty: boolean;
  forms: string[];
  kind: NameToken['kind'];
  abjad: boolean;
  script: Script;
  title: boolean;
  /** JC, JFK: the letters of initials written together (when the word is not written with a dot). */
  initials: string[] | undefined;
}

function readWordParts(text: string, lang: CyrillicLanguage): WordPart[] {
  const parts = subWords(deLeet(text));
  return parts.map((part) => {
    const t = transliterateWord(part, lang);
    const primary = t.forms[0] ?? '';
    const latin = t.script !== 'han' && t.script !== 'other';
    let kind: NameToken['kind'] = 'strong';
    if (latin && primary.length === 1) kind = 'initial';
    else if (latin && t.forms.some((f) => PARTICLES.has(f))) kind = 'particle';
    return {
      empty: t.forms.length === 0,
      forms: t.forms,
      kind,
      abjad: t.abjad,
      script: t.script as Script,
      // A word transliterated from another script is a title only if its main reading is one:
      // عمر (Omar) has the reading MR among its forms and must not be dropped as "Mr".
      title: latin && (t.script === 'latin' ? t.forms.some((f) => TITLES.has(f)) : TITLES.has(primary)),
      initials: t.script === 'latin' && primary.length >= 2 && primary.length <= 3 && !VOWEL.test(primary) && parts.length === 1 ? [...primary] : undefined,
    };
  });
}

/**
 * readWordParts memoised per (Cyrillic language, word): the words of a large list recur far more
 * than its names (given names, surname stems), and reading its words is most of the cost of
 * tokenising a name. Bounded, in two generations. Entries are shared: never mutated.
 */
const WORD_GENERATION = 50_000;
let wordCache = new Map<string, Map<string, WordPart[]>>();
let wordCacheOld = new Map<string, Map<string, WordPart[]>>();
let wordCount = 0;

function wordParts(text: string, lang: CyrillicLanguage): WordPart[] {
  let byLang = wordCache.get(lang);
  let parts = byLang?.get(text);
  if (parts) return parts;
  parts = wordCacheOld.get(lang)?.get(text) ?? readWordParts(text, lang);
  if (wordCount >= WORD_GENERATION) {
    wordCacheOld = wordCache;
    wordCache = new Map();
    wordCount = 0;
    byLang = undefined;
  }
  if (!byLang) {
    byLang = new Map();
    wordCache.set(lang, byLang);
  }
  byLang.set(text, parts);
  wordCount++;
  return parts;
}

/** Tokens of one name; the result may be empty (for an empty or all-punctuation string). */
export function tokenizeName(raw: string): NameToken[] {
  const lang = detectCyrillicLanguage(raw);
  const drafts: Draft[] = [];
  for (const w of splitWords(raw)) {
    const parts = wordParts(w.text, lang);
    for (let idx = 0; idx < parts.length; idx++) {
      const p = parts[idx]!;
      if (p.empty) continue;
      if (p.initials && !w.dotted) {
        // JC, JFK: initials written together.
        for (const ch of p.initials) drafts.push({ forms: [ch], kind: 'initial', abjad: p.abjad, script: p.script, hyphenNext: false, title: false });
        continue;
      }
      drafts.push({ forms: p.forms, kind: p.kind, abjad: p.abjad, script: p.script, hyphenNext: idx === parts.length - 1 ? w.hyphenNext : false, title: p.title });
    }
  }
  // Assimilated article written with a hyphen: AR-RAHMAN → AL RAHMAN.
  drafts.forEach((d, i) => {
    const next = drafts[i + 1];
    const f = d.forms[0] ?? '';
    if (d.hyphenNext && next && ASSIMILATED_ARTICLE.test(f) && (next.forms[0] ?? '').startsWith(f.slice(1))) {
      d.forms = ['AL', 'EL'];
      d.kind = 'particle';
    }
  });
  // ABD AL-X / ABDUL X / ABDEL X / ABDOUL X: one element ("servant of"), spelt many ways.
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    const next = drafts[i + 1];
    if (d.forms.includes('ABD') && next && next.forms.includes('ALLAH')) {
      // عبد الله written apart is the same name as ABDULLAH.
      drafts.splice(i + 1, 1);
      d.forms = ['ABDULLAH', 'ABDALLAH', 'ABDELLAH'];
      d.kind = 'strong';
    } else if (d.forms.includes('ABD') && next && next.kind === 'particle' && next.forms.some((f) => f === 'AL' || f === 'EL' || f === 'UL')) {
      drafts.splice(i + 1, 1);
      d.forms = [...ABD_AL_FORMS];
      d.kind = 'strong';
    } else if (d.forms.some((f) => ABD_AL_FORMS.includes(f))) {
      d.forms = [...new Set([...d.forms, ...ABD_AL_FORMS])].slice(0, 8);
    }
  }
  const kept = drafts.every((d) => d.title) ? drafts : drafts.filter((d) => !d.title);
  // A repeated name element is one element (SERGEY SERGEY SHOIGU): deduplicate non-initials.
  const out: NameToken[] = [];
  const seen = new Set<string>();
  for (const d of kept) {
    const key = d.forms[0] ?? '';
    if (d.kind !== 'initial' && seen.has(key)) continue;
    seen.add(key);
    out.push({ forms: d.forms, kind: d.kind, abjad: d.abjad, script: d.script });
  }
  return out;
}

const CACHE = new Map<string, readonly NameToken[]>();
const CACHE_LIMIT = 50_000;

/**
 * Memoised `tokenizeName`: a list is scored against many queries and the same names recur.
 * Bounded so that a long-running station does not grow without limit. Do not mutate the result.
 */
export function nameTokens(raw: string): readonly NameToken[] {
  let t = CACHE.get(raw);
  if (!t) {
    t = tokenizeName(raw);
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(raw, t);
  }
  return t;
}

/** Convenience for display and tests: the primary form of each token. */
export function normaliseName(raw: string): string {
  return tokenizeName(raw)
    .map((t) => t.forms[0])
    .join(' ');
}
