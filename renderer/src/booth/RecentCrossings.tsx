import type { Inspection } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';

export function RecentCrossings({ items, currentId }: { items: readonly Inspection[] | null; currentId: string | null }) {
  const { t, fmt } = useI18n();
  return (
    <section className="card recent" aria-labelledby="recent-heading" data-testid="recent-crossings">
      <header className="card-header">
        <h2 id="recent-heading">{t('recent.heading')}</h2>
      </header>
      {items === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty-state">{t('recent.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('col.time')}</th>
                <th scope="col">{t('col.name')}</th>
                <th scope="col">{t('col.document')}</th>
                <th scope="col">{t('col.nationality')}</th>
                <th scope="col">{t('col.direction')}</th>
                <th scope="col">{t('col.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const doc = i.document;
                const outcome = i.decision?.outcome;
                return (
                  <tr
                    key={i.id}
                    data-testid="crossing-row"
                    data-id={i.id}
                    data-outcome={outcome ?? 'open'}
                    aria-current={i.id === currentId ? 'true' : undefined}
                  >
                    <td>{fmt.time(i.decision?.decidedAt ?? i.createdAt)}</td>
                    <td>
                      <bdi>{doc ? [doc.primaryIdentifier, doc.secondaryIdentifier].filter(Boolean).join(', ') : t('common.unknown')}</bdi>
                    </td>
                    <td className="code" dir="ltr">
                      {doc?.documentNumber ?? ''}
                    </td>
                    <td className="code" dir="ltr">
                      {doc?.nationality ?? ''}
                    </td>
                    <td>{i.decision ? t(`direction.${i.decision.direction}`) : ''}</td>
                    <td>
                      <span className={`outcome-tag outcome-tag-${outcome ?? 'open'}`}>
                        {outcome ? t(`outcome.${outcome}`) : t('outcome.open')}
                        {i.decision?.reasonCode ? ` (${i.decision.reasonCode})` : ''}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
