import { describe, expect, it } from 'vitest';
import { en } from '../i18n/catalogs/en.js';
import { makeTranslate } from '../i18n/translate.js';
import { checkName, isChipStep } from './CheckList.js';

describe('check names', () => {
  const t = makeTranslate(en, 'en');
  it('names the chip steps in words, data groups by number', () => {
    expect(checkName('chip.dg_hash_DG2', t)).toBe('Chip photo (DG2) unaltered');
    expect(checkName('chip.dg_hash_DG11', t)).toBe('DG11 unaltered since signing');
    expect(checkName('chip.csca_lookup', t)).toBe('Issuing country authority (CSCA) trusted');
    expect(checkName('chip.something_new', t)).toBe('chip.something_new');
  });
  it('folds the chip steps, not the chip summary or other checks', () => {
    expect(isChipStep({ id: 'chip.read', status: 'pass', detail: '' })).toBe(false);
    expect(isChipStep({ id: 'chip.access', status: 'pass', detail: '' })).toBe(true);
    expect(isChipStep({ id: 'watchlist.documents', status: 'pass', detail: '' })).toBe(false);
  });
});
