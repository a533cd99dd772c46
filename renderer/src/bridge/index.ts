/**
 * Picks the transport: Electron's preload provides `window.borderpost`; a plain browser (browser
 * host, e2e tests) gets the WebSocket bridge, which is then installed as `window.borderpost` too so
 * every part of the UI, and a test, sees one API.
 */
import type { BorderpostApi } from '../contract.js';
import { monitorPreloadApi, monitorWsBridge, type MonitoredApi } from './connection.js';
import { takeToken, tokenFromHash } from './token.js';
import { WS_PATH } from './wire-types.js';
import { createWsBridge } from './ws-bridge.js';

interface BorderpostWindow {
  borderpost?: BorderpostApi;
}

export function installBridge(win: Window & typeof globalThis = window): MonitoredApi {
  const host = win as unknown as BorderpostWindow;
  if (host.borderpost) return monitorPreloadApi(host.borderpost);

  let token = takeToken({ location: win.location, storage: win.sessionStorage, history: win.history });
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const bridge = createWsBridge({ url: `${scheme}://${win.location.host}${WS_PATH}`, getToken: () => token });

  // Pasting the host's fresh address (new launch, new token) into this tab must just work.
  win.addEventListener('hashchange', () => {
    if (tokenFromHash(win.location.hash) === null) return;
    token = takeToken({ location: win.location, storage: win.sessionStorage, history: win.history });
    bridge.reconnectNow();
  });

  Object.defineProperty(win, 'borderpost', { value: bridge satisfies BorderpostApi, configurable: false, writable: false });
  return { api: bridge, connection: monitorWsBridge(bridge) };
}
