/**
 * Security policy of the Electron shell, in one place: the web preferences every window gets, the
 * content security policy, which origins count as "the app", the session's permission handlers and
 * the navigation / window-opening rules. Everything takes the Electron objects it configures as
 * arguments, so it is tested without the Electron binary.
 */
import type { App, Session, WebContents, WebPreferences } from 'electron';
import type { Logger } from './log.js';

export const APP_SCHEME = 'borderpost';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Served with every document of the app. No 'unsafe-inline' / 'unsafe-eval': the production build
 * is plain files from the app's own origin. `mediastream:` lets the camera preview play.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Only for electron-vite's dev server, never when packaged: Vite injects the React refresh preamble
 * as an inline script and CSS as <style> elements, and talks to its HMR socket on the same port.
 */
export function devServerContentSecurityPolicy(devServerOrigin: string): string {
  const socket = devServerOrigin.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${socket}`);
}

/** The origins whose pages are the app. APP_ORIGIN always; a dev server only if the caller says so. */
export interface TrustedOrigins {
  readonly app: string;
  /** electron-vite's renderer dev server, e.g. `http://localhost:5173`; null when packaged. */
  readonly devServer: string | null;
}

export function trustedOrigins(devServerUrl?: string | null): TrustedOrigins {
  if (!devServerUrl) return { app: APP_ORIGIN, devServer: null };
  const origin = originOf(devServerUrl);
  // Only a loopback http(s) dev server: anything else in the variable is a mistake or an attack.
  if (!origin || !/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin)) {
    throw new Error(`refusing dev server URL ${JSON.stringify(devServerUrl)}: expected a loopback http(s) address`);
  }
  return { app: APP_ORIGIN, devServer: origin };
}

const PRODUCTION: TrustedOrigins = { app: APP_ORIGIN, devServer: null };

/**
 * The origin of a URL, or null. Node's URL gives `"null"` as the origin of every non-special scheme,
 * so the app scheme is handled here; Chromium (which registers it as standard) agrees with this.
 */
export function originOf(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  if (u.protocol === `${APP_SCHEME}:`) {
    return u.host.toLowerCase() === APP_HOST ? APP_ORIGIN : null;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  return null;
}

export function isTrustedOrigin(origin: string | null | undefined, trusted: TrustedOrigins = PRODUCTION): boolean {
  if (!origin) return false;
  return origin === trusted.app || (trusted.devServer !== null && origin === trusted.devServer);
}

/** Whether `url` is a page (or resource) of the app itself. */
export function isAppUrl(url: string, trusted: TrustedOrigins = PRODUCTION): boolean {
  return isTrustedOrigin(originOf(url), trusted);
}

export function contentSecurityPolicyFor(url: string, trusted: TrustedOrigins = PRODUCTION): string {
  const origin = originOf(url);
  return trusted.devServer !== null && origin === trusted.devServer ? devServerContentSecurityPolicy(trusted.devServer) : CONTENT_SECURITY_POLICY;
}

export interface WebPreferencesOptions {
  /** DevTools only in development builds: on a booth they are a way around every rule here. */
  devTools?: boolean;
}

export function secureWebPreferences(preloadPath: string, options: WebPreferencesOptions = {}): WebPreferences {
  return {
    preload: preloadPath,
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
    navigateOnDragDrop: false,
    enableWebSQL: false,
    experimentalFeatures: false,
    devTools: options.devTools ?? false,
  };
}

export interface HardeningOptions {
  trusted?: TrustedOrigins;
  log?: Pick<Logger, 'warn'>;
}

/**
 * Whether a permission request may be granted: the camera (video only, never the microphone) for
 * the app's own top frame. Everything else (notifications, geolocation, clipboard, MIDI, screen
 * capture, HID/serial/USB pickers...) is refused.
 */
export function mayGrantPermissionRequest(
  permission: string,
  details: { requestingUrl?: string; isMainFrame?: boolean; mediaTypes?: readonly string[]; securityOrigin?: string },
  trusted: TrustedOrigins = PRODUCTION,
): boolean {
  if (permission !== 'media') return false;
  if (!details.isMainFrame || !details.requestingUrl || !isAppUrl(details.requestingUrl, trusted)) return false;
  if (details.securityOrigin !== undefined && !isAppUrl(details.securityOrigin, trusted)) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** The synchronous counterpart Chromium asks before and after a request (e.g. device labels). */
export function mayGrantPermissionCheck(
  permission: string,
  requestingOrigin: string,
  details: { mediaType?: string; isMainFrame?: boolean; securityOrigin?: string; embeddingOrigin?: string },
  trusted: TrustedOrigins = PRODUCTION,
): boolean {
  if (permission !== 'media' || details.mediaType !== 'video') return false;
  if (details.embeddingOrigin !== undefined) return false; // a cross-origin sub-frame
  if (!isAppUrl(requestingOrigin, trusted)) return false;
  return details.securityOrigin === undefined || isAppUrl(details.securityOrigin, trusted);
}

const hardenedSessions = new WeakSet<Session>();

/** Idempotent: the web-contents hook calls it again for any session a new web contents uses. */
export function hardenSession(session: Session, options: HardeningOptions = {}): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  const trusted = options.trusted ?? PRODUCTION;
  const log = options.log;

  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = mayGrantPermissionRequest(permission, details, trusted);
    if (!granted) {
      const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
      log?.warn('permission request refused', { permission, url: details.requestingUrl, mediaTypes });
    }
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    mayGrantPermissionCheck(permission, requestingOrigin, details, trusted),
  );
  // WebHID / WebSerial / WebUSB: devices belong to the station's drivers, never to the page.
  session.setDevicePermissionHandler(() => false);
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });

  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [contentSecurityPolicyFor(details.url, trusted)];
    callback({ responseHeaders: headers });
  });
}

/** Navigation, redirects, pop-ups and <webview>: the app never leaves its own origin. */
export function hardenWebContents(contents: WebContents, options: HardeningOptions = {}): void {
  const trusted = options.trusted ?? PRODUCTION;
  const log = options.log;
  const refuseForeign = (kind: string, event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url, trusted)) return;
    event.preventDefault();
    log?.warn(`${kind} refused`, { url: event.url.slice(0, 256) });
  };
  contents.on('will-navigate', (event) => refuseForeign('navigation', event));
  contents.on('will-redirect', (event) => refuseForeign('redirect', event));
  // will-navigate covers only the top frame; an <iframe> must not be steered elsewhere either.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) refuseForeign('frame navigation', event);
  });
  contents.setWindowOpenHandler((details) => {
    log?.warn('window.open refused', { url: details.url.slice(0, 256) });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.warn('webview refused');
  });
}

/** Applies the rules to every web contents the app ever creates, including ones not created here. */
export function installWebContentsHardening(app: Pick<App, 'on'>, options: HardeningOptions = {}): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenSession(contents.session, options);
    hardenWebContents(contents, options);
  });
}
