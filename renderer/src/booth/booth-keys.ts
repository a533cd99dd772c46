import type { RefusalReason } from '../contract.js';
import { REFUSAL_REASONS } from '../contract.js';

/**
 * Every booth shortcut, in one table (the buttons print these, the README lists them). Letters are
 * mnemonic in English and kept in every language: officers move between posts and manuals.
 */
export const BOOTH_KEYS = {
  entry: 'e',
  exit: 'x',
  admit: 'a',
  refuse: 'r',
  /** S for secondary inspection. */
  refer: 's',
  confirm: 'Enter',
  cancel: 'Escape',
  simulateSwipe: 'F2',
} as const;

export const SHELL_KEYS = {
  lock: 'Ctrl+L',
} as const;

/** Reason A is also digit 1, … I is 9, for keypads and for keyboards without Latin letters. */
export function reasonDigit(reason: RefusalReason): string {
  return String(REFUSAL_REASONS.indexOf(reason) + 1);
}
