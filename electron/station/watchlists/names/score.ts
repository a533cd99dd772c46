/**
 * Person scoring: name first, the other fields as bounded adjustments.
 *
 * Name score (0..1), per pair of names (query × each of the record's name and aliases, best kept):
 *   tokens are aligned order-free (alignment.ts); each side's coverage is the weighted share of its
 *   tokens that found a partner, each counted as f(similarity) = similarity³ so that one clearly
 *   different element costs much more than a spelling variant;
 *   score = 1 − (α·max(uq, uc) + β·min(uq, uc)), where u = 1 − coverage.
 *   A name that is a subset of the other (one side fully covered: a list that omits a middle name,
 *   a patronymic or a second surname) costs only α per uncovered share; elements missing on BOTH
 *   sides mean the names disagree, and cost β. Weights: strong 1, initial 0.4, particle 0.25, so a
 *   short name of two strong tokens ("LI NA") that matches exactly scores 1 like any other, and
 *   is not diluted by its length (the OpenSanctions complaint about short names).
 *   Caps: no full element matched (only initials or particles, while a full element exists)
 *   → at most 0.5; one full element
 *   matched while the longer name has other full elements with no partner at all (a lone surname)
 *   → at most 0.8, below the threshold.
 *
 * Other fields (added to the name score, then clamped to 0..1):
 *   birth date +0.04 … −0.10 (birth-date.ts), nationality ±0.02, sex +0.01 / −0.05;
 *   the positive part is capped at MAX_BONUS = 0.04 in total, so a name scoring below
 *   threshold − 0.04 can never be lifted over the threshold by agreeing dates or nationality
 *   (the over-weighted birth date of the OpenSanctions matcher), while a borderline name
 *   with an agreeing birth date does cross it.
 *
 * DEFAULT_THRESHOLD = 0.85: see evaluate.ts and the report in this folder's tests; at this value the
 * generated set reaches recall ≥ 0.98 with precision ≥ 0.95, and it sits above typical
 * "one name element differs" scores (≤ 0.80) and below "one element misspelt" scores (≥ 0.90).
 *
 * Speed: names are prepared once (alignment.ts: interned units, memoised unit-pair similarities),
 * scorePrepared allocates nothing, and a search prepares its query once (`nameQuery`), scores
 * hundreds of candidate names with it and writes explanations for the persons it returns only.
 * fast-paths.test.ts holds all of it to a plain reading of this model: same scores, same
 * alignments, same explanations.
 */
import type { NameToken, PersonQuery, PersonRecord, PersonScore, ScoreFeature } from './types.js';
import type { Alignment } from './similarity.js';
import { ALIGNED, KIND_PARTICLE, KIND_STRONG, alignPrepared, alignmentOf, current, preparedFor, preparedName, preparedQuery, prepareTokens, type PreparedName } from './alignment.js';
import { bestDateEvidence } from './birth-date.js';

export const DEFAULT_THRESHOLD = 0.85;
export const MAX_BONUS = 0.04;

export const NAME_MODEL = {
  weight: { strong: 1, initial: 0.4, particle: 0.25 } as Record<NameToken['kind'], number>,
  /** Cost of the uncovered share of the side that covers less (a superset name). */
  alpha: 0.15,
  /** Cost of the uncovered share of the side that covers more (both sides have extra elements). */
  beta: 0.8,
  exponent: 3,
  /** A strong pair counts as a full-element match from this similarity on. */
  strongPairMin: 0.8,
  capNoStrong: 0.5,
  capLoneElement: 0.8,
};

export interface NameScore {
  score: number;
  alignment: Alignment;
  cap?: string;
}

const CAP_NO_STRONG = 'no full name element matched';
const CAP_LONE_ELEMENT = 'a single name element matched';

/** Weight of a token by KIND_* code. */
function weightOf(kind: number): number {
  return kind === KIND_STRONG ? NAME_MODEL.weight.strong : kind === KIND_PARTICLE ? NAME_MODEL.weight.particle : NAME_MODEL.weight.initial;
}

function coverage(kinds: readonly number[], sims: Float64Array): number {
  let total = 0;
  let covered = 0;
  for (let i = 0; i < kinds.length; i++) {
    const w = weightOf(kinds[i]!);
    total += w;
    covered += w * Math.pow(sims[i]!, NAME_MODEL.exponent);
  }
  return total === 0 ? 0 : covered / total;
}

/** Strong token of `p` left without a partner in the last alignment. */
function looseStrong(p: PreparedName, sims: Float64Array): boolean {
  for (let i = 0; i < p.kinds.length; i++) if (p.kinds[i] === KIND_STRONG && sims[i] === 0) return true;
  return false;
}

/** Which cap (if any) applied to the last scorePrepared. */
let lastCap: string | undefined;

/**
 * The name score of two prepared names (query first; both current). The alignment stays in
 * ALIGNED until the next call. Allocates nothing: the search scores thousands of names this way.
 */
function scorePrepared(q: PreparedName, c: PreparedName): number {
  lastCap = undefined;
  const pairs = alignPrepared(q, c);
  if (q.kinds.length === 0 || c.kinds.length === 0) return 0;
  const uq = 1 - coverage(q.kinds, ALIGNED.querySim);
  const uc = 1 - coverage(c.kinds, ALIGNED.candidateSim);
  let score = 1 - (NAME_MODEL.alpha * Math.max(uq, uc) + NAME_MODEL.beta * Math.min(uq, uc));
  score = Math.max(0, Math.min(1, score));

  let strongPairs = 0;
  for (let k = 0; k < pairs; k++) {
    if (ALIGNED.pairSimilarity[k]! >= NAME_MODEL.strongPairMin && q.strongUnit[ALIGNED.pairQuery[k]!] && c.strongUnit[ALIGNED.pairCandidate[k]!]) strongPairs++;
  }
  const anyStrong = q.strongCount > 0 || c.strongCount > 0;
  if (anyStrong && strongPairs === 0 && score > NAME_MODEL.capNoStrong) {
    score = NAME_MODEL.capNoStrong;
    lastCap = CAP_NO_STRONG;
  } else if (strongPairs === 1) {
    const lonely = q.strongCount >= c.strongCount ? looseStrong(q, ALIGNED.querySim) : looseStrong(c, ALIGNED.candidateSim);
    if (lonely && score > NAME_MODEL.capLoneElement) {
      score = NAME_MODEL.capLoneElement;
      lastCap = CAP_LONE_ELEMENT;
    }
  }
  return score;
}

function scoreWithAlignment(q: PreparedName, c: PreparedName): NameScore {
  const score = scorePrepared(q, c);
  const cap = lastCap;
  return { score, alignment: alignmentOf(q, c), ...(cap ? { cap } : {}) };
}

/** Both names current (prepared again if the intern tables started over while preparing). */
function currentPair(q: PreparedName, c: PreparedName): [PreparedName, PreparedName] {
  while (current(q) !== q || current(c) !== c) {
    q = current(q);
    c = current(c);
  }
  return [q, c];
}

/** Score one tokenised name against another (symmetric up to the greedy alignment's tie-breaks). */
export function scoreTokens(query: readonly NameToken[], candidate: readonly NameToken[]): NameScore {
  const [q, c] = currentPair(prepareTokens(query, true), prepareTokens(candidate, false));
  return scoreWithAlignment(q, c);
}

export interface BestNameScore extends NameScore {
  /** The record name or alias that scored best. */
  matchedName: string;
}

/** Prepares a candidate name (from a cache of the caller's choice). */
type Preparer = (raw: string) => PreparedName;

/** The best name score of `queryName` over `names` (a record's name and aliases). */
export function bestNameScore(queryName: string, names: readonly string[]): BestNameScore {
  return bestPreparedScore(preparedQuery(queryName), names, preparedName);
}

const NO_ALIGNMENT: Alignment = { pairs: [], querySim: [], candidateSim: [] };

function bestPreparedScore(q: PreparedName, names: readonly string[], prepare: Preparer, withAlignment = true): BestNameScore {
  let best = -1;
  let bestIndex = -1;
  for (let i = 0; i < names.length; i++) {
    let c = prepare(names[i]!);
    [q, c] = currentPair(q, c);
    const s = scorePrepared(q, c);
    if (s > best) {
      best = s;
      bestIndex = i;
    }
    if (best === 1) break;
  }
  if (bestIndex < 0 || best <= 0) return { score: 0, alignment: { pairs: [], querySim: [], candidateSim: [] }, matchedName: names[0] ?? '' };
  // The explanation's alignment (and the cap): scored again (memoised, cheap) for the best name only.
  const [qq, c] = currentPair(q, prepare(names[bestIndex]!));
  if (!withAlignment) {
    const score = scorePrepared(qq, c);
    const cap = lastCap;
    return { score, alignment: NO_ALIGNMENT, ...(cap ? { cap } : {}), matchedName: names[bestIndex]! };
  }
  return { ...scoreWithAlignment(qq, c), matchedName: names[bestIndex]! };
}

/** Convenience: name-only score of two strings. */
export function scoreNames(a: string, b: string): number {
  let [q, c] = [preparedQuery(a), preparedName(b)];
  [q, c] = currentPair(q, c);
  return scorePrepared(q, c);
}

export interface ScoreOptions {
  /** Most that birth date, nationality and sex may add together (default MAX_BONUS). */
  maxBonus?: number;
}

function describeAlignment(queryName: string, matched: string, r: NameScore, q: readonly NameToken[], c: readonly NameToken[]): string {
  const word = (tokens: readonly NameToken[], idx: number[]) => idx.map((i) => tokens[i]?.forms[0] ?? '?').join('+');
  const pairs = r.alignment.pairs.map((p) => `${word(q, p.query)}~${word(c, p.candidate)} ${p.similarity.toFixed(2)}`);
  const unq = q.map((t, i) => ((r.alignment.querySim[i] ?? 0) === 0 ? t.forms[0] : undefined)).filter(Boolean);
  const unc = c.map((t, i) => ((r.alignment.candidateSim[i] ?? 0) === 0 ? t.forms[0] : undefined)).filter(Boolean);
  let s = `"${queryName}" vs "${matched}": ${pairs.join(', ') || 'nothing aligned'}`;
  if (unq.length) s += `; query only: ${unq.join(' ')}`;
  if (unc.length) s += `; record only: ${unc.join(' ')}`;
  return s;
}

/** Score a traveller against one watch-list person. See the file comment for the model. */
export function scorePerson(query: PersonQuery, candidate: PersonRecord, options: ScoreOptions = {}): PersonScore {
  return scorePreparedPerson(preparedQuery(query.name), query, candidate, options, preparedName);
}

/** `explain` false: the name feature's detail is left empty (the rest is the same). */
function scorePreparedPerson(q: PreparedName, query: PersonQuery, candidate: PersonRecord, options: ScoreOptions, prepare: Preparer, explain = true): PersonScore {
  const names = [candidate.name, ...candidate.aliases].filter((n) => n.trim().length > 0);
  const name = bestPreparedScore(q, names, prepare, explain);
  const detail = explain ? describeAlignment(query.name, name.matchedName, name, current(q).tokens, prepare(name.matchedName).tokens) : '';
  const explanation: ScoreFeature[] = [{ feature: 'name', weight: 1, value: name.score, detail }];
  if (name.cap) explanation.push({ feature: 'cap', weight: 0, value: 0, detail: name.cap });

  let bonus = 0;
  let malus = 0;
  const date = bestDateEvidence(query.birthDate, candidate.birthDates);
  if (date) {
    if (date.adjustment > 0) bonus += date.adjustment;
    else malus += date.adjustment;
    explanation.push({ feature: 'birthDate', weight: 0.1, value: date.adjustment, detail: `${date.agreement} (${query.birthDate} vs ${date.candidateDate})` });
  }
  if (query.nationality && candidate.nationalities.length > 0) {
    const q = query.nationality.trim().toUpperCase();
    const agree = candidate.nationalities.some((n) => n.trim().toUpperCase() === q);
    const v = agree ? 0.02 : -0.02;
    if (v > 0) bonus += v;
    else malus += v;
    explanation.push({ feature: 'nationality', weight: 0.02, value: v, detail: agree ? `${q} listed` : `${q} not in ${candidate.nationalities.join(', ')}` });
  }
  if (query.sex && candidate.sex && query.sex !== 'X' && candidate.sex !== 'X') {
    const v = query.sex === candidate.sex ? 0.01 : -0.05;
    if (v > 0) bonus += v;
    else malus += v;
    explanation.push({ feature: 'sex', weight: 0.05, value: v, detail: `${query.sex} vs ${candidate.sex}` });
  }
  const maxBonus = options.maxBonus ?? MAX_BONUS;
  const appliedBonus = Math.min(bonus, maxBonus);
  const score = Math.max(0, Math.min(1, name.score + appliedBonus + malus));
  if (appliedBonus < bonus) explanation.push({ feature: 'cap', weight: maxBonus, value: appliedBonus - bonus, detail: `other fields may add at most ${maxBonus}` });
  return { score, explanation };
}

/**
 * A traveller's name prepared once for many scorings (the watch-list search scores hundreds of
 * names per check), with a cache of the candidates' prepared names that lives as long as it does.
 * `score(name)` is scoreNames(query, name); `scorePerson` is scorePerson for a query of this name.
 */
export interface NameQuery {
  readonly name: string;
  /** Readings of the query name (see PreparedName.readings): the scoring cost grows with it. */
  readonly readings: number;
  /** Readings of another name (prepares and caches it). */
  readingsOf(name: string): number;
  score(name: string): number;
  /**
   * scorePerson(query, candidate, options); `query.name` must be this query's name. With `explain`
   * false the name feature's detail (the description of the alignment, the costly part of an
   * explanation) is left empty: for ranking persons of which only a few will be shown.
   */
  scorePerson(query: PersonQuery, candidate: PersonRecord, options?: ScoreOptions, explain?: boolean): PersonScore;
}

export function nameQuery(queryName: string): NameQuery {
  let q = preparedQuery(queryName);
  /** The candidates of this query only (see preparedFor). */
  const names = new Map<string, PreparedName>();
  const prepare: Preparer = (raw) => preparedFor(raw, names);
  return {
    name: queryName,
    readings: q.readings,
    readingsOf: (name) => prepare(name).readings,
    score(name) {
      let c = prepare(name);
      [q, c] = currentPair(q, c);
      return scorePrepared(q, c);
    },
    scorePerson(query, candidate, options = {}, explain = true) {
      if (query.name !== queryName) throw new RangeError(`this NameQuery is for "${queryName}", not "${query.name}"`);
      return scorePreparedPerson(q, query, candidate, options, prepare, explain);
    },
  };
}
