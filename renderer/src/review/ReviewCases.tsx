import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi, useEvent, useOnReconnect } from '../app/api-context.js';
import { useCallFailure, useSession } from '../app/session-context.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import type { ContractErrorShape, ReviewCase } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { CaseDetail } from './CaseDetail.js';
import { CaseQueue } from './CaseQueue.js';
import { casesFor, CLOSED_STATUSES, countsByFilter, mergeCases, reconcileSelection, upsertCase, type CaseFilter } from './case-queue.js';

/** How many closed cases the queue reads back (the open ones are all read: they are the work). */
const CLOSED_LIMIT = 100;
const ACTIVE_LIMIT = 500;

/**
 * The case queue and the open case. Both the open and awaiting-second cases (the station's default)
 * and the latest closed ones are read, so the filters switch at once and `review.updated` can move a
 * case from one filter to another without a reload.
 */
export function ReviewCases({ refreshToken }: { refreshToken: number }) {
  const api = useApi();
  const fail = useCallFailure();
  const { user } = useSession();
  const { t } = useI18n();
  const [all, setAll] = useState<ReviewCase[] | null>(null);
  const [error, setError] = useState<ContractErrorShape | null>(null);
  const [filter, setFilter] = useState<CaseFilter>('open');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(() => {
    Promise.all([
      api.invoke('review.cases', { limit: ACTIVE_LIMIT }),
      api.invoke('review.cases', { status: [...CLOSED_STATUSES], limit: CLOSED_LIMIT }),
    ]).then(
      ([active, closed]) => {
        // Merge rather than replace: an event that arrived during the load may carry a newer version.
        setAll((prev) => mergeCases(prev ?? [], [...active, ...closed]));
        setError(null);
      },
      (e: unknown) => setError(fail(e)),
    );
    // `fail` only re-reads the session; it must not re-run the load.
  }, [api]);
  useEffect(load, [load, refreshToken]);
  useOnReconnect(load);
  useEvent('review.updated', (c) => setAll((prev) => upsertCase(prev ?? [], c)));

  const shown = useMemo(() => (all === null ? null : casesFor(all, filter)), [all, filter]);
  const counts = useMemo(() => (all === null ? null : countsByFilter(all)), [all]);

  // When the rows change (a case decided and left this filter, a new one arrived), the selection stays
  // on its case or moves to the row that took its place.
  const ids = useMemo(() => (shown ?? []).map((c) => c.id), [shown]);
  const previousIds = useRef<readonly string[]>([]);
  useEffect(() => {
    setSelectedId((sel) => reconcileSelection(previousIds.current, ids, sel));
    previousIds.current = ids;
  }, [ids]);

  const chooseFilter = (f: CaseFilter) => {
    previousIds.current = [];
    setFilter(f);
    setSelectedId(null);
  };

  const openCase = all?.find((c) => c.id === openId);

  return (
    <>
      <p className="lead">{t('review.casesIntro')}</p>
      <ErrorMessage error={error} />
      {openId !== null ? (
        <CaseDetail
          key={openId}
          reviewCase={openCase}
          userId={user.id}
          onBack={() => setOpenId(null)}
          onReload={load}
          onDecided={(updated) => setAll((prev) => upsertCase(prev ?? [], updated))}
          keyboardActive
        />
      ) : (
        <CaseQueue
          cases={shown}
          filter={filter}
          counts={counts}
          onFilter={chooseFilter}
          selectedId={selectedId}
          onSelect={setSelectedId}
          onOpen={setOpenId}
          keyboardActive
        />
      )}
    </>
  );
}
