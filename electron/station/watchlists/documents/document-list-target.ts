/**
 * The lost/stolen documents list as the target of a signed bundle (bundles/apply.ts). A full bundle
 * rebuilds the list beside the live one and swaps it in, exactly as a CSV import does; a delta
 * rebuilds it from the list in force and the changes (document-list-delta.ts) and swaps it in the
 * same way. Either way the bundle is recorded in the list's meta (META.bundle), and just before the
 * swap, under the import lock, the version in force must still be the one the bundle was verified
 * against: an import that won the race in between stays in force.
 *
 * A station holds one documents list. Once it came from bundles of one list id, a bundle of another
 * list id is refused rather than allowed to replace it: versions only order bundles of one list, so
 * an old bundle of some other list could otherwise take the place of a current one.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { BundleMeta, ListChange, ListTarget } from '../bundles/apply.js';
import type { BundleKey, BundleRow } from '../bundles/payload-rows.js';
import { FORMAT, META, listPath } from './document-list-format.js';
import { promotePendingList } from './document-list-files.js';
import { applyDocumentListDelta, type DocumentKeyRow } from './document-list-delta.js';
import { DocumentImportError, importDocumentListRows, type DocumentRow } from './document-list-import.js';

/** The key fields of a documents bundle row: the store's row key (bundles/bundle.ts DEFAULT_KEY_FIELDS). */
const KEY_FIELDS = ['issuingState', 'number', 'type', 'status'];

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function* documentRows(rows: AsyncIterable<BundleRow>): AsyncGenerator<DocumentRow> {
  for await (const r of rows) {
    // Bundle rows use the key fields issuingState/number (CSV payloads may say issuing_state).
    yield {
      number: text(r.number) ?? '',
      issuingState: text(r.issuingState) ?? text(r.issuing_state) ?? '',
      type: text(r.type),
      status: text(r.status),
      source: text(r.source) ?? null,
      reference: text(r.reference) ?? null,
    };
  }
}

async function* documentKeys(keys: AsyncIterable<BundleKey>): AsyncGenerator<DocumentKeyRow> {
  for await (const k of keys) yield { number: k.number ?? '', issuingState: k.issuingState ?? '', type: k.type, status: k.status };
}

/** What the station's list says about where it came from. */
interface InForce {
  version: string;
  source: string;
  records: number;
  /** The list id and version of the bundle it was installed from, or null (a CSV import). */
  bundle: { listId: string; version: number } | null;
}

function bundleOf(meta: { version: string; source: string; bundle: string | null }): InForce['bundle'] {
  if (meta.bundle !== null) {
    const b = JSON.parse(meta.bundle) as { listId?: unknown; version?: unknown };
    if (typeof b.listId !== 'string' || !Number.isSafeInteger(b.version)) throw new Error('the documents list in force records a bundle it cannot describe');
    return { listId: b.listId, version: b.version as number };
  }
  // Installed from a bundle before bundles were recorded: the source is the list id, the version a number.
  return /^[1-9]\d{0,15}$/.test(meta.version) ? { listId: meta.source, version: Number(meta.version) } : null;
}

/** The list in force, from its meta only (no prefilter load); null when there is none. */
function listInForce(dir: string): InForce | null {
  promotePendingList(dir);
  const path = listPath(dir);
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const get = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    const value = (k: string) => get.get(k) as string | undefined;
    if (value(META.format) !== FORMAT || value(META.buildState) !== 'complete') throw new Error(`${path} is not a complete documents list of this format`);
    const m = { version: value(META.version) ?? '', source: value(META.source) ?? '', bundle: value(META.bundle) ?? null };
    return { ...m, records: Number(value(META.records) ?? 0), bundle: bundleOf(m) };
  } finally {
    db.close();
  }
}

const versionOf = (list: InForce | null, listId: string): number | null => (list?.bundle?.listId === listId ? list.bundle.version : null);

export class DocumentListTarget implements ListTarget {
  readonly kind = 'documents' as const;

  constructor(private readonly dir: string) {}

  /** The version of `listId` in force, or null when the station holds no bundle of that list. */
  currentVersion(listId: string): number | null {
    return versionOf(listInForce(this.dir), listId);
  }

  /** Refuses a bundle of another list than the one in force (see the file comment). */
  private owner(list: InForce | null, listId: string): void {
    if (!list?.bundle || list.bundle.listId === listId) return;
    throw new Error(
      `this station's documents list is "${list.bundle.listId}" (version ${list.bundle.version}), installed from signed bundles, and a station holds one documents list: a bundle of "${listId}" does not replace it`,
    );
  }

  /** Under the import lock, just before the swap: the version in force must still be the one verified. */
  private stillAt(listId: string, version: number, meta: BundleMeta): void {
    const now = versionOf(listInForce(this.dir), listId);
    if (now !== meta.previousVersion) {
      throw new Error(`the documents list changed while this bundle was being applied (version ${now ?? 'none'} of "${listId}" is in force now; the bundle was checked against ${meta.previousVersion ?? 'no list'}), so version ${version} was not applied`);
    }
  }

  async replaceAll(listId: string, rows: AsyncIterable<BundleRow>, version: number, meta: BundleMeta): Promise<ListChange> {
    const before = listInForce(this.dir);
    this.owner(before, listId);
    if (versionOf(before, listId) !== meta.previousVersion) this.stillAt(listId, version, meta);
    const report = await this.storing(() =>
      importDocumentListRows(documentRows(rows), {
        dir: this.dir,
        source: listId,
        version: String(version),
        maxBadRowFraction: 0,
        bundle: JSON.stringify(meta),
        beforeCommit: () => this.stillAt(listId, version, meta),
      }),
    );
    return {
      records: report.records,
      previousRecords: before?.records ?? null,
      warnings: report.duplicates > 0 ? [`${report.duplicates} rows of the bundle repeated a document already in it (kept once)`] : [],
    };
  }

  async applyDelta(listId: string, upserts: AsyncIterable<BundleRow>, removals: AsyncIterable<BundleKey>, version: number, meta: BundleMeta): Promise<ListChange> {
    if (meta.keyFields.length !== KEY_FIELDS.length || !KEY_FIELDS.every((f) => meta.keyFields.includes(f))) {
      throw new Error(`the documents store identifies a row by ${KEY_FIELDS.join(', ')}; this delta identifies its rows by ${meta.keyFields.join(', ')}, so its removals cannot be applied`);
    }
    this.owner(listInForce(this.dir), listId);
    const report = await this.storing(() =>
      applyDocumentListDelta(
        { removals: documentKeys(removals), upserts: documentRows(upserts) },
        {
          dir: this.dir,
          version: String(version),
          maxBadRowFraction: 0,
          bundle: JSON.stringify(meta),
          // Under the import lock, before a record is read: the base must be the version verified.
          checkBase: (base) => {
            const b = bundleOf(base);
            if (b?.listId !== listId || b.version !== meta.previousVersion) this.stillAt(listId, version, meta);
          },
          beforeCommit: () => this.stillAt(listId, version, meta),
        },
      ),
    );
    const warnings: string[] = [];
    if (report.notFound > 0) {
      const more = report.notFound > report.notFoundSamples.length ? `, and ${report.notFound - report.notFoundSamples.length} more` : '';
      warnings.push(`${report.notFound} removal(s) named a document the list does not hold, so there was nothing to remove: ${report.notFoundSamples.join('; ')}${more}`);
    }
    return {
      records: report.records,
      previousRecords: report.previousRecords,
      delta: { added: report.added, replaced: report.replaced, removed: report.removed, notFound: report.notFound },
      warnings,
    };
  }

  /** Runs a build, saying in plain words what a refused row was. */
  private async storing<T>(build: () => Promise<T>): Promise<T> {
    try {
      return await build();
    } catch (e) {
      if (e instanceof DocumentImportError && e.code === 'TOO_MANY_BAD_ROWS') {
        const first = e.badRowSamples[0];
        throw new Error(`the documents store cannot take ${e.badRowSamples.length > 1 ? `${e.badRowSamples.length} rows` : 'a row'} of this bundle${first ? ` (${first.reason}: ${first.text})` : ''}`, { cause: e });
      }
      throw e;
    }
  }
}
