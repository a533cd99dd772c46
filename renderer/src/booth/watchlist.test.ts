import { describe, expect, it } from 'vitest';
import type { Check, WatchlistStatus } from '../contract.js';
import { ageOf, freshness, watchlistHits } from './watchlist.js';

const NOW = Date.parse('2026-11-27T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('watch-list hits', () => {
  const checks: Check[] = [
    { id: 'mrz.check_digits', status: 'fail', detail: 'check digit 2 is wrong' },
    { id: 'watchlist.documents', status: 'fail', detail: 'Refer to supervisor: document reported stolen (INTERPOL SLTD)' },
    { id: 'watchlist.persons', status: 'pass', detail: 'no match' },
  ];

  it('are the failed watch-list checks only (a failed MRZ check is not a hit)', () => {
    expect(watchlistHits(checks).map((c) => c.detail)).toEqual(['Refer to supervisor: document reported stolen (INTERPOL SLTD)']);
  });

  it('are none when the lists are clear, pending or not loaded', () => {
    expect(
      watchlistHits([
        { id: 'watchlist.documents', status: 'not_possible', detail: 'no list' },
        { id: 'watchlist.persons', status: 'pending', detail: 'checking' },
      ]),
    ).toEqual([]);
  });
});

describe('list age', () => {
  it('reads in minutes within the hour, hours up to two days, then days', () => {
    expect(ageOf(ago(30_000), NOW)).toEqual({ unit: 'justNow', n: 0 });
    expect(ageOf(ago(5 * MIN + 59_000), NOW)).toEqual({ unit: 'minutes', n: 5 });
    expect(ageOf(ago(59 * MIN), NOW)).toEqual({ unit: 'minutes', n: 59 });
    expect(ageOf(ago(3 * HOUR + 40 * MIN), NOW)).toEqual({ unit: 'hours', n: 3 });
    expect(ageOf(ago(47 * HOUR), NOW)).toEqual({ unit: 'hours', n: 47 });
    expect(ageOf(ago(50 * HOUR), NOW)).toEqual({ unit: 'days', n: 2 });
  });

  it('compares instants whatever the offset, reads a future time as just now, and gives up on nonsense', () => {
    expect(ageOf('2026-11-27T14:00:00+03:00', NOW)).toEqual({ unit: 'hours', n: 1 });
    expect(ageOf('2026-11-27T12:10:00.000Z', NOW)).toEqual({ unit: 'justNow', n: 0 });
    expect(ageOf(null, NOW)).toBeNull();
    expect(ageOf('yesterday', NOW)).toBeNull();
  });
});

describe('list freshness', () => {
  const list: WatchlistStatus = {
    kind: 'documents',
    listId: 'sltd',
    source: 'INTERPOL SLTD',
    version: 12,
    records: 1500,
    builtAt: ago(3 * HOUR),
    expiresAt: new Date(NOW + HOUR).toISOString(),
    stale: false,
    staleReason: null,
  };

  it('is fresh when the station says so and it has not expired', () => {
    expect(freshness(list, NOW)).toEqual({ state: 'fresh' });
    expect(freshness({ ...list, expiresAt: null }, NOW)).toEqual({ state: 'fresh' });
  });

  it('is stale, with the station’s reason, when the station says so', () => {
    expect(freshness({ ...list, stale: true, staleReason: 'older than 24 h' }, NOW)).toEqual({ state: 'stale', reason: 'older than 24 h', expired: false });
  });

  it('is stale once its expiry passes, even before the station is asked again', () => {
    expect(freshness(list, NOW + 2 * HOUR)).toEqual({ state: 'stale', reason: null, expired: true });
  });
});
