/**
 * The booth with a real PC/SC chip reader: a private pcscd with the vpcd driver (test/helpers/pcscd.ts)
 * is the station's configured chip reader, and a simulated ePassport is laid on it through vpcd for each
 * case, personalised with one fault or none. The MRZ comes from the simulated document reader on a
 * real pseudo-terminal, so the whole booth path runs: swipe → inspection → card presence → readChip
 * over pcscd → steps recorded → a supervisor's case for a failing chip. The trust anchors are the
 * station's own trust directory (`borderpost trust import`), exactly as for a real passport.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device, Inspection } from '../../electron/contract/index.js';
import { importTrustMaterial } from '../../electron/station/documents/chip/trust-store-file.js';
import { silentLogger } from '../../electron/station/log.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { parseTravellerProfile } from '../../native-drivers/simulators/chip/epassport/profile.js';
import { createSimulatedEPassport } from '../../native-drivers/simulators/chip/epassport/simulated-epassport.js';
import { startSimulatedChip } from '../../native-drivers/simulators/chip/epassport/simulated-chip.js';
import { startPcscd, type PcscdHandle } from '../helpers/pcscd.js';
import { TEST_KDF, tempDir } from '../helpers/temp-dir.js';

// ICAO Doc 9303 Part 4, Appendix A: the TD3 specimen, with an expiry in the future.
const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];
const PROFILE = {
  mrz: MRZ,
  can: '123456',
  accessControl: { bac: true, pace: [{ parameterId: 13, cipher: 'AES-128' }] },
  personalDetails: { fullName: 'ERIKSSON<<ANNA<MARIA' },
  pki: { algorithm: 'ecdsa', country: 'UT' },
  activeAuthentication: { algorithm: 'ecdsa', curve: 'P-256' },
  chipAuthentication: { curve: 'brainpoolP256r1', cipher: 'AES-128' },
};

let daemon: PcscdHandle;
let dir: ReturnType<typeof tempDir>;
let dataDir: string;
let station: Station;
const CHIP_READER = 'chip-reader-1';

beforeAll(async () => {
  daemon = await startPcscd();
  dir = tempDir();
  dataDir = join(dir.path, 'data');
  station = await openStation({
    dataDir,
    mode: 'browser',
    simulators: true,
    chipReaders: [{ id: CHIP_READER, reader: daemon.readerName, cardWaitMs: 2500 }],
    log: silentLogger,
    kdf: TEST_KDF,
  });
}, 60_000);

afterAll(async () => {
  await station?.close();
  await daemon?.stop();
  dir?.cleanup();
});

const chipDevice = (): Device | undefined => station.devices.list().find((d) => d.id === CHIP_READER);

function deviceChange(predicate: (d: Device) => boolean): Promise<Device> {
  return new Promise((resolve) => {
    const now = chipDevice();
    if (now && predicate(now)) return resolve(now);
    const off = station.onEvent((name) => {
      if (name !== 'devices.changed') return;
      const d = chipDevice();
      if (d && predicate(d)) {
        off();
        resolve(d);
      }
    });
  });
}

let issued = 0;
/** A simulated passport with `faults`, its issuer's CSCA and CRL imported into the station's trust directory. */
async function trustedPassport(faults: Record<string, unknown> | null) {
  const passport = await createSimulatedEPassport(parseTravellerProfile({ ...PROFILE, ...(faults ? { faults } : {}) }));
  const material = passport.exportTrustMaterial();
  const csca = join(dir.path, `csca-${++issued}.der`);
  const crl = join(dir.path, `crl-${issued}.der`);
  writeFileSync(csca, material.cscaDer);
  writeFileSync(crl, material.crlDer);
  importTrustMaterial(dataDir, csca);
  importTrustMaterial(dataDir, crl);
  return passport;
}

/** Lays a chip with `faults` on the vpcd reader, trusts its issuer, swipes the MRZ, takes the chip off. */
async function readAtBooth(faults: Record<string, unknown> | null): Promise<Inspection> {
  const passport = await trustedPassport(faults);

  const card = await startSimulatedChip({ chip: passport, vpcd: { host: '127.0.0.1', port: daemon.vpcdPort } });
  try {
    await card.waitUntilConnected(10_000);
    await deviceChange((d) => d.detail.startsWith('a document is on'));
    const done = new Promise<string>((resolve) => station.chipReads.once('done', resolve));
    await station.devices.simulateRead(MRZ);
    return station.inspections.get(await done)!;
  } finally {
    await card.stop();
    await deviceChange((d) => d.detail.endsWith('waiting for a document'));
  }
}

const failed = (i: Inspection) => i.checks.filter((c) => c.status === 'fail').map((c) => c.id);
const show = (i: Inspection) => JSON.stringify(i.checks, null, 1);

describe('a PC/SC chip reader at the booth (real pcscd, vpcd, simulated ePassport)', () => {
  it('is listed as a real chip reader, ready, naming the PC/SC reader', async () => {
    const d = await deviceChange((x) => x.status === 'ready');
    expect(d).toMatchObject({ kind: 'chip-reader', simulated: false, driver: 'PC/SC (pcscd)', port: daemon.readerName, detail: `${daemon.readerName}: waiting for a document` });
    // With a real chip reader configured, the in-process simulated chip is not the one used.
    expect(station.devices.chipReaderFor('document-reader-sim')?.id).toBe(CHIP_READER);
  });

  it('a genuine chip: every step passes over pcscd, the face is recorded, no case', async () => {
    const i = await readAtBooth(null);
    const chip = i.checks.filter((c) => c.id.startsWith('chip.'));
    expect(chip.filter((c) => c.status !== 'pass'), show(i)).toEqual([]);
    expect(chip.find((c) => c.id === 'chip.access')?.detail).toContain('PACE');
    expect(station.inspections.face(i.id)).toMatchObject({ mime: 'image/jpeg' });
    expect(station.reviews.list({ status: ['open'], limit: 50 }).filter((c) => c.inspectionId === i.id)).toEqual([]);
    expect(chipDevice()?.counters.frames).toBeGreaterThanOrEqual(1);
  }, 60_000);

  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['wrong access key', { wrongAccessKey: true }, ['chip.access']],
    ['tampered DG2', { tamperedDataGroup: 2 }, ['chip.dg_hash_DG2']],
    ['expired DS certificate', { expiredDsCertificate: true }, ['chip.ds_validity']],
    ['revoked DS certificate', { revokedDsCertificate: true }, ['chip.ds_revocation']],
    ['unknown CSCA', { unknownCsca: true }, ['chip.csca_lookup']],
    ['cloned chip', { clonedChip: true }, ['chip.chip_auth']],
  ];
  for (const [name, faults, red] of cases) {
    it(`${name}: ${red.join(' and ')} turn red and a high-severity case opens`, async () => {
      const i = await readAtBooth(faults);
      const steps = failed(i).filter((id) => id !== 'chip.read');
      for (const id of red) expect(steps, show(i)).toContain(id);
      expect(i.checks.find((c) => c.id === 'chip.read')?.status).toBe('fail');
      const opened = station.reviews.list({ status: ['open'], limit: 50 }).filter((c) => c.inspectionId === i.id);
      expect(opened).toEqual([expect.objectContaining({ severity: 'high' })]);
    }, 60_000);
  }

  it('a document laid on the reader after the swipe: the chip is read when it arrives, the same inspection updated', async () => {
    const first = new Promise<string>((resolve) => station.chipReads.once('done', resolve));
    await station.devices.simulateRead(MRZ);
    const id = await first;
    expect(station.inspections.get(id)!.checks.find((c) => c.id === 'chip.read')).toMatchObject({ status: 'not_possible', detail: expect.stringContaining('lay it on the reader') });

    const passport = await trustedPassport(null);
    const again = new Promise<string>((resolve) => station.chipReads.once('done', resolve));
    const card = await startSimulatedChip({ chip: passport, vpcd: { host: '127.0.0.1', port: daemon.vpcdPort } });
    try {
      expect(await again).toBe(id);
      const i = station.inspections.get(id)!;
      expect(i.checks.find((c) => c.id === 'chip.read'), show(i)).toMatchObject({ status: 'pass' });
      expect(i.checks.filter((c) => c.id === 'chip.read')).toHaveLength(1);
    } finally {
      await card.stop();
      await deviceChange((d) => d.detail.endsWith('waiting for a document'));
    }
  }, 60_000);

  it('no document on the chip reader: the chip check is not possible, in plain words', async () => {
    const done = new Promise<string>((resolve) => station.chipReads.once('done', resolve));
    await station.devices.simulateRead(MRZ);
    const i = station.inspections.get(await done)!;
    expect(i.checks.find((c) => c.id === 'chip.read')).toMatchObject({ status: 'not_possible', detail: expect.stringContaining('no document was laid on the chip reader') });
    expect(failed(i)).toEqual([]);
  }, 30_000);
});
