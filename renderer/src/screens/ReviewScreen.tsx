import { useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { ReferredCrossings } from '../review/ReferredCrossings.js';
import { ReviewCases } from '../review/ReviewCases.js';

const TABS = ['cases', 'crossings'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS = { cases: 'review.tab.cases', crossings: 'review.tab.crossings' } as const;

/**
 * The supervisor's screen. "Cases" is the work: every watch-list hit, failed document check and
 * referral, decided with a written reason (four-eyes for dismissing high-severity cases). "Referred
 * and refused crossings" stays as a second tab: referrals now open cases, but refusals do not, and
 * the supervisor reviews the shift's refusals there.
 */
export function ReviewScreen() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('cases');
  const [refreshToken, setRefreshToken] = useState(0);

  // Arrow keys move between tabs (WAI-ARIA tabs pattern); the order follows the writing direction.
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + 1) % TABS.length]!;
    setTab(next);
    document.getElementById(`review-tab-${next}`)?.focus();
  };

  return (
    <section className="page" aria-labelledby="review-title">
      <header className="page-header">
        <h1 id="review-title">{t('review.title')}</h1>
        <button type="button" className="button" onClick={() => setRefreshToken((n) => n + 1)} data-testid="review-refresh">
          {t('common.refresh')}
        </button>
      </header>
      <div className="tabs" role="tablist" aria-label={t('review.tabs')}>
        {TABS.map((id) => (
          <button
            key={id}
            id={`review-tab-${id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === id}
            aria-controls={`review-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            data-testid={`review-tab-${id}`}
            onClick={() => setTab(id)}
            onKeyDown={onTabKey}
          >
            {t(TAB_LABELS[id])}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`review-panel-${tab}`} aria-labelledby={`review-tab-${tab}`}>
        {tab === 'cases' ? <ReviewCases refreshToken={refreshToken} /> : <ReferredCrossings refreshToken={refreshToken} />}
      </div>
    </section>
  );
}
