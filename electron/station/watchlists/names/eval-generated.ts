/**
 * The generated evaluation set: true-match pairs with the variations met at a border (other
 * script, other transliteration tradition, keying typo, surname-first order, case, nickname,
 * dropped or initialled middle name, lost diacritics) and, for each, a hard non-match: the same
 * rendering of a different person whose name differs in exactly one element, replaced by one of
 * the most similar names of the same pool (SERGEY IVANOV vs SERGEY IVASHOV-like pairs).
 * Deterministic for a given seed.
 */
import { SEED_POOLS, type SeedName, type SeedPool } from './eval-seed-names.js';
import { jaroWinkler } from './similarity.js';

export interface LabelledPair {
  query: string;
  candidate: string;
  match: boolean;
  /** What was varied, and the pool's script. */
  kind: string;
  script: string;
}

/** mulberry32: a tiny seeded PRNG, so the set is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NICKNAMES: Record<string, string> = {
  WILLIAM: 'BILL', ROBERT: 'BOB', RICHARD: 'RICK', JAMES: 'JIM', MICHAEL: 'MIKE', THOMAS: 'TOM',
  ELIZABETH: 'LIZ', MARGARET: 'PEGGY', DANIEL: 'DAN', KATHERINE: 'KATE', PATRICIA: 'PAT',
  CHRISTOPHER: 'CHRIS', ANTHONY: 'TONY', STEPHEN: 'STEVE',
};

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

function stripMarks(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/Ø/g, 'O')
    .replace(/Æ/g, 'AE')
    .replace(/Ł/g, 'L');
}

/** One keying error in a token of ≥ 5 letters: substitution, deletion, insertion or swap. */
function typo(rng: Rng, word: string): string {
  if (word.length < 5) return word;
  const letters = [...word];
  const i = 1 + Math.floor(rng() * (letters.length - 2));
  const alphabet = 'ABCDEFGHIJKLMNOPRSTUVYZ';
  switch (Math.floor(rng() * 4)) {
    case 0:
      letters[i] = pick(rng, [...alphabet].filter((c) => c !== letters[i]));
      break;
    case 1:
      letters.splice(i, 1);
      break;
    case 2:
      letters.splice(i, 0, pick(rng, [...alphabet]));
      break;
    default:
      [letters[i], letters[i + 1]] = [letters[i + 1] ?? '', letters[i] ?? ''];
  }
  return letters.join('');
}

function typoInName(rng: Rng, name: string): string {
  const words = name.split(' ');
  const candidates = words.map((w, i) => (w.length >= 5 ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return name;
  const i = pick(rng, candidates);
  words[i] = typo(rng, words[i] ?? '');
  return words.join(' ');
}

interface Person {
  pool: SeedPool;
  given: SeedName;
  middle?: SeedName;
  surname: SeedName;
}

function latinOf(rng: Rng, n: SeedName): string {
  return pick(rng, n.latin);
}

function render(parts: string[], surnameFirst: boolean): string {
  const surname = parts[parts.length - 1] ?? '';
  const rest = parts.slice(0, -1);
  return surnameFirst ? `${surname}, ${rest.join(' ')}` : [...rest, surname].join(' ');
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s,-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
}

const KINDS = ['script', 'spelling', 'typo', 'order', 'nickname', 'middle-dropped', 'middle-initial', 'diacritics'] as const;
type Kind = (typeof KINDS)[number];

/** Renders the same variation for a person on both sides: [query, candidate]. */
function variation(rng: Rng, p: Person, kind: Kind): [string, string] | undefined {
  const native = p.pool.script !== 'latin';
  const g = latinOf(rng, p.given);
  const sn = latinOf(rng, p.surname);
  const order = rng() < 0.5;
  switch (kind) {
    case 'script': {
      if (!native) return [render([g, sn], false), render([stripMarks(g), stripMarks(sn)], order)];
      const q = rng() < 0.5 ? `${p.given.native} ${p.surname.native}` : `${p.surname.native} ${p.given.native}`;
      const c = render([g, sn], order);
      return [q, rng() < 0.3 ? typoInName(rng, c) : c];
    }
    case 'spelling':
      return [render([latinOf(rng, p.given), latinOf(rng, p.surname)], false), render([latinOf(rng, p.given), latinOf(rng, p.surname)], order)];
    case 'typo':
      return [typoInName(rng, render([g, sn], false)), render([g, sn], order)];
    case 'order':
      return [titleCase(render([g, sn], true)), render([g, sn], false)];
    case 'nickname': {
      const nick = NICKNAMES[stripMarks(g)];
      if (!nick) return undefined;
      return [render([nick, sn], false), render([g, sn], order)];
    }
    case 'middle-dropped': {
      if (!p.middle) return undefined;
      return [render([g, sn], false), render([g, latinOf(rng, p.middle), sn], order)];
    }
    case 'middle-initial': {
      if (!p.middle) return undefined;
      const m = stripMarks(latinOf(rng, p.middle));
      return [render([g, `${m[0] ?? ''}.`, sn], false), render([g, m, sn], order)];
    }
    case 'diacritics':
      return [render([stripMarks(g), stripMarks(sn)], false).toLowerCase(), render([g, sn], order)];
  }
}

/** The most similar other seeds of the same list (top 5 by Jaro-Winkler of the first spelling). */
function neighbours(list: readonly SeedName[], n: SeedName): SeedName[] {
  const base = n.latin[0] ?? '';
  return list
    .filter((o) => o !== n && !o.latin.some((l) => n.latin.includes(l)))
    .map((o) => ({ o, s: jaroWinkler(base, o.latin[0] ?? '') }))
    .sort((a, b) => b.s - a.s)
    .slice(0, 5)
    .map((x) => x.o);
}

function personWith(rng: Rng, p: Person, element: 'given' | 'surname'): Person {
  const list = element === 'given' ? p.pool.given : p.pool.surnames;
  const other = pick(rng, neighbours(list, p[element]));
  return { ...p, [element]: other };
}

/**
 * `count` positive pairs and `count` hard negatives, spread over every pool (script) and kind.
 */
export function generatePairs(count = 2000, seed = 20240611): LabelledPair[] {
  const rng = seededRandom(seed);
  const out: LabelledPair[] = [];
  let made = 0;
  let turn = 0;
  while (made < count) {
    const pool = SEED_POOLS[turn % SEED_POOLS.length]!;
    const kind = KINDS[Math.floor(turn / SEED_POOLS.length) % KINDS.length]!;
    turn++;
    const given = pick(rng, pool.given);
    const middleCandidates = pool.given.filter((x) => x !== given);
    const person: Person = { pool, given, surname: pick(rng, pool.surnames), middle: pick(rng, middleCandidates) };
    const state = rng();
    const positive = variation(rng, person, kind);
    if (!positive) continue;
    // The negative: same rendering of a person differing in one element.
    const other = personWith(rng, person, rng() < 0.5 ? 'given' : 'surname');
    const rngCopy = seededRandom(Math.floor(state * 2 ** 31));
    const otherSide = variation(rngCopy, other, kind);
    if (!otherSide) continue;
    out.push({ query: positive[0], candidate: positive[1], match: true, kind, script: pool.script });
    out.push({ query: positive[0], candidate: otherSide[1], match: false, kind, script: pool.script });
    made++;
  }
  return out;
}
