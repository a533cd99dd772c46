import type { ReactNode } from 'react';
import type { AppInfo } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { LanguageSelect } from './LanguageSelect.js';
import { Logo } from './Logo.js';

/** The frame around set-up, sign-in and unlock: who this station is, and the language switch. */
export function PreAuthLayout({ info, children }: { info: AppInfo | null; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="preauth">
      <header className="preauth-header">
        <div className="brand">
          <Logo />
          <span className="brand-name">{t('app.name')}</span>
          {info && <span className="brand-station">{t('app.station', { name: info.stationName })}</span>}
        </div>
        <LanguageSelect />
      </header>
      <main className="preauth-main">{children}</main>
      {info && (
        <footer className="preauth-footer">
          <span>{t('app.version', { version: info.version })}</span>
          {info.simulators && <span className="tag">{t('app.simulatorsOn')}</span>}
        </footer>
      )}
    </div>
  );
}
