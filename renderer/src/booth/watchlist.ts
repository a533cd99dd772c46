/**
 * Watch-lists at the booth, without the DOM: which checks are hits (their detail is the officer's
 * instruction), and how fresh each list is, in words the device strip prints.
 */
import type { Check, WatchlistStatus } from '../contract.js';
import { WATCHLIST_CHECK_IDS } from '../contract.js';

/** The failed watch-list checks: each `detail` is the instruction for the officer (never the raw alert). */
export function watchlistHits(checks: readonly Check[]): Check[] {
  return checks.filter((c) => c.status === 'fail' && (WATCHLIST_CHECK_IDS as readonly string[]).includes(c.id));
}

export type AgeUnit = 'justNow' | 'minutes' | 'hours' | 'days';
export interface Age {
  unit: AgeUnit;
  n: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago a list was built, rounded down to the unit an officer reads at a glance: minutes
 * within the hour, hours up to two days, days beyond. A time in the future (a booth clock behind the
 * publisher's) reads "just now". Null when the time is missing or unreadable.
 */
export function ageOf(iso: string | null, nowMs: number): Age | null {
  if (iso === null) return null;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const ms = nowMs - then;
  if (ms < MINUTE) return { unit: 'justNow', n: 0 };
  if (ms < HOUR) return { unit: 'minutes', n: Math.floor(ms / MINUTE) };
  if (ms < 2 * DAY) return { unit: 'hours', n: Math.floor(ms / HOUR) };
  return { unit: 'days', n: Math.floor(ms / DAY) };
}

export type ListFreshness = { state: 'fresh' } | { state: 'stale'; reason: string | null; expired: boolean };

/**
 * A list is stale when the station says so, or when its expiry has passed since the station last
 * answered (the booth re-reads every minute, but the clock runs in between).
 */
export function freshness(list: WatchlistStatus, nowMs: number): ListFreshness {
  const expiresAt = list.expiresAt === null ? NaN : Date.parse(list.expiresAt);
  const expired = !Number.isNaN(expiresAt) && expiresAt <= nowMs;
  if (!list.stale && !expired) return { state: 'fresh' };
  return { state: 'stale', reason: list.staleReason, expired };
}

/** How often the booth re-reads `watchlists.status` (and re-computes ages). */
export const WATCHLIST_REFRESH_MS = 60_000;
