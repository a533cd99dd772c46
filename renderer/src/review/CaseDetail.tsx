import { useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../app/api-context.js';
import { useCallFailure } from '../app/session-context.js';
import { DocumentFacts, Fact } from '../booth/TravellerPanel.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { ariaShortcut, Kbd, shortcutText } from '../components/Kbd.js';
import type { ContractErrorShape, EvidenceLine, ReviewCase, ReviewStatus, ReviewVerdict } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { translateIfKnown, type Translate } from '../i18n/translate.js';
import type { Shortcut } from '../keyboard/shortcuts.js';
import { useShortcuts } from '../keyboard/use-shortcuts.js';
import {
  canDecide,
  decideCaseInput,
  draftIsStale,
  evidenceBar,
  fourEyes,
  isClosed,
  MAX_REASON_LENGTH,
  MIN_REASON_LENGTH,
  nextStatus,
  reasonReady,
  startVerdict,
  type VerdictDraft,
} from './case-queue.js';
import { CaseStatusBadge, SeverityBadge, VerdictBadge } from './ReviewBadges.js';
import { REVIEW_KEYS } from './review-keys.js';

interface CaseDetailProps {
  /** The case as last loaded or pushed by `review.updated`; undefined when it is no longer listed. */
  reviewCase: ReviewCase | undefined;
  userId: string;
  onBack: () => void;
  /** Re-reads the queue from the station (after CONFLICT). */
  onReload: () => void;
  /** The decided case, as the station returned it. */
  onDecided: (updated: ReviewCase) => void;
  keyboardActive: boolean;
}

const VERDICT_KEYS: Record<ReviewVerdict, string> = { confirm: REVIEW_KEYS.confirm, dismiss: REVIEW_KEYS.dismiss };

/** A field name of the alert in the UI language when this version knows it, else as the list sent it. */
function alertFieldName(key: string, t: Translate): string {
  return translateIfKnown(t, `alertField.${key}`, key);
}

/** A feature of the score explanation (or, for document checks, the check) in the UI language, else as sent. */
function featureName(feature: string, t: Translate): string {
  return translateIfKnown(t, `evidenceFeature.${feature}`, translateIfKnown(t, `check.${feature}`, feature));
}

/**
 * One case, with the evidence side by side: the traveller as the document states them on one side,
 * the alert as listed on the other; then the instruction, the score and its explanation, the
 * decisions so far, and the supervisor's own decision (C or D, a written reason, Enter).
 */
export function CaseDetail({ reviewCase: c, userId, onBack, onReload, onDecided, keyboardActive }: CaseDetailProps) {
  const api = useApi();
  const fail = useCallFailure();
  const { t, fmt } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState<VerdictDraft | null>(null);
  /** The reason survives a cancelled or conflicting attempt, so it need not be typed twice. */
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ContractErrorShape | null>(null);
  const [recorded, setRecorded] = useState<ReviewStatus | null>(null);

  // Opening a case puts the focus on its heading, so a screen reader starts from the top of it.
  useEffect(() => headingRef.current?.focus(), [c?.id]);

  const decidable = c ? canDecide(c, userId) : false;
  const ready = c !== undefined && draft !== null && !saving && decideCaseInput(c, { ...draft, reason }, userId) !== null;

  function choose(verdict: ReviewVerdict) {
    if (!c || !decidable || saving) return;
    setError(null);
    setRecorded(null);
    // Switching verdict keeps the version first seen: the supervisor has not re-read anything.
    setDraft((prev) => (prev ? { ...prev, verdict } : startVerdict(c, verdict)));
  }

  function cancel() {
    setDraft(null);
    setError(null);
  }

  async function submit() {
    if (!c || !draft || saving) return;
    const input = decideCaseInput(c, { ...draft, reason }, userId);
    if (!input) return;
    setSaving(true);
    setError(null);
    try {
      const updated = await api.invoke('review.decide', input);
      onDecided(updated);
      setRecorded(updated.status);
      setDraft(null);
      setReason('');
    } catch (e) {
      const err = fail(e);
      setError(err);
      if (err.code === 'CONFLICT' || err.code === 'NOT_FOUND') {
        // Show the latest and make the supervisor choose again, having read it (the reason is kept).
        setDraft(null);
        onReload();
      }
    } finally {
      setSaving(false);
    }
  }

  const shortcuts: Shortcut[] = draft
    ? [
        { combo: REVIEW_KEYS.submit, run: () => void submit(), allowInInputs: true, enabled: () => ready },
        { combo: REVIEW_KEYS.cancel, run: cancel, allowInInputs: true, enabled: () => !saving },
        { combo: REVIEW_KEYS.confirm, run: () => choose('confirm'), enabled: () => decidable && !saving },
        { combo: REVIEW_KEYS.dismiss, run: () => choose('dismiss'), enabled: () => decidable && !saving },
      ]
    : [
        { combo: REVIEW_KEYS.confirm, run: () => choose('confirm'), enabled: () => decidable && !saving },
        { combo: REVIEW_KEYS.dismiss, run: () => choose('dismiss'), enabled: () => decidable && !saving },
        { combo: REVIEW_KEYS.back, run: onBack, allowInInputs: true },
      ];
  useShortcuts(shortcuts, { active: keyboardActive });

  const backButton = (
    <button type="button" className="button" data-testid="review-back" aria-keyshortcuts={ariaShortcut(REVIEW_KEYS.back)} onClick={onBack}>
      {t('review.back')}
      <Kbd combo={REVIEW_KEYS.back} />
    </button>
  );

  if (!c) {
    return (
      <section className="case-detail" data-testid="review-case-detail">
        <div className="case-detail-bar">{backButton}</div>
        <p className="empty-state">{t('review.gone')}</p>
      </section>
    );
  }

  const eyes = fourEyes(c, userId);
  const alertEntries = Object.entries(c.alert);

  return (
    <section className="case-detail" aria-labelledby="case-heading" data-testid="review-case-detail" data-status={c.status} data-id={c.id}>
      <div className="case-detail-bar">
        {backButton}
        <span className="muted">{t('review.openedAt', { time: fmt.dateTime(c.createdAt) })}</span>
      </div>

      <header className="case-header">
        <h2 id="case-heading" ref={headingRef} tabIndex={-1}>
          {t('review.caseHeading', { source: t(`reviewSource.${c.source}`) })}
        </h2>
        <div className="case-badges">
          <CaseStatusBadge status={c.status} />
          <SeverityBadge severity={c.severity} long />
        </div>
      </header>

      <div className="case-instruction-box">
        <p className="case-instruction-label">{t('review.instruction')}</p>
        <p className="case-instruction-text" data-testid="review-instruction">
          <bdi>{c.instruction}</bdi>
        </p>
      </div>

      {eyes.kind !== 'none' && (
        <div className="message message-warn four-eyes" role="status" data-testid="review-four-eyes" data-kind={eyes.kind}>
          <span className="message-icon" aria-hidden="true">
            ◐
          </span>
          <div>
            <p>
              <strong>{t('review.fourEyes.title')}</strong>
            </p>
            <p>
              {eyes.kind === 'you'
                ? t('review.fourEyes.you')
                : eyes.name
                  ? t('review.fourEyes.other', { name: eyes.name })
                  : t('review.fourEyes.unknown')}
            </p>
            <p className="muted">{fmt.dateTime(eyes.at)}</p>
          </div>
        </div>
      )}

      <div className="evidence-grid">
        <section className="card evidence" aria-labelledby="evidence-traveller">
          <header className="card-header">
            <h3 id="evidence-traveller">{t('review.travellerHeading')}</h3>
          </header>
          {c.traveller ? <DocumentFacts document={c.traveller} /> : <p className="empty-state">{t('review.noTraveller')}</p>}
        </section>
        <section className="card evidence" aria-labelledby="evidence-alert" data-testid="review-alert">
          <header className="card-header">
            <h3 id="evidence-alert">{t('review.alertHeading')}</h3>
          </header>
          {alertEntries.length === 0 ? (
            <p className="empty-state">{t('review.alertEmpty')}</p>
          ) : (
            <dl className="facts alert-facts">
              {alertEntries.map(([key, value]) => (
                <Fact key={key} label={alertFieldName(key, t)}>
                  <bdi data-field={key}>{value}</bdi>
                </Fact>
              ))}
            </dl>
          )}
        </section>
      </div>

      <section className="card evidence" aria-labelledby="evidence-score" data-testid="review-score">
        <header className="card-header">
          <h3 id="evidence-score">{t('review.scoreHeading')}</h3>
        </header>
        {c.score === null ? (
          <p className="muted">{t('review.noScore')}</p>
        ) : (
          <p className="score-line">
            <span className="score-label">{t('review.score')}</span>
            <strong className="score-value" dir="ltr">
              {fmt.number(c.score, 2)}
            </strong>
            <meter className="score-meter" min={0} max={1} value={Math.max(0, Math.min(1, c.score))} aria-hidden="true" />
          </p>
        )}
        {c.explanation.length === 0 ? (
          c.score !== null && <p className="muted">{t('review.explanationEmpty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table explanation" data-testid="review-explanation">
              <thead>
                <tr>
                  <th scope="col">{t('col.feature')}</th>
                  <th scope="col">{t('col.detail')}</th>
                  <th scope="col" className="numeric">
                    {t('col.effect')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.explanation.map((line, i) => (
                  <ExplanationRow key={`${line.feature}-${i}`} line={line} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card evidence" aria-labelledby="case-history">
        <header className="card-header">
          <h3 id="case-history">{t('review.historyHeading')}</h3>
        </header>
        {c.decisions.length === 0 ? (
          <p className="muted">{t('review.historyEmpty')}</p>
        ) : (
          <ol className="history" data-testid="review-history">
            {c.decisions.map((d) => (
              <li key={`${d.decidedAt}-${d.decidedBy}`} className="history-item" data-verdict={d.verdict}>
                <p className="history-head">
                  <VerdictBadge verdict={d.verdict} />
                  <span>
                    <bdi>{t('review.decidedBy', { name: d.decidedByName })}</bdi>
                  </span>
                  <span className="muted">{fmt.dateTime(d.decidedAt)}</span>
                </p>
                <blockquote className="history-reason">
                  <bdi>{d.reason}</bdi>
                </blockquote>
              </li>
            ))}
          </ol>
        )}
      </section>

      <DecisionArea
        reviewCase={c}
        eyesKind={eyes.kind}
        decidable={decidable}
        draft={draft}
        reason={reason}
        onReason={setReason}
        onChoose={choose}
        onCancel={cancel}
        onSubmit={() => void submit()}
        ready={ready}
        saving={saving}
        error={error}
        recorded={recorded}
      />
    </section>
  );
}

function ExplanationRow({ line }: { line: EvidenceLine }) {
  const { t, fmt } = useI18n();
  const bar = evidenceBar(line.value);
  return (
    <tr data-feature={line.feature}>
      <th scope="row">{featureName(line.feature, t)}</th>
      <td>
        <bdi>{line.detail}</bdi>
      </td>
      <td className="numeric effect">
        {bar === null || line.value === null ? (
          <span className="muted">–</span>
        ) : (
          <span className={`effect-value effect-${bar.sign}`}>
            <meter className="effect-meter" min={0} max={1} value={bar.size} aria-hidden="true" />
            <span dir="ltr">{fmt.signed(line.value, 2)}</span>
          </span>
        )}
      </td>
    </tr>
  );
}

interface DecisionAreaProps {
  reviewCase: ReviewCase;
  eyesKind: 'none' | 'you' | 'other';
  decidable: boolean;
  draft: VerdictDraft | null;
  reason: string;
  onReason: (reason: string) => void;
  onChoose: (verdict: ReviewVerdict) => void;
  onCancel: () => void;
  onSubmit: () => void;
  ready: boolean;
  saving: boolean;
  error: ContractErrorShape | null;
  recorded: ReviewStatus | null;
}

function DecisionArea(props: DecisionAreaProps) {
  const { reviewCase: c, eyesKind, decidable, draft, reason, onReason, onChoose, onCancel, onSubmit, ready, saving, error, recorded } = props;
  const { t } = useI18n();
  const reasonId = useId();
  const hintId = `${reasonId}-hint`;
  const short = reason.trim().length > 0 && !reasonReady(reason);

  const hints: Record<ReviewVerdict, string> =
    eyesKind === 'other'
      ? { confirm: t('review.overruleHint'), dismiss: t('review.agreeHint') }
      : { confirm: t('review.confirmHint'), dismiss: c.severity === 'high' ? t('review.dismissHintHigh') : t('review.dismissHint') };

  const summary = draft
    ? draft.verdict === 'confirm'
      ? t('review.summary.confirm')
      : nextStatus(c, 'dismiss') === 'awaiting_second'
        ? t('review.summary.dismissFirst')
        : t('review.summary.dismiss')
    : null;

  const errorText = error?.code === 'FORBIDDEN' ? t('review.error.FORBIDDEN') : error?.code === 'CONFLICT' ? t('review.error.CONFLICT') : undefined;

  return (
    <section className="card decision case-decision" aria-labelledby="case-decide">
      <header className="card-header">
        <h3 id="case-decide">{t('review.decideHeading')}</h3>
      </header>

      {recorded && (
        <p className="message message-ok" role="status" data-testid="review-recorded">
          <span className="message-icon" aria-hidden="true">
            ✓
          </span>
          {t('review.recorded', { status: t(`reviewStatus.${recorded}`) })}
        </p>
      )}

      {/* While saving, the change may be this supervisor's own decision, announced before the reply. */}
      {isClosed(c) && draft && !saving && (
        <p className="message message-warn" role="status" data-testid="review-changed" data-closed="">
          <span className="message-icon" aria-hidden="true">
            !
          </span>
          {t('review.closedWhileWriting', { status: t(`reviewStatus.${c.status}`) })}
        </p>
      )}

      {isClosed(c) ? (
        !recorded && (!draft || saving) && <p className="muted">{t('review.closedNotice', { status: t(`reviewStatus.${c.status}`) })}</p>
      ) : (
        <fieldset className="verdicts" disabled={!decidable || saving}>
          {(['confirm', 'dismiss'] as const).map((v) => (
            <div key={v} className="verdict-option">
              <button
                type="button"
                className={`button outcome verdict-button verdict-button-${v}`}
                aria-pressed={draft?.verdict === v}
                aria-keyshortcuts={ariaShortcut(VERDICT_KEYS[v])}
                data-testid={v === 'confirm' ? 'review-confirm' : 'review-dismiss'}
                onClick={() => onChoose(v)}
              >
                <span className="outcome-label">{t(v === 'confirm' ? 'review.confirm' : 'review.dismiss')}</span>
                <Kbd combo={VERDICT_KEYS[v]} />
              </button>
              {decidable && <p className="field-hint">{hints[v]}</p>}
            </div>
          ))}
        </fieldset>
      )}

      {draft && !isClosed(c) && (
        <div className="confirm-bar" data-testid="review-form">
          <p className="confirm-summary">{summary}</p>
          {draftIsStale(c, draft) && !saving && (
            <p className="message message-warn" role="status" data-testid="review-changed">
              <span className="message-icon" aria-hidden="true">
                !
              </span>
              {t('review.changed')}
            </p>
          )}
          <div className={`field${short ? ' field-invalid' : ''}`}>
            <label htmlFor={reasonId}>{t('review.reason')}</label>
            <p className="field-hint" id={hintId}>
              {t('review.reasonHint', {
                min: MIN_REASON_LENGTH,
                enter: shortcutText('Enter', t),
                esc: shortcutText('Escape', t),
              })}
            </p>
            <textarea
              id={reasonId}
              className="reason-input"
              data-testid="review-reason"
              rows={3}
              maxLength={MAX_REASON_LENGTH}
              required
              autoFocus
              aria-describedby={hintId}
              aria-invalid={short ? true : undefined}
              value={reason}
              onChange={(e) => onReason(e.target.value)}
              onKeyDown={(e) => {
                // Enter records (Ctrl+Enter too, through the shortcut layer); Shift+Enter is a new line.
                if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  if (ready) onSubmit();
                }
              }}
            />
            {short && (
              <p className="field-error">
                <span aria-hidden="true">✕ </span>
                {t('review.reasonShort', { min: MIN_REASON_LENGTH })}
              </p>
            )}
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              data-testid="review-submit"
              aria-keyshortcuts={`Enter ${ariaShortcut(REVIEW_KEYS.submit)}`}
              disabled={!ready}
              onClick={onSubmit}
            >
              {t('review.submit')}
              <Kbd combo="Enter" />
            </button>
            <button type="button" className="button" data-testid="review-cancel" aria-keyshortcuts="Escape" onClick={onCancel}>
              {t('common.cancel')}
              <Kbd combo={REVIEW_KEYS.cancel} />
            </button>
          </div>
        </div>
      )}

      {saving && (
        <p className="muted" role="status">
          {t('review.saving')}
        </p>
      )}
      <ErrorMessage error={error} testId="review-error" text={errorText} />
    </section>
  );
}
