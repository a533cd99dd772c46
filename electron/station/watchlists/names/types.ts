/** The traveller being checked, as read from the document (MRZ/VIZ/chip) or typed by an officer. */
export interface PersonQuery {
  name: string;
  /** `YYYY-MM-DD` or `YYYY`. */
  birthDate?: string;
  /** ISO 3166-1 alpha-3 as printed in the MRZ (alpha-2 also compared as-is). */
  nationality?: string;
  sex?: 'M' | 'F' | 'X';
}

/** One person-alert entry of a watch-list. */
export interface PersonRecord {
  id: string;
  name: string;
  aliases: string[];
  /** Each `YYYY-MM-DD` or `YYYY`; watch-lists often carry several. */
  birthDates: string[];
  nationalities: string[];
  sex?: 'M' | 'F' | 'X';
}

/**
 * One line of a score explanation.
 * `weight` is the largest absolute effect the feature may have on the score; `value` is the signed
 * amount it actually contributed (for `name`, weight 1 and value = the name score itself).
 */
export interface ScoreFeature {
  feature: 'name' | 'birthDate' | 'nationality' | 'sex' | 'cap';
  weight: number;
  value: number;
  detail: string;
}

export interface PersonScore {
  score: number;
  explanation: ScoreFeature[];
}

/** Scripts this module knows something about; `other` is kept verbatim (see transliterate.ts). */
export type Script =
  | 'latin'
  | 'cyrillic'
  | 'arabic'
  | 'greek'
  | 'hebrew'
  | 'armenian'
  | 'georgian'
  | 'hangul'
  | 'han'
  | 'other';

/**
 * A name token after transliteration and normalisation.
 * - `strong`: an identifying name element;
 * - `particle`: a connector or prefix that identifies little (AL, BIN, VAN, DE…): kept, weighted low;
 * - `initial`: a single letter standing for a name (J. → J).
 */
export type TokenKind = 'strong' | 'particle' | 'initial';

export interface NameToken {
  /** Upper-case Latin spellings, most likely first (at most MAX_FORMS_PER_TOKEN). */
  forms: string[];
  kind: TokenKind;
  /** Source script was an abjad (Arabic, Hebrew): short vowels are missing, compare skeletons. */
  abjad: boolean;
  script: Script;
}
