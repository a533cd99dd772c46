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
  /** A number in the locale's digits and separators, with a fixed number of decimals. */
  number(value: number, fractionDigits?: number): string;
  /** Like `number`, with a sign on anything but zero (`+0.02`, `−0.05`): for effects on a score. */
  signed(value: number, fractionDigits?: number): string;
  /** `3, 'hour'` → "3 hr ago", "il y a 3 h", "قبل 3 ساعات": the locale's own plural rules. */
  ago(count: number, unit: 'minute' | 'hour' | 'day'): string;
}

export function makeFormatters(locale: string, timeZone?: string): Formatters {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const stamp = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  const clock = new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  const relative = new Intl.RelativeTimeFormat(locale, { style: 'short', numeric: 'always' });
  const numbers = new Map<string, Intl.NumberFormat>();
  const numberFormat = (digits: number, sign: boolean): Intl.NumberFormat => {
    const key = `${digits}${sign ? '+' : ''}`;
    let f = numbers.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, ...(sign ? { signDisplay: 'exceptZero' as const } : {}) });
      numbers.set(key, f);
    }
    return f;
  };
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
    number(value, fractionDigits = 0) {
      return numberFormat(fractionDigits, false).format(value);
    },
    signed(value, fractionDigits = 2) {
      return numberFormat(fractionDigits, true).format(value);
    },
    ago(count, unit) {
      return relative.format(-Math.abs(count), unit);
    },
  };
}
