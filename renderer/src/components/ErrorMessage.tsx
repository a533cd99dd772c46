import type { ContractErrorShape } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * A failed call, in the user's language; INVALID_INPUT also lists the fields the station rejected.
 * `text` replaces the generic words for the code where the screen knows better what it means.
 */
export function ErrorMessage({ error, testId, text }: { error: ContractErrorShape | null; testId?: string; text?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div className="message message-error" role="alert" data-testid={testId} data-code={error.code}>
      <span className="message-icon" aria-hidden="true">
        ✕
      </span>
      <div>
        <p>{text ?? t(`error.${error.code}`)}</p>
        {error.issues && error.issues.length > 0 && (
          <ul className="issue-list">
            {error.issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>{t('common.errorDetail', { field: issue.path, message: issue.message })}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
