/**
 * Birth-date evidence. Watch-list dates are often approximate (year only, several candidates, day
 * and month swapped between US and European notation, a keyed year off by one), and documents are
 * right about their own holder, so agreement is modest evidence and disagreement is modest
 * counter-evidence; neither can turn a weak name into a match (see score.ts).
 */

export interface ParsedDate {
  year: number;
  month?: number;
  day?: number;
}

export function parseDate(text: string): ParsedDate | undefined {
  const m = /^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] !== undefined ? Number(m[2]) : undefined;
  const day = m[3] !== undefined ? Number(m[3]) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return { year };
  if (day !== undefined && (day < 1 || day > 31)) return month !== undefined ? { year, month } : { year };
  return { year, ...(month !== undefined ? { month } : {}), ...(day !== undefined ? { day } : {}) };
}

export type DateAgreement =
  | 'exact'
  | 'day-month-swapped'
  | 'year-and-month'
  | 'year-only'
  | 'year-off-by-one'
  | 'same-year-other-day'
  | 'years-2-to-5-apart'
  | 'years-over-5-apart';

/** Score adjustment per agreement kind: small on purpose (see file comment). */
export const DATE_ADJUSTMENT: Record<DateAgreement, number> = {
  exact: 0.04,
  'day-month-swapped': 0.03,
  'year-and-month': 0.025,
  'year-only': 0.02,
  'year-off-by-one': 0.015,
  'same-year-other-day': -0.02,
  'years-2-to-5-apart': -0.05,
  'years-over-5-apart': -0.1,
};

export function compareDates(a: ParsedDate, b: ParsedDate): DateAgreement {
  const full = a.month !== undefined && a.day !== undefined && b.month !== undefined && b.day !== undefined;
  const dy = Math.abs(a.year - b.year);
  if (dy === 0) {
    if (full) {
      if (a.month === b.month && a.day === b.day) return 'exact';
      if (a.month === b.day && a.day === b.month) return 'day-month-swapped';
      if (a.month === b.month) return 'year-and-month';
      return 'same-year-other-day';
    }
    if (a.month !== undefined && b.month !== undefined && a.month === b.month) return 'year-and-month';
    if (a.month !== undefined && b.month !== undefined) return 'same-year-other-day';
    return 'year-only';
  }
  if (dy === 1 && (!full || (a.month === b.month && a.day === b.day))) return 'year-off-by-one';
  return dy <= 5 ? 'years-2-to-5-apart' : 'years-over-5-apart';
}

export interface DateEvidence {
  agreement: DateAgreement;
  adjustment: number;
  candidateDate: string;
}

/** The most favourable agreement between the query date and any of the record's dates. */
export function bestDateEvidence(query: string | undefined, candidates: readonly string[]): DateEvidence | undefined {
  if (!query) return undefined;
  const q = parseDate(query);
  if (!q) return undefined;
  let best: DateEvidence | undefined;
  for (const text of candidates) {
    const c = parseDate(text);
    if (!c) continue;
    const agreement = compareDates(q, c);
    const adjustment = DATE_ADJUSTMENT[agreement];
    if (!best || adjustment > best.adjustment) best = { agreement, adjustment, candidateDate: text };
  }
  return best;
}
