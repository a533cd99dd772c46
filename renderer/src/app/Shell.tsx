import { useMemo, useState } from 'react';
import { SHELL_KEYS } from '../booth/booth-keys.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import type { AppInfo, ContractErrorShape, SessionState, User } from '../contract.js';
import { toContractError } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useShortcuts } from '../keyboard/use-shortcuts.js';
import { BoothScreen } from '../screens/BoothScreen.js';
import { DevicesScreen } from '../screens/DevicesScreen.js';
import { ReviewScreen } from '../screens/ReviewScreen.js';
import { UsersScreen } from '../screens/UsersScreen.js';
import { useApi } from './api-context.js';
import { screensFor, type Screen } from './navigation.js';
import { SessionProvider, type SessionContextValue } from './session-context.js';
import { TopBar } from './TopBar.js';

interface ShellProps {
  info: AppInfo;
  user: User;
  setSession: (session: SessionState) => void;
  refreshSession: () => void;
}

/** The signed-in frame: top bar, then the one screen chosen among those the role may use. */
export function Shell({ info, user, setSession, refreshSession }: ShellProps) {
  const api = useApi();
  const { t } = useI18n();
  const screens = screensFor(user.role);
  const [screen, setScreen] = useState<Screen | undefined>(screens[0]);
  const [error, setError] = useState<ContractErrorShape | null>(null);

  const session = useMemo<SessionContextValue>(() => ({ info, user, setSession, refreshSession }), [info, user, setSession, refreshSession]);

  async function run(call: 'session.lock' | 'session.signOut') {
    setError(null);
    try {
      setSession(await api.invoke(call, {}));
    } catch (e) {
      setError(toContractError(e));
    }
  }

  useShortcuts([{ combo: SHELL_KEYS.lock, run: () => void run('session.lock'), allowInInputs: true }]);

  return (
    <SessionProvider value={session}>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <TopBar screens={screens} screen={screen ?? 'booth'} onScreen={setScreen} onLock={() => void run('session.lock')} onSignOut={() => void run('session.signOut')} />
      <main id="main" className="main" tabIndex={-1}>
        <ErrorMessage error={error} />
        {screen === 'booth' && <BoothScreen />}
        {screen === 'review' && <ReviewScreen />}
        {screen === 'devices' && <DevicesScreen />}
        {screen === 'users' && <UsersScreen />}
      </main>
    </SessionProvider>
  );
}
