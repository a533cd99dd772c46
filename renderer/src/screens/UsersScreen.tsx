import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useApi } from '../app/api-context.js';
import { useCallFailure } from '../app/session-context.js';
import { validateAccount, type AccountErrors } from '../app/validation.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Field } from '../components/Field.js';
import type { ContractErrorShape, Role, User } from '../contract.js';
import { ROLES } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Administrator: who may use this station, and adding a new account with its role. */
export function UsersScreen() {
  const api = useApi();
  const fail = useCallFailure();
  const { t } = useI18n();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<ContractErrorShape | null>(null);

  const load = useCallback(() => {
    api.invoke('users.list', {}).then(
      (list) => {
        setUsers(list);
        setError(null);
      },
      (e: unknown) => setError(fail(e)),
    );
  }, [api]);
  useEffect(load, [load]);

  return (
    <section className="page" aria-labelledby="users-title">
      <header className="page-header">
        <h1 id="users-title">{t('users.title')}</h1>
        <button type="button" className="button" onClick={load}>
          {t('common.refresh')}
        </button>
      </header>
      <ErrorMessage error={error} />
      <div className="users-layout">
        {users === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : (
          <div className="table-wrap card">
            <table className="table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">{t('users.col.username')}</th>
                  <th scope="col">{t('users.col.displayName')}</th>
                  <th scope="col">{t('users.col.role')}</th>
                  <th scope="col">{t('users.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} data-testid="user-row" data-username={u.username}>
                    <td className="code" dir="ltr">
                      {u.username}
                    </td>
                    <td>
                      <bdi>{u.displayName}</bdi>
                    </td>
                    <td>{t(`role.${u.role}`)}</td>
                    <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CreateUserForm onCreated={(u) => setUsers((prev) => [...(prev ?? []), u])} />
      </div>
    </section>
  );
}

const EMPTY = { username: '', displayName: '', password: '', role: 'officer' as Role };

function CreateUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const api = useApi();
  const fail = useCallFailure();
  const { t } = useI18n();
  const roleId = useId();
  const [draft, setDraft] = useState(EMPTY);
  const [errors, setErrors] = useState<AccountErrors>({});
  const [failure, setFailure] = useState<ContractErrorShape | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateAccount(draft);
    setErrors(found);
    setFailure(null);
    setCreated(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const user = await api.invoke('users.create', { ...draft, displayName: draft.displayName.trim() });
      onCreated(user);
      setCreated(user.username);
      setDraft(EMPTY);
    } catch (e) {
      setFailure(fail(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="create-user-title" data-testid="user-create-form">
      <h2 id="create-user-title">{t('users.createHeading')}</h2>
      <Field
        label={t('users.username')}
        hint={t('setup.usernameHint')}
        error={errors.username ? t(errors.username) : null}
        testId="user-create-username"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={draft.username}
        onChange={(e) => setDraft({ ...draft, username: e.target.value })}
      />
      <Field
        label={t('users.displayName')}
        error={errors.displayName ? t(errors.displayName) : null}
        testId="user-create-displayname"
        autoComplete="off"
        value={draft.displayName}
        onChange={(e) => setDraft({ ...draft, displayName: e.target.value })}
      />
      <div className="field">
        <label htmlFor={roleId}>{t('users.role')}</label>
        <select id={roleId} data-testid="user-create-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={t('users.password')}
        hint={t('setup.passwordHint')}
        error={errors.password ? t(errors.password) : null}
        testId="user-create-password"
        type="password"
        autoComplete="new-password"
        value={draft.password}
        onChange={(e) => setDraft({ ...draft, password: e.target.value })}
      />
      <ErrorMessage error={failure} testId="user-create-error" />
      {created && (
        <p className="message message-ok" role="status">
          <span className="message-icon" aria-hidden="true">
            ✓
          </span>
          {t('users.created', { username: created })}
        </p>
      )}
      <button type="submit" className="button button-primary" data-testid="user-create-submit" disabled={busy}>
        {t('users.submit')}
      </button>
    </form>
  );
}
