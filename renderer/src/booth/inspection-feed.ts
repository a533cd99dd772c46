/**
 * How the booth folds `inspection.updated` events into what it shows. Pure, so the ordering rules
 * are tested rather than remembered.
 */
import type { Inspection } from '../contract.js';

export const RECENT_LIMIT = 20;

/** Timestamps may carry any offset (`Z`, `+02:00`), so they are compared as instants, not strings. */
function created(i: Inspection): number {
  return Date.parse(i.createdAt);
}

function newerFirst(a: Inspection, b: Inspection): number {
  // UUIDv7 ids are time-ordered, which breaks ties within one millisecond.
  return created(b) - created(a) || b.id.localeCompare(a.id);
}

/** Inserts or replaces by id (an older version never overwrites a newer one), newest first, capped. */
export function upsertRecent(list: readonly Inspection[], incoming: Inspection, limit = RECENT_LIMIT): Inspection[] {
  const existing = list.find((i) => i.id === incoming.id);
  if (existing && existing.version > incoming.version) return [...list];
  return [...list.filter((i) => i.id !== incoming.id), incoming].sort(newerFirst).slice(0, limit);
}

/**
 * Whether an update should replace the traveller on screen: a newer version of the same record, or
 * a record created after it (the next swipe). An update to an older crossing stays in the list only.
 */
export function nextCurrent(current: Inspection | null, incoming: Inspection): Inspection | null {
  if (!current) return incoming;
  if (incoming.id === current.id) return incoming.version >= current.version ? incoming : current;
  return newerFirst(incoming, current) < 0 ? incoming : current;
}
