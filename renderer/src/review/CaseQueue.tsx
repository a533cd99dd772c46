import { useEffect, useRef } from 'react';
import { ariaShortcut, Kbd, shortcutText } from '../components/Kbd.js';
import type { ReviewCase } from '../contract.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { Shortcut } from '../keyboard/shortcuts.js';
import { useShortcuts } from '../keyboard/use-shortcuts.js';
import { CASE_FILTERS, moveSelection, type CaseFilter } from './case-queue.js';
import { CaseStatusBadge, SeverityBadge } from './ReviewBadges.js';
import { FILTER_KEYS, REVIEW_KEYS } from './review-keys.js';

interface CaseQueueProps {
  /** The cases of the current filter, newest first. */
  cases: readonly ReviewCase[] | null;
  filter: CaseFilter;
  counts: Record<CaseFilter, number> | null;
  onFilter: (filter: CaseFilter) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  keyboardActive: boolean;
}

/** Enter opens the selected case unless the focus is on another control (a filter button, say), which Enter then presses. */
function enterIsForQueue(): boolean {
  const el = document.activeElement;
  if (!el || el === document.body) return true;
  return el.closest('[data-review-queue]') !== null || el.id === 'main';
}

export function travellerName(c: ReviewCase, unknown: string): string {
  const doc = c.traveller;
  return doc ? [doc.primaryIdentifier, doc.secondaryIdentifier].filter(Boolean).join(', ') : unknown;
}

/** The supervisor's queue: one row per case; ↑/↓ or J/K move the selection, Enter opens it. */
export function CaseQueue({ cases, filter, counts, onFilter, selectedId, onSelect, onOpen, keyboardActive }: CaseQueueProps) {
  const { t, fmt } = useI18n();
  const rowButtons = useRef(new Map<string, HTMLButtonElement>());
  const ids = (cases ?? []).map((c) => c.id);
  const movedByKey = useRef(false);

  const move = (delta: number) => {
    const next = moveSelection(ids, selectedId, delta);
    if (next !== null) {
      movedByKey.current = true;
      onSelect(next);
    }
  };

  // When the queue appears (the screen was opened, or back from a case), the focus goes to the selected
  // row once there is one, so ↑/↓ and Enter work at once; likewise when the focused row went away (a
  // filter changed, a case left the queue). A control the user chose inside the page keeps the focus.
  const focusPending = useRef(true);
  useEffect(() => {
    if (selectedId === null) return;
    const el = document.activeElement;
    const lost = !el || el === document.body || el.id === 'main';
    const fromTopBar = focusPending.current && el?.closest('.topnav') != null;
    focusPending.current = false;
    if (lost || fromTopBar) rowButtons.current.get(selectedId)?.focus();
  }, [selectedId, cases]);

  // The focus follows a selection moved by the keyboard, so the row is scrolled into view and read out.
  useEffect(() => {
    if (!movedByKey.current || selectedId === null) return;
    movedByKey.current = false;
    rowButtons.current.get(selectedId)?.focus();
  }, [selectedId]);

  const shortcuts: Shortcut[] = [
    { combo: REVIEW_KEYS.down, run: () => move(1) },
    { combo: REVIEW_KEYS.next, run: () => move(1) },
    { combo: REVIEW_KEYS.up, run: () => move(-1) },
    { combo: REVIEW_KEYS.previous, run: () => move(-1) },
    { combo: REVIEW_KEYS.open, run: () => selectedId !== null && onOpen(selectedId), enabled: () => selectedId !== null && enterIsForQueue() },
    ...CASE_FILTERS.map((f): Shortcut => ({ combo: FILTER_KEYS[f], run: () => onFilter(f) })),
  ];
  useShortcuts(shortcuts, { active: keyboardActive });

  return (
    <div className="case-queue">
      <div className="case-filters" role="group" aria-label={t('review.filter')}>
        <span className="case-filters-label" aria-hidden="true">
          {t('review.filter')}
        </span>
        {CASE_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            className="button segment case-filter"
            aria-pressed={filter === f}
            aria-keyshortcuts={FILTER_KEYS[f]}
            data-testid={`review-filter-${f}`}
            onClick={() => onFilter(f)}
          >
            <span className="segment-check" aria-hidden="true">
              {filter === f ? '●' : '○'}
            </span>
            {t(`review.filter.${f}`)}
            {counts && <span className="case-count">({fmt.number(counts[f])})</span>}
            <Kbd combo={FILTER_KEYS[f]} />
          </button>
        ))}
      </div>
      <p className="field-hint">
        {t('review.queueHint', { up: shortcutText(REVIEW_KEYS.up, t), down: shortcutText(REVIEW_KEYS.down, t), enter: shortcutText(REVIEW_KEYS.open, t) })}
      </p>
      {cases === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : cases.length === 0 ? (
        <p className="empty-state" data-testid="review-cases-empty">
          {t(`review.casesEmpty.${filter}`)}
        </p>
      ) : (
        <div className="table-wrap card" data-review-queue="">
          <table className="table case-table" data-testid="review-cases">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('review.selected')}</span>
                </th>
                <th scope="col">{t('col.name')}</th>
                <th scope="col">{t('col.source')}</th>
                <th scope="col">{t('col.severity')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('col.document')}</th>
                <th scope="col">{t('col.nationality')}</th>
                <th scope="col">{t('col.time')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => {
                const selected = c.id === selectedId;
                return (
                  <tr
                    key={c.id}
                    data-testid="review-case-row"
                    data-id={c.id}
                    data-status={c.status}
                    data-severity={c.severity}
                    aria-current={selected ? 'true' : undefined}
                    className="case-row"
                    onClick={() => {
                      onSelect(c.id);
                      onOpen(c.id);
                    }}
                  >
                    <td className="case-marker" aria-hidden="true">
                      {selected ? '▶' : ''}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="linklike case-open"
                        aria-keyshortcuts={ariaShortcut(REVIEW_KEYS.open)}
                        ref={(el) => {
                          if (el) rowButtons.current.set(c.id, el);
                          else rowButtons.current.delete(c.id);
                        }}
                        onFocus={() => onSelect(c.id)}
                        onClick={(e) => {
                          e.stopPropagation();
                          onSelect(c.id);
                          onOpen(c.id);
                        }}
                      >
                        <bdi>{travellerName(c, t('common.unknown'))}</bdi>
                      </button>
                      <span className="case-instruction">
                        <bdi>{c.instruction}</bdi>
                      </span>
                    </td>
                    <td>{t(`reviewSource.${c.source}`)}</td>
                    <td>
                      <SeverityBadge severity={c.severity} />
                    </td>
                    <td>
                      <CaseStatusBadge status={c.status} />
                    </td>
                    <td className="code" dir="ltr">
                      {c.traveller?.documentNumber ?? ''}
                    </td>
                    <td className="code" dir="ltr">
                      {c.traveller?.nationality ?? ''}
                    </td>
                    <td>{fmt.dateTime(c.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
