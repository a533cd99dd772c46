/**
 * Person-alert watch-list: import (CSV, FollowTheMoney JSON lines) into one SQLite file per list,
 * and search with blocking + the explained scores of ../names. See README.md.
 * The synthetic list generator (synthetic-persons.ts) is for benchmarks and is not exported here.
 */
export { PersonListStore, NoPersonListError, DEFAULT_LIMIT, DEFAULT_MAX_SCORED, DEFAULT_NAME_BUDGET, DEFAULT_SCORING_BUDGET, MIN_NAMES_SCORED, DEFAULT_MAX_POSTINGS, NEAR_MISS_MARGIN, NAMES_SCORED_PER_PERSON } from './person-list-store.js';
export type { OpenPersonListOptions, PersonCandidate, PersonListStats, PersonSearchOptions, PersonSearchResult } from './person-list-store.js';
export { importPersonList, importPersonAlerts, ImportAbortedError, EmptyListError, DEFAULT_POSTING_CAP, MAX_REPORTED } from './person-list-import.js';
export type { AlertImportOptions, ImportIssue, ImportOptions, ImportProgress, ImportSummary } from './person-list-import.js';
export { PersonListTarget, type PersonListTargetOptions } from './person-list-target.js';
export { formatFromFileName, type ListFormat } from './person-list-readers.js';
export { ImportRunningError } from './person-list-files.js';
export { CATEGORY_DEFAULTS, MAX_ALIASES, categoryFromTopics, type PersonAlert, type Sex } from './person-alert.js';
export { normaliseNationality } from './country-codes.js';
export { LIST_FILE, listPath } from './person-list-format.js';
