import { describe, expect, it } from 'vitest';
import type { Inspection } from '../contract.js';
import { nextCurrent, upsertRecent } from './inspection-feed.js';

function insp(id: string, createdAt: string, version = 1, status: Inspection['status'] = 'open'): Inspection {
  return {
    id,
    version,
    stationId: 'st',
    createdAt,
    updatedAt: createdAt,
    officerId: null,
    sourceDeviceId: 'r',
    document: null,
    checks: [],
    status,
    decision: null,
  };
}

const a = insp('a', '2026-11-27T10:00:00Z');
const b = insp('b', '2026-11-27T10:05:00Z');
const c = insp('c', '2026-11-27T12:10:00+02:00'); // 10:10Z: newest, despite sorting lower as a string

describe('upsertRecent', () => {
  it('keeps newest first by instant, not by string', () => {
    expect(upsertRecent([a, b], c).map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });

  it('replaces a record by id with its newer version', () => {
    const b2 = { ...b, version: 2, status: 'decided' as const };
    expect(upsertRecent([b, a], b2)).toEqual([b2, a]);
  });

  it('never lets an older version overwrite a newer one', () => {
    const b2 = { ...b, version: 2 };
    expect(upsertRecent([b2, a], b)).toEqual([b2, a]);
  });

  it('caps the list', () => {
    expect(upsertRecent([b, a], c, 2).map((i) => i.id)).toEqual(['c', 'b']);
  });
});

describe('nextCurrent', () => {
  it('takes the first record, a newer version of the same, or a newer swipe', () => {
    expect(nextCurrent(null, a)).toBe(a);
    const a2 = { ...a, version: 2 };
    expect(nextCurrent(a, a2)).toBe(a2);
    expect(nextCurrent(a2, a)).toBe(a2);
    expect(nextCurrent(a, b)).toBe(b);
  });

  it('keeps the traveller on screen when an older crossing is updated', () => {
    expect(nextCurrent(b, { ...a, version: 5 })).toBe(b);
  });
});
