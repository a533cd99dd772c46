import { EventEmitter } from 'node:events';
import type { App, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicyFor,
  hardenSession,
  hardenWebContents,
  installWebContentsHardening,
  isAppUrl,
  originOf,
  secureWebPreferences,
  trustedOrigins,
} from './security.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page, with no Node and no webview', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: false,
    });
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('allows no inline code, no eval and no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*/);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
  });

  it('cannot be framed, rebased or used to post forms', () => {
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('lets the camera preview play from a media stream', () => {
    expect(csp.get('media-src')).toContain('mediastream:');
  });

  it('is relaxed only for the exact dev server origin', () => {
    const dev = trustedOrigins('http://localhost:5173/');
    expect(contentSecurityPolicyFor('borderpost://app/index.html', dev)).toBe(CONTENT_SECURITY_POLICY);
    expect(contentSecurityPolicyFor('http://localhost:5174/', dev)).toBe(CONTENT_SECURITY_POLICY);
    const relaxed = directives(contentSecurityPolicyFor('http://localhost:5173/', dev));
    expect(relaxed.get('script-src')).toContain("'unsafe-inline'");
    expect(relaxed.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(relaxed.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicyFor('http://localhost:5173/', trustedOrigins())).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('app origin', () => {
  it.each([
    ['borderpost://app/index.html', true],
    ['borderpost://app', true],
    ['borderpost://APP/x.js', true],
    ['borderpost://app.evil/index.html', false],
    ['borderpost://evil@app/index.html', false],
    ['borderpost://app:81/index.html', false],
    ['borderpost:app/index.html', false],
    ['https://evil.example/', false],
    ['file:///etc/passwd', false],
    ['http://localhost:5173/', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('computes the custom scheme origin that Node reports as "null"', () => {
    expect(originOf('borderpost://app/a/b?c#d')).toBe(APP_ORIGIN);
  });

  it('trusts a dev server only at its exact loopback origin', () => {
    const dev = trustedOrigins('http://localhost:5173');
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('borderpost://app/index.html', dev)).toBe(true);
    expect(() => trustedOrigins('https://evil.example:5173')).toThrow(/loopback/);
    expect(() => trustedOrigins('file:///tmp/index.html')).toThrow(/loopback/);
  });
});

type PermissionRequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & {};
type PermissionCheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & {};
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

function fakeSession(harden = true) {
  const emitter = new EventEmitter();
  const handlers: {
    request?: PermissionRequestHandler;
    check?: PermissionCheckHandler;
    device?: (details: unknown) => boolean;
    headers?: HeadersListener;
  } = {};
  const session = Object.assign(emitter, {
    setPermissionRequestHandler: (h: PermissionRequestHandler) => void (handlers.request = h),
    setPermissionCheckHandler: (h: PermissionCheckHandler) => void (handlers.check = h),
    setDevicePermissionHandler: (h: (details: unknown) => boolean) => void (handlers.device = h),
    webRequest: { onHeadersReceived: (l: HeadersListener) => void (handlers.headers = l) },
  });
  if (harden) hardenSession(session as unknown as Session);
  const request = (permission: string, details: Record<string, unknown>) =>
    new Promise<boolean>((resolve) =>
      handlers.request!({} as WebContents, permission as never, resolve, { isMainFrame: true, ...details } as never),
    );
  const check = (permission: string, origin: string, details: Record<string, unknown>) =>
    handlers.check!(null, permission as never, origin, { isMainFrame: true, ...details } as never);
  return { session: emitter, handlers, request, check };
}

describe('hardenSession permissions', () => {
  const app = 'borderpost://app/index.html';

  it('grants the camera to the app itself', async () => {
    const { request } = fakeSession();
    expect(await request('media', { requestingUrl: app, mediaTypes: ['video'], securityOrigin: APP_ORIGIN })).toBe(true);
  });

  it.each([
    ['the microphone', 'media', { requestingUrl: app, mediaTypes: ['audio'] }],
    ['camera with microphone', 'media', { requestingUrl: app, mediaTypes: ['video', 'audio'] }],
    ['media with no type', 'media', { requestingUrl: app }],
    ['a foreign origin', 'media', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] }],
    ['a foreign security origin', 'media', { requestingUrl: app, mediaTypes: ['video'], securityOrigin: 'https://evil.example' }],
    ['a sub-frame', 'media', { requestingUrl: app, mediaTypes: ['video'], isMainFrame: false }],
    ['geolocation', 'geolocation', { requestingUrl: app }],
    ['notifications', 'notifications', { requestingUrl: app }],
    ['clipboard', 'clipboard-read', { requestingUrl: app }],
    ['screen capture', 'display-capture', { requestingUrl: app }],
    ['opening external links', 'openExternal', { requestingUrl: app }],
  ])('refuses %s', async (_label, permission, details) => {
    const { request } = fakeSession();
    expect(await request(permission, details)).toBe(false);
  });

  it('answers permission checks the same way', () => {
    const { check } = fakeSession();
    expect(check('media', APP_ORIGIN, { mediaType: 'video', securityOrigin: APP_ORIGIN })).toBe(true);
    expect(check('media', `${APP_ORIGIN}/`, { mediaType: 'video' })).toBe(true);
    expect(check('media', APP_ORIGIN, { mediaType: 'audio' })).toBe(false);
    expect(check('media', APP_ORIGIN, { mediaType: 'unknown' })).toBe(false);
    expect(check('media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
    expect(check('media', APP_ORIGIN, { mediaType: 'video', embeddingOrigin: 'https://evil.example' })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb']) expect(check(p, APP_ORIGIN, {})).toBe(false);
  });

  it('refuses WebHID, WebSerial and WebUSB devices and their pickers', () => {
    const { session, handlers } = fakeSession();
    expect(handlers.device!({ deviceType: 'serial', origin: APP_ORIGIN })).toBe(false);
    for (const event of ['select-hid-device', 'select-serial-port', 'select-usb-device']) {
      const preventDefault = vi.fn();
      const callback = vi.fn();
      const args = event === 'select-serial-port' ? [[{ portId: '1' }], {}, callback] : [{ deviceList: [{ deviceId: '1' }] }, callback];
      session.emit(event, { preventDefault }, ...args);
      expect(preventDefault).toHaveBeenCalled();
      expect(callback).toHaveBeenCalledWith('');
    }
  });

  it('replaces any Content-Security-Policy header with the app policy', () => {
    const { handlers } = fakeSession();
    let response: { responseHeaders?: Record<string, string | string[]> } = {};
    handlers.headers!(
      { url: 'borderpost://app/index.html', responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } },
      (r) => (response = r),
    );
    expect(response.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('installs its handlers once per session', () => {
    const { session, handlers } = fakeSession();
    const first = handlers.request;
    hardenSession(session as unknown as Session);
    expect(handlers.request).toBe(first);
    expect(session.listenerCount('select-serial-port')).toBe(1);
  });
});

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
    session: fakeSession(false).session,
  });
  const navigate = (event: string, url: string, extra: Record<string, unknown> = {}) => {
    const e = { url, isMainFrame: true, preventDefault: vi.fn(), ...extra };
    emitter.emit(event, e);
    return e.preventDefault.mock.calls.length > 0;
  };
  return { contents, navigate, open: (url: string) => openHandler!({ url }) };
}

describe('hardenWebContents', () => {
  it('refuses navigation and redirects away from the app', () => {
    const { contents, navigate } = fakeContents();
    hardenWebContents(contents as unknown as WebContents);
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-frame-navigate', 'https://evil.example/', { isMainFrame: false })).toBe(true);
    expect(navigate('will-navigate', 'borderpost://app/index.html#/booth')).toBe(false);
    expect(navigate('will-redirect', 'borderpost://app/index.html')).toBe(false);
  });

  it('denies every window.open and <webview>', () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents as unknown as WebContents);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('borderpost://app/index.html')).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault }, {}, { src: 'https://evil.example/' });
    expect(preventDefault).toHaveBeenCalled();
  });

  it('is applied to every web contents the app creates, and to its session', () => {
    const app = new EventEmitter();
    installWebContentsHardening(app as unknown as Pick<App, 'on'>);
    const { contents, navigate } = fakeContents();
    expect(contents.session.listenerCount('select-hid-device')).toBe(0);
    app.emit('web-contents-created', {}, contents);
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.session.listenerCount('select-hid-device')).toBe(1);
  });
});
