/**
 * Importing a bundle into a list store. The whole bundle is verified (signature, trust, expiry,
 * version continuity, payload hash, every row decoded and counted) before the store is called;
 * then the store reads the rows again, and the reader checks the hash once more at the end.
 * On any failure the list in force stays in force and the error says why.
 */
import { asBundleError, BundleError } from './bundle-error.js';
import type { ListKind } from './bundle-header.js';
import { payloadRemovals, payloadRows, readBundleHeader, verifyBundle, type VerifiedBundle } from './bundle.js';
import type { BundleKey, BundleRow } from './payload-rows.js';
import type { BundleTrust } from './trust-keys.js';

/** What a store records about the bundle it applied (for the stale-list flag and the audit log). */
export interface BundleMeta {
  readonly kind: ListKind;
  readonly listId: string;
  readonly type: 'full' | 'delta';
  readonly version: number;
  readonly baseVersion: number | null;
  /** The version in force when the bundle was verified. Commit only if it still is. */
  readonly previousVersion: number | null;
  readonly createdAt: string;
  /** After this the list stays in force but is flagged stale (see freshness.ts). */
  readonly expiresAt: string;
  readonly keyId: string;
  readonly keyFields: readonly string[];
  readonly records: number;
  /** SHA-256 of the signed header, which names the payload by its hash. */
  readonly bundleId: string;
}

/**
 * What a store reports about a bundle it applied, for the technician (printed by the CLI, kept in
 * the audit log). Optional: a store that returns nothing is reported by the bundle's counts only.
 */
export interface ListChange {
  /** Records in the list now in force. */
  records: number;
  /** Records in the list that was replaced (null: there was none). */
  previousRecords: number | null;
  /** Deltas only: what the changes did, in the store's own record keys. */
  delta?: {
    /** Upserted keys that were not in the list. */
    added: number;
    /** Upserted keys that were (their record was replaced). */
    replaced: number;
    /** Removed keys that were in the list and are not upserted again. */
    removed: number;
    /** Removals naming a key the list does not hold: not an error (the change is already in force). */
    notFound: number;
  };
  /** Things the technician should know: removals of absent keys, values the store dropped. */
  warnings: readonly string[];
}

/**
 * Implemented by the documents and persons stores. The contract:
 *
 * - Atomic: build the new list aside and make it live only after every iterable handed over has
 *   been read to its end without an exception. An exception from an iterable, at any row or after
 *   the last one (the final hash check), means "discard everything": the old list stays live.
 * - Read every iterable to its end. applyBundle reports a store that returns early as a failure,
 *   because the closing hash check never ran.
 * - A delta: apply every removal, then every upsert (a key removed and upserted ends upserted; a
 *   key upserted twice keeps the last row). The two iterables read the file independently.
 * - Commit only if the list's version is still `meta.previousVersion` (another import may have
 *   won the race); otherwise throw, and keep the newer list.
 */
export interface ListTarget {
  readonly kind: ListKind;
  currentVersion(listId: string): number | null | Promise<number | null>;
  replaceAll(listId: string, rows: AsyncIterable<BundleRow>, version: number, meta: BundleMeta): Promise<ListChange | void>;
  applyDelta(listId: string, upserts: AsyncIterable<BundleRow>, removals: AsyncIterable<BundleKey>, version: number, meta: BundleMeta): Promise<ListChange | void>;
}

export interface ApplyOptions {
  trust: BundleTrust;
  /** The station clock; defaults to now. */
  now?: Date;
}

export interface ApplyResult {
  kind: ListKind;
  listId: string;
  type: 'full' | 'delta';
  version: number;
  previousVersion: number | null;
  /** Rows in the bundle (upserts and removals of a delta). */
  records: number;
  keyId: string;
  bundleId: string;
  expiresAt: string;
  /** What the store says it changed; null when it does not say. */
  change: ListChange | null;
  /** The verifier's warnings, then the store's. */
  warnings: readonly string[];
}

/** Watches an iterable handed to a store: did some pass read it to the end, and what did it throw? */
class Tracked<T> implements AsyncIterable<T> {
  finished = false;
  error: unknown = null;

  constructor(private readonly source: AsyncIterable<T>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for await (const item of this.source) yield item;
      this.finished = true;
    } catch (e) {
      this.error = e;
      throw e;
    }
  }
}

function bundleErrorIn(e: unknown): BundleError | null {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++, cur = cur.cause) if (cur instanceof BundleError) return cur;
  return null;
}

function whatStays(previous: number | null | undefined, listName: string): string {
  if (previous === undefined) return 'Nothing was changed.';
  if (previous === null) return `The station still has no copy of ${listName}.`;
  return `Version ${previous} of ${listName} stays in force.`;
}

export async function applyBundle(path: string, target: ListTarget, opts: ApplyOptions): Promise<ApplyResult> {
  const now = opts.now ?? new Date();
  let previous: number | null | undefined;
  let listId: string | undefined;
  let listName = 'the list';
  try {
    const { header } = await readBundleHeader(path);
    if (header.kind !== target.kind) {
      // Authenticate before saying anything about it; this store holds no list of that kind to report on.
      await verifyBundle(path, opts.trust, 'unknown', now, { expectKind: target.kind });
      throw new BundleError('WRONG_KIND', `This bundle is a ${header.kind} list, not a ${target.kind} list.`);
    }
    listId = header.listId;
    listName = `the ${header.kind} list "${header.listId}"`;
    try {
      previous = await target.currentVersion(header.listId);
    } catch (e) {
      throw new BundleError('APPLY_FAILED', `The ${target.kind} store could not tell which version of "${header.listId}" it holds: ${(e as Error).message}.`, { cause: e });
    }
    const verified = await verifyBundle(path, opts.trust, previous === null ? null : { version: previous }, now, { expectKind: target.kind, expectListId: header.listId });
    const change = await hand(verified, target, previous);
    const h = verified.header;
    return {
      kind: h.kind,
      listId: h.listId,
      type: h.type,
      version: h.version,
      previousVersion: previous,
      records: h.payload.records,
      keyId: h.keyId,
      bundleId: verified.bundleId,
      expiresAt: h.expiresAt,
      change,
      warnings: [...verified.warnings, ...(change?.warnings ?? [])],
    };
  } catch (e) {
    const err = asBundleError(e, 'APPLY_FAILED', 'The bundle could not be applied');
    let inForce = previous;
    if (previous !== undefined && listId !== undefined) {
      // Another import may have won a race meanwhile: say which version is in force now.
      try {
        inForce = await target.currentVersion(listId);
      } catch {
        // keep what was known
      }
    }
    throw new BundleError(err.code, `${err.message} ${whatStays(inForce, listName)}`, { cause: err });
  }
}

async function hand(v: VerifiedBundle, target: ListTarget, previous: number | null): Promise<ListChange | null> {
  const h = v.header;
  const meta: BundleMeta = Object.freeze({
    kind: h.kind,
    listId: h.listId,
    type: h.type,
    version: h.version,
    baseVersion: h.baseVersion,
    previousVersion: previous,
    createdAt: h.createdAt,
    expiresAt: h.expiresAt,
    keyId: h.keyId,
    keyFields: Object.freeze([...h.keyFields]),
    records: h.payload.records,
    bundleId: v.bundleId,
  });
  const upserts = new Tracked(payloadRows(v));
  const removals = new Tracked(payloadRemovals(v));
  let change: ListChange | void;
  try {
    if (h.type === 'full') change = await target.replaceAll(h.listId, upserts, h.version, meta);
    else change = await target.applyDelta(h.listId, upserts, removals, h.version, meta);
  } catch (e) {
    // The payload reader's own verdict (a file swapped after verification) is the real reason.
    const fromPayload = bundleErrorIn(upserts.error) ?? bundleErrorIn(removals.error) ?? bundleErrorIn(e);
    if (fromPayload) throw fromPayload;
    throw new BundleError('APPLY_FAILED', `The ${h.kind} store could not apply version ${h.version} of "${h.listId}": ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
  if (!upserts.finished || (h.type === 'delta' && !removals.finished)) {
    throw new BundleError('APPLY_FAILED', `The ${h.kind} store finished without reading the whole bundle, so the closing integrity check did not run. This is a bug in the store; re-import a full bundle.`);
  }
  return change ?? null;
}
