/**
 * The main side (StationProcess) and the utility side (serveStation) talking through a fake
 * `utilityProcess`: messages are delivered asynchronously like postMessage, and a "crash" is an
 * exit event with no goodbye, as a native fault in the station would look to main.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../contract/names.js';
import type { Reply } from '../contract/errors.js';
import type { Connection } from '../station/api/router.js';
import { silentLogger } from './log.js';
import { serveStation, type ParentPortLike, type StationCore } from './station-endpoint.js';
import { defaultBackoffMs, StationProcess } from './station-process.js';

/** A station core with just enough behaviour: sign-in binds a session to the connection. */
class FakeStation implements StationCore {
  readonly dispatched: { connectionId: string; name: unknown }[] = [];
  readonly closed = vi.fn(async () => {});
  private readonly listeners = new Set<(name: EventName, payload: unknown, target?: { sessionId: string }) => void>();
  readonly router = {
    dispatch: async (connection: Connection, name: unknown, input: unknown): Promise<Reply<unknown>> => {
      this.dispatched.push({ connectionId: connection.id, name });
      if (name === 'test.hang') return new Promise(() => {});
      if (name === 'session.signIn') {
        connection.sessionId = `session-of-${(input as { username: string }).username}`;
        return { ok: true, value: { signedIn: true } };
      }
      if (name === 'session.current') return { ok: true, value: { sessionId: connection.sessionId } };
      if (name === 'session.signOut') {
        connection.sessionId = null;
        return { ok: true, value: { user: null } };
      }
      return { ok: true, value: { name, input } };
    },
    // Signed-in connections receive everything; others only session.changed.
    mayReceive: (connection: Connection, event: EventName) => connection.sessionId !== null || event === 'session.changed',
  };
  onEvent(listener: (name: EventName, payload: unknown, target?: { sessionId: string }) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(name: EventName, payload: unknown, target?: { sessionId: string }) {
    for (const l of this.listeners) l(name, payload, target);
  }
  close = this.closed;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One utility process: `postMessage` both ways is asynchronous; `crash()` exits without a word. */
class FakeUtilityProcess extends EventEmitter {
  readonly station = new FakeStation();
  readonly received: unknown[] = [];
  alive = true;
  killed = false;
  private readonly port: ParentPortLike & EventEmitter;

  constructor(options: { openFails?: boolean; ignoreClose?: boolean } = {}) {
    super();
    this.port = Object.assign(new EventEmitter(), {
      postMessage: (message: unknown) => {
        // A message handed over before the process died still arrives, ahead of the exit event.
        if (!this.alive) return;
        const copy = structuredClone(message);
        void Promise.resolve().then(() => this.emit('message', copy));
      },
    });
    serveStation({
      port: this.port,
      log: silentLogger,
      open: async () => {
        if (options.openFails) throw new Error('database is locked');
        return this.station;
      },
      exit: (code) => this.die(code),
    });
    if (options.ignoreClose) this.port.removeAllListeners('message').on('message', () => {});
  }

  postMessage(message: unknown): void {
    if (!this.alive) throw new Error('process is gone');
    this.received.push(message);
    const copy = structuredClone(message);
    void Promise.resolve().then(() => this.alive && this.port.emit('message', { data: copy }));
  }

  kill(): boolean {
    this.killed = true;
    this.die(143);
    return true;
  }

  crash(code = 139): void {
    this.die(code);
  }

  private die(code: number) {
    if (!this.alive) return;
    this.alive = false;
    queueMicrotask(() => this.emit('exit', code));
  }
}

function setup(options: { openFails?: boolean; ignoreClose?: boolean; backoffMs?: (attempt: number) => number; stableAfterMs?: number } = {}) {
  const children: FakeUtilityProcess[] = [];
  const log = { ...silentLogger, error: vi.fn(), warn: vi.fn(), info: vi.fn() };
  const processOptions = { openFails: options.openFails, ignoreClose: options.ignoreClose };
  const station = new StationProcess({
    fork: () => {
      const child = new FakeUtilityProcess(processOptions);
      children.push(child);
      return child;
    },
    start: { dataDir: '/tmp/borderpost-test', simulators: true },
    log,
    backoffMs: options.backoffMs ?? (() => 1_000),
    stableAfterMs: options.stableAfterMs,
    closeTimeoutMs: 2_000,
  });
  return { station, children, log };
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (predicate()) return;
    await vi.advanceTimersByTimeAsync(0);
    await tick();
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('StationProcess', () => {
  it('starts the station with its options and relays a call to the router', async () => {
    const { station, children } = setup();
    station.start();
    expect(children[0]!.received[0]).toEqual({ t: 'start', options: { dataDir: '/tmp/borderpost-test', simulators: true } });
    const reply = await station.call('c1', 'app.info', {});
    expect(reply).toEqual({ ok: true, value: { name: 'app.info', input: {} } });
    await until(() => station.state === 'ready', 'ready');
  });

  it('keeps each connection, and its session, on the station side', async () => {
    const { station, children } = setup();
    station.start();
    await station.call('c1', 'session.signIn', { username: 'ana' });
    expect(await station.call('c1', 'session.current', {})).toEqual({ ok: true, value: { sessionId: 'session-of-ana' } });
    expect(await station.call('c2', 'session.current', {})).toEqual({ ok: true, value: { sessionId: null } });
    // Main only ever saw opaque ids: no message to main carries a session id.
    expect(children[0]!.station.dispatched.map((d) => d.connectionId)).toEqual(['c1', 'c1', 'c2']);
  });

  it('delivers events to the connections the station chose', async () => {
    const { station, children } = setup();
    const events: [string, unknown, readonly string[]][] = [];
    station.onEvent((name, payload, ids) => events.push([name, payload, ids]));
    station.start();
    station.connect('c1');
    station.connect('c2');
    station.connect('c3');
    await station.call('c1', 'session.signIn', { username: 'ana' });
    await station.call('c2', 'session.signIn', { username: 'bo' });
    await until(() => station.state === 'ready', 'ready');
    const core = children[0]!.station;

    core.emit('devices.changed', []);
    core.emit('session.changed', { locked: true }, { sessionId: 'session-of-bo' });
    core.emit('inspection.updated', { id: 'x' }, { sessionId: 'nobody' });
    await until(() => events.length >= 2, 'events');
    await tick();
    expect(events).toEqual([
      ['devices.changed', [], ['c1', 'c2']],
      ['session.changed', { locked: true }, ['c2']],
    ]);

    station.disconnect('c1');
    await tick();
    core.emit('devices.changed', [1]);
    await until(() => events.length >= 3, 'third event');
    expect(events[2]).toEqual(['devices.changed', [1], ['c2']]);
  });

  it('signs out the session of a window that is gone', async () => {
    const { station, children } = setup();
    station.start();
    await station.call('c1', 'session.signIn', { username: 'ana' });
    await station.call('c2', 'app.info', {});
    station.disconnect('c1');
    station.disconnect('c2');
    const core = children[0]!.station;
    await until(() => core.dispatched.some((d) => d.name === 'session.signOut'), 'sign-out');
    await tick();
    expect(core.dispatched.filter((d) => d.name === 'session.signOut')).toEqual([{ connectionId: 'c1', name: 'session.signOut' }]);
  });

  it('answers UNAVAILABLE to calls pending when the process crashes, and restarts it', async () => {
    const { station, children, log } = setup();
    station.start();
    station.connect('c1');
    await until(() => station.state === 'ready', 'ready');

    const pending = station.call('c1', 'test.hang', {});
    await until(() => children[0]!.station.dispatched.length === 1, 'call dispatched');
    children[0]!.crash(139);

    expect(await pending).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(station.state).toBe('down');
    expect(log.error).toHaveBeenCalledWith('station process exited unexpectedly', expect.objectContaining({ code: 139, pendingCalls: 1 }));
    // While it is down, calls fail fast instead of queueing behind an unknown outage.
    expect(await station.call('c1', 'app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    await vi.advanceTimersByTimeAsync(999);
    expect(children).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(children).toHaveLength(2);

    // The new process learns the known connections again and serves calls.
    expect(children[1]!.received.slice(0, 2)).toEqual([
      { t: 'start', options: { dataDir: '/tmp/borderpost-test', simulators: true } },
      { t: 'connect', connectionId: 'c1' },
    ]);
    expect(await station.call('c1', 'app.info', {})).toMatchObject({ ok: true });
    await until(() => station.state === 'ready', 'ready again');
  });

  it('backs off further on each quick crash and starts over after a stable run', async () => {
    const delays: number[] = [];
    const { station, children } = setup({
      backoffMs: (attempt) => {
        delays.push(attempt);
        return 100 * 2 ** attempt;
      },
      stableAfterMs: 10_000,
    });
    station.start();
    for (let i = 0; i < 3; i++) {
      await until(() => station.state === 'ready', 'ready');
      children.at(-1)!.crash();
      await until(() => station.state === 'down', 'down');
      await vi.advanceTimersByTimeAsync(100 * 2 ** i);
    }
    expect(delays).toEqual([0, 1, 2]);
    await until(() => station.state === 'ready', 'ready');
    await vi.advanceTimersByTimeAsync(10_000);
    children.at(-1)!.crash();
    await until(() => station.state === 'down', 'down');
    expect(delays).toEqual([0, 1, 2, 0]);
  });

  it('restarts a station that cannot open its database', async () => {
    const { station, children, log } = setup({ openFails: true });
    station.start();
    expect(await station.call('c1', 'app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await until(() => station.state === 'down', 'down');
    expect(log.error).toHaveBeenCalledWith('station could not open', { error: 'database is locked' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(children).toHaveLength(2);
  });

  it('closes the station cleanly and does not restart it', async () => {
    const { station, children } = setup();
    station.start();
    await until(() => station.state === 'ready', 'ready');
    await station.close();
    expect(children[0]!.station.closed).toHaveBeenCalledTimes(1);
    expect(children[0]!.killed).toBe(false);
    expect(station.state).toBe('closed');
    expect(await station.call('c1', 'app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
  });

  it('kills a station that does not close in time', async () => {
    const { station, children } = setup({ ignoreClose: true });
    station.start();
    await tick();
    const closing = station.close();
    await vi.advanceTimersByTimeAsync(2_000);
    await closing;
    expect(children[0]!.killed).toBe(true);
    expect(station.state).toBe('closed');
  });

  it('cancels a scheduled restart on close', async () => {
    const { station, children } = setup();
    station.start();
    await until(() => station.state === 'ready', 'ready');
    children[0]!.crash();
    await until(() => station.state === 'down', 'down');
    await station.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
  });

  it('ignores malformed messages from the station', async () => {
    const { station, children, log } = setup();
    station.start();
    await until(() => station.state === 'ready', 'ready');
    children[0]!.emit('message', { t: 'reply', id: 'x', reply: 'nope' });
    children[0]!.emit('message', { t: 'event', name: 'not.an.event', payload: 1, connectionIds: [] });
    expect(log.warn).toHaveBeenCalledWith('malformed message from the station process ignored');
    expect(await station.call('c1', 'app.info', {})).toMatchObject({ ok: true });
  });
});

describe('defaultBackoffMs', () => {
  it('doubles from half a second and stops at thirty', () => {
    expect([0, 1, 2, 3, 6, 20].map(defaultBackoffMs)).toEqual([500, 1_000, 2_000, 4_000, 30_000, 30_000]);
  });
});
