/**
 * The thin slice through the real path, below the UI: simulated reader → real pseudo-terminal →
 * serial driver → MRZ parser → inspection on encrypted SQLite → decision → restart → still there.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inspection } from '../../electron/contract/index.js';
import type { Connection } from '../../electron/station/api/router.js';
import { silentLogger } from '../../electron/station/log.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { TEST_KDF, tempDir } from '../helpers/temp-dir.js';

// ICAO Doc 9303 Part 4, Appendix A: the TD3 specimen (Anna Maria Eriksson, Utopia), expired 2012.
const SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

let dir: ReturnType<typeof tempDir>;
let station: Station | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
  dir.cleanup();
});

function nextInspection(s: Station): Promise<Inspection> {
  return new Promise((resolve) => {
    const off = s.onEvent((name, payload) => {
      if (name === 'inspection.updated') {
        off();
        resolve(payload as Inspection);
      }
    });
  });
}

async function open(dataDir: string) {
  return openStation({ dataDir, mode: 'browser', simulators: true, log: silentLogger, kdf: TEST_KDF, now: () => new Date('2026-11-27T10:00:00Z') });
}

describe('thin slice on simulators', () => {
  it('a swipe becomes an inspection with checks; the decision survives a restart', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'data');
    station = await open(dataDir);
    expect(station.devices.list()).toEqual([
      expect.objectContaining({ kind: 'document-reader', simulated: true, status: 'ready' }),
      expect.objectContaining({ kind: 'chip-reader', simulated: true, status: 'ready' }),
    ]);
    await station.users.create({ username: 'olga', displayName: 'Olga', role: 'officer', password: 'officer password 1' }, null);
    const conn: Connection = { id: 'c1', sessionId: null };
    expect(await station.router.dispatch(conn, 'session.signIn', { username: 'olga', password: 'officer password 1' })).toMatchObject({ ok: true });

    const arrived = nextInspection(station);
    const chipDone = new Promise<string>((resolve) => station!.chipReads.once('done', resolve));
    expect(await station.router.dispatch(conn, 'devices.simulateRead', { mrz: SPECIMEN })).toEqual({ ok: true, value: { ok: true } });
    const first = await arrived;
    expect(first.checks.find((c) => c.id === 'chip.read')).toMatchObject({ status: 'pending' });
    expect(await chipDone).toBe(first.id);
    const inspection = station.inspections.get(first.id)!;
    expect(inspection.document).toMatchObject({
      format: 'TD3',
      documentNumber: 'L898902C3',
      issuingState: 'UTO',
      primaryIdentifier: 'ERIKSSON',
      secondaryIdentifier: 'ANNA MARIA',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      sex: 'F',
    });
    const status = Object.fromEntries(inspection.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ 'mrz.check_digits': 'pass', 'document.expiry': 'fail', 'chip.read': 'pass', 'chip.access': 'pass', 'chip.mrz_match': 'pass', 'chip.sod_signature': 'pass', 'chip.active_auth': 'pass', 'chip.chip_auth': 'pass', 'watchlist.documents': 'not_possible', 'watchlist.persons': 'not_possible' });
    // The chip's face (DG2) is kept with the crossing and served through the contract.
    expect(await station.router.dispatch(conn, 'inspections.face', { id: inspection.id })).toMatchObject({ ok: true, value: { mime: 'image/jpeg', base64: expect.stringMatching(/^\/9j\//) } });
    expect(inspection.officerId).not.toBeNull();

    // A corrupted frame is rejected by the driver and creates nothing.
    const before = station.inspections.list(10).length;
    await (station.devices as unknown as { attached: Map<string, { simulator: { swipe(l: string[], o: object): Promise<void> } }> }).attached
      .get('document-reader-sim')!
      .simulator.swipe(SPECIMEN, { corruptBcc: true });
    const good = nextInspection(station);
    await station.devices.simulateRead(SPECIMEN);
    await good;
    expect(station.inspections.list(10).length).toBe(before + 1);
    expect(station.devices.list()[0]!.counters.rejected).toBe(1);

    const refuse = await station.router.dispatch(conn, 'inspections.decide', { id: inspection.id, version: inspection.version, outcome: 'refuse', direction: 'entry' });
    expect(refuse).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const decided = await station.router.dispatch(conn, 'inspections.decide', { id: inspection.id, version: inspection.version, outcome: 'refuse', reasonCode: 'A', direction: 'entry' });
    expect(decided).toMatchObject({ ok: true, value: { status: 'decided', decision: { outcome: 'refuse', reasonCode: 'A' } } });
    const again = await station.router.dispatch(conn, 'inspections.decide', { id: inspection.id, version: inspection.version, outcome: 'admit', direction: 'entry' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const outbox = station.db.prepare('SELECT record_type, record_id FROM outbox ORDER BY seq').all() as Array<{ record_type: string; record_id: string }>;
    // Created, chip steps recorded, decided: each version queued for HQ.
    expect(outbox.filter((r) => r.record_id === inspection.id).length).toBe(3);
    expect(outbox.some((r) => r.record_type === 'decision')).toBe(true);

    await station.close();
    station = await open(dataDir);
    const conn2: Connection = { id: 'c2', sessionId: null };
    await station.router.dispatch(conn2, 'session.signIn', { username: 'olga', password: 'officer password 1' });
    const list = await station.router.dispatch(conn2, 'inspections.list', { limit: 10 });
    expect(list.ok && (list.value as Inspection[]).find((i) => i.id === inspection.id)).toMatchObject({ decision: { outcome: 'refuse' } });
    expect(station.audit.verify()).toMatchObject({ ok: true });
  });
});
