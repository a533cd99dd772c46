import { describe, expect, it } from 'vitest';
import type { Inspection } from '../contract.js';
import { decideInput, draftReducer, EMPTY_DRAFT, readyToConfirm, type DecisionDraft, type DraftAction } from './decision-draft.js';

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
    expect(d).toEqual({ outcome: null, reason: null, note: 'checked visa' });
  });

  it('sends the version the officer saw, the direction, and a trimmed note', () => {
    const d = run({ type: 'choose', outcome: 'admit' }, { type: 'note', note: '  ok  ' });
    expect(decideInput(inspection, 'exit', d)).toMatchObject({ outcome: 'admit', direction: 'exit', version: 3, reasonCode: null, note: 'ok' });
  });

  it('never builds a decision for a record that is already decided', () => {
    const decided: Inspection = { ...inspection, status: 'decided' };
    expect(decideInput(decided, 'entry', run({ type: 'choose', outcome: 'admit' }))).toBeNull();
  });
});
