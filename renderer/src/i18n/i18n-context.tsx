import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { makeFormatters, type Formatters } from './format.js';
import { CATALOGS, LANGUAGE_INFO, pickLanguage, type Language } from './languages.js';
import { makeTranslate, type Translate } from './translate.js';

export const LANGUAGE_STORAGE_KEY = 'borderpost.lang';

export interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: Translate;
  fmt: Formatters;
  dir: 'ltr' | 'rtl';
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(() => pickLanguage(readStoredLanguage(), navigator.languages ?? []));

  const value = useMemo<I18n>(() => {
    const info = LANGUAGE_INFO[lang];
    return {
      lang,
      dir: info.dir,
      t: makeTranslate(CATALOGS[lang], info.locale),
      fmt: makeFormatters(info.locale),
      setLang: (next) => {
        try {
          localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
        } catch {
          // Storage can be disabled; the choice then lasts for this page only.
        }
        setLangState(next);
      },
    };
  }, [lang]);

  useEffect(() => {
    const root = document.documentElement;
    root.lang = lang;
    root.dir = LANGUAGE_INFO[lang].dir;
    document.title = value.t('app.name');
  }, [lang, value]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
