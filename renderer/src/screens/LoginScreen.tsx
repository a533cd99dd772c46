import { useRef, useState, type FormEvent } from 'react';
import { useApi } from '../app/api-context.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Field } from '../components/Field.js';
import { PreAuthLayout } from '../components/PreAuthLayout.js';
import type { AppInfo, ContractErrorShape, SessionState, User } from '../contract.js';
import { toContractError } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

interface LoginScreenProps {
  info: AppInfo;
  session: SessionState;
  onSession: (session: SessionState) => void;
  /** Shown above the form, e.g. right after the administrator was created. */
  notice?: string | null;
  initialUsername?: string;
}

/** Sign-in, or, when the station locked an idle session, the unlock form for that same user. */
export function LoginScreen({ info, session, onSession, notice, initialUsername = '' }: LoginScreenProps) {
  return (
    <PreAuthLayout info={info}>
      {session.user && session.locked ? (
        <UnlockForm user={session.user} onSession={onSession} />
      ) : (
        <SignInForm onSession={onSession} notice={notice ?? null} initialUsername={initialUsername} />
      )}
    </PreAuthLayout>
  );
}

function SignInForm({ onSession, notice, initialUsername }: { onSession: (s: SessionState) => void; notice: string | null; initialUsername: string }) {
  const api = useApi();
  const { t } = useI18n();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<ContractErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (username === '' || password === '') return;
    setBusy(true);
    setFailure(null);
    try {
      onSession(await api.invoke('session.signIn', { username: username.trim(), password }));
    } catch (e) {
      setFailure(toContractError(e));
      setPassword('');
      // The next attempt starts in the field to retype.
      passwordInput.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      {notice && (
        <p className="message message-ok" role="status">
          <span className="message-icon" aria-hidden="true">
            ✓
          </span>
          {notice}
        </p>
      )}
      <Field
        label={t('login.username')}
        testId="login-username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus={initialUsername === ''}
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <Field
        label={t('login.password')}
        testId="login-password"
        ref={passwordInput}
        type="password"
        autoComplete="current-password"
        autoFocus={initialUsername !== ''}
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <ErrorMessage error={failure} testId="login-error" />
      <button type="submit" className="button button-primary button-wide" data-testid="login-submit" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}

function UnlockForm({ user, onSession }: { user: User; onSession: (s: SessionState) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<ContractErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);

  async function unlock(event: FormEvent) {
    event.preventDefault();
    if (password === '') return;
    setBusy(true);
    setFailure(null);
    try {
      onSession(await api.invoke('session.unlock', { password }));
    } catch (e) {
      setFailure(toContractError(e));
      setPassword('');
      passwordInput.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function signOut() {
    setBusy(true);
    try {
      onSession(await api.invoke('session.signOut', {}));
    } catch (e) {
      setFailure(toContractError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card auth-card" onSubmit={(e) => void unlock(e)} aria-labelledby="unlock-title" data-testid="unlock-form">
      <h1 id="unlock-title">{t('unlock.title')}</h1>
      <p className="lead" data-testid="unlock-user">
        {t('unlock.lockedFor', { name: user.displayName })}
      </p>
      <Field
        label={t('unlock.password')}
        testId="unlock-password"
        ref={passwordInput}
        type="password"
        autoComplete="current-password"
        autoFocus
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <ErrorMessage error={failure} testId="login-error" />
      <div className="button-row">
        <button type="submit" className="button button-primary" data-testid="unlock-submit" disabled={busy}>
          {t('unlock.submit')}
        </button>
        <button type="button" className="button" data-testid="signout" disabled={busy} onClick={() => void signOut()}>
          {t('unlock.signOut')}
        </button>
      </div>
    </form>
  );
}
