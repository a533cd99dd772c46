import { copyFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { applyBundle, type BundleMeta } from '../bundles/apply.js';
import type { BundleErrorCode } from '../bundles/bundle-error.js';
import { createBundle, readBundleHeader, type CreateBundleOptions } from '../bundles/bundle.js';
import type { BundleKey, BundleRow } from '../bundles/payload-rows.js';
import { CREATED, EXPIRES, flipByte, NOW, publisher, trustOf, refusal } from '../bundles/testing/fixtures.js';
import { listPath } from './person-list-format.js';
import { PersonListStore } from './person-list-store.js';
import { PersonListTarget } from './person-list-target.js';

const P = publisher();
const trust = trustOf(P.trusted);
const LIST = 'national-alerts';
const KEY = 'a'.repeat(64);

let dir: ReturnType<typeof tempDir>;
let data: string;
let seq = 0;
beforeEach(() => {
  dir = tempDir('bpwl-persons-');
  data = join(dir.path, 'data');
});
afterEach(() => dir.cleanup());

const HEADER = 'id,name,aliases,dob,nationality,sex,category,action,documents';
const BASE = [
  'P-001,Vladimir Ivanovich PETROV,Владимир Петров,1961-03-14,RUS,M,wanted,refer to supervisor,',
  'P-002,Olga SMIRNOVA,Ольга Смирнова,1990-05,UKR,F,sanction,,',
  'P-003,Hans MUELLER,Hans Müller,1955-01-01,DEU,M,crime,,C01X00T47|AB 123',
  'P-004,Li NA,,1982,CHN,F,poi,,',
];
const csv = (lines: string[], op = false) => [(op ? '_op,' : '') + HEADER, ...lines].join('\n') + '\n';
const remove = (id: string) => `remove,${id},,,,,,,,`;
const upsert = (line: string) => `upsert,${line}`;

async function bundle(o: Partial<CreateBundleOptions>): Promise<string> {
  const out = join(dir.path, `b${++seq}.bpwl`);
  await createBundle({ kind: 'persons', listId: LIST, type: 'full', version: 1, expiresAt: EXPIRES, createdAt: CREATED, payload: '', encoding: 'csv', out, ...o }, P.privateKey);
  return out;
}
const fullBundle = (version: number, lines: string[], o: Partial<CreateBundleOptions> = {}) => bundle({ version, payload: csv(lines), ...o });
const deltaBundle = (baseVersion: number, version: number, lines: string[], o: Partial<CreateBundleOptions> = {}) => bundle({ type: 'delta', baseVersion, version, payload: csv(lines, true), ...o });

const target = (dataDir = data) => new PersonListTarget({ dataDir, key: KEY });
const apply = (path: string, t: PersonListTarget = target()) => applyBundle(path, t, { trust, now: NOW });

function withStore<T>(f: (s: PersonListStore) => T): T {
  const s = PersonListStore.open({ dataDir: data, key: KEY });
  try {
    return f(s);
  } finally {
    s.close();
  }
}
/** The ids found as hits for a name, as `watchlist check --name` reports them. */
const hits = (name: string) => withStore((s) => s.search({ name }).candidates.filter((c) => c.hit).map((c) => c.id));

describe('person list from signed bundles', () => {
  it('applies a full bundle, then a delta: an upserted person is found, a removed one is not, the rest is untouched', async () => {
    const first = await apply(await fullBundle(1, BASE));
    expect(first).toMatchObject({ type: 'full', version: 1, previousVersion: null, change: { records: 4, previousRecords: null } });
    expect(hits('Olga Smirnova')).toEqual(['P-002']);

    const r = await apply(
      await deltaBundle(1, 2, [
        remove('P-002'),
        remove('P-404'),
        upsert('P-005,Georgios PAPADOPOULOS,Γεώργιος Παπαδόπουλος,1980-07-02,GRC,M,crime,,AE123456'),
        upsert('P-001,Vladimir Ivanovich PETROV,Владимир Петров,1961-03-14,RUS,M,wanted,arrest,'),
        upsert('P-006,Karim HASSAN,,19xx,IRQ,M,sanction,,'),
        upsert('P-006,Karim Ali HASSAN,,1969,IRQ,M,sanction,,'),
      ]),
    );
    expect(r).toMatchObject({ type: 'delta', version: 2, previousVersion: 1, records: 6, change: { records: 5, previousRecords: 4, delta: { added: 2, replaced: 1, removed: 1, notFound: 1 } } });
    expect(r.warnings).toEqual(['1 removal(s) named an alert id the list does not hold, so there was nothing to remove: P-404']);

    expect(hits('Olga Smirnova')).toEqual([]);
    expect(hits('Georgios Papadopoulos')).toEqual(['P-005']);
    expect(hits('Γεώργιος Παπαδόπουλος')).toEqual(['P-005']);
    expect(hits('Karim Ali Hassan')).toEqual(['P-006']);
    expect(hits('Vladimir Petrov')).toEqual(['P-001']);
    withStore((s) => {
      expect(s.get('P-001')).toMatchObject({ action: 'arrest', category: 'wanted', severity: 'high', aliases: ['Владимир Петров'] });
      expect(s.get('P-006')).toMatchObject({ name: 'Karim Ali HASSAN', birthDates: ['1969'] });
      // An alert the delta did not touch keeps every field, its documents included.
      expect(s.get('P-003')).toMatchObject({ name: 'Hans MUELLER', birthDates: ['1955-01-01'], nationalities: ['DEU'], documents: ['AB123', 'C01X00T47'] });
      expect(s.idsByDocument('AE123456')).toEqual(['P-005']);
      expect(s.stats()).toMatchObject({ records: 5, version: '2', source: LIST, listId: LIST, bundle: { type: 'delta', version: 2, baseVersion: 1, keyId: P.keyId } });
    });
    expect(target().currentVersion(LIST)).toBe(2);
    expect(target().currentVersion('another-list')).toBeNull();
  });

  it('takes JSON lines with multi-valued fields as arrays, and reports the values it drops as warnings', async () => {
    const rows = [
      { id: 'J-1', name: 'Natalia KOZLOVA', aliases: ['Наталья Козлова'], dob: ['1988-11-30', '1988-13-01'], nationality: 'RUS', sex: 'F', category: 'crime' },
      { id: 'J-2', name: 'Omar AL-SHAMMARI', dob: 1975, nationality: ['SYR', 'IQ'], colour: 'blue' },
    ];
    const r = await apply(await bundle({ version: 1, encoding: 'jsonl', payload: rows.map((x) => JSON.stringify(x)).join('\n') + '\n' }));
    expect(r.change).toMatchObject({ records: 2 });
    expect(r.warnings).toEqual(['row 1: birth date "1988-13-01" is not YYYY, YYYY-MM or YYYY-MM-DD: dropped', 'row 2: field "colour" is not a person-list field: ignored']);
    withStore((s) => {
      expect(s.get('J-1')).toMatchObject({ aliases: ['Наталья Козлова'], birthDates: ['1988-11-30'], nationalities: ['RUS'], sex: 'F' });
      expect(s.get('J-2')).toMatchObject({ birthDates: ['1975'], nationalities: ['SYR', 'IRQ'] });
    });
  });
});

describe('a refused persons bundle leaves the list in force', () => {
  const PERSON = 'P-009,Yusuf Ibrahim HADDAD,,1971,LBN,M,wanted,,';
  type Case = { name: string; code: BundleErrorCode; message: RegExp; make: () => Promise<string>; now?: Date };
  const cases: Case[] = [
    { name: 'a delta with a bad signature', code: 'BAD_SIGNATURE', message: /signature .* does not match/, make: async () => withFile(await deltaBundle(2, 3, [upsert(PERSON)]), async (p) => flipByte(p, (await readBundleHeader(p)).payloadOffset - 10)) },
    { name: 'an older full list', code: 'OLDER_VERSION', message: /version 1 .* older than version 2/, make: () => fullBundle(1, [PERSON]) },
    { name: 'a delta with a gap', code: 'VERSION_GAP', message: /from version 3 .* station has version 2: the updates from version 2 to 3 are missing/, make: () => deltaBundle(3, 4, [upsert(PERSON)]) },
    { name: 'a delta of a list with no full base', code: 'VERSION_GAP', message: /no copy of that list yet: import a full bundle first/, make: () => deltaBundle(2, 3, [upsert(PERSON)], { listId: 'interpol-red' }) },
    { name: 'an expired delta', code: 'EXPIRED', message: /expired on .* never imported/, make: () => deltaBundle(2, 3, [upsert(PERSON)]), now: EXPIRES },
    { name: 'a delta whose payload is cut short', code: 'TRUNCATED', message: /cut short/, make: async () => withFile(await deltaBundle(2, 3, [upsert(PERSON)]), (p) => truncateSync(p, statSync(p).size - 3)) },
    { name: 'a delta with a row that has no name', code: 'APPLY_FAILED', message: /cannot take a row of this bundle \(upsert 2: no name for P-010\)/, make: () => deltaBundle(2, 3, [upsert(PERSON), upsert('P-010,,,,,,,,')]) },
    { name: 'a full list with an id twice', code: 'APPLY_FAILED', message: /cannot take a row of this bundle \(row 2: duplicate id "P-009"/, make: () => fullBundle(3, [PERSON, PERSON]) },
    { name: 'a delta that removes every alert', code: 'APPLY_FAILED', message: /no person could be imported/, make: () => deltaBundle(2, 3, [remove('P-001'), remove('P-003')]) },
    { name: 'a full list of another list id', code: 'APPLY_FAILED', message: /person list is "national-alerts" \(version 2\).*a bundle of "interpol-red" does not replace it/, make: () => fullBundle(1, [PERSON], { listId: 'interpol-red' }) },
    { name: 'a delta keyed by name', code: 'APPLY_FAILED', message: /identifies its rows by name/, make: () => bundle({ type: 'delta', baseVersion: 2, version: 3, keyFields: ['name'], payload: '_op,name\nremove,Hans MUELLER\n' }) },
  ];
  async function withFile(path: string, change: (p: string) => unknown): Promise<string> {
    await change(path);
    return path;
  }

  it.each(cases)('$name → $code', async (c) => {
    await apply(await fullBundle(1, BASE));
    await apply(await deltaBundle(1, 2, [remove('P-002'), remove('P-004')]));
    const before = statSync(listPath(data));
    const e = await refusal(applyBundle(await c.make(), target(), { trust, now: c.now ?? NOW }));
    expect(e.code).toBe(c.code);
    expect(e.message).toMatch(c.message);
    expect(e.message).toMatch(/Version 2 of the persons list "national-alerts" stays in force\.$|still has no copy|Nothing was changed\.$/);
    const after = statSync(listPath(data));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(withStore((s) => s.stats().version)).toBe('2');
    expect(hits('Yusuf Ibrahim Haddad')).toEqual([]);
    expect(hits('Hans Mueller')).toEqual(['P-003']);
  });

  it('a delta on a station with no person list is a gap, and the station still has none', async () => {
    const e = await refusal(apply(await deltaBundle(1, 2, [upsert(PERSON)])));
    expect(e.code).toBe('VERSION_GAP');
    expect(e.message).toMatch(/still has no copy of the persons list "national-alerts"/);
    expect(() => PersonListStore.open({ dataDir: data, key: KEY })).toThrow(/no person list/);
  });

  it.each(['full', 'delta'] as const)('a %s bundle verified against version 1 is not committed over a version 3 that won the race', async (type) => {
    const other = join(dir.path, 'other');
    const v1 = await fullBundle(1, BASE);
    await apply(v1, target(other));
    await apply(await fullBundle(3, ['N-1,Newer PERSON,,,,,,,']), target(other));
    await apply(v1);

    /** Copies the newer list over the live one while the bundle's rows are read. */
    class Raced extends PersonListTarget {
      private async *raced<T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
        yield* rows;
        copyFileSync(listPath(other), listPath(data));
      }
      override replaceAll(listId: string, rows: AsyncIterable<BundleRow>, version: number, meta: BundleMeta) {
        return super.replaceAll(listId, this.raced(rows), version, meta);
      }
      override applyDelta(listId: string, upserts: AsyncIterable<BundleRow>, removals: AsyncIterable<BundleKey>, version: number, meta: BundleMeta) {
        return super.applyDelta(listId, upserts, this.raced(removals), version, meta);
      }
    }
    const b = type === 'full' ? await fullBundle(2, [PERSON]) : await deltaBundle(1, 2, [upsert(PERSON)]);
    const e = await refusal(apply(b, new Raced({ dataDir: data, key: KEY })));
    expect(e.code).toBe('APPLY_FAILED');
    expect(e.message).toMatch(/changed while this bundle was being applied \(version 3 of "national-alerts" is in force now; the bundle was checked against 1\), so version 2 was not applied.*Version 3 of the persons list "national-alerts" stays in force\.$/);
    expect(withStore((s) => s.stats().version)).toBe('3');
    expect(hits('Newer Person')).toEqual(['N-1']);
    expect(hits('Yusuf Ibrahim Haddad')).toEqual([]);
  });
});
