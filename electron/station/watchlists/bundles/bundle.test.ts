import { readFileSync, truncateSync, writeFileSync, appendFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import { applyBundle, type ListChange } from './apply.js';
import type { BundleErrorCode } from './bundle-error.js';
import { MAGIC, PREAMBLE_BYTES } from './bundle-header.js';
import { createBundle, openPayload, payloadRows, readBundleHeader, verifyBundle, type CreateBundleOptions, type VerifiedBundle } from './bundle.js';
import { listFreshness } from './freshness.js';
import type { PayloadEntry } from './payload-rows.js';
import { FakeListTarget } from './testing/fake-list-target.js';
import { craftBundle, CREATED, documentsCsv, documentsDeltaCsv, EXPIRES, flipByte, NOW, publisher, revoked, trustOf, type DocRow, refusal } from './testing/fixtures.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('bpwl-');
});
afterEach(() => dir.cleanup());

const P = publisher();
const trustP = trustOf(P.trusted);
let seq = 0;
const file = (name = 'b'): string => join(dir.path, `${name}-${++seq}.bpwl`);

const ROWS: DocRow[] = [
  ['UTO', 'L898902C3', 'P', 'stolen'],
  ['D', 'C01X00T47', 'P', 'lost'],
  ['FRA', '18CF12345', 'I', 'revoked'],
];

function docs(overrides: Partial<CreateBundleOptions> = {}, key = P.privateKey): Promise<string> {
  const out = file();
  return createBundle({ kind: 'documents', listId: 'interpol-sltd', type: 'full', version: 6, expiresAt: EXPIRES, createdAt: CREATED, payload: documentsCsv(ROWS), encoding: 'csv', out, ...overrides }, key).then((b) => b.path);
}

async function entries(v: VerifiedBundle): Promise<PayloadEntry[]> {
  const out: PayloadEntry[] = [];
  for await (const e of openPayload(v)) out.push(e);
  return out;
}

describe('round trip', () => {
  it('a full CSV list (gzip) keeps every field of the header and every row', async () => {
    const path = await docs();
    const h = (await readBundleHeader(path)).header;
    expect(h).toMatchObject({ keyId: P.keyId, kind: 'documents', listId: 'interpol-sltd', type: 'full', version: 6, baseVersion: null, createdAt: CREATED.toISOString(), expiresAt: EXPIRES.toISOString(), keyFields: ['issuingState', 'number', 'type', 'status'] });
    expect(h.payload).toMatchObject({ format: 'csv', compression: 'gzip', records: 3, decodedBytes: Buffer.byteLength(documentsCsv(ROWS)) });
    const v = await verifyBundle(path, trustP, { version: 5 }, NOW);
    expect(await entries(v)).toEqual(ROWS.map(([issuingState, number, type, status]) => ({ op: 'upsert', row: { issuingState, number, type, status } })));
    expect(readFileSync(path).subarray(0, MAGIC.length)).toEqual(MAGIC);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('JSON lines, uncompressed, streamed in arbitrary pieces (split inside UTF-8 characters), come back equal', async () => {
    const row = fc.record({
      id: fc.string({ minLength: 1, maxLength: 12 }),
      name: fc.string({ unit: 'grapheme', maxLength: 20 }),
      aliases: fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }), { maxLength: 3 }),
      dob: fc.option(fc.integer({ min: 1900, max: 2026 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 25 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 10 }), fc.boolean(), async (rows, cuts, gzip) => {
        const bytes = Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''), 'utf8');
        const pieces = async function* () {
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const n = cuts[i % cuts.length] as number;
            yield bytes.subarray(at, at + n);
            at += n;
          }
        };
        const out = file('jsonl');
        await createBundle({ kind: 'persons', listId: 'national-alerts', type: 'full', version: 1, expiresAt: EXPIRES, createdAt: CREATED, payload: pieces(), encoding: 'jsonl', compression: gzip ? 'gzip' : 'none', out }, P.privateKey);
        const v = await verifyBundle(out, trustP, null, NOW);
        expect(v.header.payload.records).toBe(rows.length);
        expect((await entries(v)).map((e) => (e.op === 'upsert' ? e.row : e.key))).toEqual(rows);
      }),
      { numRuns: 40 },
    );
  });

  it('applies a full list, then a delta that removes before it upserts', async () => {
    const target = new FakeListTarget('documents');
    const r1 = await applyBundle(await docs({ version: 1 }), target, { trust: trustP, now: NOW });
    expect(r1).toMatchObject({ version: 1, previousVersion: null, records: 3, type: 'full' });
    const delta = await docs({
      type: 'delta',
      version: 2,
      baseVersion: 1,
      payload: documentsDeltaCsv(
        [
          ['D', 'C01X00T47', 'P', 'stolen'],
          ['ITA', 'YA1234567', 'P', 'lost'],
        ],
        [
          ['UTO', 'L898902C3', 'P', 'stolen'],
          ['D', 'C01X00T47', 'P', 'lost'],
        ],
      ),
    });
    const r2 = await applyBundle(delta, target, { trust: trustP, now: NOW });
    expect(r2).toMatchObject({ version: 2, previousVersion: 1, records: 4, type: 'delta' });
    expect(target.currentVersion('interpol-sltd')).toBe(2);
    expect(target.rows('interpol-sltd').map((r) => `${r.issuingState}/${r.number}/${r.status}`).sort()).toEqual(['D/C01X00T47/stolen', 'FRA/18CF12345/revoked', 'ITA/YA1234567/lost'].sort());
    expect(target.lists.get('interpol-sltd')?.meta).toMatchObject({ type: 'delta', baseVersion: 1, previousVersion: 1, keyId: P.keyId, expiresAt: EXPIRES.toISOString() });
  });

  it('a list whose bundle expired stays in force and is flagged stale', async () => {
    const target = new FakeListTarget('documents');
    await applyBundle(await docs({ version: 1 }), target, { trust: trustP, now: NOW });
    const meta = target.lists.get('interpol-sltd')!.meta;
    expect(listFreshness(meta, NOW)).toEqual({ stale: false, message: null });
    const later = listFreshness(meta, new Date(EXPIRES.getTime() + 1));
    expect(later.stale).toBe(true);
    expect(later.message).toMatch(/expired on 2026-12-27.*still checked/);
    expect(target.currentVersion('interpol-sltd')).toBe(1);
  });
});

describe('refused bundles leave the list in force', () => {
  const other = publisher();
  const personsOnly = publisher(['persons']);

  type Case = { name: string; code: BundleErrorCode; message: RegExp; make: () => Promise<string>; trust?: ReturnType<typeof trustOf>; now?: Date };
  const cases: Case[] = [
    { name: 'a signature with one bit changed', code: 'BAD_SIGNATURE', message: /signature .* does not match/, make: async () => withFile(await docs(), async (p) => flipByte(p, (await readBundleHeader(p)).payloadOffset - 1)) },
    {
      name: 'a header edited after signing (version 6 → 9)',
      code: 'BAD_SIGNATURE',
      message: /header was altered/,
      make: async () => withFile(await docs(), (p) => writeFileSync(p, Buffer.from(readFileSync(p).toString('latin1').replace('"version":6', '"version":9'), 'latin1'))),
    },
    { name: 'a payload with one bit changed', code: 'PAYLOAD_HASH_MISMATCH', message: /not what headquarters signed/, make: async () => withFile(await docs(), (p) => flipByte(p, -3)) },
    { name: 'a file cut short', code: 'TRUNCATED', message: /cut short/, make: async () => withFile(await docs(), (p) => truncateSync(p, statSync(p).size - 10)) },
    { name: 'bytes appended after the payload', code: 'TRAILING_DATA', message: /unexpected bytes/, make: async () => withFile(await docs(), (p) => appendFileSync(p, 'x')) },
    { name: 'an older version', code: 'OLDER_VERSION', message: /version 4 .* older than version 5/, make: () => docs({ version: 4 }) },
    { name: 'the version already in force', code: 'OLDER_VERSION', message: /Version 5 .* already in force/, make: () => docs({ version: 5 }) },
    { name: 'a delta from a version the station does not have', code: 'VERSION_GAP', message: /from version 6 .* station has version 5: the updates from version 5 to 6 are missing/, make: () => docs({ type: 'delta', baseVersion: 6, version: 7, payload: documentsDeltaCsv([], [['D', 'X', 'P', 'lost']]) }) },
    { name: 'a delta for a list the station does not hold', code: 'VERSION_GAP', message: /no copy of that list yet: import a full bundle first/, make: () => docs({ listId: 'national-docs', type: 'delta', baseVersion: 5, version: 6, payload: documentsDeltaCsv([], [['D', 'X', 'P', 'lost']]) }) },
    { name: 'an expired bundle', code: 'EXPIRED', message: /expired on 2026-12-27.*never imported/, make: () => docs(), now: new Date(EXPIRES.getTime()) },
    { name: 'a key the station does not trust', code: 'UNKNOWN_KEY', message: new RegExp(`key ${other.keyId}, which this station does not trust`), make: () => docs({}, other.privateKey) },
    { name: 'a revoked key', code: 'KEY_REVOKED', message: /was revoked on this station on 2026-06-01.*key leaked/, make: () => docs(), trust: trustOf(revoked(P.trusted)) },
    { name: 'a key trusted for the other kind of list', code: 'KIND_NOT_ALLOWED', message: /trusted for persons lists only, and this bundle is the documents list "interpol-sltd"/, make: () => docs({}, personsOnly.privateKey), trust: trustOf(P.trusted, personsOnly.trusted) },
    { name: 'a persons bundle offered to the documents store', code: 'WRONG_KIND', message: /^This bundle is the persons list "interpol-sltd", not a documents list\. Nothing was changed\.$/, make: () => docs({ kind: 'persons', keyFields: ['issuingState'] }) },
    { name: 'a file that is not a bundle', code: 'BAD_MAGIC', message: /not a Borderpost watch-list bundle/, make: async () => withFile(file(), (p) => writeFileSync(p, 'issuingState,number\nD,X\n')) },
    {
      name: 'a future format version',
      code: 'UNSUPPORTED_VERSION',
      message: /format version 2; this station reads version 1/,
      make: async () =>
        withFile(await docs(), (p) => {
          const b = readFileSync(p);
          b.writeUInt16BE(2, MAGIC.length);
          writeFileSync(p, b);
        }),
    },
    {
      name: 'a header length of 1 GB',
      code: 'HEADER_TOO_LARGE',
      message: /claims 1000000000 bytes/,
      make: async () =>
        withFile(await docs(), (p) => {
          const b = readFileSync(p);
          b.writeUInt32BE(1e9, PREAMBLE_BYTES - 4);
          writeFileSync(p, b);
        }),
    },
    {
      name: 'a signed header whose row count is wrong (a publisher bug)',
      code: 'MALFORMED_PAYLOAD',
      message: /2 rows where its header says 3/,
      make: async () => withFile(file(), (p) => craftBundle(p, P.privateKey, header({ version: 6 }), { decoded: Buffer.from(documentsCsv(ROWS.slice(0, 2))) }, { records: 3 })),
    },
    {
      name: 'a signed gzip payload that is not gzip',
      code: 'MALFORMED_PAYLOAD',
      message: /cannot be decoded/,
      make: async () => withFile(file(), (p) => craftBundle(p, P.privateKey, header({ version: 6 }), { decoded: Buffer.from(documentsCsv(ROWS)), compression: 'gzip', stored: Buffer.from('not gzip at all') }, { records: 3 })),
    },
    {
      name: 'a signed payload that decodes to more than its header states',
      code: 'MALFORMED_PAYLOAD',
      message: /decodes to more than the 10 bytes/,
      make: async () => withFile(file(), (p) => craftBundle(p, P.privateKey, header({ version: 6 }), { decoded: Buffer.from(documentsCsv(ROWS)), compression: 'gzip' }, { decodedBytes: 10, records: 3 })),
    },
    { name: 'a missing file', code: 'UNREADABLE', message: /cannot be read: it does not exist/, make: async () => join(dir.path, 'nowhere.bpwl') },
  ];

  function header(o: { version: number }) {
    return { keyId: P.keyId, kind: 'documents' as const, listId: 'interpol-sltd', type: 'full' as const, baseVersion: null, version: o.version, createdAt: CREATED.toISOString(), expiresAt: EXPIRES.toISOString(), keyFields: ['issuingState', 'number', 'type', 'status'] };
  }
  async function withFile(path: string, change: (p: string) => unknown): Promise<string> {
    await change(path);
    return path;
  }

  it.each(cases)('$name → $code', async (c) => {
    const target = new FakeListTarget('documents');
    await applyBundle(await docs({ version: 5 }), target, { trust: trustP, now: NOW });
    const before = target.snapshot();
    const calls = { ...target.calls };
    const path = await c.make();
    const e = await refusal(applyBundle(path, target, { trust: c.trust ?? trustP, now: c.now ?? NOW }));
    expect(e.code).toBe(c.code);
    expect(e.message).toMatch(c.message);
    expect(e.message).toMatch(/Version 5 of the documents list "interpol-sltd" stays in force\.|Nothing was changed\.|still has no copy/);
    expect(target.snapshot()).toBe(before);
    expect(target.calls).toEqual(calls);
  });
});

describe('after verification', () => {
  it('a file swapped between verification and import is caught by the closing hash check; the list stays', async () => {
    const target = new FakeListTarget('documents');
    await applyBundle(await docs({ version: 5 }), target, { trust: trustP, now: NOW });
    const before = target.snapshot();
    const path = await docs({ version: 6, compression: 'none' });
    // Same length, one row changed: what an attacker with the USB stick between the two reads would do.
    target.onEnter = () => writeFileSync(path, Buffer.from(readFileSync(path).toString('latin1').replace('UTO,L898902C3', 'UTO,L898902C4'), 'latin1'));
    const e = await refusal(applyBundle(path, target, { trust: trustP, now: NOW }));
    expect(e.code).toBe('PAYLOAD_HASH_MISMATCH');
    expect(e.message).toMatch(/changed after it was verified.*Version 5 .* stays in force/);
    expect(target.calls.replaceAll).toBe(2);
    expect(target.snapshot()).toBe(before);
  });

  it('a store failure is reported in plain words and the list stays', async () => {
    const target = new FakeListTarget('documents');
    await applyBundle(await docs({ version: 5 }), target, { trust: trustP, now: NOW });
    const before = target.snapshot();
    target.failOnCommit = new Error('disk full');
    const e = await refusal(applyBundle(await docs({ version: 6 }), target, { trust: trustP, now: NOW }));
    expect(e.code).toBe('APPLY_FAILED');
    expect(e.message).toBe('The documents store could not apply version 6 of "interpol-sltd": disk full. Version 5 of the documents list "interpol-sltd" stays in force.');
    expect(target.snapshot()).toBe(before);
  });

  it('what the store says it changed reaches the result, its warnings after the verifier\u2019s', async () => {
    const change: ListChange = { records: 3, previousRecords: 3, delta: { added: 0, replaced: 1, removed: 0, notFound: 1 }, warnings: ['1 removal named a key the list does not hold'] };
    class Reporting extends FakeListTarget {
      override async applyDelta(...a: Parameters<FakeListTarget['applyDelta']>): Promise<ListChange> {
        await super.applyDelta(...a);
        return change;
      }
    }
    const target = new Reporting('documents');
    await applyBundle(await docs({ version: 1 }), target, { trust: trustP, now: NOW });
    const delta = await docs({ type: 'delta', version: 2, baseVersion: 1, expiresAt: new Date(NOW.getTime() + 3600_000), payload: documentsDeltaCsv([['D', 'C01X00T47', 'P', 'stolen']], [['ITA', 'X1', 'P', 'lost']]) });
    const r = await applyBundle(delta, target, { trust: trustP, now: NOW });
    expect(r.change).toEqual(change);
    expect(r.warnings).toEqual([expect.stringMatching(/expires soon/), '1 removal named a key the list does not hold']);
  });

  it('a store that lost a race says which version is in force now, not the one verified against', async () => {
    const target = new FakeListTarget('documents');
    await applyBundle(await docs({ version: 1 }), target, { trust: trustP, now: NOW });
    const winner = await docs({ version: 3 });
    target.onEnter = async () => {
      target.onEnter = null;
      await applyBundle(winner, target, { trust: trustP, now: NOW });
    };
    const e = await refusal(applyBundle(await docs({ version: 2 }), target, { trust: trustP, now: NOW }));
    expect(e.code).toBe('APPLY_FAILED');
    expect(e.message).toMatch(/moved to version 3 meanwhile.*Version 3 of the documents list "interpol-sltd" stays in force\.$/);
    expect(target.currentVersion('interpol-sltd')).toBe(3);
  });

  it('a store that stops reading early is reported, because the closing check never ran', async () => {
    const target = new FakeListTarget('documents');
    target.stopAfterRows = 1;
    const e = await refusal(applyBundle(await docs({ version: 1 }), target, { trust: trustP, now: NOW }));
    expect(e.code).toBe('APPLY_FAILED');
    expect(e.message).toMatch(/without reading the whole bundle/);
  });

  it('rows are only handed out for a bundle that verifyBundle verified', async () => {
    const path = await docs();
    const v = await verifyBundle(path, trustP, 'unknown', NOW);
    expect(v.previousVersion).toBeUndefined();
    const forged = { ...v } as VerifiedBundle;
    expect(() => openPayload(forged)).toThrow(expect.objectContaining({ code: 'NOT_VERIFIED' }));
    let n = 0;
    for await (const _ of payloadRows(v)) n++;
    expect(n).toBe(3);
  });

  it('warns when the bundle was created after the station clock or expires within a day', async () => {
    const v = await verifyBundle(await docs({ createdAt: new Date(NOW.getTime() + 3600_000), expiresAt: new Date(NOW.getTime() + 7200_000) }), trustP, null, NOW);
    expect(v.warnings).toEqual([expect.stringMatching(/check the station clock/), expect.stringMatching(/expires soon/)]);
  });
});

describe('createBundle checks its input at headquarters', () => {
  const bad: Array<[string, Partial<CreateBundleOptions>, RegExp]> = [
    ['a row with a missing field', { payload: 'issuingState,number,type,status\nD,X,P,lost\nD,Y,P\n' }, /CSV line 3: 3 fields where the header has 4/],
    ['an empty key', { payload: 'issuingState,number,type,status\nD,,P,lost\n' }, /CSV line 2: key field "number" must be a non-empty string/],
    ['a missing key column', { payload: 'issuingState,number,type\nD,X,P\n' }, /key field "status" is missing/],
    ['an _op column in a full list', { payload: '_op,issuingState,number,type,status\nupsert,D,X,P,lost\n' }, /"_op" is not a usable field name/],
    ['a delta without _op', { type: 'delta', baseVersion: 1, version: 2, payload: 'issuingState,number,type,status\nD,X,P,lost\n' }, /a delta needs an "_op" column/],
    ['a removal that carries data', { type: 'delta', baseVersion: 1, version: 2, payload: '_op,issuingState,number,type,status,reference\nremove,D,X,P,lost,R-1\n' }, /a removal carries only its key, but "reference" is filled/],
    ['an unknown operation', { type: 'delta', baseVersion: 1, version: 2, payload: '_op,issuingState,number,type,status\ndelete,D,X,P,lost\n' }, /_op must be "upsert" or "remove", not "delete"/],
    ['a base version on a full list', { baseVersion: 3 }, /a full list has no base version/],
    ['a delta that does not move forward', { type: 'delta', baseVersion: 2, version: 2 }, /above its base/],
    ['an expiry before creation', { expiresAt: new Date(CREATED.getTime() - 1) }, /expiresAt must be after createdAt/],
    ['a list id with capitals', { listId: 'Interpol SLTD' }, /lower-case letters/],
    ['text that is not UTF-8', { payload: Buffer.concat([Buffer.from('issuingState,number,type,status\nD,'), Buffer.from([0xc3, 0x28]), Buffer.from(',P,lost\n')]) }, /not valid UTF-8/],
    ['an unclosed quote', { payload: 'issuingState,number,type,status\nD,"X,P,lost\n' }, /quoted field is never closed/],
  ];
  it.each(bad)('refuses %s', async (_name, o, message) => {
    const e = await refusal(docs(o));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(message);
  });

  it('refuses a key id that is not the signing key\u2019s, a non-Ed25519 key, and an existing output file', async () => {
    const out = await docs();
    const opts = { kind: 'documents', listId: 'x', type: 'full', version: 1, expiresAt: EXPIRES, payload: documentsCsv(ROWS), encoding: 'csv' } as const;
    expect((await refusal(createBundle({ ...opts, out: file() }, P.privateKey, 'ffffffffffffffff'))).message).toMatch(/does not belong to the signing key/);
    const { generateKeyPairSync } = await import('node:crypto');
    expect((await refusal(createBundle({ ...opts, out: file() }, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey))).message).toMatch(/Ed25519 private key/);
    const before = readFileSync(out);
    expect((await refusal(createBundle({ ...opts, out }, P.privateKey))).message).toMatch(/already exists/);
    expect(readFileSync(out)).toEqual(before);
  });
});
