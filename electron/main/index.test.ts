/**
 * The lifecycle in index.ts against a fake `electron` module (the binary is not installed here):
 * what must happen before `ready`, what the window gets, and that quitting closes the station.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const order: string[] = [];
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const windows: FakeWindow[] = [];
  const children: (InstanceType<typeof EventEmitter> & { postMessage: ReturnType<typeof vi.fn>; kill: () => boolean })[] = [];

  class FakeWindow extends EventEmitter {
    readonly options: Record<string, unknown>;
    readonly webContents = Object.assign(new EventEmitter(), {
      id: 1,
      mainFrame: { url: '', origin: '', parent: null, detached: false },
      send: vi.fn(),
      isDestroyed: () => false,
    });
    readonly loadURL = vi.fn(async (_url: string) => {});
    readonly show = vi.fn();
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      order.push('window');
      windows.push(this);
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(() => order.push('enableSandbox')),
    whenReady: () => ready,
    getPath: vi.fn((name: string) => `/fake/${name}`),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const session = Object.assign(new EventEmitter(), {
    setPermissionRequestHandler: vi.fn(() => order.push('permissions')),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  });
  return {
    order,
    windows,
    children,
    resolveReady,
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => order.push('registerScheme')),
      handle: vi.fn(() => order.push('protocol.handle')),
    },
    session: { defaultSession: session },
    utilityProcess: {
      fork: vi.fn((_path: string, _args: string[], _options: unknown) => {
        order.push('fork');
        const child = Object.assign(new EventEmitter(), { postMessage: vi.fn(), kill: () => true });
        children.push(child);
        return child;
      }),
    },
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.BrowserWindow,
  ipcMain: fake.ipcMain,
  protocol: fake.protocol,
  session: fake.session,
  utilityProcess: fake.utilityProcess,
}));

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  vi.stubEnv('BORDERPOST_DATA_DIR', undefined);
  vi.stubEnv('BORDERPOST_SIMULATORS', undefined);
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('main process lifecycle', () => {
  it('runs the whole start-up in order and loads the app on its own scheme', async () => {
    await import('./index.js');

    // Before ready: sandbox and the privileged scheme, and nothing that needs ready.
    expect(fake.order).toEqual(['enableSandbox', 'registerScheme']);
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);

    fake.resolveReady();
    await flush();
    expect(fake.order).toEqual(['enableSandbox', 'registerScheme', 'permissions', 'protocol.handle', 'fork', 'window']);

    const [path, , forkOptions] = fake.utilityProcess.fork.mock.calls[0]!;
    expect(path).toMatch(/station-utility\.js$/);
    expect(forkOptions).toMatchObject({ serviceName: 'Borderpost station' });
    expect(fake.children[0]!.postMessage).toHaveBeenCalledWith({ t: 'start', options: { dataDir: '/fake/userData', simulators: true } });
    expect(fake.ipcMain.handle).toHaveBeenCalledWith('borderpost:invoke', expect.any(Function));

    const win = fake.windows[0]!;
    expect(win.options).toMatchObject({ show: false, minWidth: 1280, minHeight: 800, title: 'Borderpost', backgroundColor: expect.any(String) });
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: expect.stringMatching(/preload[\\/]index\.cjs$/) });
    expect(win.loadURL).toHaveBeenCalledWith('borderpost://app/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();

    // Quitting waits for the station to close, then quits for real.
    const preventDefault = vi.fn();
    fake.app.emit('before-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(fake.app.quit).not.toHaveBeenCalled();
    expect(fake.ipcMain.removeHandler).toHaveBeenCalledWith('borderpost:invoke');
    expect(fake.children[0]!.postMessage).toHaveBeenLastCalledWith({ t: 'close' });
    fake.children[0]!.emit('exit', 0);
    await flush();
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    const second = vi.fn();
    fake.app.emit('before-quit', { preventDefault: second });
    expect(second).not.toHaveBeenCalled();
  });
});
