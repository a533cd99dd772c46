/**
 * A signed bundle becomes the documents list in force; a refused bundle leaves the list in force
 * untouched. Runs the real commands in-process against a temporary station data directory.
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
  it('imports a full documents bundle, refuses tampered, older and delta bundles, and keeps the list in force', async () => {
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
    const refusedDelta = await run(['watchlist', 'bundle', 'import', delta, '--json']);
    expect(refusedDelta.code).toBe(1);
    expect(JSON.stringify(refusedDelta.last())).toMatch(/delta bundles are not supported/);
    expect(await listed('ZZ9999999', 'UTO')).toBe(false);
    expect(await listed('AB1234567', 'FRA')).toBe(true);

    const audit = await run(['audit', 'verify', '--json']);
    expect(audit.last()).toMatchObject({ ok: true });
  });
});
