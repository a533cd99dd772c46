/**
 * The officer's decision before it is recorded, as a pure reducer: the panel, its shortcuts and the
 * tests all go through these few transitions.
 *
 *   nothing chosen ──A/S──▶ admit|refer chosen ──Enter──▶ recorded
 *         │                        ▲  Esc: back to nothing chosen
 *         └──R──▶ refuse, reason? ──A…I──▶ refuse with reason ──Enter──▶ recorded
 */
import type { CallInput, Direction, Inspection, Outcome, RefusalReason } from '../contract.js';

export interface DecisionDraft {
  outcome: Outcome | null;
  reason: RefusalReason | null;
  note: string;
}

export const EMPTY_DRAFT: DecisionDraft = { outcome: null, reason: null, note: '' };

export type DraftAction =
  | { type: 'choose'; outcome: Outcome }
  | { type: 'reason'; reason: RefusalReason }
  | { type: 'note'; note: string }
  | { type: 'cancel' }
  | { type: 'reset' };

export function draftReducer(draft: DecisionDraft, action: DraftAction): DecisionDraft {
  switch (action.type) {
    case 'choose':
      if (draft.outcome === action.outcome) return draft;
      return { ...draft, outcome: action.outcome, reason: null };
    case 'reason':
      return draft.outcome === 'refuse' ? { ...draft, reason: action.reason } : draft;
    case 'note':
      return { ...draft, note: action.note };
    case 'cancel':
      return { ...draft, outcome: null, reason: null };
    case 'reset':
      return EMPTY_DRAFT;
  }
}

export function readyToConfirm(draft: DecisionDraft): boolean {
  return draft.outcome !== null && (draft.outcome !== 'refuse' || draft.reason !== null);
}

/** The `inspections.decide` input for this draft, or null when it is not complete or the record is closed. */
export function decideInput(inspection: Inspection, direction: Direction, draft: DecisionDraft): CallInput<'inspections.decide'> | null {
  if (inspection.status !== 'open' || !readyToConfirm(draft) || draft.outcome === null) return null;
  return {
    id: inspection.id,
    version: inspection.version,
    outcome: draft.outcome,
    direction,
    reasonCode: draft.outcome === 'refuse' ? draft.reason : null,
    note: draft.note.trim(),
  };
}
