/**
 * Electron main: app lifecycle and the one window. Windows and routing only; the station runs in a
 * utility process (station-process.ts), and every rule about what the page may do is in security.ts.
 */
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session, utilityProcess } from 'electron';
import { installIpcGate, type IpcGate } from './ipc.js';
import { createLogger, errorMessage } from './log.js';
import { installAppProtocol, registerAppScheme } from './protocol.js';
import { APP_ENTRY_URL, hardenSession, installWebContentsHardening, secureWebPreferences, trustedOrigins } from './security.js';
import { StationProcess } from './station-process.js';

const log = createLogger('main');

// Built layout (electron.vite.config.ts): out/main/{index,station-utility}.js, out/preload/index.cjs, out/renderer/.
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));
const STATION_ENTRY = fileURLToPath(new URL('./station-utility.js', import.meta.url));

function envFlag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // Everything up to whenReady must run before `ready`: sandbox and privileged schemes cannot be set later.
  app.enableSandbox();
  registerAppScheme(protocol);

  // electron-vite's dev server is trusted only in an unpackaged app, and only its exact origin.
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL || null : null;
  const trusted = trustedOrigins(devServerUrl);
  const entryUrl = devServerUrl ?? APP_ENTRY_URL;
  installWebContentsHardening(app, { trusted, log });

  let window: BrowserWindow | null = null;
  let gate: IpcGate | null = null;
  let station: StationProcess | null = null;

  const createWindow = () => {
    const win = new BrowserWindow({
      show: false,
      width: 1440,
      height: 900,
      minWidth: 1280,
      minHeight: 800,
      backgroundColor: '#10151c',
      title: 'Borderpost',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(PRELOAD_PATH, { devTools: !app.isPackaged }),
    });
    window = win;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (window === win) window = null;
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode });
    });
    gate?.attach(win.webContents);
    win.loadURL(entryUrl).catch((e: unknown) => log.error('could not load the app', { url: entryUrl, error: errorMessage(e) }));
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // A booth workstation has one window; closing it ends the app on every platform.
  app.on('window-all-closed', () => app.quit());

  let quit: 'running' | 'closing' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (quit === 'done') return;
    event.preventDefault();
    if (quit === 'closing') return;
    quit = 'closing';
    gate?.dispose();
    (station?.close() ?? Promise.resolve())
      .catch((e: unknown) => log.error('station close failed', { error: errorMessage(e) }))
      .finally(() => {
        quit = 'done';
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession, { trusted, log });
      installAppProtocol(protocol, { root: RENDERER_DIR, log });

      const dataDir = process.env.BORDERPOST_DATA_DIR || app.getPath('userData');
      const simulators = envFlag(process.env.BORDERPOST_SIMULATORS, !app.isPackaged);
      station = new StationProcess({
        fork: () => utilityProcess.fork(STATION_ENTRY, [], { serviceName: 'Borderpost station', stdio: 'inherit' }),
        start: { dataDir, simulators },
        log,
      });
      station.start();
      gate = installIpcGate({ ipcMain, station, trusted, log });
      log.info('starting', { dataDir, simulators, entryUrl, packaged: app.isPackaged });

      createWindow();
      app.on('activate', () => {
        if (!window) createWindow();
      });
    })
    .catch((e: unknown) => {
      log.error('startup failed', { error: errorMessage(e) });
      app.exit(1);
    });
}

main();
