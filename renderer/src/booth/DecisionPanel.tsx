import { useId, type Dispatch } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { ariaShortcut, Kbd, shortcutText } from '../components/Kbd.js';
import type { ContractErrorShape, Direction, Inspection, Outcome, RefusalReason } from '../contract.js';
import { REFUSAL_REASONS } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { Shortcut } from '../keyboard/shortcuts.js';
import { useShortcuts } from '../keyboard/use-shortcuts.js';
import { needsHitAcknowledgement, readyToConfirm, type DecisionDraft, type DraftAction } from './decision-draft.js';
import { BOOTH_KEYS, reasonDigit } from './booth-keys.js';

interface DecisionPanelProps {
  inspection: Inspection | null;
  direction: Direction;
  onDirection: (direction: Direction) => void;
  draft: DecisionDraft;
  dispatch: Dispatch<DraftAction>;
  /** A watch-list hit is shown for this traveller: admitting needs a second, deliberate press of A. */
  hit: boolean;
  onConfirm: () => void;
  saving: boolean;
  error: ContractErrorShape | null;
  /** False while a dialog is open over the booth. */
  keyboardActive: boolean;
}

const OUTCOME_KEYS: Record<Outcome, string> = { admit: BOOTH_KEYS.admit, refuse: BOOTH_KEYS.refuse, refer: BOOTH_KEYS.refer };
const OUTCOME_LABELS = { admit: 'decision.admit', refuse: 'decision.refuse', refer: 'decision.refer' } as const;

export function DecisionPanel(props: DecisionPanelProps) {
  const { inspection, direction, onDirection, draft, dispatch, hit, onConfirm, saving, error, keyboardActive } = props;
  const { t, fmt } = useI18n();
  const noteId = useId();
  const open = inspection?.status === 'open';
  const canDecide = open && !saving;
  const choosingReason = draft.outcome === 'refuse';
  const ready = canDecide && readyToConfirm(draft, hit);
  const awaitingHitKey = canDecide && needsHitAcknowledgement(draft, hit);

  /** A (or a click on Admit): choose admit; with a hit on screen and admit already chosen, acknowledge the hit. */
  const choose = (o: Outcome) =>
    dispatch(o === 'admit' && hit && draft.outcome === 'admit' ? { type: 'acknowledgeHit' } : { type: 'choose', outcome: o });

  const shortcuts: Shortcut[] = choosingReason
    ? [
        // While a refusal reason is being chosen, the letters A–I mean reasons (as printed on the
        // Annex V form), so `A` cannot also mean "admit" here; digits 1–9 work as well.
        ...REFUSAL_REASONS.flatMap((reason): Shortcut[] => [
          { combo: reason.toLowerCase(), run: () => dispatch({ type: 'reason', reason }), enabled: () => canDecide },
          { combo: reasonDigit(reason), run: () => dispatch({ type: 'reason', reason }), enabled: () => canDecide },
        ]),
        { combo: BOOTH_KEYS.confirm, run: onConfirm, enabled: () => ready },
        { combo: BOOTH_KEYS.cancel, run: () => dispatch({ type: 'cancel' }), allowInInputs: true, enabled: () => !saving },
      ]
    : [
        { combo: BOOTH_KEYS.entry, run: () => onDirection('entry'), enabled: () => !saving },
        { combo: BOOTH_KEYS.exit, run: () => onDirection('exit'), enabled: () => !saving },
        { combo: BOOTH_KEYS.admit, run: () => choose('admit'), enabled: () => canDecide },
        { combo: BOOTH_KEYS.refuse, run: () => choose('refuse'), enabled: () => canDecide },
        { combo: BOOTH_KEYS.refer, run: () => choose('refer'), enabled: () => canDecide },
        { combo: BOOTH_KEYS.confirm, run: onConfirm, enabled: () => ready },
        { combo: BOOTH_KEYS.cancel, run: () => dispatch({ type: 'cancel' }), allowInInputs: true, enabled: () => draft.outcome !== null && !saving },
      ];
  useShortcuts(shortcuts, { active: keyboardActive });

  const decision = inspection?.decision ?? null;
  const statusState = !inspection ? 'none' : inspection.status;

  return (
    <section className="card decision" aria-labelledby="decision-heading">
      <header className="card-header">
        <h2 id="decision-heading">{t('decision.heading')}</h2>
      </header>

      <div
        className={`decision-status decision-status-${statusState}${decision ? ` decision-status-${decision.outcome}` : ''}`}
        data-testid="decision-status"
        data-state={statusState}
        data-outcome={decision?.outcome}
        role="status"
      >
        {!inspection ? (
          t('decision.nothing')
        ) : decision ? (
          <>
            <strong>
              {t('decision.statusDecided', { outcome: t(`outcome.${decision.outcome}`), direction: t(`direction.${decision.direction}`) })}
            </strong>
            {decision.reasonCode && (
              <span>{t('decision.decidedReason', { code: decision.reasonCode, label: t(`reason.${decision.reasonCode}`) })}</span>
            )}
            <span className="muted">{t('decision.decidedAt', { time: fmt.dateTime(decision.decidedAt) })}</span>
          </>
        ) : (
          <strong>{t('decision.statusOpen')}</strong>
        )}
      </div>

      <fieldset className="segmented" disabled={saving}>
        <legend>{t('decision.direction')}</legend>
        {(['entry', 'exit'] as const).map((d) => (
          <button
            key={d}
            type="button"
            className="button segment"
            aria-pressed={direction === d}
            aria-keyshortcuts={ariaShortcut(d === 'entry' ? BOOTH_KEYS.entry : BOOTH_KEYS.exit)}
            data-testid={`direction-${d}`}
            onClick={() => onDirection(d)}
          >
            <span className="segment-check" aria-hidden="true">
              {direction === d ? '●' : '○'}
            </span>
            {t(`direction.${d}`)}
            <Kbd combo={d === 'entry' ? BOOTH_KEYS.entry : BOOTH_KEYS.exit} />
          </button>
        ))}
      </fieldset>

      <fieldset className="outcomes" disabled={!canDecide}>
        <legend>{t('decision.outcome')}</legend>
        {(['admit', 'refuse', 'refer'] as const).map((o) => (
          <button
            key={o}
            type="button"
            className={`button outcome outcome-${o}`}
            aria-pressed={draft.outcome === o}
            aria-keyshortcuts={ariaShortcut(OUTCOME_KEYS[o])}
            data-testid={`decision-${o}`}
            onClick={() => choose(o)}
          >
            <span className="outcome-label">{t(OUTCOME_LABELS[o])}</span>
            <Kbd combo={OUTCOME_KEYS[o]} />
          </button>
        ))}
      </fieldset>

      {choosingReason && canDecide && (
        <fieldset className="reasons" data-testid="refusal-reasons">
          <legend>{t('decision.reasonHeading')}</legend>
          <p className="field-hint">{t('decision.reasonHint')}</p>
          {REFUSAL_REASONS.map((reason: RefusalReason) => (
            <button
              key={reason}
              type="button"
              className="button reason"
              aria-pressed={draft.reason === reason}
              aria-keyshortcuts={`${reason} ${reasonDigit(reason)}`}
              data-testid={`refusal-reason-${reason}`}
              onClick={() => dispatch({ type: 'reason', reason })}
            >
              <Kbd combo={reason} />
              <span>{t(`reason.${reason}`)}</span>
            </button>
          ))}
        </fieldset>
      )}

      {draft.outcome !== null && canDecide && (
        <div className="confirm-bar" data-testid="decision-confirm-bar">
          <p className="confirm-summary">
            {draft.reason
              ? t('decision.summaryReason', { outcome: t(OUTCOME_LABELS[draft.outcome]), direction: t(`direction.${direction}`), code: draft.reason })
              : t('decision.summary', { outcome: t(OUTCOME_LABELS[draft.outcome]), direction: t(`direction.${direction}`) })}
          </p>
          {choosingReason && !draft.reason && <p className="field-hint">{t('decision.reasonMissing')}</p>}
          {awaitingHitKey && (
            <div className="message message-error hit-confirm" role="alert" data-testid="decision-hit-warning">
              <span className="message-icon" aria-hidden="true">
                !
              </span>
              <div className="hit-confirm-body">
                <p>{t('decision.hitWarning', { key: shortcutText(BOOTH_KEYS.admit, t) })}</p>
                <button
                  type="button"
                  className="button outcome-admit"
                  data-testid="decision-admit-override"
                  aria-keyshortcuts={ariaShortcut(BOOTH_KEYS.admit)}
                  onClick={() => dispatch({ type: 'acknowledgeHit' })}
                >
                  {t('decision.hitAcknowledge')}
                  <Kbd combo={BOOTH_KEYS.admit} />
                </button>
              </div>
            </div>
          )}
          {hit && draft.outcome === 'admit' && draft.admitDespiteHit && (
            <p className="message message-warn" data-testid="decision-despite-hit">
              <span className="message-icon" aria-hidden="true">
                !
              </span>
              {t('decision.despiteHit')}
            </p>
          )}
          <div className="field">
            <label htmlFor={noteId}>{t('decision.note')}</label>
            <input
              id={noteId}
              type="text"
              maxLength={2000}
              data-testid="decision-note"
              value={draft.note}
              onChange={(e) => dispatch({ type: 'note', note: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && ready) {
                  e.preventDefault();
                  onConfirm();
                }
              }}
            />
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              data-testid="decision-confirm"
              aria-keyshortcuts="Enter"
              disabled={!ready}
              onClick={onConfirm}
            >
              {t('decision.confirm')}
              <Kbd combo={BOOTH_KEYS.confirm} />
            </button>
            <button type="button" className="button" data-testid="decision-cancel" aria-keyshortcuts="Escape" onClick={() => dispatch({ type: 'cancel' })}>
              {t('common.cancel')}
              <Kbd combo={BOOTH_KEYS.cancel} />
            </button>
          </div>
        </div>
      )}

      {saving && (
        <p className="muted" role="status">
          {t('decision.saving')}
        </p>
      )}
      <ErrorMessage error={error} testId="decision-error" />
    </section>
  );
}
