// `borderpost chip read`, in-process through main(argv, io), against a simulated ePassport on a
// private pcscd's vpcd reader (test/helpers/pcscd.ts). The station trusts the chip only through
// `borderpost trust import` of the CSCA and CRL the simulator exports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPcscd, type PcscdHandle } from '../../../test/helpers/pcscd.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { parseTravellerProfile } from '../../../native-drivers/simulators/chip/epassport/profile.js';
import { createSimulatedEPassport } from '../../../native-drivers/simulators/chip/epassport/simulated-epassport.js';
import { startSimulatedChip, type SimulatedChipHandle } from '../../../native-drivers/simulators/chip/epassport/simulated-chip.js';
import type { Io } from '../command.js';
import { main } from '../index.js';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];

let daemon: PcscdHandle | undefined;
let chip: SimulatedChipHandle | undefined;
let dir: ReturnType<typeof tempDir>;
let trustedDataDir: string;

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), json: (v) => out.push(JSON.stringify(v)), readStdin: async () => '', env: {} };
  const code = await main(argv, io);
  return { code, out, err, json: () => JSON.parse(out[0] ?? 'null') as Record<string, unknown> };
}

beforeAll(async () => {
  dir = tempDir('borderpost-chip-read-');
  daemon = await startPcscd();
  const passport = await createSimulatedEPassport(
    parseTravellerProfile({
      mrz: MRZ,
      can: '123456',
      accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] },
      pki: { algorithm: 'ecdsa' },
      activeAuthentication: { algorithm: 'rsa', modulusBits: 1024 },
      chipAuthentication: { curve: 'brainpoolP256r1', cipher: 'AES-128' },
    }),
  );
  // What `borderpost simulate chip --export-trust <dir>` writes.
  const exported = join(dir.path, 'export');
  mkdirSync(exported);
  const material = passport.exportTrustMaterial();
  writeFileSync(join(exported, 'csca.der'), material.cscaDer);
  writeFileSync(join(exported, 'crl.der'), material.crlDer);
  trustedDataDir = join(dir.path, 'trusted');
  const imported = await run(['trust', 'import', exported, '--json', '--data-dir', trustedDataDir]);
  expect(imported.code, imported.out.join('\n') + imported.err.join('\n')).toBe(0);

  chip = await startSimulatedChip({ chip: passport, vpcd: { port: daemon.vpcdPort } });
  await chip.waitUntilConnected(10_000);
}, 60_000);

afterAll(async () => {
  await chip?.stop();
  await daemon?.stop();
  dir?.cleanup();
});

const reader = () => ['--reader', daemon!.readerName, '--timeout', '10'];

describe('borderpost chip read', () => {
  it('--mrz … --json: a genuine chip with imported trust passes every step, exit 0', async () => {
    const r = await run(['chip', 'read', '--mrz', MRZ[0]!, '--mrz', MRZ[1]!, ...reader(), '--json', '--data-dir', trustedDataDir]);
    expect(r.code, r.out.join('\n') + r.err.join('\n')).toBe(0);
    const report = r.json() as { verdict: string; steps: { id: string; status: string }[]; apduCount: number; elapsedMs: number; face: unknown };
    expect(report.verdict).toBe('pass');
    expect(report.steps.filter((s) => s.status !== 'pass')).toEqual([]);
    expect(report.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['chip.access', 'chip.mrz_match', 'csca_lookup', 'ds_revocation', 'chip.active_auth', 'chip.chip_auth']));
    expect(report.face).toEqual({ mime: 'image/jpeg', width: 240, height: 320 });
    expect(report.apduCount).toBeGreaterThan(10);
    expect(report.elapsedMs).toBeGreaterThan(0);
  });

  it('--can, readable list: ✓/– marks and words; no MRZ to compare leaves it incomplete, exit 1', async () => {
    const r = await run(['chip', 'read', '--can', '123456', ...reader(), '--data-dir', trustedDataDir]);
    expect(r.code).toBe(1);
    const text = r.out.join('\n');
    expect(text).toMatch(/^✓ chip\.access +opened with PACE .* with the CAN/m);
    expect(text).toMatch(/^– chip\.mrz_match +no printed MRZ was given/m);
    expect(text).toMatch(/^✓ chip\.active_auth +the chip proved it holds the private key of DG15/m);
    expect(text).toContain('verdict: INCOMPLETE');
  });

  it('an empty trust store: csca_lookup is not possible and the officer is told, exit 1', async () => {
    const r = await run(['chip', 'read', '--mrz', MRZ[0]!, '--mrz', MRZ[1]!, ...reader(), '--data-dir', join(dir.path, 'untrusted')]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('trust store: empty');
    expect(r.out.join('\n')).toMatch(/^– csca_lookup /m);
    expect(r.out.join('\n')).toContain('verdict: INCOMPLETE');
    console.info(r.out.join('\n'));
  });

  it('a wrong MRZ: the chip refuses the key, exit 1', async () => {
    const wrong = MRZ[1]!.replace('L898902C3', 'L898902C4');
    const r = await run(['chip', 'read', '--mrz', MRZ[0]!, '--mrz', wrong, ...reader(), '--json', '--data-dir', trustedDataDir]);
    expect(r.code).toBe(1);
    const report = r.json() as { verdict: string; steps: { id: string; status: string; detail: string }[] };
    expect(report.steps[0]).toEqual({ id: 'chip.access', status: 'fail', detail: 'the chip refused the access key: check the MRZ or CAN' });
  });

  it('unusable input and a missing reader are exit 2', async () => {
    const none = await run(['chip', 'read', '--data-dir', trustedDataDir]);
    expect(none.code).toBe(2);
    expect(none.err.join('\n')).toContain('give the MRZ');
    const badMrz = await run(['chip', 'read', '--mrz', 'P<UTO', '--json', '--data-dir', trustedDataDir]);
    expect(badMrz.code).toBe(2);
    expect(badMrz.json()).toMatchObject({ ok: false, error: { code: 'bad_access_key' } });
    const badCan = await run(['chip', 'read', '--can', '12345', '--data-dir', trustedDataDir]);
    expect(badCan.code).toBe(2);
    const noReader = await run(['chip', 'read', '--can', '123456', '--reader', 'No Such Reader', '--timeout', '0.5', '--json', '--data-dir', trustedDataDir]);
    expect(noReader.code).toBe(2);
    expect(noReader.json()).toMatchObject({ ok: false, error: { code: 'NO_READER' } });
  });
});
