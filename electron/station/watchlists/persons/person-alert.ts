/**
 * One person alert as the list carries it, and the checks an import applies to each one.
 *
 * Policy for imperfect rows (a border list is safety data: dropping a wanted person because one of
 * their three birth dates is mistyped would be the worse error):
 *   - no id or no name → the row is rejected (counted as an error with its line);
 *   - a bad value in an optional field (a date, the sex, a nationality, the expiry, the severity) →
 *     that value is dropped, the alert is imported, and a warning names the line and the value.
 */
import { normaliseNationality } from './country-codes.js';
import { MODALITIES, SEVERITIES, type Modality, type Severity } from './person-list-format.js';

export type Sex = 'M' | 'F' | 'X';

export interface BiometricRef {
  modality: Modality;
  reference: string;
}

export interface PersonAlert {
  id: string;
  name: string;
  aliases: string[];
  /** Each `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  birthDates: string[];
  /** ISO 3166-1 alpha-3 (or an ICAO code), see country-codes.ts. */
  nationalities: string[];
  sex?: Sex;
  /** Normalised document numbers (upper case, no spaces, dashes or fillers). */
  documents: string[];
  category: string;
  /** What the officer must do on a hit: an instruction, not a description of the alert. */
  action: string;
  severity: Severity;
  source?: string;
  /** `YYYY-MM-DD`: the alert applies up to and including this day. */
  expires?: string;
  biometrics: BiometricRef[];
}

/** An alert as read from a file, before checks: every field may be missing or malformed. */
export interface RawAlert {
  id?: string;
  name?: string;
  aliases?: readonly string[];
  birthDates?: readonly string[];
  nationalities?: readonly string[];
  sex?: string;
  documents?: readonly string[];
  category?: string;
  action?: string;
  severity?: string;
  source?: string;
  expires?: string;
  biometrics?: readonly string[];
}

export const MAX_NAME_CHARS = 300;
/**
 * Aliases kept per person. Every alias is scored for every query that retrieves the person, so one
 * entity with hundreds of spellings (OpenSanctions lists some heads of state that way) would cost
 * milliseconds per check; 50 distinct spellings cover every script such an entity is written in.
 */
export const MAX_ALIASES = 50;
export const MAX_ID_CHARS = 200;

/** Categories this station knows a default action and severity for; others are kept as given. */
export const CATEGORY_DEFAULTS: Readonly<Record<string, { action: string; severity: Severity }>> = {
  wanted: { action: 'refer to supervisor immediately; do not alert the traveller', severity: 'high' },
  terrorism: { action: 'refer to supervisor immediately; do not alert the traveller', severity: 'high' },
  sanction: { action: 'refer to supervisor (entry/transit ban check)', severity: 'high' },
  crime: { action: 'refer to supervisor', severity: 'medium' },
  poi: { action: 'refer to supervisor', severity: 'medium' },
  pep: { action: 'no action: for information only', severity: 'low' },
  other: { action: 'refer to supervisor', severity: 'medium' },
};

/**
 * FollowTheMoney/OpenSanctions topics → one category, by priority: an entity that is both wanted
 * and sanctioned is handled as wanted. Topics without a border meaning (debarment, export control…)
 * fall to `other`.
 */
const TOPIC_CATEGORY: ReadonlyArray<readonly [RegExp, string]> = [
  [/^wanted$/, 'wanted'],
  [/^crime\.terror$/, 'terrorism'],
  [/^sanction(\.linked)?$/, 'sanction'],
  [/^crime(\..+)?$/, 'crime'],
  [/^poi$/, 'poi'],
  [/^role\.(pep|rca)$/, 'pep'],
];

export function categoryFromTopics(topics: readonly string[]): string {
  for (const [re, category] of TOPIC_CATEGORY) if (topics.some((t) => re.test(t.trim().toLowerCase()))) return category;
  return 'other';
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A full or partial date `YYYY[-MM[-DD]]` that exists in the calendar, or undefined. */
export function checkPartialDate(text: string): string | undefined {
  const t = text.trim();
  const m = DATE_RE.exec(t);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1800 || year > 2200) return undefined;
  if (m[2] === undefined) return t;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return t;
  const day = Number(m[3]);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= last ? t : undefined;
}

/** An expiry day: `YYYY-MM-DD`, or the date part of an ISO timestamp. */
export function checkExpiry(text: string): string | undefined {
  const d = checkPartialDate(text.trim().slice(0, 10));
  return d && d.length === 10 ? d : undefined;
}

export function normaliseSex(text: string): Sex | undefined {
  switch (text.trim().toLowerCase()) {
    case 'm':
    case 'male':
      return 'M';
    case 'f':
    case 'female':
      return 'F';
    case 'x':
    case 'other':
    case 'diverse':
      return 'X';
    default:
      return undefined;
  }
}

/** Document numbers as the MRZ holds them: letters and digits, upper case. */
export function normaliseDocumentNumber(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export interface CheckedAlert {
  alert?: PersonAlert;
  /** Why the row was rejected. */
  error?: string;
  warnings: string[];
}

/** Applies the policy in the file comment to one raw alert. */
export function checkAlert(raw: RawAlert): CheckedAlert {
  const warnings: string[] = [];
  const id = collapse(raw.id ?? '');
  const name = collapse(raw.name ?? '');
  if (!id) return { error: 'no id', warnings };
  if (id.length > MAX_ID_CHARS) return { error: `id longer than ${MAX_ID_CHARS} characters`, warnings };
  const names = [name, ...(raw.aliases ?? []).map(collapse)].filter((n) => n.length > 0);
  const primary = names[0];
  if (!primary) return { error: `no name for ${id}`, warnings };
  if (!/\p{L}/u.test(primary)) return { error: `name of ${id} has no letters: "${primary}"`, warnings };
  if (!name) warnings.push(`no name for ${id}: the first alias is used as the name`);

  const seen = new Set<string>([primary.toLowerCase()]);
  const aliases: string[] = [];
  for (const a of names.slice(1)) {
    if (a.length > MAX_NAME_CHARS) {
      warnings.push(`alias longer than ${MAX_NAME_CHARS} characters dropped`);
      continue;
    }
    const k = a.toLowerCase();
    if (seen.has(k) || !/\p{L}/u.test(a)) continue;
    seen.add(k);
    aliases.push(a);
  }
  if (aliases.length > MAX_ALIASES) {
    warnings.push(`${aliases.length} aliases: kept the first ${MAX_ALIASES}`);
    aliases.length = MAX_ALIASES;
  }

  const birthDates: string[] = [];
  for (const d of raw.birthDates ?? []) {
    if (!d.trim()) continue;
    const ok = checkPartialDate(d);
    if (ok) {
      if (!birthDates.includes(ok)) birthDates.push(ok);
    } else warnings.push(`birth date "${d}" is not YYYY, YYYY-MM or YYYY-MM-DD: dropped`);
  }

  const nationalities: string[] = [];
  for (const n of raw.nationalities ?? []) {
    if (!n.trim()) continue;
    const c = normaliseNationality(n);
    if (c && /^[A-Z]{1,4}$/.test(c)) {
      if (!nationalities.includes(c)) nationalities.push(c);
    } else warnings.push(`nationality "${n}" is not a country code: dropped`);
  }

  let sex: Sex | undefined;
  if (raw.sex && raw.sex.trim()) {
    sex = normaliseSex(raw.sex);
    if (!sex) warnings.push(`sex "${raw.sex}" is not M, F or X: dropped`);
  }

  const documents = [...new Set((raw.documents ?? []).map(normaliseDocumentNumber).filter((d) => d.length > 0))];

  const category = collapse(raw.category ?? '').toLowerCase() || 'other';
  const defaults = CATEGORY_DEFAULTS[category] ?? CATEGORY_DEFAULTS.other!;
  let severity = defaults.severity;
  if (raw.severity && raw.severity.trim()) {
    const s = raw.severity.trim().toLowerCase();
    if ((SEVERITIES as readonly string[]).includes(s)) severity = s as Severity;
    else warnings.push(`severity "${raw.severity}" is not low, medium or high: used ${severity} (default for ${category})`);
  }
  const action = collapse(raw.action ?? '') || defaults.action;

  let expires: string | undefined;
  if (raw.expires && raw.expires.trim()) {
    expires = checkExpiry(raw.expires);
    if (!expires) warnings.push(`expiry "${raw.expires}" is not YYYY-MM-DD: the alert is kept without an expiry`);
  }

  const biometrics: BiometricRef[] = [];
  for (const b of raw.biometrics ?? []) {
    if (!b.trim()) continue;
    const at = b.indexOf(':');
    const modality = b.slice(0, at).trim().toLowerCase();
    const reference = b.slice(at + 1).trim();
    if (at > 0 && reference && (MODALITIES as readonly string[]).includes(modality)) biometrics.push({ modality: modality as Modality, reference });
    else warnings.push(`biometric reference "${b}" is not <face|fingerprint|iris>:<reference>: dropped`);
  }

  const source = collapse(raw.source ?? '');
  return {
    alert: {
      id,
      name: primary.length > MAX_NAME_CHARS ? primary.slice(0, MAX_NAME_CHARS) : primary,
      aliases,
      birthDates,
      nationalities,
      ...(sex ? { sex } : {}),
      documents,
      category,
      action,
      severity,
      ...(source ? { source } : {}),
      ...(expires ? { expires } : {}),
      biometrics,
    },
    warnings,
  };
}
