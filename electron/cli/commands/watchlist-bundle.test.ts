import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { openStationStore } from '../../station/station.js';
import type { Io } from '../command.js';
import { main } from '../index.js';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), json: (v) => out.push(JSON.stringify(v)), readStdin: async () => '', env: {} };
  return { io, out, err, json: () => JSON.parse(out[0] ?? 'null') as Record<string, unknown> & { error?: { code: string; message: string } } };
}

let dir: ReturnType<typeof tempDir>;
let dataDir: string;
beforeEach(() => {
  dir = tempDir('bpwl-cli-');
  dataDir = join(dir.path, 'station');
});
afterEach(() => dir.cleanup());

async function run(argv: string[]) {
  const io = fakeIo();
  const code = await main([...argv, '--data-dir', dataDir], io.io);
  return { code, ...io };
}

const p = (name: string) => join(dir.path, name);
const FUTURE = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);

async function keygen(prefix = 'hq') {
  const r = await run(['watchlist', 'keygen', '--out', p(prefix), '--json']);
  expect(r.code).toBe(0);
  return r.json() as { keyId: string; privateKey: string; publicKey: string };
}

async function create(extra: string[], input = 'docs.csv') {
  return run(['watchlist', 'bundle', 'create', '--kind', 'documents', '--list-id', 'interpol-sltd', '--input', p(input), '--expires', FUTURE, '--key', p('hq.private.pem'), '--json', ...extra]);
}

describe('borderpost watchlist', () => {
  it('keygen writes a 0600 private key and a public key, and never overwrites them', async () => {
    const k = await keygen();
    expect(k.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(statSync(k.privateKey).mode & 0o777).toBe(0o600);
    expect(readFileSync(k.publicKey, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const before = readFileSync(k.privateKey, 'utf8');
    const again = await run(['watchlist', 'keygen', '--out', p('hq')]);
    expect(again.code).toBe(2);
    expect(again.err[0]).toMatch(/already exists/);
    expect(readFileSync(k.privateKey, 'utf8')).toBe(before);
  });

  it('create → verify (untrusted: 1) → trust-key add → verify (0) → revoke → verify (1), all in the audit log', async () => {
    const k = await keygen();
    writeFileSync(p('docs.csv'), 'issuingState,number,type,status\nUTO,L898902C3,P,stolen\nD,C01X00T47,P,lost\n');
    const created = await create(['--version', '7', '--out', p('v7.bpwl')]);
    expect(created.code).toBe(0);
    expect(created.json()).toMatchObject({ ok: true, header: { kind: 'documents', listId: 'interpol-sltd', type: 'full', version: 7, keyId: k.keyId, payload: { records: 2, format: 'csv', compression: 'gzip' } } });

    const untrusted = await run(['watchlist', 'bundle', 'verify', p('v7.bpwl'), '--json']);
    expect(untrusted.code).toBe(1);
    expect(untrusted.json()).toMatchObject({ ok: false, verdict: 'refused', header: { version: 7 }, error: { code: 'UNKNOWN_KEY' } });

    const added = await run(['watchlist', 'trust-key', 'add', k.publicKey, '--kinds', 'documents', '--label', 'HQ 2026', '--json']);
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ key: { keyId: k.keyId, kinds: ['documents'], status: 'trusted' } });

    const ok = await run(['watchlist', 'bundle', 'verify', p('v7.bpwl')]);
    expect(ok.code).toBe(0);
    expect(ok.out[0]).toMatch(/^ACCEPTED: .*v7\.bpwl\n {2}list: {7}documents "interpol-sltd"/);
    expect(ok.out[0]).toMatch(/signed by: {2}key [0-9a-f]{16} \(HQ 2026\)/);
    expect(ok.out[0]).toMatch(/version continuity: not checked/);
    const older = await run(['watchlist', 'bundle', 'verify', p('v7.bpwl'), '--current-version', '7', '--json']);
    expect(older.code).toBe(1);
    expect(older.json().error).toMatchObject({ code: 'OLDER_VERSION', message: expect.stringMatching(/Version 7 .* already in force/) });

    const listed = await run(['watchlist', 'trust-key', 'list']);
    expect(listed.out[0]).toMatch(new RegExp(`^${k.keyId} {2}trusted +documents +HQ 2026$`));

    const revoked = await run(['watchlist', 'trust-key', 'revoke', k.keyId, '--reason', 'key leaked', '--json']);
    expect(revoked.code).toBe(0);
    const refused = await run(['watchlist', 'bundle', 'verify', p('v7.bpwl')]);
    expect(refused.code).toBe(1);
    expect(refused.out[0]).toMatch(/^REFUSED \(KEY_REVOKED\): .*key leaked/);
    expect(refused.out[0]).toMatch(/header \(as read, not trusted\):/);
    expect((await run(['watchlist', 'trust-key', 'list', '--json'])).json()).toMatchObject({ keys: [{ keyId: k.keyId, status: 'revoked', revokedReason: 'key leaked' }] });

    const store = openStationStore({ dataDir });
    try {
      const actions = store.audit.list().map((e) => [e.action, e.subject]);
      expect(actions).toEqual(expect.arrayContaining([['watchlist.trust_key.add', k.keyId], ['watchlist.trust_key.revoke', k.keyId]]));
      expect(store.audit.verify().ok).toBe(true);
    } finally {
      store.db.close();
    }
  });

  it('a delta from JSON lines verifies against the version it was made for, and a key for documents cannot sign persons', async () => {
    const k = await keygen();
    expect((await run(['watchlist', 'trust-key', 'add', k.publicKey, '--kinds', 'documents'])).code).toBe(0);
    writeFileSync(p('delta.jsonl'), '{"_op":"remove","issuingState":"D","number":"C01X00T47","type":"P","status":"lost"}\n{"_op":"upsert","issuingState":"ITA","number":"YA1234567","type":"P","status":"lost"}\n');
    expect((await create(['--version', '8', '--delta', '--base-version', '7', '--out', p('d8.bpwl')], 'delta.jsonl')).code).toBe(0);
    expect((await run(['watchlist', 'bundle', 'verify', p('d8.bpwl'), '--current-version', '7'])).code).toBe(0);
    const gap = await run(['watchlist', 'bundle', 'verify', p('d8.bpwl'), '--current-version', '6', '--json']);
    expect(gap.code).toBe(1);
    expect(gap.json().error?.code).toBe('VERSION_GAP');
    const none = await run(['watchlist', 'bundle', 'verify', p('d8.bpwl'), '--current-version', '0', '--json']);
    expect(none.json().error?.message).toMatch(/no copy of that list yet/);

    writeFileSync(p('persons.jsonl'), '{"id":"A1","name":"ERIKSSON ANNA"}\n');
    const persons = await run(['watchlist', 'bundle', 'create', '--kind', 'persons', '--list-id', 'national-alerts', '--input', p('persons.jsonl'), '--version', '1', '--expires', FUTURE, '--key', p('hq.private.pem'), '--out', p('persons.bpwl')]);
    expect(persons.code).toBe(0);
    const notAllowed = await run(['watchlist', 'bundle', 'verify', p('persons.bpwl'), '--json']);
    expect(notAllowed.code).toBe(1);
    expect(notAllowed.json().error).toMatchObject({ code: 'KIND_NOT_ALLOWED', message: expect.stringMatching(/trusted for documents lists only/) });
  });

  it('a tampered bundle exits 1; a missing one and bad options exit 2', async () => {
    const k = await keygen();
    await run(['watchlist', 'trust-key', 'add', k.publicKey]);
    writeFileSync(p('docs.csv'), 'issuingState,number,type,status\nUTO,L898902C3,P,stolen\n');
    expect((await create(['--version', '1', '--out', p('v1.bpwl')])).code).toBe(0);
    const b = readFileSync(p('v1.bpwl'));
    b[b.length - 5] = (b[b.length - 5] as number) ^ 0xff;
    writeFileSync(p('v1.bpwl'), b);
    const tampered = await run(['watchlist', 'bundle', 'verify', p('v1.bpwl'), '--json']);
    expect(tampered.code).toBe(1);
    expect(tampered.json().error?.code).toBe('PAYLOAD_HASH_MISMATCH');

    const missing = await run(['watchlist', 'bundle', 'verify', p('nope.bpwl'), '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json().error?.code).toBe('UNREADABLE');

    writeFileSync(p('bad.csv'), 'issuingState,number,type,status\nUTO,L898902C3\n');
    const badRow = await create(['--version', '2', '--out', p('bad.bpwl')], 'bad.csv');
    expect(badRow.code).toBe(2);
    expect(badRow.json().error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/CSV line 2: 2 fields where the header has 4/) });

    const usage: Array<[string[], RegExp]> = [
      [['--version', '2', '--delta', '--out', p('x.bpwl')], /--delta needs --base-version/],
      [['--version', '2', '--base-version', '1', '--out', p('x.bpwl')], /--base-version is for deltas/],
      [['--version', 'two', '--out', p('x.bpwl')], /--version must be a whole number/],
      [['--version', '2', '--out', p('x.bpwl'), '--expires', 'soon'], /--expires is not an ISO date/],
      [['--version', '2', '--out', p('x.bpwl'), '--input', p('docs.txt')], /must end in .csv, .jsonl or .ndjson/],
      [['--version', '2', '--out', p('x.bpwl'), '--key', p('hq.public.pem')], /signing key/],
      [['--version', '2', '--out', p('x.bpwl'), '--upserts', p('docs.csv')], /--upserts and --removals make a delta/],
      [['--version', '2', '--delta', '--base-version', '1', '--out', p('x.bpwl'), '--removals', p('docs.csv')], /either --input .* or --upserts\/--removals, not both/],
    ];
    for (const [extra, message] of usage) {
      const r = await create(extra);
      expect(r.code).toBe(2);
      expect(r.err.join('\n') + r.out.join('\n')).toMatch(message);
    }
    const pk = await run(['watchlist', 'trust-key', 'add', k.privateKey]);
    expect(pk.code).toBe(2);
    expect(pk.err[0]).toMatch(/INVALID_KEY: this is a private key/);
    expect((await run(['watchlist', 'trust-key', 'add', k.publicKey, '--kinds', 'documents,vehicles'])).code).toBe(2);
    expect((await run(['watchlist', 'trust-key', 'revoke', 'ffffffffffffffff'])).code).toBe(2);
  });
});
