import type { CaseFilter } from './case-queue.js';

/**
 * Every review shortcut, in one table (the buttons print these, the README lists them). Plain
 * letters and arrows never fire while the cursor is in the reason field; Esc and Ctrl+Enter do.
 */
export const REVIEW_KEYS = {
  up: 'ArrowUp',
  down: 'ArrowDown',
  /** J/K as in mail readers: J is the next (lower) row, K the previous one. */
  next: 'j',
  previous: 'k',
  open: 'Enter',
  back: 'Escape',
  confirm: 'c',
  dismiss: 'd',
  /** Enter also records from the reason field (Shift+Enter is a new line there). */
  submit: 'Ctrl+Enter',
  cancel: 'Escape',
} as const;

/** 1, 2, 3: the queue's filters, in the order they are shown. */
export const FILTER_KEYS: Record<CaseFilter, string> = { open: '1', awaiting_second: '2', closed: '3' };
