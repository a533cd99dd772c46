import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BorderpostApi } from '../contract/index.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../contract/names.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const ipcListeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
    on: vi.fn((channel: string, l: Listener) => {
      if (!ipcListeners.has(channel)) ipcListeners.set(channel, new Set());
      ipcListeners.get(channel)!.add(l);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, l: Listener) => {
      ipcListeners.get(channel)?.delete(l);
      return ipcRenderer;
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
  return {
    exposed,
    ipcListeners,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) },
  };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

/** What main would push on the event channel; the IPC event object carries `sender` (ipcRenderer itself). */
function pushEvent(name: string, payload: unknown) {
  for (const l of electron.ipcListeners.get(IPC_EVENT_CHANNEL) ?? []) l({ sender: electron.ipcRenderer }, name, payload);
}

let api: BorderpostApi;

beforeEach(async () => {
  vi.resetModules();
  electron.exposed.clear();
  electron.ipcListeners.clear();
  vi.clearAllMocks();
  await import('./index.js');
  api = electron.exposed.get('borderpost') as BorderpostApi;
});

describe('preload', () => {
  it('exposes one object, window.borderpost, with only invoke and subscribe', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...electron.exposed.keys()]).toEqual(['borderpost']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send/i);
  });

  it('invokes a contract call on the invoke channel and resolves with the value', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { version: '0.1.0' } });
    await expect(api.invoke('app.info', {})).resolves.toEqual({ version: '0.1.0' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, 'app.info', {});
  });

  it('rejects with a plain contract error object', async () => {
    const error = { code: 'INVALID_INPUT', message: 'invalid input for session.signIn', issues: [{ path: 'password', message: 'too short' }] };
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error });
    const rejection = await api.invoke('session.signIn', { username: 'ana', password: '' }).catch((e: unknown) => e);
    expect(rejection).toEqual(error);
    expect(rejection).not.toBeInstanceOf(Error);
  });

  it('refuses names outside the contract without sending anything', async () => {
    for (const name of ['fs.readFile', '__proto__', 'constructor', 'toString', '']) {
      await expect(api.invoke(name as never, {} as never)).rejects.toMatchObject({ code: 'UNKNOWN_CALL' });
    }
    await expect(api.invoke(42 as never, {} as never)).rejects.toMatchObject({ code: 'UNKNOWN_CALL' });
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('turns a failed IPC round trip or a malformed reply into contract errors', async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'borderpost:invoke'"));
    await expect(api.invoke('app.info', {})).rejects.toEqual({ code: 'UNAVAILABLE', message: 'the station did not answer' });
    electron.ipcRenderer.invoke.mockResolvedValueOnce('garbage');
    await expect(api.invoke('app.info', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('fans one IPC listener out to subscribers of the named event, without the IPC event object', () => {
    const a = vi.fn();
    const b = vi.fn();
    const other = vi.fn();
    const offA = api.subscribe('devices.changed', a);
    api.subscribe('devices.changed', b);
    api.subscribe('session.changed', other);
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);

    pushEvent('devices.changed', [{ id: 'd1' }]);
    expect(a).toHaveBeenCalledWith([{ id: 'd1' }]);
    expect(b).toHaveBeenCalledWith([{ id: 'd1' }]);
    expect(a.mock.calls[0]).toHaveLength(1);
    expect(other).not.toHaveBeenCalled();

    offA();
    offA();
    pushEvent('devices.changed', []);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('removes its IPC listener with the last subscriber', () => {
    const off1 = api.subscribe('session.changed', () => {});
    const off2 = api.subscribe('inspection.updated', () => {});
    off1();
    expect(electron.ipcRenderer.removeListener).not.toHaveBeenCalled();
    off2();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, expect.any(Function));
    expect(electron.ipcListeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
  });

  it('keeps delivering when one subscriber throws', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    api.subscribe('devices.changed', () => {
      throw new Error('boom');
    });
    api.subscribe('devices.changed', good);
    pushEvent('devices.changed', []);
    expect(good).toHaveBeenCalled();
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('refuses to subscribe to events outside the contract', () => {
    expect(() => api.subscribe('app.secret' as never, () => {})).toThrow();
    expect(() => api.subscribe('devices.changed', 'not a function' as never)).toThrow();
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
  });
});
