import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, MAX_BONUS, scoreNames, scorePerson } from './score.js';
import type { PersonRecord } from './types.js';
import { compareDates, parseDate } from './birth-date.js';

const T = DEFAULT_THRESHOLD;

function record(name: string, extra: Partial<PersonRecord> = {}): PersonRecord {
  return { id: 'r1', name, aliases: [], birthDates: [], nationalities: [], ...extra };
}

describe('name score: what must match', () => {
  it.each([
    ['LI NA', 'LI NA'], // short names that match exactly are not penalised for being short
    ['LI NA', 'NA LI'],
    ['WU LI', 'Wu, Li'],
    ['Olaf Scholze', 'Olaf Scholz'], // one keying error
    ['Vladimir Putin', 'Vladimir Vladimirovich PUTIN'], // list adds a patronymic
    ['Boris Johnson', 'Alexandre Boris de Pfeffel Johnson'],
    ['V. V. Putin', 'Vladimir Vladimirovich Putin'], // initials
    ['N. Nazarbayev', 'Nursultan Nazarbayev'],
    ['ABDUL RAHMAN', 'ABDULRAHMAN'], // joined / split
    ["'Abd al-Aziz al-Nuristani", 'Abdul Aziz Nooristani'],
    ['bin Salman Mohammed', 'Mohammed bin Salman'], // order
    ['Bill Clinton', 'William Clinton'], // nickname
    ['محمد علي', 'Mohamed Ali'], // Arabic script
    ['Владимир Путин', 'Vladimir Putin'],
    ['Дмитрий Медведев', 'Dmitry Medvedev'],
    ['Володимир Зеленський', 'Volodymyr Zelenskyy'],
    ['Νικόλαος Παπαδόπουλος', 'Nikolaos Papadopoulos'],
    ['ბარაკ ობამა', 'Barack Obama'],
    ['Barack Obama', 'Բարակ Օբամա'],
    ['דוד כהן', 'David Cohen'],
    ['김정은', 'Kim Jong Un'],
    ['José García', 'JOSE GARCIA'],
    ['Jürgen Müller', 'JUERGEN MUELLER'],
  ])('%s ~ %s', (a, b) => {
    expect(scoreNames(a, b)).toBeGreaterThanOrEqual(T);
  });

  it('scores an exact short name 1', () => {
    expect(scoreNames('LI NA', 'LI NA')).toBe(1);
    expect(scoreNames('WU', 'WU')).toBe(1);
  });
});

describe('name score: what must not match', () => {
  it.each([
    ['Sergey Ivanov', 'Sergey Viktorovich LAVROV'], // shared given name only
    ['Geoffrey Boris Johnson', 'Alexandre Boris de Pfeffel Johnson'], // both sides have extra elements
    ['Barack Obama', 'George Hussein Onyango Obama'],
    ['A. Nazarbayev', 'Nursultan Nazarbayev'], // conflicting initial
    ['N.N.', 'Nursultan Nazarbayev'], // initials only
    ['LI NA', 'LI NI'],
    ['Frank Richter', 'Frederik Richter'],
    ['Boris Netanyahu', 'Benjamin Netanyahu'],
    ['OBAMA', 'George Hussein Onyango Obama'], // a lone surname
    ['Thomas A. Lind', 'Thomas Lindemann'],
  ])('%s !~ %s', (a, b) => {
    expect(scoreNames(a, b)).toBeLessThan(T);
  });
});

describe('scorePerson', () => {
  it('takes the best of the record name and its aliases and explains it', () => {
    const r = scorePerson({ name: 'Abu Bakr al-Baghdadi' }, record('Ibrahim Awwad Ibrahim al-Badri', { aliases: ['Abu Bakr al-Baghdadi', 'Abu Duaa'] }));
    expect(r.score).toBe(1);
    expect(r.explanation[0]).toMatchObject({ feature: 'name', weight: 1, value: 1 });
    expect(r.explanation[0]?.detail).toContain('Abu Bakr al-Baghdadi');
  });

  it('lets an agreeing birth date lift a borderline name over the threshold', () => {
    const q = { name: 'Thomas A. Lind', birthDate: '1970-03-04' };
    const name = scoreNames(q.name, 'Thomas Lindemann');
    expect(name).toBeLessThan(T);
    expect(name).toBeGreaterThanOrEqual(T - MAX_BONUS);
    const r = scorePerson(q, record('Thomas Lindemann', { birthDates: ['1970-03-04'] }));
    expect(r.score).toBeGreaterThanOrEqual(T);
    expect(r.explanation.find((e) => e.feature === 'birthDate')).toMatchObject({ value: 0.04 });
  });

  it('never lets birth date, nationality and sex lift a bad name over the threshold', () => {
    const q = { name: 'Sergey Ivanov', birthDate: '1950-03-21', nationality: 'RUS', sex: 'M' as const };
    const r = scorePerson(q, record('Sergey Viktorovich LAVROV', { birthDates: ['1950-03-21'], nationalities: ['RUS'], sex: 'M' }));
    expect(r.score).toBeLessThan(T);
    expect(r.score).toBeCloseTo(scoreNames(q.name, 'Sergey Viktorovich LAVROV') + MAX_BONUS, 10);
    expect(r.explanation.some((e) => e.feature === 'cap')).toBe(true);
  });

  it('lowers a good name when the birth year is far off or the sex differs', () => {
    const base = scorePerson({ name: 'Ivan Petrov' }, record('Ivan Petrov')).score;
    const far = scorePerson({ name: 'Ivan Petrov', birthDate: '1990' }, record('Ivan Petrov', { birthDates: ['1955-01-01'] })).score;
    const sex = scorePerson({ name: 'Ivan Petrov', sex: 'F' }, record('Ivan Petrov', { sex: 'M' })).score;
    expect(base).toBe(1);
    expect(far).toBeCloseTo(0.9, 10);
    expect(sex).toBeCloseTo(0.95, 10);
  });

  it('uses the most favourable of several listed birth dates', () => {
    const r = scorePerson({ name: 'Ivan Petrov', birthDate: '1961-02-01' }, record('Ivan Petrov', { birthDates: ['1975', '1961-01-02'] }));
    expect(r.explanation.find((e) => e.feature === 'birthDate')?.detail).toContain('day-month-swapped');
  });
});

describe('birth dates', () => {
  const cmp = (a: string, b: string) => compareDates(parseDate(a)!, parseDate(b)!);
  it.each([
    ['1970-03-04', '1970-03-04', 'exact'],
    ['1970-03-04', '1970-04-03', 'day-month-swapped'],
    ['1970-03-04', '1970', 'year-only'],
    ['1970', '1970', 'year-only'],
    ['1970-03-04', '1971-03-04', 'year-off-by-one'],
    ['1970', '1969', 'year-off-by-one'],
    ['1970-03-04', '1970-03-20', 'year-and-month'],
    ['1970-03-04', '1970-08-20', 'same-year-other-day'],
    ['1970-03-04', '1973-03-04', 'years-2-to-5-apart'],
    ['1970', '1990', 'years-over-5-apart'],
  ])('%s vs %s: %s', (a, b, kind) => {
    expect(cmp(a, b)).toBe(kind);
  });

  it('rejects what is not a date', () => {
    expect(parseDate('04/03/1970')).toBeUndefined();
    expect(parseDate('1970-13-01')).toEqual({ year: 1970 });
  });
});
