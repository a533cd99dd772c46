#!/usr/bin/env node
// `npm start`: the Electron app when its runtime is present (fetched on first start if missing);
// otherwise the same UI in browser mode on 127.0.0.1, with one line saying why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function ensureElectron() {
  if (process.env.BORDERPOST_BROWSER_MODE === '1') return { path: null, why: 'BORDERPOST_BROWSER_MODE=1 is set' };
  let path = electronBinary();
  if (path) return { path };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
    console.log('Borderpost: the Electron runtime is not installed yet; fetching it once…');
    const r = run(process.execPath, [join(root, 'node_modules/electron/install.js')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
    path = electronBinary();
    if (path) return { path };
    const reason = (r.stderr?.toString() ?? '').split('\n').find((l) => /Error|ENOTFOUND|EAI_AGAIN|ECONN/.test(l))?.trim();
    return { path: null, why: `the Electron runtime could not be downloaded${reason ? ` (${reason.slice(0, 120)})` : ''}` };
  }
  return { path: null, why: 'the Electron runtime is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1)' };
}

const extra = process.argv.slice(2);
const { path: electron, why } = ensureElectron();

if (electron) {
  // better-sqlite3 is not N-API: it must be rebuilt against Electron's headers before Electron loads it.
  if (!existsSync(join(root, 'out/.electron-rebuilt'))) {
    const r = run('npx', ['--yes', '@electron/rebuild', '--only', 'better-sqlite3-multiple-ciphers', '--force'], { shell: process.platform === 'win32' });
    if (r.status !== 0) {
      console.error('Borderpost: rebuilding the database module for Electron failed; starting in browser mode instead.');
    } else {
      run('node', ['-e', "require('fs').mkdirSync('out',{recursive:true});require('fs').writeFileSync('out/.electron-rebuilt','')"]);
    }
  }
  if (existsSync(join(root, 'out/.electron-rebuilt'))) {
    const build = run('npx', ['electron-vite', 'build'], { shell: process.platform === 'win32' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    const child = spawn(electron, ['.', ...extra], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  } else {
    startBrowserMode('the database module could not be rebuilt for Electron');
  }
} else {
  startBrowserMode(why);
}

function startBrowserMode(reason) {
  console.log(`Borderpost: ${reason}, so the workstation runs in browser mode: open the address below in Chromium.`);
  const build = run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const child = spawn(process.execPath, [join(root, 'bin/borderpost.mjs'), 'serve', ...extra], { cwd: root, stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
