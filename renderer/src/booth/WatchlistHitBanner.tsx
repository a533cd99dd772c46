import type { Check } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { checkName } from './CheckList.js';

/**
 * A watch-list hit, above the traveller: what the officer must do (the check's detail is the
 * instruction, never the raw alert), which list said so, and that a supervisor case is open.
 */
export function WatchlistHitBanner({ hits }: { hits: readonly Check[] }) {
  const { t } = useI18n();
  if (hits.length === 0) return null;
  return (
    <div className="hit-banner" role="alert" data-testid="watchlist-hit-banner">
      <span className="hit-icon" aria-hidden="true">
        !
      </span>
      <div className="hit-body">
        <p className="hit-title">{t('hit.title')}</p>
        <ul className="hit-list">
          {hits.map((h) => (
            <li key={h.id} data-testid={`watchlist-hit-${h.id}`}>
              <span className="hit-instruction">
                <bdi>{h.detail}</bdi>
              </span>
              <span className="hit-list-name">{checkName(h.id, t)}</span>
            </li>
          ))}
        </ul>
        <p className="hit-case">{t('hit.caseOpened')}</p>
      </div>
    </div>
  );
}
