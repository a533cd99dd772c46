import { copyFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { applyBundle, type BundleMeta } from '../bundles/apply.js';
import type { BundleErrorCode } from '../bundles/bundle-error.js';
import { createBundle, readBundleHeader, type CreateBundleOptions } from '../bundles/bundle.js';
import type { BundleRow } from '../bundles/payload-rows.js';
import { CREATED, EXPIRES, flipByte, NOW, publisher, trustOf, refusal } from '../bundles/testing/fixtures.js';
import { listPath } from './document-list-format.js';
import { DocumentListStore } from './document-list-store.js';
import { DocumentListTarget } from './document-list-target.js';

const P = publisher();
const trust = trustOf(P.trusted);
const LIST = 'interpol-sltd';

let dir: ReturnType<typeof tempDir>;
let data: string;
let seq = 0;
beforeEach(() => {
  dir = tempDir('bpwl-docs-');
  data = join(dir.path, 'data');
});
afterEach(() => dir.cleanup());

type Row = [state: string, number: string, type: string, status: string, reference?: string];
const FULL_HEADER = 'issuingState,number,type,status,reference';
const full = (rows: Row[]) => [FULL_HEADER, ...rows.map(([s, n, t, st, ref]) => [s, n, t, st, ref ?? ''].join(','))].join('\n') + '\n';
const delta = (removals: Row[], upserts: Row[]) =>
  ['_op,' + FULL_HEADER, ...removals.map(([s, n, t, st]) => ['remove', s, n, t, st, ''].join(',')), ...upserts.map(([s, n, t, st, ref]) => ['upsert', s, n, t, st, ref ?? ''].join(','))].join('\n') + '\n';

async function bundle(o: Partial<CreateBundleOptions>): Promise<string> {
  const out = join(dir.path, `b${++seq}.bpwl`);
  await createBundle({ kind: 'documents', listId: LIST, type: 'full', version: 1, expiresAt: EXPIRES, createdAt: CREATED, payload: '', encoding: 'csv', out, ...o }, P.privateKey);
  return out;
}
const fullBundle = (version: number, rows: Row[], o: Partial<CreateBundleOptions> = {}) => bundle({ version, payload: full(rows), ...o });
const deltaBundle = (baseVersion: number, version: number, removals: Row[], upserts: Row[], o: Partial<CreateBundleOptions> = {}) =>
  bundle({ type: 'delta', baseVersion, version, payload: delta(removals, upserts), ...o });

const apply = (path: string, target = new DocumentListTarget(data)) => applyBundle(path, target, { trust, now: NOW });

/** Exact entries for a number, as `type/status/reference`. */
function listed(number: string, state: string): string[] {
  const store = DocumentListStore.open(data);
  try {
    return store
      .check(number, state)
      .entries.filter((e) => e.match === 'exact')
      .map((e) => `${e.type}/${e.status}/${e.reference ?? '-'}`)
      .sort();
  } finally {
    store.close();
  }
}
function version(): string {
  const store = DocumentListStore.open(data);
  try {
    return store.stats().version;
  } finally {
    store.close();
  }
}

const BASE: Row[] = [
  ['UTO', 'L898902C3', 'P', 'stolen', 'R-1'],
  ['D', 'C01X00T47', 'P', 'lost'],
  ['FRA', '18CF12345', 'I', 'revoked'],
  ['GBR', '123456789012', 'I', 'lost', 'L-1'],
  ['USA', '987654321', 'P', 'stolen'],
];

describe('documents list from signed bundles', () => {
  it('applies a full bundle, then a delta: removed documents no longer hit, upserted ones do, and the rest is untouched', async () => {
    const first = await apply(await fullBundle(1, BASE));
    expect(first).toMatchObject({ type: 'full', version: 1, previousVersion: null, change: { records: 5, previousRecords: null } });
    expect(listed('L898902C3', 'UTO')).toEqual(['passport/stolen/R-1']);

    const r = await apply(
      await deltaBundle(
        1,
        2,
        [
          ['D', 'C01X00T47', 'P', 'lost'],
          ['GBR', '123456789012', 'I', 'lost'],
          ['ITA', 'ZZ0000000', 'P', 'lost'],
          ['UTO', 'L898902C3', 'P', 'stolen'],
        ],
        [
          ['UTO', 'L898902C3', 'passport', 'stolen', 'R-2'],
          ['ITA', 'YA1234567', 'P', 'stolen'],
          ['ESP', '1234567890AB', 'I', 'stolen'],
          ['USA', '987654321', 'P', 'stolen', 'R-3'],
          ['AUT', 'P1234567', 'P', 'lost', 'first'],
          ['AUT', 'P1234567', 'P', 'lost'],
        ],
      ),
    );
    expect(r).toMatchObject({ type: 'delta', version: 2, previousVersion: 1, records: 10, change: { records: 6, previousRecords: 5, delta: { added: 3, replaced: 2, removed: 2, notFound: 1 } } });
    expect(r.warnings).toEqual([expect.stringMatching(/^1 removal\(s\) named a document the list does not hold, so there was nothing to remove: ITA ZZ0000000 passport lost$/)]);

    expect(listed('C01X00T47', 'D')).toEqual([]);
    expect(listed('123456789012', 'GBR')).toEqual([]);
    expect(listed('L898902C3', 'UTO')).toEqual(['passport/stolen/R-2']);
    expect(listed('YA1234567', 'ITA')).toEqual(['passport/stolen/-']);
    expect(listed('1234567890AB', 'ESP')).toEqual(['identity-card/stolen/-']);
    expect(listed('987654321', 'USA')).toEqual(['passport/stolen/R-3']);
    expect(listed('P1234567', 'AUT')).toEqual(['passport/lost/-']);
    expect(listed('18CF12345', 'FRA')).toEqual(['identity-card/revoked/-']);
    expect(version()).toBe('2');
    expect(new DocumentListTarget(data).currentVersion(LIST)).toBe(2);
    expect(new DocumentListTarget(data).currentVersion('another-list')).toBeNull();

    // A delta on the delta, with nothing left of a state but a removal.
    const r3 = await apply(await deltaBundle(2, 3, [['ITA', 'YA1234567', 'P', 'stolen']], [['D', 'C01X00T47', 'P', 'stolen']]));
    expect(r3.change).toMatchObject({ records: 6, delta: { added: 1, replaced: 0, removed: 1, notFound: 0 } });
    expect(listed('YA1234567', 'ITA')).toEqual([]);
    expect(listed('C01X00T47', 'D')).toEqual(['passport/stolen/-']);
  });

  it('a delta gives the same list as applying its changes to the rows and importing them whole (property)', async () => {
    const states = ['UTO', 'D', 'FRA', 'ITA'];
    const numbers = ['L898902C3', 'C01X00T47', '18CF12345', 'AB12', '123456789012', 'X1234567890AB'];
    const row = fc.tuple(fc.constantFrom(...states), fc.constantFrom(...numbers), fc.constantFrom('P', 'I'), fc.constantFrom('lost', 'stolen'), fc.constantFrom(undefined, 'R1', 'R2')).map((r) => r as Row);
    const keyOf = (r: Row) => r.slice(0, 4).join('|');
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), fc.array(row, { maxLength: 6 }), fc.array(row, { maxLength: 8 }), async (base, removals, upserts) => {
        // Model: a map from key to row, first row with a reference kept for a full list (as the importer does).
        const model = new Map<string, Row>();
        for (const r of base) if (!model.has(keyOf(r)) || (!model.get(keyOf(r))![4] && r[4])) model.set(keyOf(r), r);
        for (const r of removals) model.delete(keyOf(r));
        for (const r of upserts) model.set(keyOf(r), r);
        dir.cleanup();
        dir = tempDir('bpwl-docs-');
        data = join(dir.path, 'data');
        await apply(await fullBundle(1, base));
        const applied = apply(await deltaBundle(1, 2, removals, upserts));
        if (model.size === 0) {
          expect((await refusal(applied)).message).toMatch(/remove every record/);
          return;
        }
        expect((await applied).change?.records).toBe(model.size);
        for (const s of states) {
          for (const n of numbers) {
            const want = [...model.values()]
              .filter((r) => r[0] === s && r[1] === n)
              .map((r) => `${r[2] === 'P' ? 'passport' : 'identity-card'}/${r[3]}/${r[4] ?? '-'}`)
              .sort();
            expect(listed(n, s), `${s} ${n}`).toEqual(want);
          }
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe('a refused documents bundle leaves the list in force', () => {
  type Case = { name: string; code: BundleErrorCode; message: RegExp; make: () => Promise<string>; now?: Date };
  const cases: Case[] = [
    { name: 'a delta with a bad signature', code: 'BAD_SIGNATURE', message: /signature .* does not match/, make: async () => withFile(await deltaBundle(2, 3, [], [['ITA', 'YA9999999', 'P', 'lost']]), async (p) => flipByte(p, (await readBundleHeader(p)).payloadOffset - 1)) },
    { name: 'an older full list', code: 'OLDER_VERSION', message: /version 1 .* older than version 2/, make: () => fullBundle(1, [['ITA', 'YA9999999', 'P', 'lost']]) },
    { name: 'a delta with a gap (from version 3)', code: 'VERSION_GAP', message: /from version 3 .* station has version 2: the updates from version 2 to 3 are missing/, make: () => deltaBundle(3, 4, [], [['ITA', 'YA9999999', 'P', 'lost']]) },
    { name: 'a delta made for an older copy', code: 'VERSION_GAP', message: /it was made for an older copy/, make: () => deltaBundle(1, 3, [], [['ITA', 'YA9999999', 'P', 'lost']]) },
    { name: 'a delta of a list with no full base', code: 'VERSION_GAP', message: /no copy of that list yet: import a full bundle first/, make: () => deltaBundle(2, 3, [], [['ITA', 'YA9999999', 'P', 'lost']], { listId: 'national-docs' }) },
    { name: 'an expired delta', code: 'EXPIRED', message: /expired on .* never imported/, make: () => deltaBundle(2, 3, [], [['ITA', 'YA9999999', 'P', 'lost']]), now: new Date(EXPIRES.getTime() + 1) },
    { name: 'a truncated delta', code: 'TRUNCATED', message: /cut short/, make: async () => withFile(await deltaBundle(2, 3, [], [['ITA', 'YA9999999', 'P', 'lost']]), (p) => truncateSync(p, statSync(p).size - 7)) },
    { name: 'a delta with a row the store cannot take', code: 'APPLY_FAILED', message: /cannot take a row of this bundle \(invalid document number/, make: () => deltaBundle(2, 3, [], [['ITA', 'YA9999999', 'P', 'lost'], ['ITA', 'Ä!', 'P', 'lost']]) },
    { name: 'a delta that removes every record', code: 'APPLY_FAILED', message: /remove every record of the list/, make: () => deltaBundle(2, 3, [['UTO', 'L898902C3', 'P', 'stolen'], ['FRA', '18CF12345', 'I', 'revoked']], []) },
    { name: 'a full list of another list id', code: 'APPLY_FAILED', message: /documents list is "interpol-sltd" \(version 2\).*a bundle of "national-docs" does not replace it/, make: () => fullBundle(1, [['ITA', 'YA9999999', 'P', 'lost']], { listId: 'national-docs' }) },
    { name: 'a delta keyed by number only', code: 'APPLY_FAILED', message: /identifies its rows by issuingState, number/, make: () => bundle({ type: 'delta', baseVersion: 2, version: 3, keyFields: ['issuingState', 'number'], payload: '_op,issuingState,number\nremove,UTO,L898902C3\n' }) },
  ];

  async function withFile(path: string, change: (p: string) => unknown): Promise<string> {
    await change(path);
    return path;
  }

  it.each(cases)('$name → $code', async (c) => {
    await apply(await fullBundle(1, [['UTO', 'L898902C3', 'P', 'stolen']]));
    await apply(await deltaBundle(1, 2, [], [['FRA', '18CF12345', 'I', 'revoked']]));
    const before = statSync(listPath(data));
    const e = await refusal(applyBundle(await c.make(), new DocumentListTarget(data), { trust, now: c.now ?? NOW }));
    expect(e.code).toBe(c.code);
    expect(e.message).toMatch(c.message);
    expect(e.message).toMatch(/Version 2 of the documents list "(interpol-sltd|national-docs)" stays in force\.$|still has no copy|Nothing was changed\.$/);
    const after = statSync(listPath(data));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(version()).toBe('2');
    expect(listed('YA9999999', 'ITA')).toEqual([]);
    expect(listed('L898902C3', 'UTO')).toEqual(['passport/stolen/-']);
  });

  it('a delta on a station with no documents list at all is a gap', async () => {
    const e = await refusal(apply(await deltaBundle(1, 2, [], [['ITA', 'YA9999999', 'P', 'lost']])));
    expect(e.code).toBe('VERSION_GAP');
    expect(e.message).toMatch(/still has no copy of the documents list "interpol-sltd"/);
    expect(DocumentListStore.exists(data)).toBe(false);
  });
});

describe('a race between two imports keeps the newer list', () => {
  /** Installs `newer` in another directory and copies it over the live list while `rows` is read. */
  class RacedTarget extends DocumentListTarget {
    constructor(private readonly newerList: string) {
      super(data);
    }
    private async *raced<T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
      yield* rows;
      copyFileSync(this.newerList, listPath(data));
    }
    override replaceAll(listId: string, rows: AsyncIterable<BundleRow>, version: number, meta: BundleMeta) {
      return super.replaceAll(listId, this.raced(rows), version, meta);
    }
    override applyDelta(listId: string, upserts: AsyncIterable<BundleRow>, removals: Parameters<DocumentListTarget['applyDelta']>[2], version: number, meta: BundleMeta) {
      return super.applyDelta(listId, this.raced(upserts), removals, version, meta);
    }
  }

  it.each(['full', 'delta'] as const)('a %s bundle verified against version 1 is not committed over version 3', async (type) => {
    const other = join(dir.path, 'other');
    const v1 = await fullBundle(1, [['UTO', 'L898902C3', 'P', 'stolen']]);
    await applyBundle(v1, new DocumentListTarget(other), { trust, now: NOW });
    await applyBundle(await fullBundle(3, [['FRA', 'NEWER0001', 'P', 'lost']]), new DocumentListTarget(other), { trust, now: NOW });
    await apply(v1);

    const b = type === 'full' ? await fullBundle(2, [['ITA', 'YA9999999', 'P', 'lost']]) : await deltaBundle(1, 2, [], [['ITA', 'YA9999999', 'P', 'lost']]);
    const e = await refusal(apply(b, new RacedTarget(listPath(other))));
    expect(e.code).toBe('APPLY_FAILED');
    expect(e.message).toMatch(/changed while this bundle was being applied \(version 3 of "interpol-sltd" is in force now; the bundle was checked against 1\), so version 2 was not applied.*Version 3 of the documents list "interpol-sltd" stays in force\.$/);
    expect(version()).toBe('3');
    expect(listed('NEWER0001', 'FRA')).toEqual(['passport/lost/-']);
    expect(listed('YA9999999', 'ITA')).toEqual([]);
  });
});
