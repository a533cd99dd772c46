import { describe, expect, it } from 'vitest';
import type { ReviewCase } from '../contract.js';
import {
  canDecide,
  casesFor,
  countsByFilter,
  decideCaseInput,
  draftIsStale,
  evidenceBar,
  fourEyes,
  mergeCases,
  moveSelection,
  nextStatus,
  reasonReady,
  reconcileSelection,
  startVerdict,
  upsertCase,
} from './case-queue.js';

const SAM = 'user-sam';
const ANA = 'user-ana';

let seq = 0;
function makeCase(overrides: Partial<ReviewCase> = {}): ReviewCase {
  seq++;
  const n = String(seq).padStart(4, '0');
  return {
    id: `01936b2e-${n}-7a4b-9c2d-0123456789ab`,
    version: 1,
    inspectionId: '01936b2e-8f3c-7a4b-9c2d-0123456789ff',
    createdAt: `2026-11-27T10:${String(seq % 60).padStart(2, '0')}:00.000Z`,
    updatedAt: '2026-11-27T10:00:00.000Z',
    source: 'watchlist.documents',
    severity: 'high',
    status: 'open',
    instruction: 'Refer to supervisor: document reported stolen (INTERPOL SLTD)',
    alert: { list: 'SLTD', reference: 'X-1' },
    score: null,
    explanation: [],
    traveller: null,
    decisions: [],
    ...overrides,
  };
}

const dismissedBySam = (c: Partial<ReviewCase> = {}): ReviewCase =>
  makeCase({
    status: 'awaiting_second',
    version: 2,
    decisions: [{ verdict: 'dismiss', reason: 'not the same person', decidedBy: SAM, decidedByName: 'SAM', decidedAt: '2026-11-27T11:00:00.000Z' }],
    ...c,
  });

describe('queue filters', () => {
  const open = makeCase({ createdAt: '2026-11-27T09:00:00.000Z' });
  const newer = makeCase({ createdAt: '2026-11-27T09:30:00+01:00' }); // 08:30Z: older than `open`, whatever the string says
  const waiting = dismissedBySam();
  const confirmed = makeCase({ status: 'confirmed' });
  const dismissed = makeCase({ status: 'dismissed' });
  const all = [newer, confirmed, waiting, open, dismissed];

  it('shows open, awaiting-second and closed (confirmed + dismissed) cases apart', () => {
    expect(casesFor(all, 'open').map((c) => c.id)).toEqual([open.id, newer.id]);
    expect(casesFor(all, 'awaiting_second')).toEqual([waiting]);
    expect(casesFor(all, 'closed').map((c) => c.status).sort()).toEqual(['confirmed', 'dismissed']);
    expect(countsByFilter(all)).toEqual({ open: 2, awaiting_second: 1, closed: 2 });
  });

  it('a review.updated event moves a case between filters, and a late older version is ignored', () => {
    const decided = { ...open, version: 2, status: 'confirmed' as const };
    const after = upsertCase(all, decided);
    expect(casesFor(after, 'open').map((c) => c.id)).toEqual([newer.id]);
    expect(casesFor(after, 'closed').map((c) => c.id)).toContain(open.id);
    expect(upsertCase(after, open)).toEqual(after);
    expect(after).toHaveLength(all.length);
  });

  it('a reload merges with what events already brought in', () => {
    const v3 = { ...waiting, version: 3, status: 'dismissed' as const };
    const merged = mergeCases([v3], [waiting, open]);
    expect(merged.find((c) => c.id === waiting.id)?.version).toBe(3);
    expect(merged).toHaveLength(2);
  });
});

describe('keyboard selection', () => {
  const ids = ['a', 'b', 'c'];

  it('moves down and up one row, and stops at either end', () => {
    expect(moveSelection(ids, 'a', 1)).toBe('b');
    expect(moveSelection(ids, 'c', 1)).toBe('c');
    expect(moveSelection(ids, 'b', -1)).toBe('a');
    expect(moveSelection(ids, 'a', -1)).toBe('a');
  });

  it('with nothing selected, down takes the first row and up the last; an empty queue selects nothing', () => {
    expect(moveSelection(ids, null, 1)).toBe('a');
    expect(moveSelection(ids, null, -1)).toBe('c');
    expect(moveSelection(ids, 'gone', 1)).toBe('a');
    expect(moveSelection([], null, 1)).toBeNull();
  });

  it('keeps the selection on its case when rows are added or move', () => {
    expect(reconcileSelection(ids, ['new', 'a', 'b', 'c'], 'b')).toBe('b');
  });

  it('when the selected case leaves the filter (it was decided), selects the row that took its place', () => {
    expect(reconcileSelection(ids, ['a', 'c'], 'b')).toBe('c');
    expect(reconcileSelection(ids, ['a', 'b'], 'c')).toBe('b');
    expect(reconcileSelection(['a', 'b', 'c', 'd'], ['a', 'd'], 'b')).toBe('d');
    expect(reconcileSelection(ids, [], 'b')).toBeNull();
  });

  it('selects the first row when the queue first loads', () => {
    expect(reconcileSelection([], ids, null)).toBe('a');
  });
});

describe('four-eyes', () => {
  it('says nothing for an open or closed case', () => {
    expect(fourEyes(makeCase(), SAM)).toEqual({ kind: 'none' });
    expect(fourEyes(makeCase({ status: 'dismissed' }), SAM)).toEqual({ kind: 'none' });
  });

  it('names the first supervisor to everyone else, who may decide', () => {
    const c = dismissedBySam();
    expect(fourEyes(c, ANA)).toEqual({ kind: 'other', name: 'SAM', at: '2026-11-27T11:00:00.000Z' });
    expect(canDecide(c, ANA)).toBe(true);
  });

  it('tells the first supervisor a different one must decide, and does not let them', () => {
    const c = dismissedBySam();
    expect(fourEyes(c, SAM).kind).toBe('you');
    expect(canDecide(c, SAM)).toBe(false);
    expect(decideCaseInput(c, startVerdict(c, 'dismiss', 'I insist, again'), SAM)).toBeNull();
  });

  it('still warns when the station sent no dismissal with an awaiting case', () => {
    expect(fourEyes(makeCase({ status: 'awaiting_second' }), ANA)).toMatchObject({ kind: 'other', name: null });
  });

  it('dismissing an open high-severity case only asks for a second supervisor', () => {
    expect(nextStatus({ status: 'open', severity: 'high' }, 'dismiss')).toBe('awaiting_second');
    expect(nextStatus({ status: 'open', severity: 'medium' }, 'dismiss')).toBe('dismissed');
    expect(nextStatus({ status: 'open', severity: 'high' }, 'confirm')).toBe('confirmed');
    expect(nextStatus({ status: 'awaiting_second', severity: 'high' }, 'dismiss')).toBe('dismissed');
    expect(nextStatus({ status: 'awaiting_second', severity: 'high' }, 'confirm')).toBe('confirmed');
  });

  it('a closed case cannot be decided', () => {
    expect(canDecide(makeCase({ status: 'confirmed' }), ANA)).toBe(false);
  });
});

describe('the written reason and the decision sent', () => {
  it('needs at least five characters after trimming', () => {
    expect(reasonReady('    ok  ')).toBe(false);
    expect(reasonReady('  fine ')).toBe(false);
    expect(reasonReady('false hit')).toBe(true);
    expect(reasonReady('x'.repeat(2001))).toBe(false);
  });

  it('sends the version seen when the verdict was chosen, and the trimmed reason', () => {
    const c = makeCase({ version: 4 });
    const draft = startVerdict(c, 'confirm', '  same person, same DOB  ');
    expect(decideCaseInput(c, draft, ANA)).toEqual({ id: c.id, version: 4, verdict: 'confirm', reason: 'same person, same DOB' });
    expect(decideCaseInput(c, { ...draft, reason: 'no' }, ANA)).toBeNull();
  });

  it('a live update after the verdict was chosen makes the draft stale (the station will answer CONFLICT)', () => {
    const c = makeCase({ version: 4 });
    const draft = startVerdict(c, 'dismiss');
    expect(draftIsStale(c, draft)).toBe(false);
    const updated = { ...c, version: 5 };
    expect(draftIsStale(updated, draft)).toBe(true);
    expect(decideCaseInput(updated, { ...draft, reason: 'not listed person' }, ANA)?.version).toBe(4);
    expect(draftIsStale(updated, null)).toBe(false);
  });
});

describe('explanation bars', () => {
  it('sizes by the absolute value (capped at 1) and keeps the direction', () => {
    expect(evidenceBar(0.87)).toEqual({ sign: 'plus', size: 0.87 });
    expect(evidenceBar(-0.05)).toEqual({ sign: 'minus', size: 0.05 });
    expect(evidenceBar(0)).toEqual({ sign: 'zero', size: 0 });
    expect(evidenceBar(3)).toEqual({ sign: 'plus', size: 1 });
    expect(evidenceBar(null)).toBeNull();
    expect(evidenceBar(Number.NaN)).toBeNull();
  });
});
