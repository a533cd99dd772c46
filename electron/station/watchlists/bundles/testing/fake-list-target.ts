/**
 * An in-memory ListTarget for the bundle tests only (the real stores are SQLite files). It keeps
 * the contract in apply.ts the way a store must: builds aside, commits only after every iterable
 * ended cleanly, applies removals before upserts, and refuses a commit over a version that moved.
 */
import type { BundleMeta, ListChange, ListTarget } from '../apply.js';
import type { ListKind } from '../bundle-header.js';
import type { BundleKey, BundleRow } from '../payload-rows.js';

interface FakeList {
  version: number;
  rows: Map<string, BundleRow>;
  meta: BundleMeta;
}

const keyOf = (row: BundleRow | BundleKey, fields: readonly string[]): string => JSON.stringify(fields.map((f) => row[f]));

export class FakeListTarget implements ListTarget {
  readonly lists = new Map<string, FakeList>();
  readonly calls = { replaceAll: 0, applyDelta: 0 };
  /** Runs when a store method is entered, before it reads a row (to swap the file, say). */
  onEnter: (() => Promise<void> | void) | null = null;
  /** Thrown at commit time, after every row was read. */
  failOnCommit: Error | null = null;
  /** Stop after this many rows without an error: a store that breaks the contract. */
  stopAfterRows: number | null = null;

  constructor(readonly kind: ListKind) {}

  currentVersion(listId: string): number | null {
    return this.lists.get(listId)?.version ?? null;
  }

  rows(listId: string): BundleRow[] {
    return [...(this.lists.get(listId)?.rows.values() ?? [])];
  }

  /** Everything the fake holds, for "unchanged" assertions. */
  snapshot(): string {
    return JSON.stringify([...this.lists].map(([id, l]) => [id, l.version, [...l.rows], l.meta]));
  }

  async replaceAll(listId: string, rows: AsyncIterable<BundleRow>, version: number, meta: BundleMeta): Promise<ListChange | void> {
    this.calls.replaceAll++;
    await this.onEnter?.();
    const next = new Map<string, BundleRow>();
    let n = 0;
    for await (const r of rows) {
      if (this.stopAfterRows !== null && n++ >= this.stopAfterRows) break;
      next.set(keyOf(r, meta.keyFields), r);
    }
    this.commit(listId, next, version, meta);
  }

  async applyDelta(listId: string, upserts: AsyncIterable<BundleRow>, removals: AsyncIterable<BundleKey>, version: number, meta: BundleMeta): Promise<ListChange | void> {
    this.calls.applyDelta++;
    await this.onEnter?.();
    const base = this.lists.get(listId);
    if (!base) throw new Error(`no list ${listId} to update`);
    const next = new Map(base.rows);
    for await (const k of removals) next.delete(keyOf(k, meta.keyFields));
    for await (const r of upserts) next.set(keyOf(r, meta.keyFields), r);
    this.commit(listId, next, version, meta);
  }

  private commit(listId: string, rows: Map<string, BundleRow>, version: number, meta: BundleMeta): void {
    if (this.failOnCommit) throw this.failOnCommit;
    if (this.currentVersion(listId) !== meta.previousVersion) throw new Error(`list ${listId} moved to version ${this.currentVersion(listId)} meanwhile`);
    this.lists.set(listId, { version, rows, meta });
  }
}
