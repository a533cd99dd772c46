import { useCallback, useEffect, useState } from 'react';
import { useApi, useOnReconnect } from '../app/api-context.js';
import { CheckGlyph } from '../components/StatusBadge.js';
import type { WatchlistStatus } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { Formatters } from '../i18n/format.js';
import type { Translate } from '../i18n/translate.js';
import { ageOf, freshness, WATCHLIST_REFRESH_MS } from './watchlist.js';

const AGE_UNITS = { minutes: 'minute', hours: 'hour', days: 'day' } as const;

function ageText(iso: string | null, now: number, t: Translate, fmt: Formatters): string {
  const age = ageOf(iso, now);
  if (!age) return t('watchlists.age.unknown');
  if (age.unit === 'justNow') return t('watchlists.age.justNow');
  return t('watchlists.updated', { ago: fmt.ago(age.n, AGE_UNITS[age.unit]) });
}

/**
 * One chip per watch-list in the device strip: how many records, how old, and a warning when it is
 * out of date. No list at all is a warning of its own: the watch-list checks cannot run. Re-read on
 * reconnect and every minute (which also moves the "updated … ago" on).
 */
export function WatchlistChips() {
  const api = useApi();
  const { t, fmt } = useI18n();
  const [state, setState] = useState<{ lists: WatchlistStatus[]; at: number } | null>(null);

  const load = useCallback(() => {
    api.invoke('watchlists.status', {}).then(
      (lists) => setState({ lists, at: Date.now() }),
      // Unknown while the station cannot answer: nothing is shown rather than a false "none".
      () => undefined,
    );
  }, [api]);
  useEffect(() => {
    load();
    const timer = setInterval(load, WATCHLIST_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  useOnReconnect(load);

  if (state === null) return null;
  const { lists, at } = state;

  if (lists.length === 0) {
    return (
      <ul aria-label={t('watchlists.label')}>
        <li className="device-pill watchlist-chip watchlist-none" data-testid="watchlist-none" data-status="none">
          <CheckGlyph status="warn" />
          <span className="device-status">{t('watchlists.none')}</span>
          <span className="watchlist-meta">{t('watchlists.noneDetail')}</span>
        </li>
      </ul>
    );
  }

  return (
    <ul aria-label={t('watchlists.label')}>
      {lists.map((list) => {
        const fresh = freshness(list, at);
        const staleText =
          fresh.state === 'stale'
            ? (fresh.reason ?? (fresh.expired && list.expiresAt ? t('watchlists.expired', { time: fmt.dateTime(list.expiresAt) }) : null))
            : null;
        return (
          <li
            key={list.listId}
            className={`device-pill watchlist-chip watchlist-${fresh.state}`}
            data-testid={`watchlist-chip-${list.kind}`}
            data-status={fresh.state}
            data-list-id={list.listId}
            title={t('watchlists.details', { source: list.source, listId: list.listId, version: list.version ?? '–' })}
          >
            <CheckGlyph status={fresh.state === 'fresh' ? 'pass' : 'warn'} />
            <span className="device-name">{t(`watchlistKind.${list.kind}`)}</span>
            <span className="device-status">{t(fresh.state === 'fresh' ? 'watchlists.current' : 'watchlists.stale')}</span>
            <span className="watchlist-meta">
              {t('watchlists.records', { count: list.records })} · {ageText(list.builtAt, at, t, fmt)}
            </span>
            {staleText && (
              <span className="watchlist-stale-reason" data-testid={`watchlist-stale-${list.kind}`}>
                <bdi>{staleText}</bdi>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
