import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KDF, tempDir } from '../../../test/helpers/temp-dir.js';
import type { ReviewCase } from '../../contract/index.js';
import type { Connection } from '../api/router.js';
import { silentLogger } from '../log.js';
import { openStation, type Station } from '../station.js';

let dir: ReturnType<typeof tempDir>;
let station: Station;
const sessions: Record<string, Connection> = {};

async function as(username: string): Promise<Connection> {
  if (!sessions[username]) {
    const c: Connection = { id: username, sessionId: null };
    const r = await station.router.dispatch(c, 'session.signIn', { username, password: `${username} password 1` });
    expect(r.ok).toBe(true);
    sessions[username] = c;
  }
  return sessions[username];
}

beforeAll(async () => {
  dir = tempDir();
  station = await openStation({ dataDir: join(dir.path, 'data'), mode: 'browser', simulators: false, log: silentLogger, kdf: TEST_KDF });
  for (const [u, role] of [['olga', 'officer'], ['sam', 'supervisor'], ['sue', 'supervisor']] as const) {
    await station.users.create({ username: u, displayName: u.toUpperCase(), role, password: `${u} password 1` }, null);
  }
});
afterAll(async () => {
  await station.close();
  dir.cleanup();
});

function newInspection() {
  return station.inspections.create({ officerId: null, sourceDeviceId: 'test', document: null, checks: [] });
}

describe('supervisor review', () => {
  it('a referral opens a case that a supervisor confirms with a reason', async () => {
    const officer = await as('olga');
    const i = newInspection();
    expect(await station.router.dispatch(officer, 'inspections.decide', { id: i.id, version: i.version, outcome: 'refer', direction: 'entry', note: 'nervous, story does not add up' })).toMatchObject({ ok: true });
    expect(await station.router.dispatch(officer, 'review.cases', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const sam = await as('sam');
    const list = await station.router.dispatch(sam, 'review.cases', {});
    const c = (list.ok ? (list.value as ReviewCase[]) : []).find((x) => x.inspectionId === i.id)!;
    expect(c).toMatchObject({ source: 'referral', status: 'open', severity: 'medium', alert: { referredBy: 'olga', note: 'nervous, story does not add up' } });
    expect(await station.router.dispatch(sam, 'review.decide', { id: c.id, version: c.version, verdict: 'confirm', reason: 'ok' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const done = await station.router.dispatch(sam, 'review.decide', { id: c.id, version: c.version, verdict: 'confirm', reason: 'secondary inspection needed, passport photo mismatch' });
    expect(done).toMatchObject({ ok: true, value: { status: 'confirmed', decisions: [{ verdict: 'confirm', decidedByName: 'SAM' }] } });
    expect(await station.router.dispatch(sam, 'review.decide', { id: c.id, version: c.version + 1, verdict: 'dismiss', reason: 'changed my mind entirely' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('dismissing a high-severity case needs a second, different supervisor', async () => {
    const i = newInspection();
    const c = station.db.transaction(() =>
      station.reviews.create(
        { inspectionId: i.id, source: 'watchlist.persons', severity: 'high', instruction: 'Refer to supervisor', alert: { list: 'national-alerts' }, score: 0.91, explanation: [{ feature: 'name', detail: 'ERIKSSON ~ ERIKSON', value: 0.9 }] },
        null,
      ),
    )();
    const sam = await as('sam');
    const sue = await as('sue');
    const first = await station.router.dispatch(sam, 'review.decide', { id: c.id, version: c.version, verdict: 'dismiss', reason: 'different birth date and nationality' });
    expect(first).toMatchObject({ ok: true, value: { status: 'awaiting_second' } });
    const v = (first.ok && (first.value as ReviewCase).version) as number;
    expect(await station.router.dispatch(sam, 'review.decide', { id: c.id, version: v, verdict: 'dismiss', reason: 'really not the same person' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const second = await station.router.dispatch(sue, 'review.decide', { id: c.id, version: v, verdict: 'dismiss', reason: 'agree: different person, dob differs by 11 years' });
    expect(second).toMatchObject({ ok: true, value: { status: 'dismissed', decisions: [{ decidedByName: 'SAM' }, { decidedByName: 'SUE' }] } });
  });

  it('every decision is audited and queued for HQ', () => {
    const actions = station.audit.list(200).map((e) => e.action);
    expect(actions.filter((a) => a === 'review.decide')).toHaveLength(3);
    expect(actions.filter((a) => a === 'review.case_open')).toHaveLength(2);
    const types = (station.db.prepare('SELECT record_type FROM outbox').all() as Array<{ record_type: string }>).map((r) => r.record_type);
    expect(types.filter((t) => t === 'review_decision')).toHaveLength(3);
    expect(station.audit.verify().ok).toBe(true);
  });
});
