import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../contract/names.js';
import type { Reply } from '../contract/errors.js';
import { silentLogger } from './log.js';
import { installIpcGate } from './ipc.js';
import { trustedOrigins } from './security.js';
import type { StationClient, StationEventListener } from './station-process.js';

interface FakeFrame {
  url: string;
  origin: string;
  parent: FakeFrame | null;
  detached: boolean;
}

let nextContentsId = 1;
function fakeContents(url = 'borderpost://app/index.html', origin = 'borderpost://app') {
  const mainFrame: FakeFrame = { url, origin, parent: null, detached: false };
  let destroyed = false;
  const contents = Object.assign(new EventEmitter(), {
    id: nextContentsId++,
    mainFrame,
    send: vi.fn(),
    isDestroyed: () => destroyed,
    destroy() {
      destroyed = true;
      contents.emit('destroyed');
    },
  });
  const subFrame: FakeFrame = { url, origin, parent: mainFrame, detached: false };
  return { contents, mainFrame, subFrame };
}

function fakeStation() {
  const listeners = new Set<StationEventListener>();
  const station = {
    calls: [] as { connectionId: string; name: string; input: unknown }[],
    connected: [] as string[],
    disconnected: [] as string[],
    call: vi.fn(async (connectionId: string, name: string, input: unknown): Promise<Reply<unknown>> => {
      station.calls.push({ connectionId, name, input });
      return { ok: true, value: { echoed: name } };
    }),
    connect: (id: string) => void station.connected.push(id),
    disconnect: (id: string) => void station.disconnected.push(id),
    onEvent: (l: StationEventListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (name: Parameters<StationEventListener>[0], payload: unknown, ids: string[]) => listeners.forEach((l) => l(name, payload, ids)),
    listenerCount: () => listeners.size,
  };
  return station satisfies StationClient;
}

function setup(trusted = trustedOrigins()) {
  let handler: ((event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Reply<unknown>>) | undefined;
  const ipcMain = {
    handle: vi.fn((channel: string, h: typeof handler) => {
      expect(channel).toBe(IPC_INVOKE_CHANNEL);
      handler = h;
    }),
    removeHandler: vi.fn(),
  };
  const station = fakeStation();
  const warn = vi.fn();
  let n = 0;
  const gate = installIpcGate({
    ipcMain: ipcMain as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>,
    station,
    trusted,
    log: { ...silentLogger, warn },
    newConnectionId: () => `conn-${++n}`,
  });
  const invoke = (contents: ReturnType<typeof fakeContents>['contents'], frame: FakeFrame | null, name: unknown, input: unknown = {}) =>
    handler!({ sender: contents, senderFrame: frame } as unknown as IpcMainInvokeEvent, name, input);
  return { gate, ipcMain, station, warn, invoke };
}

describe('IPC gate', () => {
  it('forwards a call from the app top frame with a stable per-window connection id', async () => {
    const { station, invoke } = setup();
    const a = fakeContents();
    const b = fakeContents();
    expect(await invoke(a.contents, a.mainFrame, 'app.info', {})).toEqual({ ok: true, value: { echoed: 'app.info' } });
    await invoke(a.contents, a.mainFrame, 'session.current', {});
    await invoke(b.contents, b.mainFrame, 'app.info', { x: 1 });
    expect(station.calls).toEqual([
      { connectionId: 'conn-1', name: 'app.info', input: {} },
      { connectionId: 'conn-1', name: 'session.current', input: {} },
      { connectionId: 'conn-2', name: 'app.info', input: { x: 1 } },
    ]);
    expect(station.connected).toEqual(['conn-1', 'conn-2']);
  });

  it('refuses a sub-frame of the app', async () => {
    const { station, warn, invoke } = setup();
    const { contents, subFrame } = fakeContents();
    const reply = await invoke(contents, subFrame, 'app.info');
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(station.call).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('ipc call refused', expect.objectContaining({ reason: 'sub-frame' }));
  });

  it('refuses a frame that is not the main frame even if it claims no parent', async () => {
    const { station, invoke } = setup();
    const { contents } = fakeContents();
    const impostor: FakeFrame = { url: 'borderpost://app/index.html', origin: 'borderpost://app', parent: null, detached: false };
    expect(await invoke(contents, impostor, 'app.info')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(station.call).not.toHaveBeenCalled();
  });

  it.each([
    ['a foreign origin', 'https://evil.example/', 'https://evil.example'],
    ['a file URL', 'file:///tmp/index.html', 'file://'],
    ['an opaque origin', 'borderpost://app/index.html', 'null'],
    ['the dev server when not trusted', 'http://localhost:5173/', 'http://localhost:5173'],
  ])('refuses %s', async (_label, url, origin) => {
    const { station, warn, invoke } = setup();
    const { contents, mainFrame } = fakeContents(url, origin);
    expect(await invoke(contents, mainFrame, 'app.info')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(station.call).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('ipc call refused', expect.objectContaining({ reason: 'foreign origin' }));
  });

  it('refuses when the sender frame is gone or detached', async () => {
    const { station, invoke } = setup();
    const { contents, mainFrame } = fakeContents();
    expect(await invoke(contents, null, 'app.info')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    mainFrame.detached = true;
    expect(await invoke(contents, mainFrame, 'app.info')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(station.call).not.toHaveBeenCalled();
  });

  it('trusts the dev server origin only when configured', async () => {
    const { station, invoke } = setup(trustedOrigins('http://localhost:5173'));
    const { contents, mainFrame } = fakeContents('http://localhost:5173/', 'http://localhost:5173');
    expect(await invoke(contents, mainFrame, 'app.info')).toMatchObject({ ok: true });
    expect(station.call).toHaveBeenCalledTimes(1);
  });

  it('answers a non-string call name without bothering the station', async () => {
    const { station, invoke } = setup();
    const { contents, mainFrame } = fakeContents();
    expect(await invoke(contents, mainFrame, { toString: 'x' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await invoke(contents, mainFrame, 'x'.repeat(10_000))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(station.call).not.toHaveBeenCalled();
  });

  it('sends station events only to the named connections, on the event channel', async () => {
    const { station, gate, invoke } = setup();
    const a = fakeContents();
    const b = fakeContents();
    const idA = gate.attach(a.contents as unknown as WebContents);
    await invoke(b.contents, b.mainFrame, 'app.info');
    expect(idA).toBe('conn-1');
    station.emit('devices.changed', [], ['conn-1']);
    expect(a.contents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'devices.changed', []);
    expect(b.contents.send).not.toHaveBeenCalled();
    station.emit('session.changed', { user: null }, ['conn-2', 'unknown']);
    expect(b.contents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'session.changed', { user: null });
    expect(a.contents.send).toHaveBeenCalledTimes(1);
  });

  it('does not send events to a window whose top frame left the app', () => {
    const { station, gate } = setup();
    const a = fakeContents();
    gate.attach(a.contents as unknown as WebContents);
    a.mainFrame.origin = 'https://evil.example';
    station.emit('devices.changed', [], ['conn-1']);
    expect(a.contents.send).not.toHaveBeenCalled();
  });

  it('forgets a connection when its web contents is destroyed', async () => {
    const { station, invoke } = setup();
    const a = fakeContents();
    await invoke(a.contents, a.mainFrame, 'app.info');
    a.contents.destroy();
    expect(station.disconnected).toEqual(['conn-1']);
    station.emit('devices.changed', [], ['conn-1']);
    expect(a.contents.send).not.toHaveBeenCalled();
  });

  it('dispose removes the handler, the event subscription and every connection', async () => {
    const { station, gate, ipcMain, invoke } = setup();
    const a = fakeContents();
    await invoke(a.contents, a.mainFrame, 'app.info');
    gate.dispose();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL);
    expect(station.listenerCount()).toBe(0);
    expect(station.disconnected).toEqual(['conn-1']);
  });
});
