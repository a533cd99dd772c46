import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Protocol } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGES, createAppRequestHandler, installAppProtocol, registerAppScheme, resolveInside } from './protocol.js';
import { CONTENT_SECURITY_POLICY } from './security.js';

let base: string;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'borderpost-protocol-'));
  root = path.join(base, 'out', 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Borderpost</title>');
  writeFileSync(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'app-1234.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'model.onnx'), 'x');
  // Secrets next to and above the served directory.
  writeFileSync(path.join(base, 'package.json'), '{"secret":true}');
  writeFileSync(path.join(base, 'out', 'package.json'), '{"secret":true}');
  symlinkSync(path.join(base, 'package.json'), path.join(root, 'assets', 'link.json'));
  handle = createAppRequestHandler({ root });
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

describe('app scheme registration', () => {
  it('is a standard, secure scheme with fetch support and no CSP bypass', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES]);
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'borderpost', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('installs the handler for the borderpost scheme', () => {
    const protocol = { handle: vi.fn() };
    installAppProtocol(protocol as unknown as Pick<Protocol, 'handle'>, { root });
    expect(protocol.handle).toHaveBeenCalledWith('borderpost', expect.any(Function));
  });
});

describe('app protocol handler', () => {
  it('serves index.html with the content security policy', async () => {
    for (const url of ['borderpost://app/index.html', 'borderpost://app/', 'borderpost://app']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await res.text()).toContain('<title>Borderpost</title>');
    }
  });

  it('serves assets with their content types and no CSP header', async () => {
    const js = await get('borderpost://app/assets/app-1234.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('content-security-policy')).toBeNull();
    expect((await get('borderpost://app/assets/app-1234.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('borderpost://app/assets/model.onnx')).headers.get('content-type')).toBe('application/octet-stream');
  });

  it.each([
    'borderpost://app/../package.json',
    'borderpost://app/../../package.json',
    'borderpost://app/%2e%2e/package.json',
    'borderpost://app/%2E%2E/%2e%2e/package.json',
    'borderpost://app/assets/..%2f..%2fpackage.json',
    'borderpost://app/assets/..%2F..%2F..%2Fpackage.json',
    'borderpost://app/..%5c..%5cpackage.json',
    'borderpost://app/%2fetc%2fpasswd',
    'borderpost://app//etc/passwd',
    'borderpost://app/C:/Windows/win.ini',
    'borderpost://app/index.html%00.js',
    'borderpost://app/%E0%A4%A',
    'borderpost://app/assets/link.json',
    'borderpost://app/missing.js',
    'borderpost://other/index.html',
  ])('refuses %s with 404', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('borderpost://app/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await get('borderpost://app/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers unknown routes with 404, not with the page', async () => {
    expect((await get('borderpost://app/booth/inspection')).status).toBe(404);
  });
});

describe('resolveInside', () => {
  it('keeps paths inside the root and refuses the rest', () => {
    expect(resolveInside('/srv/r', '/a/b.js')).toBe(path.resolve('/srv/r/a/b.js'));
    expect(resolveInside('/srv/r', '/')).toBe(path.resolve('/srv/r'));
    expect(resolveInside('/srv/r', '')).toBeNull();
    expect(resolveInside('/srv/r', '//etc/passwd')).toBeNull();
    expect(resolveInside('/srv/r', '/a//b')).toBeNull();
    expect(resolveInside('/srv/r', '/a/../../x')).toBeNull();
    expect(resolveInside('/srv/r', '/a/%2e%2e/x')).toBeNull();
    expect(resolveInside('/srv/r', '/./x')).toBeNull();
    expect(resolveInside('/srv/r', '/a\\..\\x')).toBeNull();
  });
});
