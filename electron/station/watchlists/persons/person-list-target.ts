/**
 * The person-alert list as the target of a signed bundle (bundles/apply.ts).
 *
 * A full bundle is imported like a list file, through the same checks of each alert and the same
 * build, verification and atomic swap (person-list-import.ts `importPersonAlerts`). A delta is the
 * list in force read back alert by alert, less the removed and the upserted ids, plus the upserted
 * alerts, imported the same way: the name index is global to the list (posting lists of name ids),
 * so a delta costs one import of the whole list, not less (README.md has the figures). Either way
 * the bundle is recorded in the list's meta, and just before the swap, under the import lock, the
 * version in force must still be the one the bundle was verified against.
 *
 * The key of a persons row is its alert id (`id`: bundles/FORMAT.md), compared with white space
 * collapsed as the import stores it. Rows carry the columns of the persons CSV (person-list-readers.ts):
 * `id, name, aliases, dob, nationality, sex, category, action, severity, source, expires,
 * documents, biometrics`; multi-valued ones as `|`-separated text or, in JSON lines, as arrays.
 *
 * Stricter than a file import: a row the checks reject (no name, an id twice in a full list)
 * refuses the whole bundle, because a signed list the station stored only in part would differ
 * from headquarters' without anyone noticing. Values the checks drop (an impossible birth date)
 * are reported as warnings, as for a file. A station holds one person list: once it came from
 * bundles of one list id, a bundle of another list id is refused rather than allowed to replace it.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { BundleMeta, ListChange, ListTarget } from '../bundles/apply.js';
import type { BundleKey, BundleRow } from '../bundles/payload-rows.js';
import type { RawAlert } from './person-alert.js';
import { importPersonAlerts, type ImportIssue, type ImportSummary } from './person-list-import.js';
import { promotePendingList } from './person-list-files.js';
import { FORMAT, META, SEP, listPath } from './person-list-format.js';
import type { ReadItem } from './person-list-readers.js';

const SINGLE = ['id', 'name', 'sex', 'category', 'action', 'severity', 'source', 'expires'] as const;
const MULTI = ['aliases', 'dob', 'nationality', 'documents', 'biometrics'] as const;
const FIELDS: ReadonlySet<string> = new Set([...SINGLE, ...MULTI]);
const MAX_WARNINGS = 20;

/** An alert id as the import stores it. */
const idOf = (v: unknown): string => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '');

const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/** One bundle row as the import's raw alert, with a warning for each field it cannot use. */
function rawAlert(row: BundleRow, warn: (message: string) => void): RawAlert {
  const id = idOf(row.id) || '?';
  const one = (field: (typeof SINGLE)[number]): string | undefined => {
    const v = row[field];
    if (v === undefined || v === null) return undefined;
    const s = scalar(v);
    if (s === undefined) warn(`${field} of ${id} is not text: dropped`);
    return s;
  };
  const many = (field: (typeof MULTI)[number]): string[] => {
    const v = row[field];
    if (v === undefined || v === null) return [];
    const parts = Array.isArray(v) ? v : [v];
    const out: string[] = [];
    for (const p of parts) {
      const s = scalar(p);
      if (s === undefined) warn(`${field} of ${id} holds a value that is not text: dropped`);
      else for (const x of Array.isArray(v) ? [s] : s.split('|')) if (x.trim()) out.push(x.trim());
    }
    return out;
  };
  for (const k of Object.keys(row)) if (!FIELDS.has(k)) warn(`field "${k.slice(0, 64)}" is not a person-list field: ignored`);
  const raw: RawAlert = { aliases: many('aliases'), birthDates: many('dob'), nationalities: many('nationality'), documents: many('documents'), biometrics: many('biometrics') };
  for (const f of SINGLE) {
    const s = one(f);
    if (s !== undefined) (raw as Record<string, unknown>)[f] = s;
  }
  return raw;
}

/** A bundle row as the items the import checks: its warnings, then the alert. */
function itemsOf(row: BundleRow, line: number): ReadItem[] {
  const out: ReadItem[] = [];
  const raw = rawAlert(row, (message) => out.push({ kind: 'warning', line, message }));
  out.push({ kind: 'alert', line, raw });
  return out;
}

interface InForce {
  records: number;
  bundle: { listId: string; version: number } | null;
}

function bundleOf(text: string | undefined): InForce['bundle'] {
  if (text === undefined) return null;
  const b = JSON.parse(text) as { listId?: unknown; version?: unknown };
  if (typeof b.listId !== 'string' || !Number.isSafeInteger(b.version)) throw new Error('the person list in force records a bundle it cannot describe');
  return { listId: b.listId, version: b.version as number };
}

export interface PersonListTargetOptions {
  dataDir: string;
  /** Hex key of the list file (the station key, as for a file import); none when absent. */
  key?: string;
  now?: () => Date;
}

export class PersonListTarget implements ListTarget {
  readonly kind = 'persons' as const;

  constructor(private readonly options: PersonListTargetOptions) {}

  /** The list in force, opened read-only (after promoting a waiting one, as the store does); null when there is none. */
  private open(): { db: Database.Database; meta: Map<string, string> } | null {
    const dir = this.options.dataDir;
    promotePendingList(dir);
    const path = listPath(dir);
    if (!existsSync(path)) return null;
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const key = this.options.key;
      if (key !== undefined) {
        if (!/^[0-9a-f]{32,128}$/i.test(key)) throw new Error('list key must be 32 to 128 hex digits');
        db.pragma(`key='${key}'`);
      }
      let meta: Map<string, string>;
      try {
        meta = new Map((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new Error(`cannot read ${path}: wrong key, or not a person list`);
        throw e;
      }
      if (meta.get(META.format) !== FORMAT) throw new Error(`${path} is not a ${FORMAT} list`);
      return { db, meta };
    } catch (e) {
      db.close();
      throw e;
    }
  }

  private inForce(): InForce | null {
    const list = this.open();
    if (!list) return null;
    list.db.close();
    return { records: Number(list.meta.get(META.records) ?? 0), bundle: bundleOf(list.meta.get(META.bundle)) };
  }

  /** The version of `listId` in force, or null when the station holds no bundle of that list. */
  currentVersion(listId: string): number | null {
    const b = this.inForce()?.bundle;
    return b?.listId === listId ? b.version : null;
  }

  /** Refuses a bundle of another list than the one in force (see the file comment). */
  private owner(list: InForce | null, listId: string): void {
    if (!list?.bundle || list.bundle.listId === listId) return;
    throw new Error(`this station's person list is "${list.bundle.listId}" (version ${list.bundle.version}), installed from signed bundles, and a station holds one person list: a bundle of "${listId}" does not replace it`);
  }

  /** Under the import lock, just before the swap: the version in force must still be the one verified. */
  private stillAt(listId: string, version: number, meta: BundleMeta): void {
    const now = this.currentVersion(listId);
    if (now !== meta.previousVersion) {
      throw new Error(`the person list changed while this bundle was being applied (version ${now ?? 'none'} of "${listId}" is in force now; the bundle was checked against ${meta.previousVersion ?? 'no list'}), so version ${version} was not applied`);
    }
  }

  /** The last check before the swap: every row taken, and no other import in between. */
  private beforeCommit(listId: string, version: number, meta: BundleMeta, where: (line: number) => string) {
    return (summary: ImportSummary) => {
      if (summary.errorCount > 0) {
        const listed = summary.errors.slice(0, 3).map((e) => `${where(e.line)}: ${e.message}`);
        const more = summary.errorCount > listed.length ? `; and ${summary.errorCount - listed.length} more` : '';
        throw new Error(`the persons store cannot take ${summary.errorCount === 1 ? 'a row' : `${summary.errorCount} rows`} of this bundle (${listed.join('; ')}${more})`);
      }
      this.stillAt(listId, version, meta);
    };
  }

  private importOptions(listId: string, version: number, meta: BundleMeta) {
    return {
      dataDir: this.options.dataDir,
      ...(this.options.key !== undefined ? { key: this.options.key } : {}),
      ...(this.options.now ? { now: this.options.now } : {}),
      source: listId,
      version: String(version),
      sourceFile: `bundle ${meta.bundleId.slice(0, 16)}`,
      sha256: meta.bundleId,
      bundle: JSON.stringify(meta),
    };
  }

  async replaceAll(listId: string, rows: AsyncIterable<BundleRow>, version: number, meta: BundleMeta): Promise<ListChange> {
    const before = this.inForce();
    this.owner(before, listId);
    if ((before?.bundle?.listId === listId ? before.bundle.version : null) !== meta.previousVersion) this.stillAt(listId, version, meta);
    const where = (line: number) => `row ${line}`;
    async function* items(): AsyncGenerator<ReadItem> {
      let line = 0;
      for await (const r of rows) yield* itemsOf(r, ++line);
    }
    const summary = await importPersonAlerts(items(), { ...this.importOptions(listId, version, meta), beforeCommit: this.beforeCommit(listId, version, meta, where) });
    return { records: summary.imported, previousRecords: before?.records ?? null, warnings: warningsOf(summary, where) };
  }

  async applyDelta(listId: string, upserts: AsyncIterable<BundleRow>, removals: AsyncIterable<BundleKey>, version: number, meta: BundleMeta): Promise<ListChange> {
    if (meta.keyFields.length !== 1 || meta.keyFields[0] !== 'id') {
      throw new Error(`the persons store identifies an alert by its id; this delta identifies its rows by ${meta.keyFields.join(', ')}, so its removals cannot be applied`);
    }
    this.owner(this.inForce(), listId);
    // The changes first (a delta is small beside the list); the last row of an id wins.
    const removed = new Set<string>();
    for await (const k of removals) removed.add(idOf(k.id));
    const changed = new Map<string, { row: BundleRow; line: number }>();
    let line = 0;
    for await (const r of upserts) {
      const id = idOf(r.id);
      changed.delete(id); // re-inserted last: Map order is then the order of last rows
      changed.set(id, { row: r, line: ++line });
    }

    const counts = { previousRecords: 0, added: 0, replaced: 0, removed: 0, notFound: 0, notFoundSamples: [] as string[] };
    const open = () => this.open();
    const stillAt = () => this.stillAt(listId, version, meta);
    // Read under the import lock, as the build consumes it.
    async function* items(): AsyncGenerator<ReadItem> {
      const list = open();
      if (!list) throw new Error('there is no person list in force to apply changes to');
      const { db, meta: baseMeta } = list;
      try {
        const b = bundleOf(baseMeta.get(META.bundle));
        if (b?.listId !== listId || b.version !== meta.previousVersion) stillAt();
        counts.previousRecords = Number(baseMeta.get(META.records) ?? 0);
        const labels = new Map((db.prepare('SELECT id, text FROM labels').all() as Array<{ id: number; text: string }>).map((r) => [r.id, r.text]));
        const documents = groupBy(db.prepare('SELECT person, number FROM person_documents').raw(true).all() as Array<[number, string]>);
        const biometrics = groupBy((db.prepare('SELECT person, modality, reference FROM biometric_refs').raw(true).all() as Array<[number, string, string]>).map(([n, m, r]) => [n, `${m}:${r}`] as [number, string]));
        const matched = new Set<string>();
        const rows = db.prepare('SELECT n, id, name, aliases, birth_dates, nationalities, sex, category, action, severity, source, expires FROM persons ORDER BY n');
        for (const r of rows.iterate() as IterableIterator<StoredRow>) {
          if (removed.has(r.id)) matched.add(r.id);
          if (changed.has(r.id)) {
            counts.replaced++;
            continue;
          }
          if (removed.has(r.id)) {
            counts.removed++;
            continue;
          }
          yield { kind: 'alert', line: 0, raw: storedAlert(r, labels, documents.get(r.n), biometrics.get(r.n)) };
        }
        for (const id of removed) {
          if (matched.has(id)) continue;
          counts.notFound++;
          if (counts.notFoundSamples.length < MAX_WARNINGS) counts.notFoundSamples.push(id);
        }
      } finally {
        db.close();
      }
      counts.added = changed.size - counts.replaced;
      for (const { row, line: at } of changed.values()) yield* itemsOf(row, at);
    }
    const where = (at: number) => (at === 0 ? 'the list in force' : `upsert ${at}`);
    const summary = await importPersonAlerts(items(), { ...this.importOptions(listId, version, meta), beforeCommit: this.beforeCommit(listId, version, meta, where) });
    const warnings = warningsOf(summary, where);
    if (counts.notFound > 0) {
      const more = counts.notFound > counts.notFoundSamples.length ? `, and ${counts.notFound - counts.notFoundSamples.length} more` : '';
      warnings.unshift(`${counts.notFound} removal(s) named an alert id the list does not hold, so there was nothing to remove: ${counts.notFoundSamples.join(', ')}${more}`);
    }
    return {
      records: summary.imported,
      previousRecords: counts.previousRecords,
      delta: { added: counts.added, replaced: counts.replaced, removed: counts.removed, notFound: counts.notFound },
      warnings,
    };
  }
}

interface StoredRow {
  n: number;
  id: string;
  name: string;
  aliases: string;
  birth_dates: string;
  nationalities: string;
  sex: string | null;
  category: number;
  action: number;
  severity: string;
  source: number | null;
  expires: string | null;
}

const split = (s: string): string[] => (s ? s.split(SEP) : []);

function groupBy(pairs: Array<[number, string]>): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const [n, v] of pairs) {
    const list = m.get(n);
    if (list) list.push(v);
    else m.set(n, [v]);
  }
  return m;
}

/** An alert of the list in force as the import reads one (it was checked when it was imported). */
function storedAlert(r: StoredRow, labels: Map<number, string>, documents: string[] = [], biometrics: string[] = []): RawAlert {
  return {
    id: r.id,
    name: r.name,
    aliases: split(r.aliases),
    birthDates: split(r.birth_dates),
    nationalities: split(r.nationalities),
    ...(r.sex ? { sex: r.sex } : {}),
    documents,
    category: labels.get(r.category) ?? '',
    action: labels.get(r.action) ?? '',
    severity: r.severity,
    ...(r.source !== null ? { source: labels.get(r.source) ?? '' } : {}),
    ...(r.expires ? { expires: r.expires } : {}),
    biometrics,
  };
}

function warningsOf(summary: ImportSummary, where: (line: number) => string): string[] {
  const out = summary.warnings.map((w: ImportIssue) => `${where(w.line)}: ${w.message}`);
  if (summary.warningCount > out.length) out.push(`and ${summary.warningCount - out.length} more warnings`);
  return out;
}
