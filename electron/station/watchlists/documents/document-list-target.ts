/**
 * The lost/stolen documents list as the target of a signed bundle (bundles/apply.ts): a full
 * bundle rebuilds the list beside the live one and swaps it in, exactly as a CSV import does. The
 * list file is immutable by design (compact keys, a prefilter built once), so a delta would be a
 * rebuild from the current list plus the changes; that is not implemented yet and is refused.
 */
import type { BundleKey, BundleRow } from '../bundles/payload-rows.js';
import type { BundleMeta, ListTarget } from '../bundles/apply.js';
import { importDocumentListRows, type DocumentRow } from './document-list-import.js';
import { DocumentListStore } from './document-list-store.js';

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

export class DocumentListTarget implements ListTarget {
  readonly kind = 'documents' as const;

  constructor(private readonly dir: string) {}

  currentVersion(): number | null {
    if (!DocumentListStore.exists(this.dir)) return null;
    const store = DocumentListStore.open(this.dir);
    try {
      const v = Number(store.stats().version);
      // A list imported from CSV carries its publisher's own version text: no bundle sequence yet.
      return Number.isSafeInteger(v) && v > 0 ? v : null;
    } finally {
      store.close();
    }
  }

  async replaceAll(listId: string, rows: AsyncIterable<BundleRow>, version: number, meta: BundleMeta): Promise<void> {
    if (this.currentVersion() !== meta.previousVersion) throw new Error(`the documents list changed while the bundle was verified; version ${version} was not applied`);
    await importDocumentListRows(documentRows(rows), { dir: this.dir, source: listId, version: String(version), maxBadRowFraction: 0 });
  }

  async applyDelta(_listId: string, upserts: AsyncIterable<BundleRow>, removals: AsyncIterable<BundleKey>): Promise<void> {
    // Drain both so the bundle's closing hash checks still run, then refuse: nothing was changed.
    for await (const _ of removals);
    for await (const _ of upserts);
    throw new Error('delta bundles are not supported for the documents list yet: publish a full bundle');
  }
}
