import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useApi, useEvent, useOnReconnect } from '../app/api-context.js';
import { useCallFailure, useSession } from '../app/session-context.js';
import { BOOTH_KEYS } from '../booth/booth-keys.js';
import { CheckList } from '../booth/CheckList.js';
import { decideInput, draftReducer, EMPTY_DRAFT } from '../booth/decision-draft.js';
import { DecisionPanel } from '../booth/DecisionPanel.js';
import { DeviceStrip } from '../booth/DeviceStrip.js';
import { nextCurrent, RECENT_LIMIT, upsertRecent } from '../booth/inspection-feed.js';
import { RecentCrossings } from '../booth/RecentCrossings.js';
import { SimulateSwipeDialog } from '../booth/SimulateSwipeDialog.js';
import { TravellerPanel } from '../booth/TravellerPanel.js';
import { watchlistHits } from '../booth/watchlist.js';
import { WatchlistHitBanner } from '../booth/WatchlistHitBanner.js';
import { ariaShortcut, Kbd } from '../components/Kbd.js';
import type { ContractErrorShape, Direction, Inspection } from '../contract.js';
import { DIRECTIONS } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useShortcuts } from '../keyboard/use-shortcuts.js';

const DIRECTION_STORAGE_KEY = 'borderpost.booth.direction';

/** A lane usually handles one direction for a whole shift, so the choice outlives the traveller. */
function storedDirection(): Direction {
  try {
    const v = sessionStorage.getItem(DIRECTION_STORAGE_KEY);
    return (DIRECTIONS as readonly string[]).includes(v ?? '') ? (v as Direction) : 'entry';
  } catch {
    return 'entry';
  }
}

/** The officer's screen: devices, the traveller in front of them, checks, decision, recent crossings. */
export function BoothScreen() {
  const api = useApi();
  const { info } = useSession();
  const fail = useCallFailure();
  const { t } = useI18n();

  const [current, setCurrent] = useState<Inspection | null>(null);
  const [recent, setRecent] = useState<Inspection[] | null>(null);
  const [direction, setDirectionState] = useState<Direction>(storedDirection);
  const [draft, dispatch] = useReducer(draftReducer, EMPTY_DRAFT);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ContractErrorShape | null>(null);
  const [simulating, setSimulating] = useState(false);

  const setDirection = (d: Direction) => {
    setDirectionState(d);
    try {
      sessionStorage.setItem(DIRECTION_STORAGE_KEY, d);
    } catch {
      // not persisted; harmless
    }
  };

  const load = useCallback(() => {
    api.invoke('inspections.current', {}).then(
      (c) => setCurrent((prev) => (c ? nextCurrent(prev, c) : prev)),
      (e: unknown) => setError(fail(e)),
    );
    api.invoke('inspections.list', { limit: RECENT_LIMIT }).then(
      (list) => setRecent(list),
      (e: unknown) => setError(fail(e)),
    );
    // `fail` is deliberately not a dependency: it only re-reads the session and must not re-run the load.
  }, [api]);
  useEffect(load, [load]);
  useOnReconnect(load);

  useEvent('inspection.updated', (inspection) => {
    setCurrent((prev) => nextCurrent(prev, inspection));
    setRecent((prev) => upsertRecent(prev ?? [], inspection));
  });

  // A different traveller starts with a clean decision and no stale error.
  const currentId = current?.id ?? null;
  const shownId = useRef(currentId);
  useEffect(() => {
    if (shownId.current === currentId) return;
    shownId.current = currentId;
    dispatch({ type: 'reset' });
    setError(null);
  }, [currentId]);

  // A watch-list hit: its instruction goes above the traveller, and admitting takes one more key.
  const hits = useMemo(() => (current ? watchlistHits(current.checks) : []), [current]);
  const hit = hits.length > 0;
  const hitBefore = useRef(hit);
  useEffect(() => {
    // A hit that arrives while the officer is deciding (the list check finished late) undoes a chosen admit.
    if (hit && !hitBefore.current) dispatch({ type: 'hitShown' });
    hitBefore.current = hit;
  }, [hit]);

  async function confirm() {
    if (!current || saving) return;
    const input = decideInput(current, direction, draft, hit);
    if (!input) return;
    setSaving(true);
    setError(null);
    try {
      const decided = await api.invoke('inspections.decide', input);
      setCurrent((prev) => nextCurrent(prev, decided));
      setRecent((prev) => upsertRecent(prev ?? [], decided));
      dispatch({ type: 'reset' });
    } catch (e) {
      const err = fail(e);
      setError(err);
      if (err.code === 'CONFLICT') {
        // Someone (or something) changed the record: show the latest and let the officer decide again.
        dispatch({ type: 'cancel' });
        api.invoke('inspections.get', { id: current.id }).then(
          (fresh) => setCurrent((prev) => (prev ? nextCurrent(prev, fresh) : fresh)),
          () => undefined,
        );
      }
    } finally {
      setSaving(false);
    }
  }

  useShortcuts([{ combo: BOOTH_KEYS.simulateSwipe, run: () => setSimulating(true), allowInInputs: true }], { active: info.simulators && !simulating });

  return (
    <div className="booth">
      <div className="booth-toolbar">
        <DeviceStrip />
        {info.simulators && (
          <button
            type="button"
            className="button"
            data-testid="simulate-swipe"
            aria-keyshortcuts={ariaShortcut(BOOTH_KEYS.simulateSwipe)}
            onClick={() => setSimulating(true)}
          >
            {t('simulate.button')}
            <Kbd combo={BOOTH_KEYS.simulateSwipe} />
          </button>
        )}
      </div>
      <WatchlistHitBanner hits={hits} />
      <div className="booth-main">
        <div className="booth-traveller">
          <TravellerPanel inspection={current} />
          {current && <CheckList checks={current.checks} />}
        </div>
        <DecisionPanel
          inspection={current}
          direction={direction}
          onDirection={setDirection}
          draft={draft}
          dispatch={dispatch}
          hit={hit}
          onConfirm={() => void confirm()}
          saving={saving}
          error={error}
          keyboardActive={!simulating}
        />
      </div>
      <RecentCrossings items={recent} currentId={currentId} />
      {simulating && <SimulateSwipeDialog onClose={() => setSimulating(false)} />}
    </div>
  );
}
