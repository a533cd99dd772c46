import { describe, expect, it } from 'vitest';
import type { Inspection } from '../contract.js';
import { decideInput, draftReducer, EMPTY_DRAFT, needsHitAcknowledgement, readyToConfirm, type DecisionDraft, type DraftAction } from './decision-draft.js';

const inspection: Inspection = {
  id: '01936b2e-8f3c-7a4b-9c2d-0123456789ab',
  version: 3,
  stationId: 'st-1',
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:01.000Z',
  officerId: null,
  sourceDeviceId: 'reader-1',
  document: null,
  checks: [],
  status: 'open',
  decision: null,
};

function run(...actions: DraftAction[]): DecisionDraft {
  return actions.reduce(draftReducer, EMPTY_DRAFT);
}

describe('decision draft', () => {
  it('admit and refer are ready to confirm at once', () => {
    expect(readyToConfirm(run({ type: 'choose', outcome: 'admit' }))).toBe(true);
    expect(readyToConfirm(run({ type: 'choose', outcome: 'refer' }))).toBe(true);
  });

  it('a refusal needs a reason before it can be confirmed', () => {
    const refusing = run({ type: 'choose', outcome: 'refuse' });
    expect(readyToConfirm(refusing)).toBe(false);
    expect(decideInput(inspection, 'entry', refusing)).toBeNull();
    const withReason = draftReducer(refusing, { type: 'reason', reason: 'C' });
    expect(decideInput(inspection, 'entry', withReason)).toEqual({
      id: inspection.id,
      version: 3,
      outcome: 'refuse',
      direction: 'entry',
      reasonCode: 'C',
      note: '',
    });
  });

  it('ignores a reason unless refusing, and drops it when the outcome changes', () => {
    expect(run({ type: 'choose', outcome: 'admit' }, { type: 'reason', reason: 'A' }).reason).toBeNull();
    expect(run({ type: 'choose', outcome: 'refuse' }, { type: 'reason', reason: 'A' }, { type: 'choose', outcome: 'refer' }).reason).toBeNull();
  });

  it('cancel clears the choice but keeps the note being written', () => {
    const d = run({ type: 'note', note: 'checked visa' }, { type: 'choose', outcome: 'refuse' }, { type: 'reason', reason: 'B' }, { type: 'cancel' });
    expect(d).toEqual({ outcome: null, reason: null, note: 'checked visa', admitDespiteHit: false });
  });

  it('sends the version the officer saw, the direction, and a trimmed note', () => {
    const d = run({ type: 'choose', outcome: 'admit' }, { type: 'note', note: '  ok  ' });
    expect(decideInput(inspection, 'exit', d)).toMatchObject({ outcome: 'admit', direction: 'exit', version: 3, reasonCode: null, note: 'ok' });
  });

  it('never builds a decision for a record that is already decided', () => {
    const decided: Inspection = { ...inspection, status: 'decided' };
    expect(decideInput(decided, 'entry', run({ type: 'choose', outcome: 'admit' }))).toBeNull();
  });

  describe('while a watch-list hit is shown', () => {
    it('admit needs a second, deliberate key before Enter can record it', () => {
      const chosen = run({ type: 'choose', outcome: 'admit' });
      expect(needsHitAcknowledgement(chosen, true)).toBe(true);
      expect(readyToConfirm(chosen, true)).toBe(false);
      expect(decideInput(inspection, 'entry', chosen, true)).toBeNull();
      const acknowledged = draftReducer(chosen, { type: 'acknowledgeHit' });
      expect(readyToConfirm(acknowledged, true)).toBe(true);
      expect(decideInput(inspection, 'entry', acknowledged, true)).toMatchObject({ outcome: 'admit' });
    });

    it('refusing or referring a listed traveller takes no extra key', () => {
      expect(readyToConfirm(run({ type: 'choose', outcome: 'refer' }), true)).toBe(true);
      expect(readyToConfirm(run({ type: 'choose', outcome: 'refuse' }, { type: 'reason', reason: 'H' }), true)).toBe(true);
    });

    it('the acknowledgement only counts for admit, and is lost when the choice changes or is cancelled', () => {
      expect(run({ type: 'choose', outcome: 'refer' }, { type: 'acknowledgeHit' }).admitDespiteHit).toBe(false);
      const changed = run({ type: 'choose', outcome: 'admit' }, { type: 'acknowledgeHit' }, { type: 'choose', outcome: 'refer' }, { type: 'choose', outcome: 'admit' });
      expect(readyToConfirm(changed, true)).toBe(false);
      expect(run({ type: 'choose', outcome: 'admit' }, { type: 'acknowledgeHit' }, { type: 'cancel' }).admitDespiteHit).toBe(false);
    });

    it('a hit that appears after admit was chosen clears the choice; other choices stay', () => {
      expect(run({ type: 'choose', outcome: 'admit' }, { type: 'acknowledgeHit' }, { type: 'hitShown' })).toEqual(EMPTY_DRAFT);
      expect(run({ type: 'choose', outcome: 'refer' }, { type: 'hitShown' }).outcome).toBe('refer');
    });

    it('without a hit, admit is ready at once as before', () => {
      expect(needsHitAcknowledgement(run({ type: 'choose', outcome: 'admit' }), false)).toBe(false);
    });
  });
});
