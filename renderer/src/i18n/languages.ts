import type { Catalog } from './catalog-type.js';
import { ar } from './catalogs/ar.js';
import { en } from './catalogs/en.js';
import { es } from './catalogs/es.js';
import { fr } from './catalogs/fr.js';

export const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface LanguageInfo {
  /** The language's name in itself, so someone who cannot read the current UI still finds theirs. */
  endonym: string;
  dir: 'ltr' | 'rtl';
  /**
   * BCP 47 locale for Intl. Arabic uses Latin digits (`nu-latn`): officers compare dates and numbers
   * against the document, whose MRZ and data page print them in Latin digits.
   */
  locale: string;
}

export const LANGUAGE_INFO: Record<Language, LanguageInfo> = {
  en: { endonym: 'English', dir: 'ltr', locale: 'en-GB' },
  fr: { endonym: 'Français', dir: 'ltr', locale: 'fr-FR' },
  es: { endonym: 'Español', dir: 'ltr', locale: 'es-ES' },
  ar: { endonym: 'العربية', dir: 'rtl', locale: 'ar-u-nu-latn' },
};

export const CATALOGS: Record<Language, Catalog> = { en, fr, es, ar };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** First of the browser's preferred languages we have, else English. */
export function pickLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}
