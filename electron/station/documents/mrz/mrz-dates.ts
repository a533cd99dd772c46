// MRZ dates are YYMMDD. The century is not written, so it is inferred from `today`:
//
// - Birth date: the latest date with those digits that is not after today. In 2026, 740812 is
//   1974-08-12 and 150101 is 2015-01-01; 261231 read on 2026-06-01 is 1926-12-31, because a birth
//   date cannot be in the future. Someone over 100 years old is therefore placed a century too late:
//   two digits cannot tell, and an officer sees the photo.
// - Expiry date: the year with those two digits in the window [today's year − 49, today's year + 50].
//   In 2026 that is 1977–2076: 340528 is 2034-05-28 and 950712 is 1995-07-12. No document is valid
//   for 50 years, and expired documents from the 1980s still turn up.
//
// A date that is all fillers, partly fillers, not digits, or not a day of the calendar (month 13,
// 30 February, 29 February outside a leap year) gives null and a problem message.

export type MrzDateKind = 'birth' | 'expiry';

/** How far ahead of today an expiry date may lie before it is taken as last century. */
export const EXPIRY_YEARS_AHEAD = 50;

export interface MrzDateReading {
  iso: string | null;
  problem: string | null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function safeToday(today: Date | undefined): Date {
  return today instanceof Date && !Number.isNaN(today.getTime()) ? today : new Date();
}

/** Reads a six-character MRZ date. Never throws. */
export function readMrzDate(yymmdd: string, kind: MrzDateKind, today?: Date): MrzDateReading {
  if (yymmdd.length !== 6) return { iso: null, problem: `date must have 6 characters, found ${yymmdd.length}` };
  if (/^<+$/.test(yymmdd)) return { iso: null, problem: 'date not given (all fillers)' };
  if (yymmdd.includes('<')) return { iso: null, problem: `date ${yymmdd} is partly unknown (fillers)` };
  if (!/^\d{6}$/.test(yymmdd)) return { iso: null, problem: `date ${yymmdd} contains characters that are not digits` };
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) return { iso: null, problem: `date ${yymmdd} has month ${pad(month, 2)}, which does not exist` };
  if (day < 1) return { iso: null, problem: `date ${yymmdd} has day 00, which does not exist` };

  const now = safeToday(today);
  const todayYear = now.getUTCFullYear();
  let year: number;
  if (kind === 'birth') {
    year = Math.floor(todayYear / 100) * 100 + yy;
    const asNumber = (y: number, m: number, d: number): number => y * 10_000 + m * 100 + d;
    if (asNumber(year, month, day) > asNumber(todayYear, now.getUTCMonth() + 1, now.getUTCDate())) year -= 100;
  } else {
    const last = todayYear + EXPIRY_YEARS_AHEAD;
    year = last - ((((last - yy) % 100) + 100) % 100);
  }
  if (day > daysInMonth(year, month)) {
    return { iso: null, problem: `date ${yymmdd} has day ${pad(day, 2)}, which ${pad(year, 4)}-${pad(month, 2)} does not have` };
  }
  return { iso: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`, problem: null };
}
