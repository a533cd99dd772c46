import { useId } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { isLanguage, LANGUAGE_INFO, LANGUAGES } from '../i18n/languages.js';

export function LanguageSelect() {
  const { lang, setLang, t } = useI18n();
  const id = useId();
  return (
    <div className="language-select">
      <label htmlFor={id}>{t('lang.label')}</label>
      <select
        id={id}
        data-testid="lang-select"
        value={lang}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLang(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l} dir={LANGUAGE_INFO[l].dir}>
            {LANGUAGE_INFO[l].endonym}
          </option>
        ))}
      </select>
    </div>
  );
}
