import { useCallback, useEffect, useState } from 'react';
import { useApi, useEvent, useOnReconnect } from '../app/api-context.js';
import { useCallFailure } from '../app/session-context.js';
import { checkName } from '../booth/CheckList.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import type { ContractErrorShape, Inspection } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * The crossings referred to secondary inspection or refused (`review.list`), with the checks that
 * raised them. Referrals also open cases; refusals do not, and the supervisor reviews the shift's
 * refusals here.
 */
export function ReferredCrossings({ refreshToken }: { refreshToken: number }) {
  const api = useApi();
  const fail = useCallFailure();
  const { t, fmt } = useI18n();
  const [items, setItems] = useState<Inspection[] | null>(null);
  const [error, setError] = useState<ContractErrorShape | null>(null);

  const load = useCallback(() => {
    api.invoke('review.list', {}).then(
      (list) => {
        setItems(list);
        setError(null);
      },
      (e: unknown) => setError(fail(e)),
    );
    // `fail` only re-reads the session; it must not re-run the load.
  }, [api]);
  useEffect(load, [load, refreshToken]);
  useOnReconnect(load);
  // A decision at any booth may add to the list.
  useEvent('inspection.updated', load);

  return (
    <>
      <p className="lead">{t('review.intro')}</p>
      <ErrorMessage error={error} />
      {items === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty-state" data-testid="review-empty">
          {t('review.empty')}
        </p>
      ) : (
        <div className="table-wrap card">
          <table className="table" data-testid="review-list">
            <thead>
              <tr>
                <th scope="col">{t('col.time')}</th>
                <th scope="col">{t('col.name')}</th>
                <th scope="col">{t('col.document')}</th>
                <th scope="col">{t('col.nationality')}</th>
                <th scope="col">{t('col.outcome')}</th>
                <th scope="col">{t('col.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const flagged = i.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
                const outcome = i.decision?.outcome;
                return (
                  <tr key={i.id} data-testid="review-row" data-id={i.id}>
                    <td>{fmt.dateTime(i.createdAt)}</td>
                    <td>
                      <bdi>{i.document ? [i.document.primaryIdentifier, i.document.secondaryIdentifier].filter(Boolean).join(', ') : t('common.unknown')}</bdi>
                    </td>
                    <td className="code" dir="ltr">
                      {i.document?.documentNumber ?? ''}
                    </td>
                    <td className="code" dir="ltr">
                      {i.document?.nationality ?? ''}
                    </td>
                    <td>
                      <span className={`outcome-tag outcome-tag-${outcome ?? 'open'}`}>
                        {outcome ? t(`outcome.${outcome}`) : t('outcome.open')}
                        {i.decision?.reasonCode ? ` (${i.decision.reasonCode})` : ''}
                      </span>
                    </td>
                    <td>
                      {flagged.length === 0 ? (
                        t('review.noFlags')
                      ) : (
                        <ul className="inline-list">
                          {flagged.map((c) => (
                            <li key={c.id} className={`flag flag-${c.status}`}>
                              <span aria-hidden="true">{c.status === 'fail' ? '✕ ' : '! '}</span>
                              {checkName(c.id, t)}: {t(`checkStatus.${c.status}`)}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
