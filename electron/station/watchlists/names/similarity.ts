/**
 * String and token similarity: Jaro-Winkler, vowel folding, the similarity of two forms (Latin
 * readings of a name element) with its evidence levels, and the interned forms that the
 * alignment (alignment.ts) compares. Hot paths work on code units in scratch buffers; each keeps a
 * plain reading of its definition (foldVowels, phonetic.ts phoneticClassesByRules) that the tests
 * hold it to (fast-paths.test.ts).
 */
import type { NameToken, TokenKind } from './types.js';
import { phoneticKeyUncached } from './phonetic.js';
import { nicknameGroups } from './nicknames.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Code points of a string (what Jaro-Winkler and Levenshtein compare). */
export function codePoints(s: string): Int32Array {
  const out = new Int32Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out[n++] = c;
    if (c > 0xffff) i++;
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Scratch for jaroWinklerCodes: which positions of each side found a partner. */
let sMatched = new Uint8Array(64);
let tMatched = new Uint8Array(64);

/** Jaro-Winkler of two code-point arrays (no allocation); `jaroWinkler` for strings. */
export function jaroWinklerCodes(s: Int32Array, t: Int32Array): number {
  const sl = s.length;
  const tl = t.length;
  if (sl === 0 || tl === 0) return 0;
  if (sl > sMatched.length) sMatched = new Uint8Array(2 * sl);
  if (tl > tMatched.length) tMatched = new Uint8Array(2 * tl);
  sMatched.fill(0, 0, sl);
  tMatched.fill(0, 0, tl);
  const window = Math.max(0, Math.floor(Math.max(sl, tl) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < sl; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(tl - 1, i + window);
    const c = s[i]!;
    for (let j = lo; j <= hi; j++) {
      if (tMatched[j] === 1 || c !== t[j]) continue;
      sMatched[i] = 1;
      tMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < sl; i++) {
    if (sMatched[i] === 0) continue;
    while (tMatched[k] === 0) k++;
    if (s[i] !== t[k]) transpositions++;
    k++;
  }
  let prefix = 0;
  while (prefix < 4 && prefix < sl && prefix < tl && s[prefix] === t[prefix]) prefix++;
  return winkler(matches, transpositions, sl, tl, prefix);
}

/** Jaro from the matches and transpositions, with Winkler's boost for a common prefix (at most 4). */
function winkler(m: number, transpositions: number, sl: number, tl: number, prefix: number): number {
  const jaro = (m / sl + m / tl + (m - transpositions / 2) / m) / 3;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** The common prefix of two strings in code units, at most 4 (Winkler's limit). */
function unitPrefix(s: string, t: string, sl: number, tl: number): number {
  let prefix = 0;
  while (prefix < 4 && prefix < sl && prefix < tl && s.charCodeAt(prefix) === t.charCodeAt(prefix)) prefix++;
  return prefix;
}

/** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4), on code points. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return jaroWinklerUnits(a, b);
  return jaroWinklerCodes(codePoints(a), codePoints(b));
}

/** Levenshtein edit distance on code points. */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/** Evidence levels, as similarities in [0, 1]. */
export const SIMILARITY = {
  /** Equal after vowel folding (foldVowels): a transliteration variant. */
  vowelFolded: 0.96,
  /** Same phonetic key (phonetic.ts): raises Jaro-Winkler by phoneticLift, up to `phonetic`
   *  for a two-consonant key and `phoneticLong` for a longer (more specific) one. */
  phonetic: 0.9,
  phoneticLong: 0.95,
  phoneticLift: 0.12,
  /** Abjad token whose consonant skeleton equals the other's. */
  abjadSkeleton: 0.97,
  /** Listed short form / diminutive of the other (nicknames.ts). */
  nickname: 0.92,
  /** An initial that agrees with the first letter of the other token. */
  initial: 0.9,
  /** Abjad skeleton comparison is discounted: the vowels it ignores may differ. */
  abjadDiscount: 0.95,
};

/** Pairs below this similarity are not aligned at all. */
export const MIN_ALIGN_SIMILARITY = 0.6;

/** A token, or adjacent tokens read as one word (ABDUL RAHMAN ~ ABDULRAHMAN). */
export interface TokenUnit {
  /** Indices of the tokens of the name that this unit covers. */
  indices: number[];
  forms: string[];
  kind: TokenKind;
  abjad: boolean;
}

/**
 * Vowel folding for the spelling traditions that disagree mostly on vowels (Arabic has three vowel
 * qualities that Latin spellings write with five letters and many digraphs): doubled letters
 * collapse, OO/OU/O → U, EE/IE/Y → I, AI/AY/EI/EY → AI, E → A. NURISTANI = NOORISTANI,
 * MOHAMMED = MUHAMMAD, but HASSAN ≠ HUSSEIN (HASAN vs HUSAIN).
 */
export function foldVowels(word: string, eAs: 'A' | 'I' = 'A'): string {
  return word
    .replace(/(.)\1+/g, '$1')
    .replace(/(EI|EY|AY|AI)/g, '#')
    .replace(/(OO|OU|O)/g, 'U')
    .replace(/(EE|IE|Y(?![AEIOU]))/g, 'I')
    .replace(/E/g, eAs)
    .replace(/#/g, 'AI')
    .replace(/(.)\1+/g, '$1');
}

const [cA, cE, cI, cO, cU, cY, cHash] = ['A', 'E', 'I', 'O', 'U', 'Y', '#'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number, number, number];

/** Scratch of foldVowelsBoth: two buffers of UTF-16 code units, used in turn. */
let foldIn = new Uint16Array(64);
let foldOut = new Uint16Array(64);

const codeScratch: number[] = [];

/** The first `n` code units of `units` as one flat string (not a chain of concatenations). */
function stringOf(units: Uint16Array | Uint8Array, n: number): string {
  codeScratch.length = n;
  for (let i = 0; i < n; i++) codeScratch[i] = units[i]!;
  return String.fromCharCode.apply(null, codeScratch);
}

const lineTerminator = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/** foldIn[0, n) with runs of one code unit collapsed (as /(.)\1+/g → '$1') into foldOut; its length. */
function collapseRuns(n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = foldIn[i]!;
    if (m > 0 && foldOut[m - 1] === c && !lineTerminator(c)) continue;
    foldOut[m++] = c;
  }
  return m;
}

function swapFoldBuffers(): void {
  const t = foldIn;
  foldIn = foldOut;
  foldOut = t;
}

/** The last steps of foldVowels on foldIn[0, n) (E → eAs, # → AI, runs collapsed), as a string. */
function foldReading(n: number, eAs: number): string {
  let m = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const c = foldIn[i]!;
    const first = c === cE ? eAs : c === cHash ? cA : c;
    if (first !== last || lineTerminator(first)) foldOut[m++] = first;
    last = first;
    if (c === cHash) {
      if (cI !== last) foldOut[m++] = cI;
      last = cI;
    }
  }
  return stringOf(foldOut, m);
}

/**
 * Both foldVowels readings of `word` (E as A, E as I), with its replacements done as passes over
 * code units (no regular expression, no allocation but the two strings).
 */
export function foldVowelsBoth(word: string): [string, string] {
  const len = word.length;
  if (2 * len > foldIn.length) {
    foldIn = new Uint16Array(4 * len);
    foldOut = new Uint16Array(4 * len);
  }
  for (let i = 0; i < len; i++) foldIn[i] = word.charCodeAt(i);
  let n = collapseRuns(len);
  swapFoldBuffers();
  // AI/AY/EI/EY → #
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = foldIn[i]!;
    const next = i + 1 < n ? foldIn[i + 1]! : -1;
    if ((c === cE && (next === cI || next === cY)) || (c === cA && (next === cY || next === cI))) {
      foldOut[m++] = cHash;
      i++;
    } else foldOut[m++] = c;
  }
  swapFoldBuffers();
  n = m;
  // OO/OU/O → U
  m = 0;
  for (let i = 0; i < n; i++) {
    const c = foldIn[i]!;
    if (c === cO) {
      const next = i + 1 < n ? foldIn[i + 1]! : -1;
      if (next === cO || next === cU) i++;
      foldOut[m++] = cU;
    } else foldOut[m++] = c;
  }
  swapFoldBuffers();
  n = m;
  // EE/IE/Y not before a vowel → I
  m = 0;
  for (let i = 0; i < n; i++) {
    const c = foldIn[i]!;
    const next = i + 1 < n ? foldIn[i + 1]! : -1;
    if ((c === cE || c === cI) && next === cE) {
      foldOut[m++] = cI;
      i++;
    } else if (c === cY && !(next === cA || next === cE || next === cI || next === cO || next === cU)) foldOut[m++] = cI;
    else foldOut[m++] = c;
  }
  swapFoldBuffers();
  return [foldReading(m, cA), foldReading(m, cI)];
}

/**
 * Interned forms. Every form the matcher meets (a token's reading, two readings joined) is
 * interned once, with what formSimilarity needs precomputed: its vowel foldings and phonetic keys,
 * its nickname groups. Pair results are then memoised under the forms' integer ids (alignment.ts)
 * instead of under strings built for every comparison. The table is bounded: past
 * MAX_FORMS_INTERNED it starts over, and `internGeneration()` tells the holders of ids
 * (alignment.ts) to drop them.
 */
export interface Form {
  id: number;
  text: string;
  /** No surrogate pair in `text`: its code units are its code points. */
  bmp: boolean;
  /**
   * The letters of `text` that vowel folding keeps (A–Z but AEIOUY, one bit each; bit 30 for any
   * other character): forms whose foldings are equal have equal masks, so unequal masks spare
   * computing the foldings.
   */
  consonants: number;
  /** foldVowels(text, 'A') and foldVowels(text, 'I'); '' when text is shorter than 3; null until needed. */
  foldA: string | null;
  foldI: string | null;
  /** phoneticKey(text), phoneticKey(text, true); null until needed. */
  key: string | null;
  loose: string | null;
  nicknames: readonly number[];
}

const MAX_FORMS_INTERNED = 400_000;
const formIds = new Map<string, Form>();
let generation = 1;

/** Changes whenever interned ids are given out anew (ids of an older generation mean nothing). */
export function internGeneration(): number {
  return generation;
}

/**
 * Starts the table over when it is full; true when it did. Called only between scorings (by
 * alignment.ts before it prepares a name), so that no comparison ever mixes ids of two generations.
 */
export function resetInternedIfFull(): boolean {
  if (formIds.size < MAX_FORMS_INTERNED) return false;
  formIds.clear();
  generation++;
  return true;
}


/** Bit per A–Z letter kept by foldVowels (not a vowel, not Y), as `consonants` counts them. */
const CONSONANT_BIT = Array.from({ length: 26 }, (_, i) => ('AEIOUY'.includes(String.fromCharCode(65 + i)) ? 0 : 1 << i));
const OTHER_BIT = 1 << 30;

function consonantMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) mask |= CONSONANT_BIT[c - 65]!;
    else if (c !== cHash) mask |= OTHER_BIT;
  }
  return mask;
}

function readForm(text: string, id: number): Form {
  return { id, text, bmp: !SURROGATE.test(text), consonants: consonantMask(text), foldA: null, foldI: null, key: null, loose: null, nicknames: nicknameGroups(text) };
}

function withFolds(f: Form): Form {
  if (f.foldA === null) {
    if (f.text.length >= 3) [f.foldA, f.foldI] = foldVowelsBoth(f.text);
    else f.foldA = f.foldI = '';
  }
  return f;
}

function withKeys(f: Form): Form {
  if (f.key === null) {
    f.key = phoneticKeyUncached(f.text);
    f.loose = phoneticKeyUncached(f.text, true);
  }
  return f;
}

/** The interned form of `text` (an upper-case Latin form, or a verbatim word of another script). */
export function internForm(text: string): Form {
  let f = formIds.get(text);
  if (!f) {
    f = readForm(text, formIds.size);
    formIds.set(text, f);
  }
  return f;
}

/** The interned form of `text` if there is one, else a form read for one use (id −1, never memoised). */
export function localForm(text: string): Form {
  return formIds.get(text) ?? readForm(text, -1);
}

/**
 * jaroWinklerUnits for strings of at most 30 code units: which positions found a partner kept in
 * the bits of two integers (no scratch to clear).
 */
function jaroWinklerShort(s: string, t: string, sl: number, tl: number): number {
  const window = Math.max(0, Math.floor(Math.max(sl, tl) / 2) - 1);
  let sBits = 0;
  let tBits = 0;
  let matches = 0;
  for (let i = 0; i < sl; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(tl - 1, i + window);
    const c = s.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if ((tBits & (1 << j)) !== 0 || c !== t.charCodeAt(j)) continue;
      sBits |= 1 << i;
      tBits |= 1 << j;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < sl; i++) {
    if ((sBits & (1 << i)) === 0) continue;
    while ((tBits & (1 << k)) === 0) k++;
    if (s.charCodeAt(i) !== t.charCodeAt(k)) transpositions++;
    k++;
  }
  return winkler(matches, transpositions, sl, tl, unitPrefix(s, t, sl, tl));
}

/** Jaro-Winkler of two strings without surrogate pairs, on code units (the same as on code points). */
function jaroWinklerUnits(s: string, t: string): number {
  const sl = s.length;
  const tl = t.length;
  if (sl === 0 || tl === 0) return 0;
  if (sl <= 30 && tl <= 30) return jaroWinklerShort(s, t, sl, tl);
  if (sl > sMatched.length) sMatched = new Uint8Array(2 * sl);
  if (tl > tMatched.length) tMatched = new Uint8Array(2 * tl);
  sMatched.fill(0, 0, sl);
  tMatched.fill(0, 0, tl);
  const window = Math.max(0, Math.floor(Math.max(sl, tl) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < sl; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(tl - 1, i + window);
    const c = s.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (tMatched[j] === 1 || c !== t.charCodeAt(j)) continue;
      sMatched[i] = 1;
      tMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < sl; i++) {
    if (sMatched[i] === 0) continue;
    while (tMatched[k] === 0) k++;
    if (s.charCodeAt(i) !== t.charCodeAt(k)) transpositions++;
    k++;
  }
  return winkler(matches, transpositions, sl, tl, unitPrefix(s, t, sl, tl));
}

function formJaroWinkler(x: Form, y: Form): number {
  return x.bmp && y.bmp ? jaroWinklerUnits(x.text, y.text) : jaroWinklerCodes(codePoints(x.text), codePoints(y.text));
}

/** Forms equal after vowel folding (both at least 3 code units long). */
function foldedEqual(x: Form, y: Form): boolean {
  if (x.consonants !== y.consonants || x.text.length < 3 || y.text.length < 3) return false;
  withFolds(x);
  withFolds(y);
  return x.foldA === y.foldA || x.foldI === y.foldI;
}

/** Length of the phonetic key the two forms share (strict reading first, then loose), else 0. */
function phoneticEqualLength(x: Form, y: Form): number {
  const kx = withKeys(x).key!;
  if (kx === withKeys(y).key) return kx.length;
  if (x.loose === y.loose) return x.loose!.length;
  return 0;
}

function areNicknameForms(x: Form, y: Form): boolean {
  if (x === y || x.nicknames.length === 0 || y.nicknames.length === 0) return false;
  for (const g of x.nicknames) if (y.nicknames.includes(g)) return true;
  return false;
}

/**
 * Below this Jaro-Winkler the phonetic lift cannot bring a pair up to MIN_ALIGN_SIMILARITY (with a
 * margin far above rounding, so that jw + phoneticLift stays below it in floating point too).
 */
const LIFT_FLOOR = MIN_ALIGN_SIMILARITY - SIMILARITY.phoneticLift - 1e-9;

/**
 * Similarity of two forms: Jaro-Winkler raised by the evidence levels of SIMILARITY.
 * Exact from MIN_ALIGN_SIMILARITY up, which is all the alignment uses; below it, the phonetic lift
 * is not looked at when it could not reach MIN_ALIGN_SIMILARITY (nor the keys computed).
 */
export function formSimilarity(x: Form, y: Form, abjad: boolean): number {
  if (x === y) return 1;
  const jw = formJaroWinkler(x, y);
  let s = jw;
  if (foldedEqual(x, y)) s = Math.max(s, SIMILARITY.vowelFolded);
  if (jw >= LIFT_FLOOR) {
    const keyLength = phoneticEqualLength(x, y);
    if (keyLength >= 3) s = Math.max(s, Math.min(SIMILARITY.phoneticLong, jw + SIMILARITY.phoneticLift));
    else if (keyLength === 2) s = Math.max(s, Math.min(SIMILARITY.phonetic, jw + SIMILARITY.phoneticLift));
  }
  if (abjad) {
    const kx = withKeys(x).key!;
    const ky = withKeys(y).key!;
    if (kx.length >= 1 && kx === ky) s = Math.max(s, kx.length >= 2 ? SIMILARITY.abjadSkeleton : SIMILARITY.phonetic);
    else if (kx.length >= 2 && ky.length >= 2) s = Math.max(s, SIMILARITY.abjadDiscount * jaroWinklerUnits(kx, ky));
  }
  if (areNicknameForms(x, y)) s = Math.max(s, SIMILARITY.nickname);
  return s;
}

/** Units of a token list: each token, and each adjacent pair of non-initial tokens joined. */
export function tokenUnits(tokens: readonly NameToken[], merge = true): TokenUnit[] {
  const units: TokenUnit[] = tokens.map((t, i) => ({ indices: [i], forms: t.forms, kind: t.kind, abjad: t.abjad }));
  if (!merge) return units;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (a.kind === 'initial' || b.kind === 'initial') continue;
    const forms: string[] = [];
    for (const x of a.forms.slice(0, 2)) for (const y of b.forms.slice(0, 2)) forms.push(x + y);
    units.push({ indices: [i, i + 1], forms, kind: a.kind === 'strong' || b.kind === 'strong' ? 'strong' : 'particle', abjad: a.abjad || b.abjad });
  }
  return units;
}

export interface AlignedPair {
  query: number[];
  candidate: number[];
  similarity: number;
}

export interface Alignment {
  pairs: AlignedPair[];
  /** Per-token similarity of its aligned partner (0 when unaligned). */
  querySim: number[];
  candidateSim: number[];
}

