import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { ariaShortcut, Kbd } from '../components/Kbd.js';
import { LanguageSelect } from '../components/LanguageSelect.js';
import { Logo } from '../components/Logo.js';
import { SHELL_KEYS } from '../booth/booth-keys.js';
import type { AuditVerifyResult, ContractErrorShape } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useApi } from './api-context.js';
import { canVerifyAudit, type Screen } from './navigation.js';
import { useCallFailure, useSession } from './session-context.js';

const SCREEN_LABELS = { booth: 'nav.booth', review: 'nav.review', users: 'nav.users', devices: 'nav.devices' } as const;

interface TopBarProps {
  screens: readonly Screen[];
  screen: Screen;
  onScreen: (screen: Screen) => void;
  onLock: () => void;
  onSignOut: () => void;
}

/** Only the screens this role may use are rendered at all: a link that would answer FORBIDDEN is never shown. */
export function TopBar({ screens, screen, onScreen, onLock, onSignOut }: TopBarProps) {
  const { t } = useI18n();
  const { info, user } = useSession();
  return (
    <header className="topbar">
      <div className="brand">
        <Logo />
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-station">{info.stationName}</span>
        {info.simulators && <span className="tag tag-inverse">{t('app.simulatorsOn')}</span>}
      </div>
      <nav className="topnav" aria-label={t('nav.label')}>
        <ul>
          {screens.map((s) => (
            <li key={s}>
              <button type="button" className="topnav-link" data-testid={`nav-${s}`} aria-current={s === screen ? 'page' : undefined} onClick={() => onScreen(s)}>
                {t(SCREEN_LABELS[s])}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="topbar-tools">
        {canVerifyAudit(user.role) && <AuditVerifyButton />}
        <LanguageSelect />
        <span className="topbar-user" data-testid="current-user">
          <bdi>{t('topbar.user', { name: user.displayName, role: t(`role.${user.role}`) })}</bdi>
        </span>
        <button type="button" className="button button-small button-inverse" data-testid="lock" aria-keyshortcuts={ariaShortcut(SHELL_KEYS.lock)} onClick={onLock}>
          {t('topbar.lock')}
          <Kbd combo={SHELL_KEYS.lock} />
        </button>
        <button type="button" className="button button-small button-inverse" data-testid="signout" onClick={onSignOut}>
          {t('topbar.signOut')}
        </button>
      </div>
    </header>
  );
}

function AuditVerifyButton() {
  const api = useApi();
  const fail = useCallFailure();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [error, setError] = useState<ContractErrorShape | null>(null);

  async function verify() {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await api.invoke('audit.verify', {}));
    } catch (e) {
      setError(fail(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="audit">
      <button type="button" className="button button-small button-inverse" data-testid="audit-verify" disabled={busy} onClick={() => void verify()}>
        {t('audit.verify')}
      </button>
      <div className="audit-result-anchor" aria-live="polite">
        {busy && <p className="audit-result">{t('audit.verifying')}</p>}
        {result && (
          <p className={`audit-result ${result.ok ? 'message-ok' : 'message-error'}`} data-testid="audit-result" data-ok={String(result.ok)}>
            <span className="message-icon" aria-hidden="true">
              {result.ok ? '✓' : '✕'}
            </span>
            {result.ok
              ? t('audit.ok', { entries: result.entries })
              : result.firstBad
                ? t('audit.bad', { seq: result.firstBad.seq, reason: result.firstBad.reason })
                : t('audit.failed', { entries: result.entries })}
            <button type="button" className="dismiss" aria-label={t('common.close')} onClick={() => setResult(null)}>
              ✕
            </button>
          </p>
        )}
        {error && (
          <div className="audit-result">
            <ErrorMessage error={error} testId="audit-error" />
          </div>
        )}
      </div>
    </div>
  );
}
