/**
 * The app is served from `borderpost://app/…`, never `file://`: a privileged standard scheme gives
 * the pages a real origin (so the CSP's 'self', the IPC origin check and the camera permission all
 * mean "the app") and lets this handler refuse anything outside the renderer build directory.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import type { Logger } from './log.js';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.js';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Must run before the app's `ready` event. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * The file under `root` that a URL path names, or null if it names anything outside it. Checked on
 * the decoded path, segment by segment, so `%2e%2e`, `..%2f`, backslashes, drive letters and NUL
 * bytes, and `//` (an absolute path after the leading slash) are refused here, whatever the URL
 * parser upstream did or did not normalise.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\') || decoded.includes('//')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.at(-1) === '') segments.pop(); // a trailing slash names the directory
  if (segments.some((s) => s === '' || s === '..' || s === '.' || s.includes(':'))) return null;
  const resolved = path.resolve(root, ...segments);
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : null;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

export interface AppRequestHandlerOptions {
  /** The renderer build directory (`out/renderer`). */
  root: string;
  log?: Pick<Logger, 'warn'>;
}

/** What `protocol.handle(APP_SCHEME, …)` runs for each request; a plain function of a Request. */
export function createAppRequestHandler(options: AppRequestHandlerOptions): (request: Request) => Promise<Response> {
  const rootPromise = realpath(path.resolve(options.root)).catch(() => path.resolve(options.root));
  const log = options.log;

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST || url.username || url.password) return notFound();

    const root = await rootPromise;
    // Chromium gives a standard scheme's bare host the path "/"; Node's URL gives "".
    const urlPath = url.pathname || '/';
    let file = resolveInside(root, urlPath);
    if (!file) {
      log?.warn('app protocol refused a path outside the renderer', { path: urlPath.slice(0, 256) });
      return notFound();
    }
    // Only the root falls back to index.html: the renderer routes inside the page (hash or memory
    // routing), so there is no history-style fallback that would answer any path with a 200.
    if (file === root) file = path.join(root, 'index.html');

    // Resolve symbolic links and check again: a link in the build output must not lead outside it.
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      return notFound();
    }
    if (!real.startsWith(root + path.sep) || !(await isFile(real))) return notFound();

    const headers: Record<string, string> = {
      'Content-Type': contentTypeFor(real),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      'Referrer-Policy': 'no-referrer',
    };
    if (path.extname(real).toLowerCase() === '.html') {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    }
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = await readFile(real);
    return new Response(body, { status: 200, headers });
  };
}

/** Serves the renderer build on the app scheme. Call after `ready`. */
export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppRequestHandlerOptions): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(options));
}
