/**
 * Dates in the chosen language. Document dates (birth, expiry) are calendar dates with no time zone:
 * they are formatted in UTC so a booth west of Greenwich never shows the day before.
 */
export interface Formatters {
  /** `1974-08-12` → `12 Aug 1974` (in the locale); unparsable input is returned unchanged. */
  documentDate(isoDate: string): string;
  /** An ISO timestamp → local date and time. */
  dateTime(iso: string): string;
  /** An ISO timestamp → local time only (for today's crossings). */
  time(iso: string): string;
}

export function makeFormatters(locale: string, timeZone?: string): Formatters {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const stamp = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  const clock = new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  return {
    documentDate(isoDate) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
      if (!m) return isoDate;
      return day.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    dateTime(iso) {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : stamp.format(d);
    },
    time(iso) {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : clock.format(d);
    },
  };
}
