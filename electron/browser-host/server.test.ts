import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TEST_KDF, tempDir } from '../../test/helpers/temp-dir.js';
import { silentLogger } from '../station/log.js';
import { openStation, type Station } from '../station/station.js';
import { resolveStatic, startBrowserHost, type BrowserHost } from './server.js';

let dir: ReturnType<typeof tempDir>;
let station: Station;
let host: BrowserHost;
const TOKEN = 'test-launch-token-0123456789';

beforeAll(async () => {
  dir = tempDir();
  const renderer = join(dir.path, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>bp</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside the renderer');
  station = await openStation({ dataDir: join(dir.path, 'data'), mode: 'browser', simulators: false, log: silentLogger, kdf: TEST_KDF });
  await station.users.create({ username: 'olga', displayName: 'Olga', role: 'officer', password: 'officer password 1' }, null);
  await station.users.create({ username: 'tom', displayName: 'Tom', role: 'technician', password: 'technician pw 1' }, null);
  host = await startBrowserHost({ station, rendererDir: renderer, log: silentLogger, token: TOKEN });
});
afterAll(async () => {
  await host.close();
  await station.close();
  dir.cleanup();
});

function get(path: string, hostHeader = `127.0.0.1:${host.port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: hostHeader } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A connected, greeted client that collects replies and events. */
async function client(opts: { token?: string; origin?: string } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/borderpost`, { origin: opts.origin ?? host.origin });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    messages.push(JSON.parse(d.toString()) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const failed = new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  const until = async (pred: (m: Record<string, unknown>) => boolean) => {
    for (;;) {
      const found = messages.find(pred);
      if (found) return found;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  let id = 0;
  const call = async (name: string, input: unknown) => {
    const my = ++id;
    ws.send(JSON.stringify({ t: 'call', id: my, name, input }));
    return (await until((m) => m.t === 'reply' && m.id === my)).reply as { ok: boolean; value?: unknown; error?: { code: string } };
  };
  return { ws, messages, closed, failed, opened, until, call, hello: () => ws.send(JSON.stringify({ t: 'hello', token: opts.token ?? TOKEN })) };
}

describe('browser host', () => {
  it('serves the renderer with the strict CSP and refuses path traversal', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(String(index.headers['content-security-policy'])).not.toContain('unsafe');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00', '/%E0%A4%A']) expect((await get(p)).status).toBe(404);
    expect(resolveStatic('/srv/r', '/a/../../etc/passwd')).toBeNull();
  });

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    expect((await get('/', 'evil.example:80')).status).toBe(421);
  });

  it('refuses a WebSocket from another origin', async () => {
    const c = await client({ origin: 'http://evil.example' });
    expect(await c.failed).toBe(403);
  });

  it('closes a socket that does not present the launch token', async () => {
    const c = await client({ token: 'guess' });
    await c.opened;
    c.hello();
    expect(await c.closed).toBe(4403);
  });

  it('answers calls after the hello, with typed errors for bad calls', async () => {
    const c = await client();
    await c.opened;
    c.hello();
    await c.until((m) => m.t === 'ready');
    expect(await c.call('app.info', {})).toMatchObject({ ok: true, value: { mode: 'browser' } });
    expect(await c.call('no.such.call', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await c.call('session.signIn', { username: ['x'] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    c.ws.send('{not json');
    expect(await c.call('session.current', {})).toMatchObject({ ok: true, value: { user: null } });
    c.ws.close();
  });

  it('delivers booth events only to sessions whose role may see them, and signs out on close', async () => {
    const officer = await client();
    const tech = await client();
    await Promise.all([officer.opened, tech.opened]);
    officer.hello();
    tech.hello();
    await officer.until((m) => m.t === 'ready');
    await tech.until((m) => m.t === 'ready');
    expect(await officer.call('session.signIn', { username: 'olga', password: 'officer password 1' })).toMatchObject({ ok: true });
    expect(await tech.call('session.signIn', { username: 'tom', password: 'technician pw 1' })).toMatchObject({ ok: true });
    const created = station.inspections.create({ officerId: null, sourceDeviceId: 'test', document: null, checks: [] });
    expect(await officer.call('inspections.decide', { id: created.id, version: created.version, outcome: 'admit', direction: 'entry' })).toMatchObject({ ok: true });
    expect(await officer.until((m) => m.t === 'event' && m.name === 'inspection.updated')).toMatchObject({ payload: { id: created.id, status: 'decided' } });
    // The technician's reply comes after any event sent in the same turn, so absence is meaningful.
    expect(await tech.call('inspections.list', { limit: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(tech.messages.filter((m) => m.t === 'event' && m.name === 'inspection.updated')).toEqual([]);
    const signedIn = station.sessions.activeBoothUser();
    expect(signedIn?.username).toBe('olga');
    officer.ws.close();
    await officer.closed;
    await expect.poll(() => station.sessions.activeBoothUser()).toBeNull();
    tech.ws.close();
  });
});

describe('browser host shutdown', () => {
  it('closes even while a client is mid-request and a socket is open', async () => {
    const d = tempDir();
    const renderer = join(d.path, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>bp</title>');
    const s = await openStation({ dataDir: join(d.path, 'data'), mode: 'browser', simulators: false, log: silentLogger, kdf: TEST_KDF });
    const h = await startBrowserHost({ station: s, rendererDir: renderer, log: silentLogger, token: TOKEN });
    // A connection in the middle of a request (as a browser's speculative or slow one can be).
    const { connect } = await import('node:net');
    const pending = connect(h.port, '127.0.0.1');
    await new Promise<void>((resolve) => pending.on('connect', () => resolve()));
    pending.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n`);
    const pendingClosed = new Promise<void>((resolve) => pending.on('close', () => resolve()));
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/borderpost`, { origin: h.origin });
    await new Promise<void>((resolve) => ws.on('open', () => resolve()));
    const clientSaw = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    // Before closeAllConnections() this never resolved while the browser kept its connection.
    await h.close();
    await s.close();
    d.cleanup();
    expect(await clientSaw).toBe(1006);
    await pendingClosed;
  });
});
