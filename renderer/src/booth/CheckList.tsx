import { CheckGlyph } from '../components/StatusBadge.js';
import type { Check } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { translateIfKnown, type Translate } from '../i18n/translate.js';

/** A check's name in the UI language; an id this version has no words for is shown as sent. */
export function checkName(id: string, t: Translate): string {
  const named = translateIfKnown(t, `check.${id}`, '');
  if (named) return named;
  const dg = /^chip\.dg_hash_(DG\d{1,2})$/.exec(id);
  return dg ? t('check.chip.dg_hash', { dg: dg[1]! }) : id;
}

/** The chip's own steps (access, authentication, each hash and certificate) under its summary. */
export const isChipStep = (c: Check): boolean => c.id.startsWith('chip.') && c.id !== 'chip.read';

/** The station's English detail, unless it sent a `detailKey` this catalog translates (`checkDetail.<key>`). */
function checkDetail(check: Check, t: Translate): string {
  return check.detailKey ? translateIfKnown(t, `checkDetail.${check.detailKey}`, check.detail) : check.detail;
}

function CheckRow({ c, t }: { c: Check; t: Translate }) {
  return (
    <li className={`check check-${c.status}`} data-testid={`check-${c.id}`} data-status={c.status}>
      <CheckGlyph status={c.status} />
      <span className="check-status">{t(`checkStatus.${c.status}`)}</span>
      <span className="check-name">{checkName(c.id, t)}</span>
      {c.detail && <span className="check-detail">{checkDetail(c, t)}</span>}
    </li>
  );
}

/**
 * The checks, with the chip's twenty-odd steps folded under the chip summary: a step that did not
 * pass is always shown; the passing ones are one keypress away (the summary is a native <details>).
 */
export function CheckList({ checks }: { checks: readonly Check[] }) {
  const { t } = useI18n();
  const chipSteps = checks.filter(isChipStep);
  const problems = chipSteps.filter((c) => c.status !== 'pass');
  const passed = chipSteps.length - problems.length;
  return (
    <section className="card checks" aria-labelledby="checks-heading">
      <header className="card-header">
        <h2 id="checks-heading">{t('checks.heading')}</h2>
      </header>
      {checks.length === 0 ? (
        <p className="empty-state">{t('checks.none')}</p>
      ) : (
        <ul className="check-list">
          {checks
            .filter((c) => !isChipStep(c))
            .map((c) => (
              <CheckRow key={c.id} c={c} t={t} />
            ))
            .flatMap((row) =>
              row.key === 'chip.read' && chipSteps.length > 0
                ? [
                    row,
                    ...problems.map((c) => <CheckRow key={c.id} c={c} t={t} />),
                    <li key="chip-steps" className="check-group">
                      <details data-testid="chip-steps">
                        <summary>{t('checks.chipSteps', { passed: String(passed), total: String(chipSteps.length) })}</summary>
                        <ul className="check-list">
                          {chipSteps
                            .filter((c) => c.status === 'pass')
                            .map((c) => (
                              <CheckRow key={c.id} c={c} t={t} />
                            ))}
                        </ul>
                      </details>
                    </li>,
                  ]
                : [row],
            )}
        </ul>
      )}
    </section>
  );
}
