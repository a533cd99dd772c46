import type { MessageKey } from '../i18n/catalog-type.js';

/**
 * The contract's rules for new accounts, checked before sending so the message is in the user's
 * language; the station validates again and remains the authority.
 */
export const USERNAME_PATTERN = /^[a-z0-9._-]{2,64}$/;
export const MIN_PASSWORD_LENGTH = 10;

export interface AccountDraft {
  username: string;
  displayName: string;
  password: string;
}

export type AccountErrors = Partial<Record<keyof AccountDraft, Extract<MessageKey, `validation.${string}`>>>;

export function validateAccount(draft: AccountDraft): AccountErrors {
  const errors: AccountErrors = {};
  if (!USERNAME_PATTERN.test(draft.username)) errors.username = 'validation.username';
  if (draft.displayName.trim() === '' || draft.displayName.length > 128) errors.displayName = 'validation.displayName';
  if (draft.password.length < MIN_PASSWORD_LENGTH || draft.password.length > 256) errors.password = 'validation.password';
  return errors;
}
