/**
 * String and token similarity, and the alignment of two token lists.
 */
import type { NameToken, TokenKind } from './types.js';
import { phoneticKey } from './phonetic.js';
import { areNicknames } from './nicknames.js';

/** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4), on code points. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const s = [...a];
  const t = [...b];
  if (s.length === 0 || t.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(s.length, t.length) / 2) - 1);
  const sMatched = new Array<boolean>(s.length).fill(false);
  const tMatched = new Array<boolean>(t.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(t.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (tMatched[j] || s[i] !== t[j]) continue;
      sMatched[i] = true;
      tMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    if (!sMatched[i]) continue;
    while (!tMatched[k]) k++;
    if (s[i] !== t[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / s.length + m / t.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < s.length && prefix < t.length && s[prefix] === t[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
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

const FOLD_CACHE = new Map<string, readonly [string, string]>();

function folds(word: string): readonly [string, string] {
  let f = FOLD_CACHE.get(word);
  if (!f) {
    f = [foldVowels(word, 'A'), foldVowels(word, 'I')];
    if (FOLD_CACHE.size > 100_000) FOLD_CACHE.clear();
    FOLD_CACHE.set(word, f);
  }
  return f;
}

function foldedEqual(x: string, y: string): boolean {
  if (x.length < 3 || y.length < 3) return false;
  const fx = folds(x);
  const fy = folds(y);
  return fx[0] === fy[0] || fx[1] === fy[1];
}

function phoneticEqualLength(x: string, y: string): number {
  const kx = phoneticKey(x);
  if (kx === phoneticKey(y)) return kx.length;
  const fx = phoneticKey(x, true);
  if (fx === phoneticKey(y, true)) return fx.length;
  return 0;
}

const FORM_CACHE = new Map<string, number>();

function formSimilarity(x: string, y: string, abjad: boolean): number {
  if (x === y) return 1;
  const cacheKey = `${x}|${y}|${abjad ? 1 : 0}`;
  const cached = FORM_CACHE.get(cacheKey);
  if (cached !== undefined) return cached;
  const s = computeFormSimilarity(x, y, abjad);
  if (FORM_CACHE.size > 200_000) FORM_CACHE.clear();
  FORM_CACHE.set(cacheKey, s);
  return s;
}

function computeFormSimilarity(x: string, y: string, abjad: boolean): number {
  const jw = jaroWinkler(x, y);
  let s = jw;
  if (foldedEqual(x, y)) s = Math.max(s, SIMILARITY.vowelFolded);
  const keyLength = phoneticEqualLength(x, y);
  if (keyLength >= 3) s = Math.max(s, Math.min(SIMILARITY.phoneticLong, jw + SIMILARITY.phoneticLift));
  else if (keyLength === 2) s = Math.max(s, Math.min(SIMILARITY.phonetic, jw + SIMILARITY.phoneticLift));
  if (abjad) {
    const kx = phoneticKey(x);
    const ky = phoneticKey(y);
    if (kx.length >= 1 && kx === ky) s = Math.max(s, kx.length >= 2 ? SIMILARITY.abjadSkeleton : SIMILARITY.phonetic);
    else if (kx.length >= 2 && ky.length >= 2) s = Math.max(s, SIMILARITY.abjadDiscount * jaroWinkler(kx, ky));
  }
  if (areNicknames(x, y)) s = Math.max(s, SIMILARITY.nickname);
  return s;
}

/** Similarity of two units: the best over their Latin forms. */
export function unitSimilarity(a: TokenUnit, b: TokenUnit): number {
  if (a.kind === 'initial' || b.kind === 'initial') {
    const ia = a.kind === 'initial' ? (a.forms[0] ?? '') : undefined;
    const ib = b.kind === 'initial' ? (b.forms[0] ?? '') : undefined;
    if (ia !== undefined && ib !== undefined) return ia === ib ? 1 : 0;
    const letter = (ia ?? ib) as string;
    const other = ia !== undefined ? b : a;
    return other.forms.some((f) => f.startsWith(letter)) ? SIMILARITY.initial : 0;
  }
  const abjad = a.abjad || b.abjad;
  let best = 0;
  for (const x of a.forms) {
    for (const y of b.forms) {
      const s = formSimilarity(x, y, abjad);
      if (s > best) best = s;
      if (best === 1) return 1;
    }
  }
  return best;
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

/** Pairs below this similarity are not aligned at all. */
export const MIN_ALIGN_SIMILARITY = 0.6;

/**
 * Order-free alignment: greedy on similarity, best pairs first, each token used once; a pair may
 * join two adjacent tokens on one side (never on both: that would be the same as two pairs).
 * Greedy is exact enough here: names have few tokens, and a wrong early pick would need two
 * near-equal competing pairs, which the tie-break (single tokens before joined ones) settles.
 */
export function alignTokens(query: readonly NameToken[], candidate: readonly NameToken[]): Alignment {
  const qUnits = tokenUnits(query);
  const cUnits = tokenUnits(candidate);
  const scored: { q: TokenUnit; c: TokenUnit; s: number }[] = [];
  for (const q of qUnits) {
    for (const c of cUnits) {
      if (q.indices.length > 1 && c.indices.length > 1) continue;
      const s = unitSimilarity(q, c);
      if (s >= MIN_ALIGN_SIMILARITY) scored.push({ q, c, s });
    }
  }
  scored.sort((x, y) => y.s - x.s || x.q.indices.length + x.c.indices.length - (y.q.indices.length + y.c.indices.length));
  const qUsed = new Array<boolean>(query.length).fill(false);
  const cUsed = new Array<boolean>(candidate.length).fill(false);
  const querySim = new Array<number>(query.length).fill(0);
  const candidateSim = new Array<number>(candidate.length).fill(0);
  const pairs: AlignedPair[] = [];
  for (const { q, c, s } of scored) {
    if (q.indices.some((i) => qUsed[i]) || c.indices.some((i) => cUsed[i])) continue;
    for (const i of q.indices) {
      qUsed[i] = true;
      querySim[i] = s;
    }
    for (const i of c.indices) {
      cUsed[i] = true;
      candidateSim[i] = s;
    }
    pairs.push({ query: q.indices, candidate: c.indices, similarity: s });
  }
  return { pairs, querySim, candidateSim };
}
