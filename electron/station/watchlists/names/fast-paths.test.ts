/**
 * The fast paths of the matcher against plain readings of the same definitions: the scorer
 * (alignment.ts, score.ts: interned forms, memoised pairs, typed-array scratch) must give exactly
 * the scores and alignments of the straightforward algorithm below (score.ts's model, computed
 * with strings and fresh arrays as it was first written), and the one-pass phonetic classes and
 * vowel foldings exactly those of their rules. Exactly means Object.is: the quality figures and
 * every explanation an officer sees stay what they were.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NameToken } from './types.js';
import { nameTokens } from './normalise.js';
import { phoneticClasses, phoneticClassesByRules, phoneticKey } from './phonetic.js';
import { areNicknames } from './nicknames.js';
import { MIN_ALIGN_SIMILARITY, SIMILARITY, foldVowels, foldVowelsBoth, jaroWinkler, tokenUnits, type Alignment, type TokenUnit } from './similarity.js';
import { alignTokens } from './alignment.js';
import { NAME_MODEL, bestNameScore, nameQuery, scoreNames, scorePerson, scoreTokens } from './score.js';
import { generatePairs } from './eval-generated.js';

// ---- the reference: the model of score.ts and similarity.ts, read literally ----

function refJaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const s = [...a];
  const t = [...b];
  if (s.length === 0 || t.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(s.length, t.length) / 2) - 1);
  const sMatched = new Array<boolean>(s.length).fill(false);
  const tMatched = new Array<boolean>(t.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(t.length - 1, i + window); j++) {
      if (tMatched[j] || s[i] !== t[j]) continue;
      sMatched[i] = tMatched[j] = true;
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

function refFormSimilarity(x: string, y: string, abjad: boolean): number {
  if (x === y) return 1;
  const jw = refJaroWinkler(x, y);
  let s = jw;
  if (x.length >= 3 && y.length >= 3 && (foldVowels(x, 'A') === foldVowels(y, 'A') || foldVowels(x, 'I') === foldVowels(y, 'I'))) s = Math.max(s, SIMILARITY.vowelFolded);
  const kx = phoneticKey(x);
  const lx = phoneticKey(x, true);
  const keyLength = kx === phoneticKey(y) ? kx.length : lx === phoneticKey(y, true) ? lx.length : 0;
  if (keyLength >= 3) s = Math.max(s, Math.min(SIMILARITY.phoneticLong, jw + SIMILARITY.phoneticLift));
  else if (keyLength === 2) s = Math.max(s, Math.min(SIMILARITY.phonetic, jw + SIMILARITY.phoneticLift));
  if (abjad) {
    const ky = phoneticKey(y);
    if (kx.length >= 1 && kx === ky) s = Math.max(s, kx.length >= 2 ? SIMILARITY.abjadSkeleton : SIMILARITY.phonetic);
    else if (kx.length >= 2 && ky.length >= 2) s = Math.max(s, SIMILARITY.abjadDiscount * refJaroWinkler(kx, ky));
  }
  if (areNicknames(x, y)) s = Math.max(s, SIMILARITY.nickname);
  return s;
}

function refUnitSimilarity(a: TokenUnit, b: TokenUnit): number {
  if (a.kind === 'initial' || b.kind === 'initial') {
    const ia = a.kind === 'initial' ? (a.forms[0] ?? '') : undefined;
    const ib = b.kind === 'initial' ? (b.forms[0] ?? '') : undefined;
    if (ia !== undefined && ib !== undefined) return ia === ib ? 1 : 0;
    const letter = (ia ?? ib) as string;
    const other = ia !== undefined ? b : a;
    return other.forms.some((f) => f.startsWith(letter)) ? SIMILARITY.initial : 0;
  }
  let best = 0;
  for (const x of a.forms) for (const y of b.forms) best = Math.max(best, refFormSimilarity(x, y, a.abjad || b.abjad));
  return best;
}

function refAlign(query: readonly NameToken[], candidate: readonly NameToken[]): Alignment {
  const scored: { q: TokenUnit; c: TokenUnit; s: number }[] = [];
  for (const q of tokenUnits(query)) {
    for (const c of tokenUnits(candidate)) {
      if (q.indices.length > 1 && c.indices.length > 1) continue;
      const s = refUnitSimilarity(q, c);
      if (s >= MIN_ALIGN_SIMILARITY) scored.push({ q, c, s });
    }
  }
  scored.sort((x, y) => y.s - x.s || x.q.indices.length + x.c.indices.length - (y.q.indices.length + y.c.indices.length));
  const qUsed = new Array<boolean>(query.length).fill(false);
  const cUsed = new Array<boolean>(candidate.length).fill(false);
  const querySim = new Array<number>(query.length).fill(0);
  const candidateSim = new Array<number>(candidate.length).fill(0);
  const pairs: Alignment['pairs'] = [];
  for (const { q, c, s } of scored) {
    if (q.indices.some((i) => qUsed[i]) || c.indices.some((i) => cUsed[i])) continue;
    for (const i of q.indices) [qUsed[i], querySim[i]] = [true, s];
    for (const i of c.indices) [cUsed[i], candidateSim[i]] = [true, s];
    pairs.push({ query: q.indices, candidate: c.indices, similarity: s });
  }
  return { pairs, querySim, candidateSim };
}

function refScore(query: readonly NameToken[], candidate: readonly NameToken[]): { score: number; cap?: string; alignment: Alignment } {
  const alignment = refAlign(query, candidate);
  if (query.length === 0 || candidate.length === 0) return { score: 0, alignment };
  const coverage = (tokens: readonly NameToken[], sims: readonly number[]) => {
    let total = 0;
    let covered = 0;
    tokens.forEach((t, i) => {
      const w = NAME_MODEL.weight[t.kind];
      total += w;
      covered += w * Math.pow(sims[i] ?? 0, NAME_MODEL.exponent);
    });
    return total === 0 ? 0 : covered / total;
  };
  const uq = 1 - coverage(query, alignment.querySim);
  const uc = 1 - coverage(candidate, alignment.candidateSim);
  let score = Math.max(0, Math.min(1, 1 - (NAME_MODEL.alpha * Math.max(uq, uc) + NAME_MODEL.beta * Math.min(uq, uc))));
  const strongIn = (tokens: readonly NameToken[], idx: number[]) => idx.some((i) => tokens[i]?.kind === 'strong');
  const strongPairs = alignment.pairs.filter((p) => p.similarity >= NAME_MODEL.strongPairMin && strongIn(query, p.query) && strongIn(candidate, p.candidate)).length;
  const strongCount = (tokens: readonly NameToken[]) => tokens.filter((t) => t.kind === 'strong').length;
  let cap: string | undefined;
  if ((strongCount(query) > 0 || strongCount(candidate) > 0) && strongPairs === 0 && score > NAME_MODEL.capNoStrong) {
    score = NAME_MODEL.capNoStrong;
    cap = 'no full name element matched';
  } else if (strongPairs === 1) {
    const [tokens, sims] = strongCount(query) >= strongCount(candidate) ? [query, alignment.querySim] : [candidate, alignment.candidateSim];
    if (tokens.some((t, i) => t.kind === 'strong' && sims[i] === 0) && score > NAME_MODEL.capLoneElement) {
      score = NAME_MODEL.capLoneElement;
      cap = 'a single name element matched';
    }
  }
  return { score, alignment, ...(cap ? { cap } : {}) };
}

// ---- the comparisons ----

const HAND_PICKED: Array<[string, string]> = [
  ['LI NA', 'NA LI'],
  ['V. V. Putin', 'Vladimir Vladimirovich Putin'],
  ['N.N.', 'Nursultan Nazarbayev'],
  ['ABDUL RAHMAN', 'ABDULRAHMAN'],
  ["'Abd al-Aziz al-Nuristani", 'Abdul Aziz Nooristani'],
  ['محمد علي', 'Mohamed Ali'],
  ['محمد علي حسن', 'علي محمد الحسن'],
  ['Bill Clinton', 'William Clinton'],
  ['Boris Johnson', 'Alexandre Boris de Pfeffel Johnson'],
  ['OBAMA', 'George Hussein Onyango Obama'],
  ['Thomas A. Lind', 'Thomas Lindemann'],
  ['Владимир Путин', 'Vladimir Putin'],
  ['דוד כהן', 'David Cohen'],
  ['김정은', 'Kim Jong Un'],
  ['JIE JUN ZHENG', 'JIEJUN ZHENG'],
  ['𝒜𝒷𝒸 Smith', '𝒜𝒷 Smith'],
  ['', 'Smith'],
  ['MR', 'DR'],
];

function expectSame(a: string, b: string): void {
  const ref = refScore(nameTokens(a), nameTokens(b));
  const fast = scoreTokens(nameTokens(a), nameTokens(b));
  expect(fast.score, `${a} | ${b}`).toBe(ref.score);
  expect(fast.cap, `${a} | ${b}`).toBe(ref.cap);
  expect(fast.alignment, `${a} | ${b}`).toEqual(ref.alignment);
  expect(alignTokens(nameTokens(a), nameTokens(b))).toEqual(ref.alignment);
  expect(scoreNames(a, b)).toBe(ref.score);
}

describe('fast scorer = reference scorer', () => {
  it.each(HAND_PICKED)('%s ~ %s', (a, b) => {
    expectSame(a, b);
    expectSame(b, a);
  });

  it('on the generated evaluation set (every pair, both ways)', () => {
    for (const p of generatePairs(600)) {
      expectSame(p.query, p.candidate);
      expectSame(p.candidate, p.query);
    }
  });

  it('on random Latin names', () => {
    const token = fc.stringMatching(/^[A-Z]{1,9}$/);
    const name = fc.array(fc.oneof(token, fc.constantFrom('AL', 'BIN', 'J.', 'MOHAMMED', 'MUHAMMAD', 'ALI', 'ALEXANDER', 'SASHA')), { minLength: 1, maxLength: 5 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(name, name, (a, b) => {
        expectSame(a, b);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('nameQuery and bestNameScore give the same scores and explanation', () => {
    const q = nameQuery('Mohammed Ali HASSAN');
    for (const n of ['HASSAN, Muhammad Ali', 'Mohamad Aly Hasan', 'Ali Hassan', 'محمد علي حسن']) expect(q.score(n)).toBe(refScore(nameTokens(q.name), nameTokens(n)).score);
    const best = bestNameScore('Mohammed Ali HASSAN', ['Ali Hassan', 'Mohamad Aly Hasan', 'HASSAN, Muhammad Ali']);
    const ref = ['Ali Hassan', 'Mohamad Aly Hasan', 'HASSAN, Muhammad Ali'].map((n) => refScore(nameTokens('Mohammed Ali HASSAN'), nameTokens(n)));
    const top = ref.reduce((m, r, i) => (r.score > ref[m]!.score ? i : m), 0);
    expect(best.score).toBe(ref[top]!.score);
    expect(best.alignment).toEqual(ref[top]!.alignment);
    const traveller = { name: 'Mohammed Ali HASSAN', birthDate: '1970' };
    const record = { id: '1', name: 'Ali Hassan', aliases: ['HASSAN, Muhammad Ali'], birthDates: ['1970-02-03'], nationalities: [] };
    const person = scorePerson(traveller, record);
    expect(person.explanation[0]?.detail).toContain('"Mohammed Ali HASSAN" vs "HASSAN, Muhammad Ali"');
    expect(q.scorePerson(traveller, record)).toEqual(person);
    // Without the description of the alignment: the same score and features, the name's detail left out.
    const quick = q.scorePerson(traveller, record, {}, false);
    expect(quick.score).toBe(person.score);
    expect(quick.explanation).toEqual(person.explanation.map((f) => (f.feature === 'name' ? { ...f, detail: '' } : f)));
    expect(() => q.scorePerson({ name: 'Someone Else' }, record)).toThrow(RangeError);
  });
});

describe('one-pass phonetic classes, vowel foldings and Jaro-Winkler = their definitions', () => {
  const word = fc.oneof(fc.stringMatching(/^[A-Z]{0,14}$/), fc.stringMatching(/^[ACDEGHIJKOPSTUXYZ#]{0,14}$/), fc.string({ maxLength: 10 }), fc.constantFrom('ß', 'ﬁ', 'straße', 'TSCHECH', 'DZHDSCH', 'SHCHCZ', 'XX', 'AAEEII\nOO', '𝒜𝒜'));
  it('jaroWinkler', () => {
    const long = fc.stringMatching(/^[A-F]{25,45}$/);
    fc.assert(
      fc.property(fc.oneof(word, long), fc.oneof(word, long), (a, b) => {
        expect(jaroWinkler(a, b)).toBe(refJaroWinkler(a, b));
      }),
      { numRuns: 4000, seed: 10 },
    );
  });

  it('phoneticClasses', () => {
    fc.assert(
      fc.property(word, fc.boolean(), (w, loose) => {
        expect(phoneticClasses(w, loose)).toBe(phoneticClassesByRules(w, loose));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('foldVowelsBoth', () => {
    fc.assert(
      fc.property(word, (w) => {
        expect(foldVowelsBoth(w)).toEqual([foldVowels(w, 'A'), foldVowels(w, 'I')]);
      }),
      { numRuns: 3000, seed: 12 },
    );
  });
});
