/**
 * A listed document swiped at the booth: the check turns red with an instruction for the officer,
 * and a case with the evidence opens for the supervisor, in the same transaction as the crossing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inspection, ReviewCase } from '../../electron/contract/index.js';
import type { Connection } from '../../electron/station/api/router.js';
import { silentLogger } from '../../electron/station/log.js';
import { openStation, type Station } from '../../electron/station/station.js';
import { importDocumentListCsv } from '../../electron/station/watchlists/documents/document-list-import.js';
import { TEST_KDF, tempDir } from '../helpers/temp-dir.js';

// ICAO Doc 9303 Part 4, Appendix A: the TD3 specimen.
const SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
// The same person with another, unlisted passport number (check digits recomputed).
const UNLISTED = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'X123456785UTO7408122F1204159ZE184226B<<<<<12'];

let dir: ReturnType<typeof tempDir>;
let station: Station | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
  dir.cleanup();
});

function next<T>(s: Station, name: 'inspection.updated' | 'review.updated', pred: (p: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const off = s.onEvent((n, payload) => {
      if (n === name && pred(payload as T)) {
        off();
        resolve(payload as T);
      }
    });
  });
}

describe('documents watch-list at the booth', () => {
  it('flags a listed document with an instruction and opens a high-severity case', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'data');
    station = await openStation({ dataDir, mode: 'browser', simulators: true, log: silentLogger, kdf: TEST_KDF });
    expect(station.watchlists.status()).toEqual([]);

    const csv = join(dir.path, 'sltd.csv');
    writeFileSync(csv, 'number,issuing_state,type,status\nL898902C3,UTO,passport,stolen\nAB1234567,FRA,passport,lost\n');
    await importDocumentListCsv(csv, { dir: dataDir, source: 'INTERPOL SLTD (test)', version: '7' });

    await station.users.create({ username: 'olga', displayName: 'Olga', role: 'officer', password: 'officer password 1' }, null);
    const officer: Connection = { id: 'o', sessionId: null };
    await station.router.dispatch(officer, 'session.signIn', { username: 'olga', password: 'officer password 1' });

    const arrived = next<Inspection>(station, 'inspection.updated');
    const opened = next<ReviewCase>(station, 'review.updated');
    await station.devices.simulateRead(SPECIMEN);
    const inspection = await arrived;
    const check = inspection.checks.find((c) => c.id === 'watchlist.documents')!;
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/^Retain the document and refer to supervisor: document reported stolen/);
    const c = await opened;
    expect(c).toMatchObject({ inspectionId: inspection.id, source: 'watchlist.documents', severity: 'high', status: 'open', alert: { number: 'L898902C3', status: 'stolen', match: 'exact' } });
    expect(c.explanation.map((l) => l.feature)).toEqual(['document number', 'issuing state']);

    const status = await station.router.dispatch(officer, 'watchlists.status', {});
    expect(status).toMatchObject({ ok: true, value: [{ kind: 'documents', records: 2, stale: false }] });

    const clear = next<Inspection>(station, 'inspection.updated', (i) => i.document?.documentNumber === 'X12345678');
    await station.devices.simulateRead(UNLISTED);
    const clean = await clear;
    expect(clean.checks.find((x) => x.id === 'mrz.check_digits')).toMatchObject({ status: 'pass' });
    expect(clean.checks.find((x) => x.id === 'watchlist.documents')).toMatchObject({ status: 'pass' });
    expect(station.reviews.forInspection(clean.id)).toEqual([]);
  });
});

describe('person alert list at the booth', () => {
  it('matches the traveller across scripts and opens a case with the explained score', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'data');
    const csv = join(dir.path, 'alerts.csv');
    // The alert is listed in Cyrillic with a Latin alias spelled differently from the passport.
    writeFileSync(csv, 'id,name,aliases,dob,nationality,sex,category,action,severity\nA-1,ЭРИКССОН Анна Мария,Anna Erikson,1974-08-12,UTO,F,wanted,Refer to supervisor,high\nA-2,John Smith,,1960,GBR,M,sanction,Refer to supervisor,medium\n');
    const { main } = await import('../../electron/cli/index.js');
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), json: (v: unknown) => out.push(JSON.stringify(v)), readStdin: async () => '', env: {} };
    expect(await main(['watchlist', 'import', csv, '--kind', 'persons', '--data-dir', dataDir], io), out.join('\n')).toBe(0);

    station = await openStation({ dataDir, mode: 'browser', simulators: true, log: silentLogger, kdf: TEST_KDF });
    expect(station.watchlists.status().map((s) => s.kind)).toEqual(['persons']);
    const arrived = next<Inspection>(station, 'inspection.updated');
    const opened = next<ReviewCase>(station, 'review.updated', (c) => c.source === 'watchlist.persons');
    await station.devices.simulateRead(SPECIMEN);
    const inspection = await arrived;
    expect(inspection.checks.find((c) => c.id === 'watchlist.persons')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^Refer to supervisor: possible match with a person alert \(wanted/) });
    const c = await opened;
    expect(c).toMatchObject({ severity: 'high', alert: { id: 'A-1', category: 'wanted' } });
    expect(c.score).toBeGreaterThanOrEqual(0.85);
    expect(c.explanation.length).toBeGreaterThan(1);
  });
});
