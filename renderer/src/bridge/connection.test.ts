import { describe, expect, it } from 'vitest';
import type { BorderpostApi } from '../contract.js';
import { monitorPreloadApi } from './connection.js';

/** A preload stand-in whose next answer the test chooses. */
function fakePreload() {
  let next: { ok: true; value: unknown } | { ok: false; error: unknown } = { ok: true, value: null };
  const api: BorderpostApi = {
    invoke: (() => (next.ok ? Promise.resolve(next.value) : Promise.reject(next.error))) as BorderpostApi['invoke'],
    subscribe: () => () => undefined,
  };
  return { api, answer: (a: typeof next) => (next = a) };
}

function fakeIntervals() {
  const live = new Set<() => void>();
  return {
    live,
    timers: {
      set: (fn: () => void) => {
        live.add(fn);
        return fn;
      },
      clear: (h: unknown) => void live.delete(h as () => void),
    },
  };
}

describe('monitorPreloadApi (Electron)', () => {
  it('marks the station down on UNAVAILABLE, probes, and marks it up on the next success', async () => {
    const preload = fakePreload();
    const intervals = fakeIntervals();
    const { api, connection } = monitorPreloadApi(preload.api, 2000, intervals.timers);
    expect(connection.state.kind).toBe('online');

    preload.answer({ ok: false, error: { code: 'UNAVAILABLE', message: 'station restarting' } });
    await expect(api.invoke('app.info', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(connection.state.kind).toBe('offline');
    expect(intervals.live.size).toBe(1);

    preload.answer({ ok: true, value: { version: '1' } });
    for (const probe of intervals.live) probe();
    await Promise.resolve();
    await Promise.resolve();
    expect(connection.state.kind).toBe('online');
    expect(intervals.live.size).toBe(0);
  });

  it('treats any other contract error as proof the station answers', async () => {
    const preload = fakePreload();
    const { api, connection } = monitorPreloadApi(preload.api, 2000, fakeIntervals().timers);
    preload.answer({ ok: false, error: { code: 'BAD_CREDENTIALS', message: 'no' } });
    await expect(api.invoke('session.signIn', { username: 'a', password: 'b' })).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    expect(connection.state.kind).toBe('online');
  });
});
