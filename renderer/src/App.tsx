import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useApi, useEvent, useOnReconnect } from './app/api-context.js';
import { Shell } from './app/Shell.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { ErrorMessage } from './components/ErrorMessage.js';
import { PreAuthLayout } from './components/PreAuthLayout.js';
import type { AppInfo, ContractErrorShape, SessionState } from './contract.js';
import { toContractError } from './contract.js';
import { useI18n } from './i18n/i18n-context.js';
import { LoginScreen } from './screens/LoginScreen.js';
import { SetupScreen } from './screens/SetupScreen.js';

/**
 * What to show is decided by the station's state alone: not set up → set-up; no user → sign-in;
 * locked → unlock; otherwise the shell for the user's role. `session.changed` (idle lock, sign-out)
 * moves between them without a reload.
 */
export function App() {
  const api = useApi();
  const { t } = useI18n();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [session, setSession] = useState<SessionState | null>(null);
  const [bootError, setBootError] = useState<ContractErrorShape | null>(null);
  const [createdAdmin, setCreatedAdmin] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const next = await api.invoke('app.info', {});
      setInfo(next);
      setBootError(null);
      if (!next.needsSetup) setSession(await api.invoke('session.current', {}));
    } catch (e) {
      setBootError(toContractError(e));
    }
  }, [api]);

  const refreshSession = useCallback(() => {
    api.invoke('session.current', {}).then(setSession, () => undefined);
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);
  useOnReconnect(() => void load());
  useEvent('session.changed', setSession);

  let body: ReactNode;
  if (!info) {
    body = (
      <PreAuthLayout info={null}>
        <div className="card auth-card" aria-busy={!bootError}>
          {bootError ? (
            <>
              <h1>{t('app.failed')}</h1>
              <ErrorMessage error={bootError} testId="boot-error" />
              <button type="button" className="button button-primary" onClick={() => void load()}>
                {t('connection.retryNow')}
              </button>
            </>
          ) : (
            <p className="lead">{t('app.connecting')}</p>
          )}
        </div>
      </PreAuthLayout>
    );
  } else if (info.needsSetup) {
    body = (
      <SetupScreen
        info={info}
        onCreated={(username) => {
          setCreatedAdmin(username);
          void load();
        }}
      />
    );
  } else if (!session) {
    body = (
      <PreAuthLayout info={info}>
        <p className="card auth-card lead">{t('common.loading')}</p>
      </PreAuthLayout>
    );
  } else if (!session.user || session.locked) {
    body = (
      <LoginScreen
        info={info}
        session={session}
        onSession={setSession}
        notice={createdAdmin ? t('setup.done', { username: createdAdmin }) : null}
        initialUsername={createdAdmin ?? ''}
      />
    );
  } else {
    body = <Shell key={session.user.id} info={info} user={session.user} setSession={setSession} refreshSession={refreshSession} />;
  }

  return (
    <>
      <ConnectionBanner />
      {body}
    </>
  );
}
