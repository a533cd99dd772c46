import { useEffect, useState } from 'react';
import { useConnection } from '../app/api-context.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Shown only while the station cannot be reached: the officer keeps working and sees why a call failed. */
export function ConnectionBanner() {
  const { state, retryNow } = useConnection();
  const { t } = useI18n();
  const seconds = useCountdown(state.kind === 'offline' ? state.retryInMs : 0, state);

  if (state.kind === 'online' || (state.kind === 'connecting' && state.attempt <= 1)) return null;

  let detail: string;
  switch (state.kind) {
    case 'refused':
      detail = t('connection.refused');
      break;
    case 'no-token':
      detail = t('connection.noToken');
      break;
    case 'closed':
      detail = t('connection.closed');
      break;
    case 'connecting':
      detail = t('connection.reconnecting');
      break;
    case 'offline':
      detail = seconds > 0 ? t('connection.retryingIn', { seconds }) : t('connection.reconnecting');
      break;
  }
  const canRetry = state.kind === 'offline';
  return (
    <div className="connection-banner" role="alert" data-testid="station-unreachable" data-state={state.kind}>
      <span className="banner-icon" aria-hidden="true">
        !
      </span>
      <strong>{t('connection.unreachable')}</strong>
      <span>{detail}</span>
      {canRetry && (
        <button type="button" className="button button-small" onClick={retryNow}>
          {t('connection.retryNow')}
        </button>
      )}
    </div>
  );
}

function useCountdown(totalMs: number, key: unknown): number {
  const [left, setLeft] = useState(Math.ceil(totalMs / 1000));
  useEffect(() => {
    const end = Date.now() + totalMs;
    setLeft(Math.ceil(totalMs / 1000));
    if (totalMs <= 0) return;
    const timer = setInterval(() => setLeft(Math.max(0, Math.ceil((end - Date.now()) / 1000))), 250);
    return () => clearInterval(timer);
  }, [totalMs, key]);
  return left;
}
