/**
 * Order-free alignment of two tokenised names, on prepared names (the fast path of score.ts).
 *
 * A name is prepared once per role: its tokens and its units (each token, and each adjacent pair
 * of non-initial tokens joined: ABDUL RAHMAN ~ ABDULRAHMAN). Token units are interned (equal units
 * of different names are one object with one id) and their forms are interned forms
 * (similarity.ts); the similarity of a query unit and a candidate unit, the best over their forms,
 * is memoised per id pair in a typed-array hash table, and so is the similarity of two forms. The
 * persons of a large list share given names and surname stems, so most unit pairs of a check were
 * met before, and a pair costs one probe instead of Jaro-Winkler over every pair of readings (up
 * to 8 × 8 for Arabic script) and the string keys that used to index the cache.
 * A candidate's joined units are not interned: GIVEN+SURNAME is unique to its name, so keeping it
 * would only fill the tables (and the garbage collector's time) with entries never met again. The
 * query's joined units are (one query meets every candidate's tokens).
 *
 * The alignment itself is the one described in score.ts: greedy on similarity, best pairs first
 * (ties: single tokens before joined ones, then the order query unit × candidate unit), each token
 * used once, a pair may join two adjacent tokens on one side but not on both; pairs below
 * MIN_ALIGN_SIMILARITY are not aligned. The result lands in the module's scratch arrays (`ALIGNED`);
 * `alignmentOf` copies it into the `Alignment` object that explanations describe.
 */
import type { NameToken } from './types.js';
import { tokenizeName } from './normalise.js';
import { MIN_ALIGN_SIMILARITY, SIMILARITY, formSimilarity, internForm, internGeneration, localForm, resetInternedIfFull, type Alignment, type Form } from './similarity.js';

export const KIND_STRONG = 0;
export const KIND_PARTICLE = 1;
export const KIND_INITIAL = 2;
const KIND_CODE: Record<NameToken['kind'], number> = { strong: KIND_STRONG, particle: KIND_PARTICLE, initial: KIND_INITIAL };

/** A token or a joined pair of tokens; interned (equal units are one object) unless id is −1. */
export interface Unit {
  id: number;
  kind: number;
  abjad: boolean;
  forms: Form[];
}

/** A name ready for alignment. Immutable; valid while `gen` is current (see `fresh`). */
export interface PreparedName {
  gen: number;
  /** What it was prepared from (to prepare it again after the intern tables started over). */
  source: string | readonly NameToken[];
  /** Prepared as a query (its joined units interned) or as a candidate (not). */
  query: boolean;
  tokens: readonly NameToken[];
  /** Per token: KIND_* code. */
  kinds: number[];
  /** Units: the tokens in order, then the joined adjacent pairs. */
  units: Unit[];
  /** Per unit: its first token and its token count (1 or 2). */
  first: number[];
  span: number[];
  /** Per unit: covers a strong token. */
  strongUnit: boolean[];
  strongCount: number;
  /**
   * Readings the alignment compares (each token's forms, and the first two forms of each adjacent
   * pair multiplied): what a scoring costs grows with the product of the two names' readings.
   */
  readings: number;
}

const MAX_UNITS_INTERNED = 400_000;
const units = new Map<string, Unit>();
let gen = 1;
let formGeneration = internGeneration();

/**
 * An open-addressing hash table from a pair of non-negative int32 ids to a similarity, in typed
 * arrays allocated once: no allocation per entry, no string keys, no rehash. A slot is in use when
 * its stamp is the table's; clearing (when half full) takes a new stamp, so it costs nothing.
 */
class PairMemo {
  private readonly keys: Int32Array;
  private readonly stamps: Int32Array;
  private readonly values: Float64Array;
  private readonly mask: number;
  private stamp = 1;
  private size = 0;

  constructor(bits: number) {
    this.keys = new Int32Array(2 << bits);
    this.stamps = new Int32Array(1 << bits);
    this.values = new Float64Array(1 << bits);
    this.mask = (1 << bits) - 1;
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** The stored similarity, or −1. */
  get(a: number, b: number): number {
    let slot = PairMemo.hash(a, b) & this.mask;
    for (;;) {
      if (this.stamps[slot] !== this.stamp) return -1;
      if (this.keys[2 * slot] === a && this.keys[2 * slot + 1] === b) return this.values[slot]!;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores a pair known to be absent. */
  set(a: number, b: number, value: number): void {
    if (2 * (this.size + 1) > this.mask + 1) this.clear();
    let slot = PairMemo.hash(a, b) & this.mask;
    while (this.stamps[slot] === this.stamp) slot = (slot + 1) & this.mask;
    this.stamps[slot] = this.stamp;
    this.keys[2 * slot] = a;
    this.keys[2 * slot + 1] = b;
    this.values[slot] = value;
    this.size++;
  }

  clear(): void {
    this.size = 0;
    if (++this.stamp === 0x7fffffff) {
      this.stamp = 1;
      this.stamps.fill(0);
    }
  }
}

/** (query unit, candidate unit) → similarity; (query form, candidate form, abjad) → similarity. */
const unitMemo = new PairMemo(19);
const formMemo = new PairMemo(19);

/** Starts every table over when the interned forms did or the units are too many. */
function fresh(): void {
  const formsReset = resetInternedIfFull();
  if (!formsReset && formGeneration === internGeneration() && units.size < MAX_UNITS_INTERNED) return;
  formGeneration = internGeneration();
  units.clear();
  unitsByForms = new WeakMap();
  unitMemo.clear();
  formMemo.clear();
  for (const cache of preparedCaches) cache.clear();
  gen++;
}

/** A candidate's joined unit: forms read but not interned, no id (never memoised). */
function localUnit(kind: number, abjad: boolean, texts: readonly string[]): Unit {
  return { id: -1, kind, abjad, forms: texts.map(localForm) };
}

/**
 * Units by the identity of their forms array: the tokens of words met before share the array of
 * the tokeniser's word cache, which spares building the unit's key string.
 */
let unitsByForms = new WeakMap<readonly string[], Unit>();

function internUnit(kind: number, abjad: boolean, texts: readonly string[]): Unit {
  const known = unitsByForms.get(texts);
  if (known && known.kind === kind && known.abjad === abjad) return known;
  const forms = texts.map(internForm);
  let key = `${kind}${abjad ? 1 : 0}`;
  for (const f of forms) key += `,${f.id}`;
  let u = units.get(key);
  if (!u) {
    u = { id: units.size, kind, abjad, forms };
    units.set(key, u);
  }
  unitsByForms.set(texts, u);
  return u;
}

function prepare(source: string | readonly NameToken[], query: boolean): PreparedName {
  fresh();
  const tokens = typeof source === 'string' ? tokenizeName(source) : source;
  const n = tokens.length;
  const kinds = new Array<number>(n);
  const list: Unit[] = [];
  const first: number[] = [];
  const span: number[] = [];
  const strongUnit: boolean[] = [];
  let readings = 0;
  let strongCount = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const kind = KIND_CODE[t.kind];
    kinds[i] = kind;
    if (kind === KIND_STRONG) strongCount++;
    list.push(internUnit(kind, t.abjad, t.forms));
    first.push(i);
    span.push(1);
    strongUnit.push(kind === KIND_STRONG);
    readings += t.forms.length;
  }
  for (let i = 0; i + 1 < n; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    const fa = Math.min(2, a.forms.length);
    const fb = Math.min(2, b.forms.length);
    readings += fa * fb;
    if (a.kind === 'initial' || b.kind === 'initial') continue;
    const forms: string[] = [];
    for (let x = 0; x < fa; x++) for (let y = 0; y < fb; y++) forms.push(a.forms[x]! + b.forms[y]!);
    const strong = a.kind === 'strong' || b.kind === 'strong';
    const kind = strong ? KIND_STRONG : KIND_PARTICLE;
    list.push(query ? internUnit(kind, a.abjad || b.abjad, forms) : localUnit(kind, a.abjad || b.abjad, forms));
    first.push(i);
    span.push(2);
    strongUnit.push(strong);
  }
  return { gen, source, query, tokens, kinds, units: list, first, span, strongUnit, strongCount, readings };
}

/** Prepared names by string and role, each in two generations (a full current one becomes the old one). */
const PREPARED_GENERATION = 20_000;
const preparedCaches = [new Map<string, PreparedName>(), new Map<string, PreparedName>(), new Map<string, PreparedName>(), new Map<string, PreparedName>()];

function cached(raw: string, query: boolean): PreparedName {
  const k = query ? 0 : 2;
  let p = preparedCaches[k]!.get(raw);
  if (p && p.gen === gen) return p;
  p = preparedCaches[k + 1]!.get(raw);
  if (!p || p.gen !== gen) p = prepare(raw, query);
  if (preparedCaches[k]!.size >= PREPARED_GENERATION) {
    preparedCaches[k + 1] = preparedCaches[k]!;
    preparedCaches[k] = new Map();
  }
  preparedCaches[k]!.set(raw, p);
  return p;
}

/** A name string prepared as the query side of a scoring (cached; do not mutate). */
export function preparedQuery(raw: string): PreparedName {
  return cached(raw, true);
}

/** A name string prepared as the candidate side of a scoring (cached; do not mutate). */
export function preparedName(raw: string): PreparedName {
  return cached(raw, false);
}

/**
 * A candidate name prepared for one search only: `into` is the search's own cache, dropped with
 * it (the names of a check seldom come back in the next, and keeping them would cost more in
 * garbage collection than preparing the few that do again).
 */
export function preparedFor(raw: string, into: Map<string, PreparedName>): PreparedName {
  let p = into.get(raw);
  if (p && p.gen === gen) return p;
  p = prepare(raw, false);
  into.set(raw, p);
  return p;
}

/** Readings of a name (PreparedName.readings). */
export function nameReadings(raw: string): number {
  return preparedName(raw).readings;
}

/** A prepared name for tokens that did not come from a string (not cached). */
export function prepareTokens(tokens: readonly NameToken[], query: boolean): PreparedName {
  return prepare(tokens, query);
}

/** `p`, prepared again if the intern tables started over since. */
export function current(p: PreparedName): PreparedName {
  if (p.gen === gen) return p;
  return typeof p.source === 'string' ? cached(p.source, p.query) : prepare(p.source, p.query);
}

function computeUnitSimilarity(a: Unit, b: Unit): number {
  if (a.kind === KIND_INITIAL || b.kind === KIND_INITIAL) {
    if (a.kind === KIND_INITIAL && b.kind === KIND_INITIAL) return a.forms[0] === b.forms[0] ? 1 : 0;
    const letter = (a.kind === KIND_INITIAL ? a : b).forms[0]?.text ?? '';
    const other = a.kind === KIND_INITIAL ? b : a;
    return other.forms.some((f) => f.text.startsWith(letter)) ? SIMILARITY.initial : 0;
  }
  const abjad = a.abjad || b.abjad;
  const flag = abjad ? 1 : 0;
  let best = 0;
  for (const x of a.forms) {
    const xKey = 2 * x.id + flag;
    for (const y of b.forms) {
      let s: number;
      if (x === y) s = 1;
      else if (x.id < 0 || y.id < 0) s = formSimilarity(x, y, abjad);
      else {
        s = formMemo.get(xKey, y.id);
        if (s < 0) {
          s = formSimilarity(x, y, abjad);
          formMemo.set(xKey, y.id, s);
        }
      }
      if (s > best) best = s;
      if (best === 1) return 1;
    }
  }
  return best;
}

/** Similarity of a query unit and a candidate unit (memoised). */
export function unitPairSimilarity(a: Unit, b: Unit): number {
  if (a.id < 0 || b.id < 0) return computeUnitSimilarity(a, b);
  let s = unitMemo.get(a.id, b.id);
  if (s < 0) {
    s = computeUnitSimilarity(a, b);
    unitMemo.set(a.id, b.id, s);
  }
  return s;
}

/**
 * The last alignment: `pairs` aligned pairs (query unit, candidate unit, similarity), in the order
 * they were taken; per token of each side, the similarity of its partner (0 when unaligned).
 */
export const ALIGNED = {
  pairs: 0,
  pairQuery: new Int32Array(32),
  pairCandidate: new Int32Array(32),
  pairSimilarity: new Float64Array(32),
  querySim: new Float64Array(32),
  candidateSim: new Float64Array(32),
};

/** Candidate pairs of one alignment, before the greedy pass. */
let eQuery = new Int32Array(256);
let eCandidate = new Int32Array(256);
let eSimilarity = new Float64Array(256);
let eSpan = new Int32Array(256);
let order = new Int32Array(256);
let queryUsed = new Uint8Array(32);
let candidateUsed = new Uint8Array(32);

function reserve(pairs: number, queryTokens: number, candidateTokens: number): void {
  if (pairs > eQuery.length) {
    const n = 2 * pairs;
    eQuery = new Int32Array(n);
    eCandidate = new Int32Array(n);
    eSimilarity = new Float64Array(n);
    eSpan = new Int32Array(n);
    order = new Int32Array(n);
  }
  const tokens = Math.max(queryTokens, candidateTokens);
  if (tokens > queryUsed.length || pairs > ALIGNED.pairQuery.length) {
    const n = 2 * Math.max(tokens, pairs);
    queryUsed = new Uint8Array(n);
    candidateUsed = new Uint8Array(n);
    ALIGNED.querySim = new Float64Array(n);
    ALIGNED.candidateSim = new Float64Array(n);
    ALIGNED.pairQuery = new Int32Array(n);
    ALIGNED.pairCandidate = new Int32Array(n);
    ALIGNED.pairSimilarity = new Float64Array(n);
  }
}

/** Aligns two prepared names (both current: see `current`) into ALIGNED; returns the pair count. */
export function alignPrepared(q: PreparedName, c: PreparedName): number {
  const qu = q.units;
  const cu = c.units;
  const qn = q.tokens.length;
  const cn = c.tokens.length;
  reserve(qu.length * cu.length, qn, cn);
  let n = 0;
  for (let i = 0; i < qu.length; i++) {
    const a = qu[i]!;
    const qSpan = q.span[i]!;
    for (let j = 0; j < cu.length; j++) {
      const cSpan = c.span[j]!;
      if (qSpan > 1 && cSpan > 1) continue;
      const s = unitPairSimilarity(a, cu[j]!);
      if (s >= MIN_ALIGN_SIMILARITY) {
        eQuery[n] = i;
        eCandidate[n] = j;
        eSimilarity[n] = s;
        eSpan[n] = qSpan + cSpan;
        n++;
      }
    }
  }
  // Stable insertion sort: similarity descending, then fewer tokens first, then as found.
  for (let k = 0; k < n; k++) {
    const x = k;
    const sx = eSimilarity[x]!;
    const lx = eSpan[x]!;
    let m = k - 1;
    while (m >= 0) {
      const y = order[m]!;
      const sy = eSimilarity[y]!;
      if (sx > sy || (sx === sy && eSpan[y]! > lx)) {
        order[m + 1] = y;
        m--;
      } else break;
    }
    order[m + 1] = x;
  }
  const { querySim, candidateSim, pairQuery, pairCandidate, pairSimilarity } = ALIGNED;
  queryUsed.fill(0, 0, qn);
  candidateUsed.fill(0, 0, cn);
  querySim.fill(0, 0, qn);
  candidateSim.fill(0, 0, cn);
  let pairs = 0;
  for (let k = 0; k < n; k++) {
    const e = order[k]!;
    const i = eQuery[e]!;
    const j = eCandidate[e]!;
    const qf = q.first[i]!;
    const ql = q.span[i]!;
    const cf = c.first[j]!;
    const cl = c.span[j]!;
    if (queryUsed[qf] === 1 || (ql > 1 && queryUsed[qf + 1] === 1)) continue;
    if (candidateUsed[cf] === 1 || (cl > 1 && candidateUsed[cf + 1] === 1)) continue;
    const s = eSimilarity[e]!;
    for (let t = qf; t < qf + ql; t++) {
      queryUsed[t] = 1;
      querySim[t] = s;
    }
    for (let t = cf; t < cf + cl; t++) {
      candidateUsed[t] = 1;
      candidateSim[t] = s;
    }
    pairQuery[pairs] = i;
    pairCandidate[pairs] = j;
    pairSimilarity[pairs] = s;
    pairs++;
  }
  ALIGNED.pairs = pairs;
  return pairs;
}

const indicesOf = (p: PreparedName, unit: number): number[] => (p.span[unit] === 2 ? [p.first[unit]!, p.first[unit]! + 1] : [p.first[unit]!]);

/** The last alignment (ALIGNED, of `q` and `c`) as an object, for explanations. */
export function alignmentOf(q: PreparedName, c: PreparedName): Alignment {
  const pairs = [];
  for (let k = 0; k < ALIGNED.pairs; k++) {
    pairs.push({ query: indicesOf(q, ALIGNED.pairQuery[k]!), candidate: indicesOf(c, ALIGNED.pairCandidate[k]!), similarity: ALIGNED.pairSimilarity[k]! });
  }
  return { pairs, querySim: Array.from(ALIGNED.querySim.subarray(0, q.tokens.length)), candidateSim: Array.from(ALIGNED.candidateSim.subarray(0, c.tokens.length)) };
}

/**
 * Order-free alignment of two token lists: greedy on similarity, best pairs first, each token used
 * once; a pair may join two adjacent tokens on one side (never on both: that would be the same as
 * two pairs). Greedy is exact enough here: names have few tokens, and a wrong early pick would need
 * two near-equal competing pairs, which the tie-break (single tokens before joined ones) settles.
 */
export function alignTokens(query: readonly NameToken[], candidate: readonly NameToken[]): Alignment {
  let q = prepareTokens(query, true);
  let c = prepareTokens(candidate, false);
  while (q.gen !== gen || c.gen !== gen) {
    q = current(q);
    c = current(c);
  }
  alignPrepared(q, c);
  return alignmentOf(q, c);
}
