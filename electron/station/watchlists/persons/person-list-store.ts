/**
 * The person-alert list of a station, read-only: `search` checks a traveller against it.
 *
 * Search, in three steps:
 *   1. blocking — the traveller's keys (blocking-keys.ts) are looked up in the `postings` table
 *      (one primary-key read each); each shared key adds its weight ln(1 + names / n) to the NAME
 *      it indexes, and each person takes the weight of its best name (candidate-ranking.ts);
 *   2. name scores — persons are taken best pre-score first; for each, the (at most three) names
 *      that share a key with the query are scored with names/score.ts (the query prepared once,
 *      `nameQuery`), each distinct name once, until the scoring budget is spent (an estimate of
 *      the work: scoring-cost.ts) or `maxScored` persons or `nameBudget` names are done;
 *   3. full scores — scorePerson (birth date, nationality, sex) for the persons whose name score
 *      can still reach the answer, best first; the explanation an officer sees is written for the
 *      persons returned.
 * The answer says when it may be incomplete (`truncated`: a common name, more hits than `limit`).
 * A search runs in one read transaction (see `search`).
 *
 * Posting cap: a key indexing more than `posting_cap` names (20 000 by default: MOHAMMED, ALI, LI,
 * WANG in a large list) is stored without its ids, and one indexing more than `maxPostings` (5 000
 * by default) is skipped by the search; both are reported in `commonKeys`. Such a key never decides a person's place — its weight is the lowest there is —
 * so the only persons it would bring in are those sharing nothing else with the query: the
 * traveller whose every other element differs past its phonetic key and every pair key with a
 * one-consonant typo (blocking-keys.ts). Those are lost; the benchmark attributes every missed
 * listed traveller to a cause, and the cap's share is reported in README.md.
 *
 * Expired alerts: the alert text says until when the officer must act on it; after that day it is
 * not a reason to stop anyone. They are left out of the answer (counted in `expiredSkipped`) before
 * any of them is read; `includeExpired` returns them flagged `expired: true` and never `hit`, for a
 * supervisor's review. "Today" is the UTC date of `now()`; the expiry day itself is still valid.
 *
 * The list file is replaced by imports (person-list-import.ts): an open store keeps answering from
 * the file it opened; `refresh()` reopens when a new list has been swapped in.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { DEFAULT_THRESHOLD, MAX_BONUS, nameQuery, parseDate, type PersonQuery, type PersonRecord, type ScoreFeature } from '../names/index.js';
import { normaliseNationality } from './country-codes.js';
import { rankCandidates } from './candidate-ranking.js';
import { PERSON_COST, scoringCost } from './scoring-cost.js';
import { KEY_SCHEME, queryKeyGroups } from './blocking-keys.js';
import { fileIdentity, promotePendingList } from './person-list-files.js';
import { FACT_SLOTS, FORMAT, META, NAME_FIRST, ROW_FACTS, SEP, dayNumber, decodePostings, listPath, pendingPath, type Modality, type Severity } from './person-list-format.js';
import type { PersonAlert, Sex } from './person-alert.js';
import type { BundleMeta } from '../bundles/apply.js';

export const DEFAULT_LIMIT = 10;
/** Persons scored per search at most, best pre-score first (see README.md for the choice). */
export const DEFAULT_MAX_SCORED = 150;
/**
 * Distinct names scored per search at most. Persons sharing a name share its scoring, so a
 * cluster of persons of the same name costs one scoring.
 */
export const DEFAULT_NAME_BUDGET = 150;
/**
 * The latency bound: estimated work of stage 2 per search, in µs on the benchmark machine
 * (scoring-cost.ts): ~14 µs per person read, ~15–25 µs per Latin name scored, ~50–100 µs per
 * Cyrillic- or Arabic-script name with many readings, so this allows ~100–150 typical persons, but
 * never fewer than MIN_NAMES_SCORED names. Measured at 1 M persons (the benchmark's sweeps):
 * 4 500 µs, 150 persons → p99 11–14 ms, 92.7 % of listed travellers found; 6 000 µs, 200 persons →
 * p99 14–18 ms, 93.1 %; 9 000 µs, 300 persons → p99 24–26 ms, 94.5 %. The cost of a check is
 * bounded, not its name count.
 */
export const DEFAULT_SCORING_BUDGET = 4500;
/** Names scored whatever their cost (so that an expensive query still looks at its best candidates). */
export const MIN_NAMES_SCORED = 16;
/**
 * Posting lists longer than this are skipped at search time, like the lists capped at build time
 * (`posting_cap`, 20 000) but adjustable without a rebuild. At 1 M persons, walking lists of up to
 * 20 000 names made blocking alone cost p99 ≈ 11 ms; these are the keys of the most common name
 * elements, whose weight is the lowest (see README.md for the measured trade-off).
 */
export const DEFAULT_MAX_POSTINGS = 5000;
/** Candidates below threshold − this are not returned at all (near misses above it are, unflagged). */
export const NEAR_MISS_MARGIN = 0.15;
/**
 * Names of one person scored per search: those sharing the most key weight with the query. Every
 * scored name costs ~15–100 µs (scoring-cost.ts); a name that shares no key with the query is one
 * blocking would not have found either.
 */
export const NAMES_SCORED_PER_PERSON = 3;

export interface OpenPersonListOptions {
  dataDir: string;
  /** Hex key of an encrypted list (the importer's `key`). */
  key?: string;
  /**
   * Where posting lists are read from at search time: `sqlite` looks each key up in the file (no
   * load at open, memory = SQLite's page cache); `memory` loads every list at open into a Map.
   * See the benchmark for both.
   */
  index?: 'sqlite' | 'memory';
  /** SQLite page cache per open list, MiB (default 64). */
  cacheMiB?: number;
  now?: () => Date;
}

export interface PersonSearchOptions {
  threshold?: number;
  /** Most candidates returned (default 10). */
  limit?: number;
  /** Lowest score returned (default threshold − NEAR_MISS_MARGIN). */
  minScore?: number;
  includeExpired?: boolean;
  /** Persons whose names are scored at most (default DEFAULT_MAX_SCORED). */
  maxScored?: number;
  /** Distinct names scored at most (default DEFAULT_NAME_BUDGET). */
  nameBudget?: number;
  /** Estimated scoring work at most, µs on the benchmark machine (default DEFAULT_SCORING_BUDGET). */
  scoringBudget?: number;
  /** Names scored whatever the budget says (default MIN_NAMES_SCORED). */
  minNamesScored?: number;
  /** Keys indexing more names than this are skipped (default DEFAULT_MAX_POSTINGS). */
  maxPostings?: number;
}

export interface PersonCandidate {
  id: string;
  name: string;
  score: number;
  hit: boolean;
  explanation: ScoreFeature[];
  action: string;
  category: string;
  severity: Severity;
  aliases: string[];
  birthDates: string[];
  nationalities: string[];
  sex?: Sex;
  source?: string;
  expires?: string;
  /** Only with includeExpired. */
  expired?: boolean;
}

export interface PersonSearchResult {
  threshold: number;
  candidates: PersonCandidate[];
  /** The list that answered (for the inspection record). */
  list: { version: string; builtAt: string };
  /** Persons sharing at least one usable key with the query. */
  considered: number;
  /** Persons whose names were scored. */
  scored: number;
  /** Distinct names scored (the work done: see DEFAULT_NAME_BUDGET). */
  namesScored: number;
  /** Hits found; more than the candidates returned when they exceed `limit`. */
  hits: number;
  /**
   * The answer may be incomplete: persons left unscored share as much of the query as persons
   * found to be hits, or more hits exist than `limit` — a very common name. The officer should
   * narrow the check (birth date, nationality) and the UI should say so.
   */
  truncated: boolean;
  /** Query keys skipped because too many names share them (see the file comment). */
  commonKeys: string[];
  expiredSkipped: number;
}

export interface PersonListStats {
  records: number;
  aliases: number;
  version: string;
  builtAt: string;
  source: string;
  sourceFile: string;
  sha256: string;
  expired: number;
  keys: number;
  cappedKeys: number;
  postingCap: number;
  postings: number;
  bytes: number;
  encrypted: boolean;
  /** The list id of the signed bundle the list was installed from (person-list-target.ts). */
  listId?: string;
  /** That bundle (version, expiry, key…); null for a list imported from a file. */
  bundle: BundleMeta | null;
}

export class NoPersonListError extends Error {
  readonly code = 'NO_LIST';
}

interface PostingEntry {
  n: number;
  ids: Buffer | null;
}

interface PersonRow {
  n: number;
  id: string;
  name: string;
  aliases: string;
  birth_dates: string;
  nationalities: string;
  sex: Sex | null;
  category: number;
  action: number;
  severity: Severity;
  source: number | null;
  expires: string | null;
}

const list = (s: string): string[] => (s ? s.split(SEP) : []);

/** Key groups per search (a stamp is search × MAX_GROUPS + group, in an Int32). */
const MAX_GROUPS = 64;
const STAMP_WRAP = Math.floor(0x7fffffff / MAX_GROUPS);

/** A copy of a blob's bytes in a fresh ArrayBuffer (a Buffer's offset need not be 4-aligned). */
function alignedCopy(b: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(b.length - (b.length % 4));
  new Uint8Array(out).set(b.subarray(0, out.byteLength));
  return out;
}

/** Net effect of the fields other than the name (before the score was clamped). */
function otherEvidence(c: { explanation: ScoreFeature[] }): number {
  let sum = 0;
  for (const f of c.explanation) if (f.feature === 'birthDate' || f.feature === 'nationality' || f.feature === 'sex') sum += f.value;
  return sum;
}

function grow(a: Uint32Array, atLeast: number): Uint32Array {
  const b = new Uint32Array(Math.max(a.length * 2, atLeast));
  b.set(a);
  return b;
}

export class PersonListStore {
  private db: Database.Database;
  private identity: string | undefined;
  private meta = new Map<string, string>();
  private labels = new Map<number, string>();
  private facts = new Int32Array(0);
  private records = 0;
  private memory: Map<string, PostingEntry> | undefined;
  private names = 0;
  /** Per name id: its row; per row: its first name id (see person-list-format.ts). */
  private nameRow = new Uint32Array(0);
  private nameFirst = new Uint32Array(0);
  /** Search scratch, zero between searches: per-name and per-person key weight, touched ids. */
  private accName = new Float64Array(0);
  private accPerson = new Float64Array(0);
  /** Per name: which (search, key group) last credited it, and with what weight. */
  private mark = new Int32Array(0);
  private groupBest = new Float64Array(0);
  private stamp = 0;
  private touchedName: Uint32Array = new Uint32Array(1024);
  private touchedPerson: Uint32Array = new Uint32Array(1024);
  private readonly decoded = { rows: new Uint32Array(4096) };
  private getPosting!: Database.Statement;
  private getRow!: Database.Statement;
  private byId!: Database.Statement;
  /** `searchInRead` inside one read transaction (see `search`). */
  private searchTransaction!: (query: PersonQuery, opts: PersonSearchOptions) => PersonSearchResult;

  private constructor(private readonly options: OpenPersonListOptions) {
    this.db = this.openFile();
  }

  /** Opens the live list of `dataDir`; throws NoPersonListError when none was imported yet. */
  static open(options: OpenPersonListOptions): PersonListStore {
    return new PersonListStore(options);
  }

  private openFile(): Database.Database {
    const dir = this.options.dataDir;
    promotePendingList(dir);
    const path = listPath(dir);
    this.identity = fileIdentity(path);
    if (this.identity === undefined) throw new NoPersonListError(`no person list in ${dir}: import one with \`borderpost watchlist import <file> --kind persons\``);
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      if (this.options.key !== undefined) {
        if (!/^[0-9a-f]{32,128}$/i.test(this.options.key)) throw new Error('list key must be 32 to 128 hex digits');
        db.pragma(`key='${this.options.key}'`);
      }
      try {
        this.meta = new Map((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new Error(`cannot read ${path}: wrong key, or not a person list`);
        throw e;
      }
      if (this.meta.get(META.format) !== FORMAT) throw new Error(`${path} is not a ${FORMAT} list (format ${this.meta.get(META.format) ?? 'unknown'})`);
      if (this.meta.get(META.keyScheme) !== KEY_SCHEME) throw new Error(`${path} was indexed with blocking keys "${this.meta.get(META.keyScheme) ?? 'unknown'}", this build searches with "${KEY_SCHEME}": import the list again`);
      db.pragma(`cache_size = -${(this.options.cacheMiB ?? 64) * 1024}`);
      this.labels = new Map((db.prepare('SELECT id, text FROM labels').all() as Array<{ id: number; text: string }>).map((r) => [r.id, r.text]));
      const blob = (db.prepare('SELECT data FROM blobs WHERE name = ?').get(ROW_FACTS) as { data: Buffer } | undefined)?.data;
      if (!blob) throw new Error(`${path} has no ${ROW_FACTS}`);
      this.facts = new Int32Array(alignedCopy(blob));
      this.records = Number(this.meta.get(META.records) ?? 0);
      this.names = Number(this.meta.get(META.names) ?? 0);
      const first = (db.prepare('SELECT data FROM blobs WHERE name = ?').get(NAME_FIRST) as { data: Buffer } | undefined)?.data;
      if (!first) throw new Error(`${path} has no ${NAME_FIRST}`);
      this.nameFirst = new Uint32Array(alignedCopy(first));
      this.nameRow = new Uint32Array(this.names + 1);
      for (let r = 1; r <= this.records; r++) this.nameRow.fill(r, this.nameFirst[r]!, this.nameFirst[r + 1]!);
      this.accName = new Float64Array(this.names + 1);
      this.mark = new Int32Array(this.names + 1);
      this.groupBest = new Float64Array(this.names + 1);
      this.stamp = 0;
      this.accPerson = new Float64Array(this.records + 1);
      this.getPosting = db.prepare('SELECT n, ids FROM postings WHERE key = ?');
      this.getRow = db.prepare('SELECT n, id, name, aliases, birth_dates, nationalities, sex, category, action, severity, source, expires FROM persons WHERE n = ?');
      this.byId = db.prepare('SELECT n, id, name, aliases, birth_dates, nationalities, sex, category, action, severity, source, expires FROM persons WHERE id = ?');
      this.searchTransaction = db.transaction((query: PersonQuery, opts: PersonSearchOptions) => this.searchInRead(query, opts));
      this.memory = undefined;
      if (this.options.index === 'memory') {
        const m = new Map<string, PostingEntry>();
        for (const r of db.prepare('SELECT key, n, ids FROM postings').iterate() as IterableIterator<{ key: string; n: number; ids: Buffer | null }>) {
          m.set(r.key, { n: r.n, ids: r.ids });
        }
        this.memory = m;
      }
      return db;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Reopens when an import has replaced the list since it was opened; true when it did. */
  refresh(): boolean {
    const dir = this.options.dataDir;
    const current = fileIdentity(listPath(dir));
    const pending = fileIdentity(pendingPath(dir));
    if (current === this.identity && pending === undefined) return false;
    this.db.close();
    this.db = this.openFile();
    return true;
  }

  close(): void {
    this.db.close();
  }

  get version(): string {
    return this.meta.get(META.version) ?? '';
  }

  private today(): number {
    return dayNumber((this.options.now?.() ?? new Date()).toISOString().slice(0, 10));
  }

  private posting(key: string): PostingEntry | undefined {
    if (this.memory) return this.memory.get(key);
    return this.getPosting.get(key) as PostingEntry | undefined;
  }

  private toAlert(r: PersonRow): PersonAlert & { row: number } {
    return {
      row: r.n,
      id: r.id,
      name: r.name,
      aliases: list(r.aliases),
      birthDates: list(r.birth_dates),
      nationalities: list(r.nationalities),
      ...(r.sex ? { sex: r.sex } : {}),
      documents: [],
      category: this.labels.get(r.category) ?? '',
      action: this.labels.get(r.action) ?? '',
      severity: r.severity,
      ...(r.source !== null ? { source: this.labels.get(r.source) ?? '' } : {}),
      ...(r.expires ? { expires: r.expires } : {}),
      biometrics: [],
    };
  }

  /**
   * The names of a person that share a key with the query (their key weight is still in accName),
   * most weight first (list order among equals), at most NAMES_SCORED_PER_PERSON.
   */
  private keySharingNames(row: PersonRow): string[] {
    const first = this.nameFirst[row.n]!;
    const all = row.aliases ? [row.name, ...row.aliases.split(SEP)] : [row.name];
    const names: string[] = [];
    const weights: number[] = [];
    for (let k = 0; k < all.length; k++) {
      const w = this.accName[first + k] ?? 0;
      if (!(w > 0)) continue;
      // Insertion into a list kept in descending weight, after the names of equal weight.
      let at = names.length;
      while (at > 0 && weights[at - 1]! < w) at--;
      names.splice(at, 0, all[k]!);
      weights.splice(at, 0, w);
    }
    if (names.length > NAMES_SCORED_PER_PERSON) names.length = NAMES_SCORED_PER_PERSON;
    return names;
  }

  /** Checks a traveller against the list. See the file comment. */
  search(query: PersonQuery, opts: PersonSearchOptions = {}): PersonSearchResult {
    // One read transaction for the whole check: outside one, every statement takes and drops the
    // file's shared lock and revalidates the page cache, ~18 µs a statement on the benchmark
    // machine — more than the posting read or the row read itself (1–9 µs), times the 50 keys and
    // the hundreds of rows of a check.
    return this.searchTransaction(query, opts);
  }

  private searchInRead(query: PersonQuery, opts: PersonSearchOptions): PersonSearchResult {
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const limit = opts.limit ?? DEFAULT_LIMIT;
    const minScore = opts.minScore ?? Math.max(0, threshold - NEAR_MISS_MARGIN);
    const maxScored = Math.max(limit, opts.maxScored ?? DEFAULT_MAX_SCORED);
    if (!query.name || !query.name.trim()) throw new RangeError('the query needs a name');
    const date = query.birthDate ? parseDate(query.birthDate) : undefined;
    if (query.birthDate && !date) throw new RangeError(`birth date "${query.birthDate}" is not YYYY, YYYY-MM or YYYY-MM-DD`);
    const q: PersonQuery = {
      name: query.name,
      ...(query.birthDate ? { birthDate: query.birthDate } : {}),
      ...(query.nationality ? { nationality: normaliseNationality(query.nationality) ?? query.nationality } : {}),
      ...(query.sex ? { sex: query.sex } : {}),
    };
    const today = this.today();

    // Stage 1: blocking. Each shared key group credits a name with its best key's weight; each
    // person takes the sum of its best name.
    const commonKeys: string[] = [];
    let touchedNames = 0;
    const { keys, groups } = queryKeyGroups(q.name);
    const maxPostings = opts.maxPostings ?? DEFAULT_MAX_POSTINGS;
    if (++this.stamp >= STAMP_WRAP) {
      this.stamp = 1;
      this.mark.fill(0);
    }
    try {
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        const p = this.posting(key);
        if (!p) continue;
        if (!p.ids || p.n > maxPostings) {
          commonKeys.push(key);
          continue;
        }
        const weight = Math.log(1 + this.names / p.n);
        const stamp = this.stamp * MAX_GROUPS + Math.min(groups[k]!, MAX_GROUPS - 1);
        const count = decodePostings(p.ids, p.n, this.decoded);
        const ids = this.decoded.rows;
        if (touchedNames + count > this.touchedName.length) this.touchedName = grow(this.touchedName, touchedNames + count);
        for (let i = 0; i < count; i++) {
          const id = ids[i]!;
          if (this.mark[id] !== stamp) {
            if (this.accName[id] === 0) this.touchedName[touchedNames++] = id;
            this.mark[id] = stamp;
            this.groupBest[id] = weight;
            this.accName[id]! += weight;
          } else if (weight > this.groupBest[id]!) {
            this.accName[id]! += weight - this.groupBest[id]!;
            this.groupBest[id] = weight;
          }
        }
      }
    } catch (e) {
      // Leave the scratch arrays zero for the next search (a read error, a corrupt posting list).
      for (let t = 0; t < touchedNames; t++) this.accName[this.touchedName[t]!] = 0;
      throw e;
    }
    let touchedPersons = 0;
    if (touchedNames > this.touchedPerson.length) this.touchedPerson = grow(this.touchedPerson, touchedNames);
    for (let t = 0; t < touchedNames; t++) {
      const id = this.touchedName[t]!;
      const row = this.nameRow[id]!;
      const w = this.accName[id]!;
      const best = this.accPerson[row]!;
      if (best === 0) this.touchedPerson[touchedPersons++] = row;
      if (w > best) this.accPerson[row] = w;
    }
    const ranked = rankCandidates({
      acc: this.accPerson,
      touched: this.touchedPerson,
      touchedCount: touchedPersons,
      facts: this.facts,
      factSlots: FACT_SLOTS,
      ...(date ? { queryYear: date.year } : {}),
      today,
      includeExpired: opts.includeExpired ?? false,
      keep: maxScored,
    });

    // Stage 2a: name scores of the names that share a key with the query, each distinct name
    // scored once (persons of the same name are common: one scoring serves them all), within a
    // budget of distinct names.
    interface Pending {
      row: PersonRow;
      names: string[];
      nameScore: number;
      pre: number;
    }
    const pending: Pending[] = [];
    const nameScores = new Map<string, number>();
    const nameBudget = opts.nameBudget ?? DEFAULT_NAME_BUDGET;
    const scoringBudget = opts.scoringBudget ?? DEFAULT_SCORING_BUDGET;
    const matcher = nameQuery(q.name);
    const queryUnits = matcher.readings;
    const minNames = opts.minNamesScored ?? MIN_NAMES_SCORED;
    let spent = 0;
    let scored = 0;
    try {
      for (let i = 0; i < ranked.count; i++) {
        const row = this.getRow.get(ranked.rows[i]!) as PersonRow;
        const names = this.keySharingNames(row);
        let fresh = 0;
        for (const n of names) if (!nameScores.has(n)) fresh++;
        if (nameScores.size + fresh > nameBudget) break;
        let cost = PERSON_COST;
        for (const n of names) if (!nameScores.has(n)) cost += scoringCost(queryUnits, matcher.readingsOf(n));
        if (spent + cost > scoringBudget && nameScores.size >= minNames) break;
        spent += cost;
        let best = 0;
        for (const name of names) {
          let ns = nameScores.get(name);
          if (ns === undefined) {
            ns = matcher.score(name);
            nameScores.set(name, ns);
          }
          if (ns > best) best = ns;
        }
        scored++;
        if (best + MAX_BONUS >= minScore) pending.push({ row, names, nameScore: best, pre: ranked.preScores[i]! });
      }
    } finally {
      for (let t = 0; t < touchedNames; t++) this.accName[this.touchedName[t]!] = 0;
    }

    // Stage 2b: the full score (scorePerson), best names first, until no remaining person can
    // enter the answer: the other fields move a name score by at most +MAX_BONUS, and a score is at
    // most 1. The explanation's description of the name alignment is written for the persons
    // returned only.
    pending.sort((a, b) => b.nameScore - a.nameScore || b.pre - a.pre || a.row.n - b.row.n);
    const candidates: Array<PersonCandidate & { pre: number; row: number; record: PersonRecord }> = [];
    const finals: number[] = [];
    let cutShort = false;
    for (const p of pending) {
      if (finals.length >= limit) {
        const kth = finals[limit - 1]!;
        if (Math.min(1, p.nameScore + MAX_BONUS) <= kth) {
          cutShort = p.nameScore + MAX_BONUS >= threshold;
          break;
        }
      }
      const alert = this.toAlert(p.row);
      const record: PersonRecord = {
        id: alert.id,
        name: p.names[0] ?? alert.name,
        aliases: p.names.slice(1),
        birthDates: alert.birthDates,
        nationalities: alert.nationalities,
        ...(alert.sex ? { sex: alert.sex } : {}),
      };
      const s = matcher.scorePerson(q, record, {}, false);
      if (s.score < minScore) continue;
      const expired = alert.expires !== undefined && dayNumber(alert.expires) < today;
      candidates.push({
        id: alert.id,
        name: alert.name,
        score: s.score,
        hit: s.score >= threshold && !expired,
        explanation: s.explanation,
        action: alert.action,
        category: alert.category,
        severity: alert.severity,
        aliases: alert.aliases,
        birthDates: alert.birthDates,
        nationalities: alert.nationalities,
        ...(alert.sex ? { sex: alert.sex } : {}),
        ...(alert.source !== undefined ? { source: alert.source } : {}),
        ...(alert.expires ? { expires: alert.expires } : {}),
        ...(expired ? { expired: true } : {}),
        pre: p.pre,
        row: alert.row,
        record,
      });
      finals.push(s.score);
      finals.sort((a, b) => b - a);
    }
    // Scores are clamped at 1, so persons of the same name all reach it: among equal scores the one
    // whose birth date, nationality and sex agree comes first.
    candidates.sort((a, b) => b.score - a.score || otherEvidence(b) - otherEvidence(a) || b.pre - a.pre || a.row - b.row);
    const considered = touchedPersons - ranked.expiredSkipped;
    const hits = candidates.filter((c) => c.hit).length;
    // Incomplete when persons were left unscored at a pre-score where hits were found (the same
    // name, mostly), or when more hits exist than `limit`.
    const unscoredBest = scored < ranked.count ? ranked.preScores[scored]! : ranked.bestLeftOut;
    const truncated = cutShort || hits > limit || candidates.some((c) => c.hit && c.pre <= unscoredBest + 1e-9);
    return {
      threshold,
      candidates: candidates.slice(0, limit).map(({ pre: _pre, row: _row, record, ...c }) => ({ ...c, explanation: matcher.scorePerson(q, record).explanation })),
      list: { version: this.version, builtAt: this.meta.get(META.builtAt) ?? '' },
      considered,
      scored,
      namesScored: nameScores.size,
      hits,
      truncated,
      commonKeys,
      expiredSkipped: ranked.expiredSkipped,
    };
  }

  /** How many names a blocking key indexes, and whether it is capped (for diagnostics). */
  keyInfo(key: string): { names: number; capped: boolean } | undefined {
    const p = this.posting(key);
    return p ? { names: p.n, capped: p.ids === null } : undefined;
  }

  /** One alert by its list id, with its documents and biometric references. */
  get(id: string): PersonAlert | undefined {
    const r = this.byId.get(id) as PersonRow | undefined;
    if (!r) return undefined;
    const { row, ...alert } = this.toAlert(r);
    alert.documents = (this.db.prepare('SELECT number FROM person_documents WHERE person = ? ORDER BY number').pluck().all(row) as string[]);
    alert.biometrics = this.db.prepare('SELECT modality, reference FROM biometric_refs WHERE person = ? ORDER BY modality, reference').all(row) as Array<{ modality: Modality; reference: string }>;
    return alert;
  }

  /** Ids of the alerts that list this document number (normalised as at import). */
  idsByDocument(number: string): string[] {
    const normalised = number.toUpperCase().replace(/[^0-9A-Z]/g, '');
    return this.db.prepare('SELECT p.id FROM person_documents d JOIN persons p ON p.n = d.person WHERE d.number = ? ORDER BY p.n').pluck().all(normalised) as string[];
  }

  stats(): PersonListStats {
    const num = (k: string) => Number(this.meta.get(k) ?? 0);
    const today = this.today();
    let expired = 0;
    for (let r = 1; r <= this.records; r++) if (this.facts[r * FACT_SLOTS + 2]! < today) expired++;
    const recorded = this.meta.get(META.bundle);
    const bundle = recorded === undefined ? null : (JSON.parse(recorded) as BundleMeta);
    return {
      records: this.records,
      aliases: num(META.aliases),
      version: this.version,
      builtAt: this.meta.get(META.builtAt) ?? '',
      source: this.meta.get(META.source) ?? '',
      sourceFile: this.meta.get(META.sourceFile) ?? '',
      sha256: this.meta.get(META.sourceSha256) ?? '',
      expired,
      keys: num(META.keys),
      cappedKeys: num(META.cappedKeys),
      postingCap: num(META.postingCap),
      postings: num(META.postings),
      bytes: Number(this.db.pragma('page_count', { simple: true })) * Number(this.db.pragma('page_size', { simple: true })),
      encrypted: this.options.key !== undefined,
      ...(bundle ? { listId: bundle.listId } : {}),
      bundle,
    };
  }
}
