/**
 * The booth's chip steps for every simulated chip a swipe can ask for: through the station's own
 * path (simulated reader on a real pseudo-terminal → MRZ → inspection → simulated chip reader →
 * readChip → recorded steps and, for a failing chip, a supervisor's case). Each fault must turn the
 * step that catches it red (`fail`) and leave the genuine steps alone.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inspection, SimulatedChip } from '../../electron/contract/index.js';
import { silentLogger } from '../../electron/station/log.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { TEST_KDF, tempDir } from '../helpers/temp-dir.js';

// ICAO Doc 9303 Part 4, Appendix A: the TD3 specimen, here with an expiry in the future.
const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];

let dir: ReturnType<typeof tempDir>;
let station: Station;
beforeAll(async () => {
  dir = tempDir();
  station = await openStation({ dataDir: join(dir.path, 'data'), mode: 'browser', simulators: true, log: silentLogger, kdf: TEST_KDF });
});
afterAll(async () => {
  await station?.close();
  dir?.cleanup();
});

async function swipe(chip: SimulatedChip): Promise<Inspection> {
  const done = new Promise<string>((resolve) => station.chipReads.once('done', resolve));
  await station.devices.simulateRead(MRZ, undefined, chip);
  return station.inspections.get(await done)!;
}

const status = (i: Inspection, id: string) => i.checks.find((c) => c.id === id)?.status;
const failed = (i: Inspection) => i.checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('the booth shows each simulated chip fault on the step that catches it', () => {
  it('lists the simulated chip reader beside the document reader', () => {
    expect(station.devices.list()).toEqual([
      expect.objectContaining({ kind: 'document-reader', simulated: true }),
      expect.objectContaining({ id: 'chip-reader-sim', kind: 'chip-reader', simulated: true, status: 'ready' }),
    ]);
  });

  it('genuine: every chip step passes, no case is opened', async () => {
    const i = await swipe('genuine');
    const chipSteps = i.checks.filter((c) => c.id.startsWith('chip.'));
    expect(chipSteps.filter((c) => c.status !== 'pass'), JSON.stringify(chipSteps, null, 1)).toEqual([]);
    expect(chipSteps.map((c) => c.id)).toEqual(expect.arrayContaining(['chip.read', 'chip.access', 'chip.mrz_match', 'chip.dg_hash_DG2', 'chip.sod_signature', 'chip.active_auth', 'chip.chip_auth']));
    expect(station.reviews.list({ status: ['open'], limit: 100 }).filter((c) => c.inspectionId === i.id)).toEqual([]);
  }, 30_000);

  it('no chip: the chip check says so and is not possible, nothing fails', async () => {
    const i = await swipe('none');
    expect(i.checks.find((c) => c.id === 'chip.read')).toMatchObject({ status: 'not_possible', detail: expect.stringContaining('no chip') });
    expect(failed(i)).toEqual([]);
  }, 30_000);

  const cases: Array<[SimulatedChip, string[]]> = [
    ['wrongAccessKey', ['chip.access']],
    ['tamperedDataGroup', ['chip.dg_hash_DG2']],
    ['expiredDsCertificate', ['chip.ds_validity']],
    ['revokedDsCertificate', ['chip.ds_revocation']],
    ['unknownCsca', ['chip.csca_lookup']],
    ['clonedChip', ['chip.chip_auth']],
  ];
  for (const [chip, red] of cases) {
    it(`${chip}: ${red.join(' and ')} fail, and a high-severity case is opened`, async () => {
      const i = await swipe(chip);
      expect(failed(i).filter((id) => id !== 'chip.read').sort(), JSON.stringify(i.checks, null, 1)).toEqual(expect.arrayContaining(red));
      for (const id of red) expect(status(i, id)).toBe('fail');
      expect(status(i, 'chip.read')).toBe('fail');
      const opened = station.reviews.list({ status: ['open'], limit: 100 }).filter((c) => c.inspectionId === i.id);
      expect(opened).toEqual([expect.objectContaining({ severity: 'high', source: 'document.check' })]);
    }, 30_000);
  }
});

describe('a chip that stores the face as JPEG 2000', () => {
  it('keeps the JPEG 2000 image as read and gives the booth screen a PNG of it', async () => {
    const jp2Dir = tempDir();
    const jp2Station = await openStation({ dataDir: join(jp2Dir.path, 'data'), mode: 'browser', simulators: true, simulatedChip: { faceImageFormat: 'jp2' }, log: silentLogger, kdf: TEST_KDF });
    try {
      const done = new Promise<string>((resolve) => jp2Station.chipReads.once('done', resolve));
      await jp2Station.devices.simulateRead(MRZ);
      const i = jp2Station.inspections.get(await done)!;
      expect(i.checks.find((c) => c.id === 'chip.read')?.status, JSON.stringify(i.checks, null, 1)).toBe('pass');
      const face = jp2Station.inspections.face(i.id)!;
      expect(face).toMatchObject({ mime: 'image/png', storedAs: 'image/jp2', width: 240, height: 320 });
      expect(Buffer.from(face.base64, 'base64').subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      const stored = jp2Station.db.prepare('SELECT mime, image FROM inspection_faces WHERE inspection_id = ?').get(i.id) as { mime: string; image: Buffer };
      expect(stored.mime).toBe('image/jp2');
      expect(stored.image.subarray(0, 12).toString('hex')).toBe('0000000c6a5020200d0a870a');
    } finally {
      await jp2Station.close();
      jp2Dir.cleanup();
    }
  }, 30_000);
});
