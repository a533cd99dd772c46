import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { DEFAULT_THRESHOLD } from '../names/index.js';
import { importPersonList } from './person-list-import.js';
import { NoPersonListError, PersonListStore, type PersonSearchResult } from './person-list-store.js';
import { CSV_HEADER, syntheticPersons, toCsvLine, type SyntheticPerson } from './synthetic-persons.js';

const CSV = fileURLToPath(new URL('./fixtures/persons.csv', import.meta.url));
const NOW = () => new Date('2026-06-01T12:00:00Z');

let dir: ReturnType<typeof tempDir>;
let store: PersonListStore;

beforeAll(async () => {
  dir = tempDir();
  await importPersonList({ dataDir: dir.path, file: CSV, now: NOW });
  store = PersonListStore.open({ dataDir: dir.path, now: NOW });
});
afterAll(() => {
  store?.close();
  dir?.cleanup();
});

const top = (r: PersonSearchResult) => r.candidates[0];
const feature = (r: PersonSearchResult, name: string) => top(r)?.explanation.find((f) => f.feature === name);

describe('PersonListStore.search', () => {
  it('answers in the documented shape, best first, with the action the officer must take', () => {
    const r = store.search({ name: 'Vladimir Ivanovich Petrov', birthDate: '1961-03-14', nationality: 'RUS', sex: 'M' });
    expect(r.threshold).toBe(DEFAULT_THRESHOLD);
    expect(r.list.version).toBe(store.version);
    expect(top(r)).toMatchObject({ id: 'P-001', name: 'Vladimir Ivanovich PETROV', hit: true, action: 'arrest', category: 'wanted', severity: 'high', source: 'Interpol' });
    expect(top(r)!.score).toBe(1);
    expect(top(r)!.explanation.map((f) => f.feature)).toEqual(['name', 'birthDate', 'nationality', 'sex', 'cap']);
    for (let i = 1; i < r.candidates.length; i++) expect(r.candidates[i - 1]!.score).toBeGreaterThanOrEqual(r.candidates[i]!.score);
  });

  it('finds an entry listed only in Arabic script from a Latin query, and the other way round', () => {
    const latin = store.search({ name: 'Yusuf Ibrahim Haddad' });
    expect(top(latin)).toMatchObject({ id: 'P-015', name: 'يوسف إبراهيم حداد', hit: true });
    expect(feature(latin, 'name')!.detail).toContain('يوسف إبراهيم حداد');
    const arabic = store.search({ name: 'خالد محمود ناصر' });
    expect(top(arabic)).toMatchObject({ id: 'P-016', name: 'Khalid Mahmoud NASSER', hit: true });
  });

  it('matches across Cyrillic and Greek as well', () => {
    expect(top(store.search({ name: 'Владимир Петров' }))).toMatchObject({ id: 'P-001', hit: true });
    expect(top(store.search({ name: 'Georgios Papadopoulos' }))).toMatchObject({ id: 'P-003', hit: true });
    expect(top(store.search({ name: 'Ольга Смирнова' }))).toMatchObject({ id: 'P-004', hit: true });
  });

  it('ignores token order', () => {
    const a = store.search({ name: 'PETROV, Vladimir Ivanovich' });
    const b = store.search({ name: 'Vladimir Ivanovich Petrov' });
    const c = store.search({ name: 'Ivanovich Petrov Vladimir' });
    expect(top(a)?.id).toBe('P-001');
    expect(top(a)!.score).toBe(top(b)!.score);
    expect(top(c)!.score).toBe(top(b)!.score);
  });

  it('uses partial birth dates as bounded evidence', () => {
    const month = store.search({ name: 'Olga Smirnova', birthDate: '1990-05-17' });
    expect(feature(month, 'birthDate')).toMatchObject({ value: 0.025, detail: expect.stringContaining('year-and-month') });
    const yearOnly = store.search({ name: 'Omar Khaled al-Shammari', birthDate: '1975-03-02' });
    expect(feature(yearOnly, 'birthDate')).toMatchObject({ value: 0.02, detail: expect.stringContaining('year-only') });
    const far = store.search({ name: 'Olga Smirnova', birthDate: '1971' });
    expect(top(far)!.score).toBeLessThan(top(store.search({ name: 'Olga Smirnova' }))!.score);
    expect(feature(far, 'birthDate')!.value).toBeLessThan(0);
    // Several listed dates: the best agreement counts (P-001 lists 1961-03-14 and 1962).
    expect(feature(store.search({ name: 'Vladimir Petrov', birthDate: '1962-07-01' }), 'birthDate')).toMatchObject({ detail: expect.stringContaining('vs 1962)') });
    expect(() => store.search({ name: 'Olga Smirnova', birthDate: '17.05.1990' })).toThrow(RangeError);
  });

  it('compares nationalities as alpha-3 whatever the list or the document used', () => {
    // P-015 is listed with alpha-2 LB; the MRZ says LBN.
    expect(feature(store.search({ name: 'Yusuf Ibrahim Haddad', nationality: 'LBN' }), 'nationality')).toMatchObject({ value: 0.02 });
    expect(feature(store.search({ name: 'Hans Mueller', nationality: 'D' }), 'nationality')).toBeUndefined();
  });

  it('leaves expired alerts out, or returns them flagged and never as hits when asked', () => {
    const r = store.search({ name: 'Hans Mueller' });
    expect(r.candidates.some((c) => c.id === 'P-005')).toBe(false);
    expect(r.expiredSkipped).toBe(1);
    const flagged = store.search({ name: 'Hans Mueller' }, { includeExpired: true });
    expect(top(flagged)).toMatchObject({ id: 'P-005', expired: true, hit: false, expires: '2020-01-01' });
    expect(top(flagged)!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('treats the expiry day as the last day the alert applies', () => {
    const onTheDay = PersonListStore.open({ dataDir: dir.path, now: () => new Date('2020-01-01T23:59:00Z') });
    const dayAfter = PersonListStore.open({ dataDir: dir.path, now: () => new Date('2020-01-02T00:00:01Z') });
    try {
      expect(top(onTheDay.search({ name: 'Hans Mueller' }))).toMatchObject({ id: 'P-005', hit: true });
      expect(dayAfter.search({ name: 'Hans Mueller' }).candidates).toEqual([]);
    } finally {
      onTheDay.close();
      dayAfter.close();
    }
  });

  it('applies a caller threshold and returns near misses unflagged', () => {
    const strict = store.search({ name: 'Omer Khalid Shamari' }, { threshold: 0.99 });
    expect(strict.threshold).toBe(0.99);
    expect(top(strict)).toMatchObject({ id: 'P-002', hit: false });
    const nobody = store.search({ name: 'Maximilian Obermayer' });
    expect(nobody.candidates).toEqual([]);
    expect(nobody.hits).toBe(0);
  });

  it('refuses a list indexed with other blocking keys than this build searches with', async () => {
    const d = tempDir();
    try {
      await importPersonList({ dataDir: d.path, file: CSV, now: NOW });
      const db = new Database(join(d.path, 'watchlist-persons.db'));
      db.prepare("UPDATE meta SET value = 'an-older-scheme' WHERE key = 'key_scheme'").run();
      db.close();
      expect(() => PersonListStore.open({ dataDir: d.path })).toThrow(/import the list again/);
    } finally {
      d.cleanup();
    }
  });

  it('refuses an empty name and says when there is no list', () => {
    expect(() => store.search({ name: '  ' })).toThrow(RangeError);
    const empty = tempDir();
    try {
      expect(() => PersonListStore.open({ dataDir: empty.path })).toThrow(NoPersonListError);
    } finally {
      empty.cleanup();
    }
  });
});

describe('PersonListStore on a synthetic list', () => {
  let big: ReturnType<typeof tempDir>;
  let persons: SyntheticPerson[];
  beforeAll(async () => {
    big = tempDir();
    persons = [...syntheticPersons(3000, 5)];
    const file = join(big.path, 'list.csv');
    writeFileSync(file, [CSV_HEADER, ...persons.map(toCsvLine)].join('\n') + '\n');
    // A tiny cap, so that this small list has "very common" keys like a large one.
    await importPersonList({ dataDir: big.path, file, postingCap: 60, now: NOW });
  }, 60_000);
  afterAll(() => big?.cleanup());

  it('caps common keys, reports them, and still finds every sampled listed person by their own name', () => {
    const s = PersonListStore.open({ dataDir: big.path, now: NOW });
    try {
      expect(s.stats().cappedKeys).toBeGreaterThan(0);
      let commonSeen = 0;
      const sample = persons.filter((p, i) => i % 40 === 0 && !(p.alert.expires && p.alert.expires < '2026-06-01'));
      for (const p of sample) {
        const r = s.search({ name: p.alert.name, birthDate: p.trueBirthDate });
        commonSeen += r.commonKeys.length;
        const c = r.candidates.find((x) => x.id === p.alert.id);
        expect(c, `${p.alert.name} (${p.alert.id})`).toBeDefined();
        expect(c!.hit).toBe(true);
      }
      expect(commonSeen).toBeGreaterThan(0);
    } finally {
      s.close();
    }
  });

  it('answers the same with posting lists in memory as read from the file', () => {
    const disk = PersonListStore.open({ dataDir: big.path, now: NOW });
    const memory = PersonListStore.open({ dataDir: big.path, now: NOW, index: 'memory' });
    try {
      for (const p of persons.filter((_, i) => i % 150 === 0)) {
        const q = { name: p.alert.aliases[0] ?? p.alert.name };
        expect(memory.search(q)).toEqual(disk.search(q));
      }
    } finally {
      disk.close();
      memory.close();
    }
  });

  it('bounds the work of a common name', () => {
    const s = PersonListStore.open({ dataDir: big.path, now: NOW });
    try {
      const r = s.search({ name: 'Mohammed Ali' }, { maxScored: 5, nameBudget: 5 });
      expect(r.scored).toBeLessThanOrEqual(5);
      expect(r.namesScored).toBeLessThanOrEqual(5);
      expect(r.considered).toBeGreaterThan(5);
    } finally {
      s.close();
    }
  });
});

describe('PersonListStore with many persons of one name', () => {
  it('scores the shared name once, puts the one born on the traveller\'s date first, and flags the answer incomplete', async () => {
    const d = tempDir();
    try {
      const file = join(d.path, 'wang.csv');
      const rows = Array.from({ length: 40 }, (_, i) => `W-${i},WANG Wei,,${1950 + i}-0${1 + (i % 9)}-1${i % 10},CHN,M,poi`);
      writeFileSync(file, ['id,name,aliases,dob,nationality,sex,category', ...rows, 'L-1,LI Na,,1982,CHN,F,poi'].join('\n') + '\n');
      await importPersonList({ dataDir: d.path, file, now: NOW });
      const s = PersonListStore.open({ dataDir: d.path, now: NOW });
      try {
        const r = s.search({ name: 'Wang Wei', birthDate: '1973-06-13' }, { limit: 5 });
        expect(r.namesScored).toBe(1);
        expect(r.scored).toBe(40);
        expect(r.candidates).toHaveLength(5);
        expect(r.candidates[0]).toMatchObject({ id: 'W-23', hit: true, score: 1 });
        expect(r.candidates[0]!.explanation.find((f) => f.feature === 'birthDate')?.detail).toMatch(/^exact/);
        expect(r.hits).toBe(40);
        expect(r.truncated).toBe(true);
        const li = s.search({ name: 'Li Na' });
        expect(li.truncated).toBe(false);
        expect(li.candidates.map((c) => c.id)).toEqual(['L-1']);
      } finally {
        s.close();
      }
    } finally {
      d.cleanup();
    }
  });
});
