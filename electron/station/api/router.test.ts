import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KDF, tempDir } from '../../../test/helpers/temp-dir.js';
import { silentLogger } from '../log.js';
import { openStation, type Station } from '../station.js';
import type { Connection } from './router.js';

let dir: ReturnType<typeof tempDir>;
let station: Station;
const conn = (): Connection => ({ id: Math.random().toString(36), sessionId: null });

beforeAll(async () => {
  dir = tempDir();
  station = await openStation({ dataDir: join(dir.path, 'data'), mode: 'browser', simulators: false, log: silentLogger, kdf: TEST_KDF });
});
afterAll(async () => {
  await station.close();
  dir.cleanup();
});

describe('contract router', () => {
  it('answers an unknown call with a typed error', async () => {
    expect(await station.router.dispatch(conn(), 'station.selfDestruct', {})).toEqual({ ok: false, error: { code: 'UNKNOWN_CALL', message: expect.any(String) } });
    expect((await station.router.dispatch(conn(), { toString: 1 }, {})).ok).toBe(false);
    expect((await station.router.dispatch(conn(), '__proto__', {})).ok).toBe(false);
  });

  it('answers a malformed payload with INVALID_INPUT and the field', async () => {
    const r = await station.router.dispatch(conn(), 'session.signIn', { username: 42 });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!r.ok) expect(r.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['username', 'password']));
    expect(await station.router.dispatch(conn(), 'app.info', { extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await station.router.dispatch(conn(), 'app.info', 'not an object')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('runs first-run setup once, then refuses it', async () => {
    const c = conn();
    expect(await station.router.dispatch(c, 'app.info', {})).toMatchObject({ ok: true, value: { needsSetup: true } });
    expect(await station.router.dispatch(c, 'setup.createAdmin', { username: 'admin', displayName: 'Admin', password: 'short' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await station.router.dispatch(c, 'setup.createAdmin', { username: 'admin', displayName: 'Admin', password: 'a long enough password' })).toMatchObject({ ok: true, value: { role: 'admin' } });
    expect(await station.router.dispatch(c, 'setup.createAdmin', { username: 'admin2', displayName: 'Admin', password: 'a long enough password' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await station.router.dispatch(c, 'app.info', {})).toMatchObject({ ok: true, value: { needsSetup: false } });
  });

  it('refuses calls before sign-in and calls outside the role', async () => {
    const admin = conn();
    expect(await station.router.dispatch(admin, 'inspections.list', { limit: 5 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await station.router.dispatch(admin, 'session.signIn', { username: 'admin', password: 'a long enough password' })).toMatchObject({ ok: true });
    expect(await station.router.dispatch(admin, 'users.create', { username: 'olga', displayName: 'Olga', role: 'officer', password: 'officer password 1' })).toMatchObject({ ok: true });
    // An admin manages users but does not process travellers.
    expect(await station.router.dispatch(admin, 'inspections.list', { limit: 5 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const officer = conn();
    await station.router.dispatch(officer, 'session.signIn', { username: 'olga', password: 'officer password 1' });
    expect(await station.router.dispatch(officer, 'inspections.list', { limit: 5 })).toEqual({ ok: true, value: [] });
    expect(await station.router.dispatch(officer, 'users.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await station.router.dispatch(officer, 'review.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await station.router.dispatch(officer, 'audit.verify', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses everything but unlock on a locked session', async () => {
    const c = conn();
    await station.router.dispatch(c, 'session.signIn', { username: 'olga', password: 'officer password 1' });
    expect(await station.router.dispatch(c, 'session.lock', {})).toMatchObject({ ok: true, value: { locked: true } });
    expect(await station.router.dispatch(c, 'inspections.list', { limit: 5 })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(station.router.mayReceive(c, 'inspection.updated')).toBe(false);
    expect(await station.router.dispatch(c, 'session.unlock', { password: 'officer password 1' })).toMatchObject({ ok: true, value: { locked: false } });
    expect(station.router.mayReceive(c, 'inspection.updated')).toBe(true);
  });

  it('signs out and forgets the session', async () => {
    const c = conn();
    await station.router.dispatch(c, 'session.signIn', { username: 'olga', password: 'officer password 1' });
    expect(await station.router.dispatch(c, 'session.signOut', {})).toMatchObject({ ok: true, value: { user: null } });
    expect(c.sessionId).toBeNull();
    expect(await station.router.dispatch(c, 'inspections.list', { limit: 5 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('keeps the audit chain intact through all of this', async () => {
    const c = conn();
    await station.router.dispatch(c, 'session.signIn', { username: 'admin', password: 'a long enough password' });
    expect(await station.router.dispatch(c, 'audit.verify', {})).toMatchObject({ ok: true, value: { ok: true, firstBad: null } });
  });
});
