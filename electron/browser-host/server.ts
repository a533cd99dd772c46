/**
 * Browser mode: the station in plain Node, its renderer served over HTTP and the contract over a
 * WebSocket, both bound to 127.0.0.1. For machines without the Electron runtime and for browser
 * end-to-end tests. The same Router as in Electron validates and authorises every call.
 *
 * Defences: loopback bind; Host header must name this address (DNS rebinding); WebSocket Origin
 * must be this origin; a per-launch secret must be the first message; message size capped; the
 * same strict CSP as the Electron app; static files only from the renderer build, no traversal.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientMessageSchema, MAX_WS_MESSAGE_BYTES, WS_PATH, type HostMessage } from '../contract/wire.js';
import type { Connection } from '../station/api/router.js';
import type { Station } from '../station/station.js';
import type { Logger } from '../station/log.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface BrowserHostOptions {
  station: Station;
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; random per launch otherwise. */
  token?: string;
  log: Logger;
}

export interface BrowserHost {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** Resolves a request path inside root, or null if it would escape it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const rootAbs = resolve(root);
  const full = resolve(rootAbs, rel);
  if (full !== rootAbs && !full.startsWith(rootAbs + sep)) return null;
  return full;
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const { station, log } = opts;
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  if (!existsSync(join(opts.rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built: ${join(opts.rendererDir, 'index.html')} is missing (run npm run build:renderer)`);
  }
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    res.end(body);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    const file = resolveStatic(opts.rendererDir, req.url ?? '/');
    if (!file || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found');
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-security-policy': contentSecurityPolicy(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const sockets = new Map<WebSocket, Connection & { ready: boolean }>();

  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    const pathOk = (req.url ?? '').split('?')[0] === WS_PATH;
    if (!pathOk || !allowedHosts().has(req.headers.host ?? '') || (origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)) {
      log.warn('refused websocket upgrade', { origin: origin ?? null, path: req.url ?? null });
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const post = (ws: WebSocket, msg: HostMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  wss.on('connection', (ws: WebSocket) => {
    const conn = { id: randomUUID(), sessionId: null as string | null, ready: false };
    sockets.set(ws, conn);
    const helloTimer = setTimeout(() => ws.close(4001, 'no hello'), 10_000);
    ws.on('message', async (data, isBinary) => {
      let msg;
      try {
        if (isBinary) throw new Error('binary');
        msg = clientMessageSchema.parse(JSON.parse(data.toString()));
      } catch {
        if (!conn.ready) return ws.close(4401, 'bad hello');
        log.warn('malformed websocket message');
        return;
      }
      if (!conn.ready) {
        const given = Buffer.from(msg.t === 'hello' ? msg.token : '');
        clearTimeout(helloTimer);
        if (msg.t !== 'hello' || given.length !== tokenBuf.length || !timingSafeEqual(given, tokenBuf)) {
          log.warn('websocket refused: wrong launch token');
          return ws.close(4403, 'wrong token');
        }
        conn.ready = true;
        return post(ws, { t: 'ready' });
      }
      if (msg.t !== 'call') return;
      const reply = await station.router.dispatch(conn, msg.name, msg.input);
      post(ws, { t: 'reply', id: msg.id, reply });
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      sockets.delete(ws);
      // A closed tab must not leave a signed-in session behind at the booth.
      if (conn.sessionId) station.sessions.signOut(conn.sessionId);
    });
    ws.on('error', (e) => log.warn('websocket error', { error: e.message }));
  });

  const unsubscribe = station.onEvent((name, payload, target) => {
    for (const [ws, conn] of sockets) {
      if (!conn.ready) continue;
      if (target && conn.sessionId !== target.sessionId) continue;
      if (!station.router.mayReceive(conn, name)) continue;
      post(ws, { t: 'event', name, payload });
    }
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, '127.0.0.1', () => res());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    token,
    url: `${origin}/#token=${token}`,
    async close() {
      unsubscribe();
      for (const [ws, conn] of sockets) {
        // Sign out now, while the station is certainly still open; the close event comes later.
        if (conn.sessionId) station.sessions.signOut(conn.sessionId);
        conn.sessionId = null;
        ws.terminate();
      }
      wss.close();
      const closed = new Promise<void>((res) => server.close(() => res()));
      // A browser keeps HTTP connections open; close() alone would wait for them to go idle.
      server.closeAllConnections();
      await closed;
    },
  };
}
