import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { openDatabase } from '../station/db/database.js';
import { loadOrCreateStationKey } from '../station/db/station-key.js';
import { COMMANDS } from './commands/index.js';
import { main } from './index.js';
import type { Io } from './command.js';

function fakeIo(stdin = '', env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), json: (v) => out.push(JSON.stringify(v)), readStdin: async () => stdin, env };
  return { io, out, err };
}

let dir: ReturnType<typeof tempDir> | null = null;
afterEach(() => {
  dir?.cleanup();
  dir = null;
});

describe('borderpost CLI', () => {
  it('lists every command in --help and answers --help and --json on each', async () => {
    const top = fakeIo();
    expect(await main(['--help'], top.io)).toBe(0);
    for (const c of COMMANDS) expect(top.out[0]).toContain(c.path.join(' '));
    for (const c of COMMANDS) {
      const h = fakeIo();
      expect(await main([...c.path, '--help'], h.io)).toBe(0);
      expect(h.out[0]).toContain(`usage: borderpost ${c.path.join(' ')}`);
      const j = fakeIo();
      expect(await main([...c.path, '--help', '--json'], j.io)).toBe(0);
      expect(JSON.parse(j.out[0]!)).toMatchObject({ command: c.path.join(' ') });
    }
  });

  it('exits 2 on an unknown command or option', async () => {
    const a = fakeIo();
    expect(await main(['frobnicate'], a.io)).toBe(2);
    expect(a.err[0]).toMatch(/unknown command/);
    const b = fakeIo();
    expect(await main(['audit', 'verify', '--bogus'], b.io)).toBe(2);
  });

  it('user add validates its input and never takes the password from argv', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'd');
    const noStdin = fakeIo('x');
    expect(await main(['user', 'add', '--username', 'olga', '--role', 'officer', '--data-dir', dataDir], noStdin.io)).toBe(2);
    expect(noStdin.err[0]).toMatch(/password-stdin/);
    const badRole = fakeIo('long enough password');
    expect(await main(['user', 'add', '--username', 'olga', '--role', 'king', '--password-stdin', '--data-dir', dataDir], badRole.io)).toBe(2);
    const short = fakeIo('short\n');
    expect(await main(['user', 'add', '--username', 'olga', '--role', 'officer', '--password-stdin', '--data-dir', dataDir], short.io)).toBe(2);
    const ok = fakeIo('long enough password\n');
    expect(await main(['user', 'add', '--username', 'olga', '--role', 'officer', '--password-stdin', '--json', '--data-dir', dataDir], ok.io)).toBe(0);
    expect(JSON.parse(ok.out[0]!)).toMatchObject({ user: { username: 'olga', role: 'officer' } });
    const dup = fakeIo('long enough password\n');
    expect(await main(['user', 'add', '--username', 'olga', '--role', 'officer', '--password-stdin', '--data-dir', dataDir], dup.io)).toBe(2);
    expect(dup.err[0]).toMatch(/already exists/);
  });

  it('audit verify exits 1 and names the entry after tampering', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'd');
    for (const u of ['ann', 'bob', 'cat']) await main(['user', 'add', '--username', u, '--role', 'officer', '--password-stdin', '--data-dir', dataDir], fakeIo('long enough password').io);
    const clean = fakeIo();
    expect(await main(['audit', 'verify', '--json', '--data-dir', dataDir], clean.io)).toBe(0);
    const db = openDatabase({ path: join(dataDir, 'station.db'), key: loadOrCreateStationKey(dataDir) });
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{}' WHERE seq = 2");
    db.close();
    const bad = fakeIo();
    expect(await main(['audit', 'verify', '--json', '--data-dir', dataDir], bad.io)).toBe(1);
    expect(JSON.parse(bad.out[0]!)).toMatchObject({ ok: false, firstBad: { seq: 2 } });
  });

  it('db backup writes a copy and refuses to overwrite', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'd');
    const target = join(dir.path, 'backup.db');
    const first = fakeIo();
    expect(await main(['db', 'backup', target, '--json', '--data-dir', dataDir], first.io)).toBe(0);
    expect(JSON.parse(first.out[0]!)).toMatchObject({ path: target });
    expect(await main(['db', 'backup', target, '--data-dir', dataDir], fakeIo().io)).toBe(2);
  });
});

describe('borderpost simulate document-reader', () => {
  it('sends one framed MRZ into a serial port that the real driver decodes', async () => {
    const { openPtyPair, SerialDocumentReader } = await import('../../native-drivers/index.js');
    const pair = await openPtyPair();
    const reader = new SerialDocumentReader({ path: pair.a, protocol: 'rte' });
    try {
      await reader.open();
      const got = new Promise<string[]>((resolve) => reader.once('document', (d) => resolve(d.lines)));
      const lines = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
      const run = fakeIo();
      expect(await main(['simulate', 'document-reader', '--port', pair.b, '--mrz', lines[0]!, '--mrz', lines[1]!, '--json'], run.io)).toBe(0);
      expect(await got).toEqual(lines);
      expect(await main(['simulate', 'document-reader', '--port', pair.b, '--mrz', 'ONLY-ONE-LINE'], fakeIo().io)).toBe(2);
    } finally {
      await reader.close();
      await pair.close();
    }
  });
});

describe('borderpost mrz parse', () => {
  // ICAO Doc 9303 Part 4 Appendix A (TD3) and Part 5 Appendix A (TD1) specimens.
  const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
  const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

  it('prints the documented JSON for a valid MRZ and exits 0', async () => {
    const r = fakeIo();
    expect(await main(['mrz', 'parse', ...TD3, '--json'], r.io)).toBe(0);
    expect(JSON.parse(r.out[0]!)).toMatchObject({
      format: 'TD3',
      valid: true,
      documentCode: 'P',
      fields: { documentNumber: 'L898902C3', issuingState: 'UTO', nationality: 'UTO', birthDate: '1974-08-12', expiryDate: '2012-04-15', sex: 'F', primaryIdentifier: 'ERIKSSON', secondaryIdentifier: 'ANNA MARIA', optionalData: 'ZE184226B' },
      errors: [],
      corrections: [],
    });
  });

  it('accepts reader padding and lower case (TD1)', async () => {
    const r = fakeIo();
    expect(await main(['mrz', 'parse', ...TD1.map((l) => l.toLowerCase().replace(/</g, '_')), '--json'], r.io)).toBe(0);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ format: 'TD1', valid: true, fields: { documentNumber: 'D23145890' } });
  });

  it('exits 1 and names the field when a check digit is wrong', async () => {
    const r = fakeIo();
    expect(await main(['mrz', 'parse', TD3[0]!, TD3[1]!.replace('7408122', '7408132'), '--json'], r.io)).toBe(1);
    const out = JSON.parse(r.out[0]!) as { valid: boolean; errors: Array<{ field: string }> };
    expect(out.valid).toBe(false);
    expect(out.errors.map((e) => e.field)).toContain('birthDateCheckDigit');
  });

  it('exits 2 on something that is not an MRZ', async () => {
    expect(await main(['mrz', 'parse', 'hello', 'world', '--json'], fakeIo().io)).toBe(2);
    expect(await main(['mrz', 'parse'], fakeIo().io)).toBe(2);
  });
});
