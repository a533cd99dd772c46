/**
 * A signed bundle, full or delta, becomes the documents or persons list in force; a refused bundle
 * leaves the list in force untouched. Runs the real commands in-process against a temporary
 * station data directory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import type { Io } from '../command.js';
import { main } from '../index.js';

function io() {
  const out: string[] = [];
  const sink: Io = { out: (t) => out.push(t), err: (t) => out.push(t), json: (v) => out.push(JSON.stringify(v)), readStdin: async () => '', env: {} };
  return { sink, out, last: () => JSON.parse(out.at(-1)!) as Record<string, unknown> };
}

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir.cleanup());

describe('borderpost watchlist bundle import', () => {
  it('imports a full documents bundle and a delta, refuses tampered and older bundles, and keeps the list in force', async () => {
    dir = tempDir();
    const d = (f: string) => join(dir.path, f);
    const data = d('data');
    const run = async (argv: string[]) => {
      const r = io();
      const code = await main([...argv, '--data-dir', data], r.sink);
      return { code, ...r };
    };
    expect((await run(['watchlist', 'keygen', '--out', d('hq')])).code).toBe(0);
    expect((await run(['watchlist', 'trust-key', 'add', d('hq.public.pem')])).code).toBe(0);
    const bundle = async (version: number, rows: string, extra: string[] = []) => {
      const delta = extra.includes('--delta');
      writeFileSync(d(`v${version}.csv`), `${delta ? '_op,' : ''}number,issuingState,type,status\n${delta ? rows.replace(/^/gm, 'upsert,').replace(/upsert,$/, '') : rows}`);
      const r = await run(['watchlist', 'bundle', 'create', '--kind', 'documents', '--list-id', 'interpol-sltd', '--input', d(`v${version}.csv`), '--version', String(version), '--expires', '2099-01-01', '--key', d('hq.private.pem'), '--out', d(`v${version}.bpwl`), ...extra]);
      expect(r.code, r.out.join('\n')).toBe(0);
      return d(`v${version}.bpwl`);
    };
    const listed = async (number: string, state: string) => {
      const r = await run(['watchlist', 'check', '--document', number, '--state', state, '--json']);
      return r.last().hit as boolean;
    };

    const v1 = await bundle(1, 'L898902C3,UTO,passport,stolen\n');
    const first = await run(['watchlist', 'bundle', 'import', v1, '--json']);
    expect(first.code).toBe(0);
    expect(first.last()).toMatchObject({ ok: true, version: 1, records: 1, previousVersion: null });
    expect(await listed('L898902C3', 'UTO')).toBe(true);

    // One payload byte changed after signing: refused, version 1 stays in force.
    const v2 = await bundle(2, 'L898902C3,UTO,passport,stolen\nAB1234567,FRA,passport,lost\n');
    const bytes = readFileSync(v2);
    const at = bytes.length - 5;
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(d('v2-tampered.bpwl'), bytes);
    const tampered = await run(['watchlist', 'bundle', 'import', d('v2-tampered.bpwl'), '--json']);
    expect(tampered.code).toBe(1);
    expect(tampered.last()).toMatchObject({ ok: false, error: { code: 'PAYLOAD_HASH_MISMATCH' } });
    expect(await listed('AB1234567', 'FRA')).toBe(false);

    expect((await run(['watchlist', 'bundle', 'import', v2, '--json'])).last()).toMatchObject({ ok: true, version: 2, previousVersion: 1 });
    expect(await listed('AB1234567', 'FRA')).toBe(true);

    const older = await run(['watchlist', 'bundle', 'import', v1, '--json']);
    expect(older.last()).toMatchObject({ ok: false, error: { code: 'OLDER_VERSION' } });

    const delta = await bundle(3, 'ZZ9999999,UTO,passport,stolen\n', ['--delta', '--base-version', '2']);
    const gap = await bundle(5, 'YY9999999,UTO,passport,stolen\n', ['--delta', '--base-version', '4']);
    const refusedGap = await run(['watchlist', 'bundle', 'import', gap, '--json']);
    expect(refusedGap.code).toBe(1);
    expect(refusedGap.last()).toMatchObject({ ok: false, error: { code: 'VERSION_GAP', message: expect.stringMatching(/Version 2 of the documents list "interpol-sltd" stays in force/) } });
    const appliedDelta = await run(['watchlist', 'bundle', 'import', delta, '--json']);
    expect(appliedDelta.code).toBe(0);
    expect(appliedDelta.last()).toMatchObject({ ok: true, type: 'delta', version: 3, previousVersion: 2, change: { records: 3, previousRecords: 2, delta: { added: 1, replaced: 0, removed: 0, notFound: 0 } } });
    expect(await listed('ZZ9999999', 'UTO')).toBe(true);
    expect(await listed('AB1234567', 'FRA')).toBe(true);

    const audit = await run(['audit', 'verify', '--json']);
    expect(audit.last()).toMatchObject({ ok: true });
  });

  it('a persons list: a full bundle, then a delta made from --upserts and --removals, seen by watchlist check --name', async () => {
    dir = tempDir();
    const d = (f: string) => join(dir.path, f);
    const data = d('data');
    const run = async (argv: string[]) => {
      const r = io();
      const code = await main([...argv, '--data-dir', data], r.sink);
      return { code, ...r };
    };
    const create = async (out: string, extra: string[]) => {
      const r = await run(['watchlist', 'bundle', 'create', '--kind', 'persons', '--list-id', 'national-alerts', '--expires', '2099-01-01', '--key', d('hq.private.pem'), '--out', d(out), ...extra]);
      expect(r.code, r.out.join('\n')).toBe(0);
      return d(out);
    };
    const hits = async (name: string) => {
      const r = await run(['watchlist', 'check', '--name', name, '--json']);
      expect(r.code).toBe(0);
      return (r.last().candidates as Array<{ id: string; hit: boolean }>).filter((c) => c.hit).map((c) => c.id);
    };
    expect((await run(['watchlist', 'keygen', '--out', d('hq')])).code).toBe(0);
    expect((await run(['watchlist', 'trust-key', 'add', d('hq.public.pem'), '--kinds', 'persons'])).code).toBe(0);

    writeFileSync(d('alerts.csv'), 'id,name,dob,nationality,category\nP-1,Vladimir PETROV,1961,RUS,wanted\nP-2,Olga SMIRNOVA,1990,UKR,sanction\nP-3,Hans MUELLER,1955,DEU,crime\n');
    const full = await run(['watchlist', 'bundle', 'import', await create('v1.bpwl', ['--version', '1', '--input', d('alerts.csv')]), '--json']);
    expect(full.code).toBe(0);
    expect(full.last()).toMatchObject({ ok: true, kind: 'persons', type: 'full', version: 1, change: { records: 3, previousRecords: null } });
    expect(await hits('Olga Smirnova')).toEqual(['P-2']);

    writeFileSync(d('upserts.csv'), 'id,name,dob,nationality,category,action\nP-4,Georgios PAPADOPOULOS,1980,GRC,crime,refer to supervisor\nP-1,Vladimir PETROV,1961,RUS,wanted,arrest\n');
    writeFileSync(d('removals.jsonl'), '{"id":"P-2","name":"Olga SMIRNOVA"}\n{"id":"P-9"}\n');
    const deltaFile = await create('v2.bpwl', ['--version', '2', '--delta', '--base-version', '1', '--upserts', d('upserts.csv'), '--removals', d('removals.jsonl')]);
    const delta = await run(['watchlist', 'bundle', 'import', deltaFile]);
    expect(delta.code, delta.out.join('\n')).toBe(0);
    expect(delta.out[0]).toMatch(/^imported persons list "national-alerts" version 2 \(delta from version 1, 4 rows\), signed by key [0-9a-f]{16}; in force now$/m);
    expect(delta.out[0]).toMatch(/records: +3 \(before: 3\)/);
    expect(delta.out[0]).toMatch(/changes: +1 added, 1 replaced, 1 removed, 1 removal\(s\) of a key the list does not hold/);
    expect(delta.out[0]).toMatch(/warning: +1 removal\(s\) named an alert id the list does not hold, so there was nothing to remove: P-9/);

    expect(await hits('Georgios Papadopoulos')).toEqual(['P-4']);
    expect(await hits('Olga Smirnova')).toEqual([]);
    expect(await hits('Hans Mueller')).toEqual(['P-3']);
    const petrov = await run(['watchlist', 'check', '--name', 'Vladimir Petrov', '--json']);
    expect(petrov.last().candidates).toEqual([expect.objectContaining({ id: 'P-1', hit: true, action: 'arrest' })]);

    const again = await run(['watchlist', 'bundle', 'import', deltaFile, '--json']);
    expect(again.code).toBe(1);
    expect(again.last()).toMatchObject({ ok: false, error: { code: 'OLDER_VERSION', message: expect.stringMatching(/Version 2 .* already in force.*Version 2 of the persons list "national-alerts" stays in force/) } });
    const stats = await run(['watchlist', 'stats', '--json']);
    expect(stats.last()).toMatchObject({ persons: { installed: true, records: 3, version: '2', listId: 'national-alerts', encrypted: true } });
    expect((await run(['audit', 'verify', '--json'])).last()).toMatchObject({ ok: true });
  });
});
