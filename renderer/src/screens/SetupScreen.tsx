import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApi } from '../app/api-context.js';
import { validateAccount, type AccountDraft, type AccountErrors } from '../app/validation.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Field } from '../components/Field.js';
import { PreAuthLayout } from '../components/PreAuthLayout.js';
import type { AppInfo, ContractErrorShape } from '../contract.js';
import { toContractError } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

/** First run: the station has no users yet, so the person installing it creates the administrator. */
export function SetupScreen({ info, onCreated }: { info: AppInfo; onCreated: (username: string) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [draft, setDraft] = useState<AccountDraft>({ username: '', displayName: '', password: '' });
  const [errors, setErrors] = useState<AccountErrors>({});
  const [showPassword, setShowPassword] = useState(false);
  const [failure, setFailure] = useState<ContractErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempts, setAttempts] = useState(0);
  const form = useRef<HTMLFormElement>(null);

  // After a rejected attempt, put the keyboard on the first field to fix.
  useEffect(() => {
    if (attempts > 0) form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [attempts]);

  const update = (field: keyof AccountDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validateAccount(draft);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) {
      setAttempts((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await api.invoke('setup.createAdmin', { username: draft.username, displayName: draft.displayName.trim(), password: draft.password });
      onCreated(draft.username);
    } catch (e) {
      setFailure(toContractError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <PreAuthLayout info={info}>
      <form ref={form} className="card auth-card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p className="lead">{t('setup.intro')}</p>
        <Field
          label={t('setup.username')}
          hint={t('setup.usernameHint')}
          error={errors.username ? t(errors.username) : null}
          testId="setup-username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={draft.username}
          onChange={(e) => update('username')(e.target.value)}
        />
        <Field
          label={t('setup.displayName')}
          error={errors.displayName ? t(errors.displayName) : null}
          testId="setup-displayname"
          autoComplete="name"
          value={draft.displayName}
          onChange={(e) => update('displayName')(e.target.value)}
        />
        <Field
          label={t('setup.password')}
          hint={t('setup.passwordHint')}
          error={errors.password ? t(errors.password) : null}
          testId="setup-password"
          type={showPassword ? 'text' : 'password'}
          autoComplete="new-password"
          value={draft.password}
          onChange={(e) => update('password')(e.target.value)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
          {t('common.showPassword')}
        </label>
        <ErrorMessage error={failure} testId="setup-error" />
        <button type="submit" className="button button-primary button-wide" data-testid="setup-submit" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
    </PreAuthLayout>
  );
}
