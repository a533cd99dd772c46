import { CheckGlyph } from '../components/StatusBadge.js';
import type { Check } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { translateIfKnown, type Translate } from '../i18n/translate.js';

/** A check's name in the UI language; an id this version has no words for is shown as sent. */
export function checkName(id: string, t: Translate): string {
  return translateIfKnown(t, `check.${id}`, id);
}

/** The station's English detail, unless it sent a `detailKey` this catalog translates (`checkDetail.<key>`). */
function checkDetail(check: Check, t: Translate): string {
  return check.detailKey ? translateIfKnown(t, `checkDetail.${check.detailKey}`, check.detail) : check.detail;
}

export function CheckList({ checks }: { checks: readonly Check[] }) {
  const { t } = useI18n();
  return (
    <section className="card checks" aria-labelledby="checks-heading">
      <header className="card-header">
        <h2 id="checks-heading">{t('checks.heading')}</h2>
      </header>
      {checks.length === 0 ? (
        <p className="empty-state">{t('checks.none')}</p>
      ) : (
        <ul className="check-list">
          {checks.map((c) => (
            <li key={c.id} className={`check check-${c.status}`} data-testid={`check-${c.id}`} data-status={c.status}>
              <CheckGlyph status={c.status} />
              <span className="check-status">{t(`checkStatus.${c.status}`)}</span>
              <span className="check-name">{checkName(c.id, t)}</span>
              {c.detail && <span className="check-detail">{checkDetail(c, t)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
