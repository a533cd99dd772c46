/**
 * The supervisor's case queue without the DOM: which cases a filter shows, how `review.updated`
 * events are merged, how the keyboard moves the selection, and what the four-eyes rule means for
 * the supervisor looking at a case. Pure, so these rules are unit-tested rather than remembered.
 */
import type { CallInput, ReviewCase, ReviewStatus, ReviewVerdict } from '../contract.js';

/** The three views of the queue. `closed` is confirmed and dismissed together. */
export const CASE_FILTERS = ['open', 'awaiting_second', 'closed'] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];

const FILTER_STATUSES: Record<CaseFilter, readonly ReviewStatus[]> = {
  open: ['open'],
  awaiting_second: ['awaiting_second'],
  closed: ['confirmed', 'dismissed'],
};

/** What `review.cases` is asked for: the station's default (open + awaiting second), and the closed ones. */
export const ACTIVE_STATUSES: readonly ReviewStatus[] = ['open', 'awaiting_second'];
export const CLOSED_STATUSES: readonly ReviewStatus[] = FILTER_STATUSES.closed;

/** A reason must say something: the station refuses fewer than five characters after trimming. */
export const MIN_REASON_LENGTH = 5;
export const MAX_REASON_LENGTH = 2000;

export function isClosed(c: Pick<ReviewCase, 'status'>): boolean {
  return c.status === 'confirmed' || c.status === 'dismissed';
}

export function filterOf(status: ReviewStatus): CaseFilter {
  return status === 'open' ? 'open' : status === 'awaiting_second' ? 'awaiting_second' : 'closed';
}

/** Newest first; UUIDv7 ids are time-ordered and break ties within one millisecond. */
function newerFirst(a: ReviewCase, b: ReviewCase): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id);
}

/** The cases one filter shows, newest first. */
export function casesFor(all: readonly ReviewCase[], filter: CaseFilter): ReviewCase[] {
  const statuses = FILTER_STATUSES[filter];
  return all.filter((c) => statuses.includes(c.status)).sort(newerFirst);
}

export function countsByFilter(all: readonly ReviewCase[]): Record<CaseFilter, number> {
  const counts: Record<CaseFilter, number> = { open: 0, awaiting_second: 0, closed: 0 };
  for (const c of all) counts[filterOf(c.status)]++;
  return counts;
}

/** Inserts or replaces a case by id; an older version (a late event) never overwrites a newer one. */
export function upsertCase(all: readonly ReviewCase[], incoming: ReviewCase): ReviewCase[] {
  const existing = all.find((c) => c.id === incoming.id);
  if (existing && existing.version > incoming.version) return [...all];
  return [...all.filter((c) => c.id !== incoming.id), incoming].sort(newerFirst);
}

/** Merges freshly loaded lists into what is shown, keeping whichever copy of a case is newer. */
export function mergeCases(all: readonly ReviewCase[], loaded: readonly ReviewCase[]): ReviewCase[] {
  return loaded.reduce<ReviewCase[]>(upsertCase, [...all]);
}

/**
 * ↑/↓ (J/K): the id `delta` rows away from the selected one, stopping at either end. With nothing
 * selected, down selects the first row and up the last.
 */
export function moveSelection(ids: readonly string[], selected: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const at = selected === null ? -1 : ids.indexOf(selected);
  if (at === -1) return delta >= 0 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.max(0, Math.min(ids.length - 1, at + delta))]!;
}

/**
 * After the list changed (a case was decided and left this filter, a new one arrived): keep the
 * selection if it is still listed, else select the row that took its place, so the supervisor can
 * go on with Enter without reaching for the arrows.
 */
export function reconcileSelection(before: readonly string[], after: readonly string[], selected: string | null): string | null {
  if (after.length === 0) return null;
  if (selected !== null && after.includes(selected)) return selected;
  const was = selected === null ? -1 : before.indexOf(selected);
  if (was === -1) return after[0]!;
  // The rows that were below the selection have moved up by one: the first of them that is still here.
  for (const id of before.slice(was + 1)) if (after.includes(id)) return id;
  return after[after.length - 1]!;
}

/** The last dismissal of a case that waits for a second supervisor. */
function pendingDismissal(c: ReviewCase): ReviewCase['decisions'][number] | null {
  if (c.status !== 'awaiting_second') return null;
  const last = c.decisions.at(-1);
  return last && last.verdict === 'dismiss' ? last : null;
}

/**
 * What the four-eyes notice says about a case for this supervisor:
 * - `none`: no second decision is pending;
 * - `you`: this supervisor made the first dismissal and may not decide again;
 * - `other`: another supervisor (`name`, when the station sent the decision) dismissed it; this one
 *   may confirm the dismissal or overrule it.
 */
export type FourEyes = { kind: 'none' } | { kind: 'you'; at: string } | { kind: 'other'; name: string | null; at: string };

export function fourEyes(c: ReviewCase, userId: string): FourEyes {
  if (c.status !== 'awaiting_second') return { kind: 'none' };
  const first = pendingDismissal(c);
  if (!first) return { kind: 'other', name: null, at: c.updatedAt };
  return first.decidedBy === userId ? { kind: 'you', at: first.decidedAt } : { kind: 'other', name: first.decidedByName, at: first.decidedAt };
}

/** Whether this supervisor may decide the case at all (closed cases and their own pending dismissal: no). */
export function canDecide(c: ReviewCase, userId: string): boolean {
  return !isClosed(c) && fourEyes(c, userId).kind !== 'you';
}

/** Where a verdict takes the case: dismissing an open high-severity case only asks for a second supervisor. */
export function nextStatus(c: Pick<ReviewCase, 'status' | 'severity'>, verdict: ReviewVerdict): ReviewStatus {
  if (c.status === 'open' && c.severity === 'high' && verdict === 'dismiss') return 'awaiting_second';
  return verdict === 'dismiss' ? 'dismissed' : 'confirmed';
}

export function reasonReady(reason: string): boolean {
  const trimmed = reason.trim();
  return trimmed.length >= MIN_REASON_LENGTH && trimmed.length <= MAX_REASON_LENGTH;
}

/**
 * The verdict being written. `version` is the case version the supervisor saw when they chose the
 * verdict: a live update in between makes the station answer CONFLICT instead of recording a
 * decision on evidence the supervisor has not read.
 */
export interface VerdictDraft {
  verdict: ReviewVerdict;
  version: number;
  reason: string;
}

export function startVerdict(c: ReviewCase, verdict: ReviewVerdict, reason = ''): VerdictDraft {
  return { verdict, version: c.version, reason };
}

export function decideCaseInput(c: ReviewCase, draft: VerdictDraft, userId: string): CallInput<'review.decide'> | null {
  if (!canDecide(c, userId) || !reasonReady(draft.reason)) return null;
  return { id: c.id, version: draft.version, verdict: draft.verdict, reason: draft.reason.trim() };
}

/** A case was changed (by another supervisor) since the verdict was started. */
export function draftIsStale(c: ReviewCase, draft: VerdictDraft | null): boolean {
  return draft !== null && draft.version !== c.version;
}

/**
 * How a bar shows one explanation line: its size (0–1, the absolute value capped at 1) and the
 * direction of its effect on the score. The number itself is always printed beside the bar.
 */
export function evidenceBar(value: number | null): { sign: 'plus' | 'minus' | 'zero'; size: number } | null {
  if (value === null || !Number.isFinite(value)) return null;
  const size = Math.min(1, Math.abs(value));
  return { sign: value > 0 ? 'plus' : value < 0 ? 'minus' : 'zero', size };
}
