/**
 * The utility side against the real station core (plain Node, a temporary data directory): the
 * router sees per-window connections, and events reach only the windows the station allows.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStation, type Station } from '../station/station.js';
import { silentLogger } from './log.js';
import { serveStation, type ParentPortLike } from './station-endpoint.js';
import type { MainToStation, StationToMain } from './station-protocol.js';

let dataDir: string;
let port: ParentPortLike & EventEmitter;
let fromStation: StationToMain[];
let exitCode: number | null;
let nextId = 1;
let station: Station | null;
let clock: number;

function send(message: MainToStation) {
  port.emit('message', { data: structuredClone(message) });
}

async function waitFor<T extends StationToMain>(predicate: (m: StationToMain) => m is T, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const found = fromStation.find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no ${what} from the station`);
}

async function call(connectionId: string, name: string, input: unknown = {}) {
  const id = nextId++;
  send({ t: 'call', id, connectionId, name, input });
  const reply = await waitFor((m): m is Extract<StationToMain, { t: 'reply' }> => m.t === 'reply' && m.id === id, `reply ${id}`);
  return reply.reply;
}

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'borderpost-endpoint-'));
  fromStation = [];
  exitCode = null;
  station = null;
  clock = Date.parse('2026-01-01T08:00:00Z');
  port = Object.assign(new EventEmitter(), { postMessage: (m: unknown) => void fromStation.push(structuredClone(m) as StationToMain) });
  serveStation({
    port,
    log: silentLogger,
    open: async (options) =>
      (station = await openStation({
        dataDir: options.dataDir,
        mode: 'electron',
        simulators: options.simulators,
        log: silentLogger,
        kdf: { N: 2 ** 10, r: 8, p: 1 },
        session: { idleLockMs: 60_000, now: () => clock },
      })),
    exit: (code) => void (exitCode = code),
  });
});

afterEach(async () => {
  if (exitCode === null) {
    send({ t: 'close' });
    await waitFor((m): m is Extract<StationToMain, { t: 'closed' }> => m.t === 'closed', 'closed');
    expect(exitCode).toBe(0);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('station endpoint with the real station', () => {
  it('dispatches through the router, keeping a session per connection', async () => {
    send({ t: 'start', options: { dataDir, simulators: false } });
    await waitFor((m): m is Extract<StationToMain, { t: 'ready' }> => m.t === 'ready', 'ready');

    expect(await call('window-1', 'app.info')).toMatchObject({ ok: true, value: { mode: 'electron', needsSetup: true } });
    expect(await call('window-1', 'setup.createAdmin', { username: 'ana', displayName: 'Ana', password: 'correct horse battery' })).toMatchObject({ ok: true });
    expect(await call('window-1', 'session.signIn', { username: 'ana', password: 'correct horse battery' })).toMatchObject({
      ok: true,
      value: { user: { username: 'ana' } },
    });
    expect(await call('window-1', 'users.list')).toMatchObject({ ok: true });
    // Another window has no session, however the first one signed in.
    expect(await call('window-2', 'users.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call('window-2', 'no.such.call')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });

    // The idle lock's session event goes to the window holding that session only.
    send({ t: 'connect', connectionId: 'window-3' });
    fromStation = [];
    clock += 61_000;
    station!.sessions.sweep();
    const event = await waitFor((m): m is Extract<StationToMain, { t: 'event' }> => m.t === 'event', 'event');
    expect(event).toMatchObject({ name: 'session.changed', payload: { locked: true, user: { username: 'ana' } }, connectionIds: ['window-1'] });
    expect(await call('window-1', 'users.list')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // Nothing in the messages to main carries the session id.
    expect(JSON.stringify(fromStation)).not.toMatch(/sessionId/);
  });

  it('answers calls before start with UNAVAILABLE', async () => {
    expect(await call('window-1', 'app.info')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    send({ t: 'start', options: { dataDir, simulators: false } });
    await waitFor((m): m is Extract<StationToMain, { t: 'ready' }> => m.t === 'ready', 'ready');
  });
});
