import { describe, expect, it } from 'vitest';
import { backoffDelay, createWsBridge, DEFAULT_BACKOFF, type ConnectionState, type WebSocketLike } from './ws-bridge.js';

/** A socket the test drives by hand: it records what the bridge sends and replays what a host would. */
class FakeSocket implements WebSocketLike {
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000): void {
    this.closedWith = code;
  }
  open(): void {
    this.onopen?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  receiveRaw(data: unknown): void {
    this.onmessage?.({ data });
  }
  drop(code = 1006): void {
    this.onclose?.({ code, reason: '' });
  }
}

function setup(token: string | null = 'secret-token') {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const states: ConnectionState[] = [];
  let currentToken = token;
  const bridge = createWsBridge({
    url: 'ws://127.0.0.1:5000/borderpost',
    getToken: () => currentToken,
    WebSocket: class extends FakeSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    },
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
    random: () => 1,
  });
  bridge.onStateChange((s) => states.push(s));
  const last = () => {
    const s = sockets.at(-1);
    if (!s) throw new Error('no socket');
    return s;
  };
  const runTimers = () => {
    for (const t of timers.splice(0)) if (!t.cleared) t.fn();
  };
  /** Opens the newest socket and has the host accept it. */
  const handshake = () => {
    last().open();
    last().receive({ t: 'ready' });
  };
  return { bridge, sockets, timers, states, last, runTimers, handshake, setToken: (t: string | null) => (currentToken = t) };
}

describe('ws-bridge', () => {
  it('connects to the given URL and sends hello with the token before anything else', async () => {
    const { bridge, last } = setup();
    const pending = bridge.invoke('app.info', {});
    expect(last().url).toBe('ws://127.0.0.1:5000/borderpost');
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent).toEqual([{ t: 'hello', token: 'secret-token' }]);

    // The call waits for `ready`: sending it early would make the host close the socket.
    last().receive({ t: 'ready' });
    expect(last().sent[1]).toMatchObject({ t: 'call', name: 'app.info', input: {} });
    const id = last().sent[1]!.id;
    last().receive({ t: 'reply', id, reply: { ok: true, value: { version: '1' } } });
    await expect(pending).resolves.toEqual({ version: '1' });
    expect(bridge.state).toEqual({ kind: 'online' });
  });

  it('matches replies to calls by id, whatever order they come back in', async () => {
    const { bridge, last, handshake } = setup();
    handshake();
    const a = bridge.invoke('session.current', {});
    const b = bridge.invoke('devices.list', {});
    const [callA, callB] = last().sent.slice(1);
    expect(callA!.id).not.toBe(callB!.id);
    last().receive({ t: 'reply', id: callB!.id, reply: { ok: true, value: ['devices'] } });
    last().receive({ t: 'reply', id: callA!.id, reply: { ok: true, value: 'session' } });
    await expect(a).resolves.toBe('session');
    await expect(b).resolves.toEqual(['devices']);
  });

  it('rejects with the contract error the host sent', async () => {
    const { bridge, last, handshake } = setup();
    handshake();
    const p = bridge.invoke('session.signIn', { username: 'ana', password: 'nope' });
    const id = last().sent[1]!.id;
    last().receive({ t: 'reply', id, reply: { ok: false, error: { code: 'BAD_CREDENTIALS', message: 'bad credentials' } } });
    await expect(p).rejects.toEqual({ code: 'BAD_CREDENTIALS', message: 'bad credentials' });
  });

  it('ignores frames that are not host messages, and replies to unknown ids', async () => {
    const { bridge, last, handshake } = setup();
    handshake();
    const p = bridge.invoke('app.info', {});
    const id = last().sent[1]!.id as number;
    last().receiveRaw('not json');
    last().receiveRaw(new ArrayBuffer(4));
    last().receive({ t: 'reply', id: id + 99, reply: { ok: true, value: 'wrong' } });
    last().receive({ t: 'reply', id: 'x', reply: { ok: true, value: 'wrong' } });
    last().receive({ t: 'reply', id, reply: { ok: true, value: 'right' } });
    await expect(p).resolves.toBe('right');
  });

  it('delivers events to subscribers until they unsubscribe, across reconnects', () => {
    const { bridge, last, handshake, runTimers } = setup();
    handshake();
    const seen: unknown[] = [];
    const unsubscribe = bridge.subscribe('devices.changed', (p) => seen.push(p));
    last().receive({ t: 'event', name: 'devices.changed', payload: [1] });
    last().receive({ t: 'event', name: 'session.changed', payload: 'other' });

    last().drop();
    runTimers();
    handshake();
    last().receive({ t: 'event', name: 'devices.changed', payload: [2] });
    unsubscribe();
    last().receive({ t: 'event', name: 'devices.changed', payload: [3] });
    expect(seen).toEqual([[1], [2]]);
  });

  it('fails every call in flight with UNAVAILABLE when the socket drops, then reconnects with backoff', async () => {
    const { bridge, sockets, last, timers, handshake, runTimers } = setup();
    handshake();
    const inFlight = bridge.invoke('inspections.current', {});
    const alsoInFlight = bridge.invoke('devices.list', {});
    last().drop(1006);

    await expect(inFlight).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(alsoInFlight).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(bridge.state).toEqual({ kind: 'offline', attempt: 1, retryInMs: DEFAULT_BACKOFF.initialMs });
    expect(timers.map((t) => t.ms)).toEqual([DEFAULT_BACKOFF.initialMs]);

    // While offline a call fails at once rather than being replayed later behind the officer's back.
    await expect(bridge.invoke('app.info', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    runTimers();
    expect(sockets).toHaveLength(2);
    expect(bridge.state).toEqual({ kind: 'connecting', attempt: 2 });
    last().drop(1006);
    expect(timers.map((t) => t.ms)).toEqual([DEFAULT_BACKOFF.initialMs * 2]);
    runTimers();
    handshake();
    expect(last().sent[0]).toEqual({ t: 'hello', token: 'secret-token' });
    expect(bridge.state).toEqual({ kind: 'online' });

    // After a success the backoff starts again from the beginning.
    last().drop(1006);
    expect(timers.map((t) => t.ms)).toEqual([DEFAULT_BACKOFF.initialMs]);
  });

  it('fails calls queued during a connection attempt that does not succeed', async () => {
    const { bridge, last } = setup();
    const queued = bridge.invoke('app.info', {});
    last().open();
    last().drop(1006);
    await expect(queued).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('stops retrying when the host refuses the token, and retries at once when asked', () => {
    const { bridge, sockets, timers, last, setToken, handshake } = setup();
    last().open();
    last().drop(1008);
    expect(bridge.state).toEqual({ kind: 'refused' });
    expect(timers).toHaveLength(0);

    setToken('fresh-token');
    bridge.reconnectNow();
    expect(sockets).toHaveLength(2);
    handshake();
    expect(last().sent[0]).toEqual({ t: 'hello', token: 'fresh-token' });
    expect(bridge.state).toEqual({ kind: 'online' });
  });

  it('does not connect without a token', async () => {
    const { bridge, sockets } = setup(null);
    expect(sockets).toHaveLength(0);
    expect(bridge.state).toEqual({ kind: 'no-token' });
    await expect(bridge.invoke('app.info', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('close() ends the bridge: pending calls fail and nothing reconnects', async () => {
    const { bridge, last, handshake, timers } = setup();
    handshake();
    const p = bridge.invoke('app.info', {});
    bridge.close();
    await expect(p).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(last().closedWith).toBe(1000);
    expect(timers).toHaveLength(0);
    expect(bridge.state).toEqual({ kind: 'closed' });
  });

  it('reports state changes in order', () => {
    const { states, handshake, last } = setup();
    handshake();
    last().drop();
    expect(states.map((s) => s.kind)).toEqual(['online', 'offline']);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [5, 8000],
    [6, 10_000],
    [20, 10_000],
  ])('attempt %i waits %i ms at most', (attempt, ms) => {
    expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 1)).toBe(ms);
  });

  it('takes up to half off as jitter', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(1000);
  });
});
