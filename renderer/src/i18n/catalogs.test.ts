import { describe, expect, it } from 'vitest';
// The renderer's mirrors of the contract's lists (type-checked against it in contract.ts).
import {
  CHECK_STATUSES,
  DECISIONS,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  DIRECTIONS,
  ERROR_CODES,
  REFUSAL_REASONS,
  REVIEW_SOURCES,
  REVIEW_STATUSES,
  REVIEW_VERDICTS,
  ROLES,
  SEVERITIES,
  WATCHLIST_KINDS,
} from '../contract.js';
import { CASE_FILTERS } from '../review/case-queue.js';
import { en } from './catalogs/en.js';
import { CATALOGS, LANGUAGES, pickLanguage } from './languages.js';
import { interpolate, makeTranslate, placeholdersOf } from './translate.js';
import { makeFormatters } from './format.js';

const enKeys = Object.keys(en).sort();

describe('message catalogs', () => {
  it.each(LANGUAGES)('%s has exactly the English keys', (lang) => {
    expect(Object.keys(CATALOGS[lang]).sort()).toEqual(enKeys);
  });

  it.each(LANGUAGES)('%s uses the same {placeholders} as English in every message', (lang) => {
    const mismatches = enKeys.filter((k) => {
      const key = k as keyof typeof en;
      return placeholdersOf(CATALOGS[lang][key]).join() !== placeholdersOf(en[key]).join();
    });
    expect(mismatches).toEqual([]);
  });

  it.each(LANGUAGES)('%s has no empty message', (lang) => {
    expect(Object.entries(CATALOGS[lang]).filter(([, v]) => v.trim() === '')).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s is actually translated (most messages differ from English)', (lang) => {
    const same = enKeys.filter((k) => CATALOGS[lang][k as keyof typeof en] === en[k as keyof typeof en]);
    expect(same.length / enKeys.length).toBeLessThan(0.15);
  });

  it('covers every code the contract can send', () => {
    const needed = [
      ...ERROR_CODES.map((c) => `error.${c}`),
      ...REFUSAL_REASONS.map((r) => `reason.${r}`),
      ...CHECK_STATUSES.map((s) => `checkStatus.${s}`),
      ...DIRECTIONS.map((d) => `direction.${d}`),
      ...DECISIONS.map((d) => `outcome.${d}`),
      ...DECISIONS.map((d) => `decision.${d}`),
      ...ROLES.map((r) => `role.${r}`),
      ...DEVICE_STATUSES.map((s) => `deviceStatus.${s}`),
      ...DEVICE_KINDS.map((k) => `deviceKind.${k}`),
      ...['M', 'F', 'X'].map((s) => `sex.${s}`),
      ...['mrz.check_digits', 'document.expiry', 'chip.read', 'watchlist.documents', 'watchlist.persons'].map((id) => `check.${id}`),
      ...REVIEW_STATUSES.map((s) => `reviewStatus.${s}`),
      ...REVIEW_SOURCES.map((s) => `reviewSource.${s}`),
      ...REVIEW_VERDICTS.map((v) => `verdict.${v}`),
      ...SEVERITIES.map((s) => `severity.${s}`),
      ...CASE_FILTERS.map((f) => `review.filter.${f}`),
      ...CASE_FILTERS.map((f) => `review.casesEmpty.${f}`),
      ...WATCHLIST_KINDS.map((k) => `watchlistKind.${k}`),
    ];
    expect(needed.filter((k) => !(k in en))).toEqual([]);
  });
});

describe('translate', () => {
  it('fills placeholders and formats numbers in the locale', () => {
    const t = makeTranslate(CATALOGS.fr, 'fr-FR');
    expect(t('audit.ok', { entries: 12345 })).toBe('Journal d’audit intact : 12\u202f345 entrées vérifiées.');
    expect(makeTranslate(CATALOGS.en, 'en-GB')('app.station', { name: 'Gate 3' })).toBe('Station: Gate 3');
  });

  it('leaves an unknown placeholder visible rather than blank', () => {
    expect(interpolate('a {b} c', {}, String)).toBe('a {b} c');
  });
});

describe('pickLanguage', () => {
  it('prefers the stored choice, then the browser languages, then English', () => {
    expect(pickLanguage('ar', ['fr-FR'])).toBe('ar');
    expect(pickLanguage(null, ['de-DE', 'es-MX'])).toBe('es');
    expect(pickLanguage('xx', ['de'])).toBe('en');
  });
});

describe('formatters', () => {
  it('formats document dates as calendar dates, whatever the time zone', () => {
    expect(makeFormatters('en-GB', 'America/Los_Angeles').documentDate('1974-08-12')).toBe('12 Aug 1974');
    expect(makeFormatters('ar-u-nu-latn').documentDate('1974-08-12')).toMatch(/12/);
    expect(makeFormatters('en-GB').documentDate('garbage')).toBe('garbage');
  });

  it('formats scores and their signed effects in the locale, with Latin digits in Arabic', () => {
    expect(makeFormatters('en-GB').number(0.8712, 2)).toBe('0.87');
    expect(makeFormatters('fr-FR').number(0.5, 2)).toBe('0,50');
    expect(makeFormatters('en-GB').signed(0.02)).toBe('+0.02');
    expect(makeFormatters('en-GB').signed(-0.05)).toBe('-0.05');
    expect(makeFormatters('en-GB').signed(0)).toBe('0.00');
    expect(makeFormatters('ar-u-nu-latn').number(12, 0)).toBe('12');
  });

  it('says how long ago with each language’s plural rules and Latin digits', () => {
    expect(makeFormatters('en-GB').ago(3, 'hour')).toBe('3 hr ago');
    expect(makeFormatters('fr-FR').ago(3, 'hour')).toMatch(/^il y a 3\sh$/);
    expect(makeFormatters('ar-u-nu-latn').ago(3, 'day')).toMatch(/3/);
  });
});
