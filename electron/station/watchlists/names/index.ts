/**
 * Watch-list person-name matching: pure functions, no I/O.
 * The evaluation harness (evaluate.ts) reads files and is deliberately not exported here.
 */
export type { NameToken, PersonQuery, PersonRecord, PersonScore, Script, ScoreFeature, TokenKind } from './types.js';
export { MAX_FORMS, detectScript, transliterate, transliterateWord, type TransliteratedWord } from './transliterate.js';
export { PARTICLES, TITLES, nameTokens, normaliseName, tokenizeName } from './normalise.js';
export { phoneticKey } from './phonetic.js';
export { areNicknames } from './nicknames.js';
export { foldVowels, jaroWinkler, levenshtein, type Alignment, type AlignedPair } from './similarity.js';
export { alignTokens, nameReadings } from './alignment.js';
export { compareDates, parseDate, bestDateEvidence, type DateAgreement } from './birth-date.js';
export { DEFAULT_THRESHOLD, MAX_BONUS, NAME_MODEL, bestNameScore, nameQuery, scoreNames, scorePerson, scoreTokens, type NameQuery, type ScoreOptions } from './score.js';
export { indexKeys, nameKeys, queryKeys } from './candidate-keys.js';
