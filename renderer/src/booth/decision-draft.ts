/**
 * The officer's decision before it is recorded, as a pure reducer: the panel, its shortcuts and the
 * tests all go through these few transitions.
 *
 *   nothing chosen ──A/S──▶ admit|refer chosen ──Enter──▶ recorded
 *         │                        ▲  Esc: back to nothing chosen
 *         └──R──▶ refuse, reason? ──A…I──▶ refuse with reason ──Enter──▶ recorded
 *
 * While a watch-list hit is shown, admitting takes one more, deliberate key: A chooses admit, A
 * again acknowledges the hit ("admit despite the hit"), and only then does Enter record it.
 */
import type { CallInput, Direction, Inspection, Outcome, RefusalReason } from '../contract.js';

export interface DecisionDraft {
  outcome: Outcome | null;
  reason: RefusalReason | null;
  note: string;
  /** The officer acknowledged the watch-list hit and still means to admit. */
  admitDespiteHit: boolean;
}

export const EMPTY_DRAFT: DecisionDraft = { outcome: null, reason: null, note: '', admitDespiteHit: false };

export type DraftAction =
  | { type: 'choose'; outcome: Outcome }
  | { type: 'reason'; reason: RefusalReason }
  | { type: 'note'; note: string }
  /** Choosing admit again while it is chosen: the second, deliberate key that overrides a hit. */
  | { type: 'acknowledgeHit' }
  /** A watch-list hit appeared (its check finished) while the officer was deciding. */
  | { type: 'hitShown' }
  | { type: 'cancel' }
  | { type: 'reset' };

export function draftReducer(draft: DecisionDraft, action: DraftAction): DecisionDraft {
  switch (action.type) {
    case 'choose':
      if (draft.outcome === action.outcome) return draft;
      return { ...draft, outcome: action.outcome, reason: null, admitDespiteHit: false };
    case 'acknowledgeHit':
      return draft.outcome === 'admit' ? { ...draft, admitDespiteHit: true } : draft;
    case 'hitShown':
      // An admission chosen before the hit was on screen must be chosen again, knowingly.
      return draft.outcome === 'admit' ? { ...draft, outcome: null, reason: null, admitDespiteHit: false } : draft;
    case 'reason':
      return draft.outcome === 'refuse' ? { ...draft, reason: action.reason } : draft;
    case 'note':
      return { ...draft, note: action.note };
    case 'cancel':
      return { ...draft, outcome: null, reason: null, admitDespiteHit: false };
    case 'reset':
      return EMPTY_DRAFT;
  }
}

/** Admit was chosen while a watch-list hit is shown, and the hit is not acknowledged yet. */
export function needsHitAcknowledgement(draft: DecisionDraft, hit: boolean): boolean {
  return hit && draft.outcome === 'admit' && !draft.admitDespiteHit;
}

/** `hit`: a watch-list hit is shown for this traveller, so admitting needs the extra acknowledgement. */
export function readyToConfirm(draft: DecisionDraft, hit = false): boolean {
  return draft.outcome !== null && (draft.outcome !== 'refuse' || draft.reason !== null) && !needsHitAcknowledgement(draft, hit);
}

/** The `inspections.decide` input for this draft, or null when it is not complete or the record is closed. */
export function decideInput(inspection: Inspection, direction: Direction, draft: DecisionDraft, hit = false): CallInput<'inspections.decide'> | null {
  if (inspection.status !== 'open' || !readyToConfirm(draft, hit) || draft.outcome === null) return null;
  return {
    id: inspection.id,
    version: inspection.version,
    outcome: draft.outcome,
    direction,
    reasonCode: draft.outcome === 'refuse' ? draft.reason : null,
    note: draft.note.trim(),
  };
}
