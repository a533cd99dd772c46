import type { ReviewStatus, ReviewVerdict, Severity } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * Case status, severity and verdicts: each a glyph with its own shape plus the word, never the
 * colour alone. Severity is drawn as a level (one, two or three filled blocks) as well as named.
 */
const STATUS_GLYPHS: Record<ReviewStatus, string> = { open: '○', awaiting_second: '◐', confirmed: '✓', dismissed: '–' };
const SEVERITY_GLYPHS: Record<Severity, string> = { low: '▮▯▯', medium: '▮▮▯', high: '▮▮▮' };
const VERDICT_GLYPHS: Record<ReviewVerdict, string> = { confirm: '✓', dismiss: '–' };

export function CaseStatusBadge({ status }: { status: ReviewStatus }) {
  const { t } = useI18n();
  return (
    <span className={`case-badge case-status-${status}`}>
      <span className="case-badge-glyph" aria-hidden="true">
        {STATUS_GLYPHS[status]}
      </span>
      {t(`reviewStatus.${status}`)}
    </span>
  );
}

export function SeverityBadge({ severity, long = false }: { severity: Severity; long?: boolean }) {
  const { t } = useI18n();
  const word = t(`severity.${severity}`);
  return (
    <span className={`case-badge severity-${severity}`}>
      <span className="case-badge-glyph severity-level" aria-hidden="true">
        {SEVERITY_GLYPHS[severity]}
      </span>
      {long ? t('review.severity', { level: word }) : word}
    </span>
  );
}

export function VerdictBadge({ verdict }: { verdict: ReviewVerdict }) {
  const { t } = useI18n();
  return (
    <span className={`case-badge verdict-${verdict}`}>
      <span className="case-badge-glyph" aria-hidden="true">
        {VERDICT_GLYPHS[verdict]}
      </span>
      {t(`verdict.${verdict}`)}
    </span>
  );
}
