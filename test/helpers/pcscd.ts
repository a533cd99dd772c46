/**
 * A PC/SC daemon for tests, with the vsmartcard vpcd driver as its reader.
 *
 * - If a system pcscd answers on /run/pcscd/pcscd.comm (a developer machine with systemd), it is
 *   reused with its own vpcd reader (Debian's /etc/reader.conf.d/vpcd: "Virtual PCD 00 00", TCP 35963).
 * - Otherwise a private pcscd is started for this test process: its own reader.conf.d (a vpcd reader
 *   named "Borderpost vpcd" on a free TCP port pair), and, because pcscd always puts its socket and
 *   pid file in /run/pcscd, its own mount namespace in which a temporary directory is bound over /run.
 *   The client side finds the socket through PCSCLITE_CSOCK_NAME, which this helper sets. So test
 *   files running in parallel each get their own daemon and ports, and the host's /run is untouched.
 *   Command (as root):
 *     unshare --mount --propagation private -- /bin/sh -c \
 *       'mount --bind "$1" /run && exec "$2" --foreground --info --auto-exit --config "$3"' \
 *       borderpost-pcscd <tmp>/run /usr/sbin/pcscd <tmp>/reader.conf.d
 *   `--auto-exit` is the safety net: a daemon whose test process died exits after 60 s idle.
 *
 * Missing pcscd or vpcd is an error with the install command, never a silent skip.
 *
 * pcsc-lite reads PCSCLITE_CSOCK_NAME once per process, at the first PC/SC call: start the daemon
 * before opening any PC/SC context, and use one daemon per test file (vitest's forks pool gives each
 * file its own process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PcscError } from '../../native-drivers/pcsc/pcsc-error.js';
import { DEFAULT_PCSCD_SOCKET, PcscTransport, probePcscdSocket } from '../../native-drivers/pcsc/pcsc-transport.js';

export interface PcscdHandle {
  /** `private`: started by this helper; `system`: an already running pcscd, reused. */
  readonly mode: 'private' | 'system';
  readonly socketPath: string;
  /** The vpcd reader a virtual card on `vpcdPort` appears in (vpcd's first slot). */
  readonly readerName: string;
  /** Where the virtual card connects (vpcd listens; the card is the TCP client). */
  readonly vpcdPort: number;
  /** Both vpcd slots: the second listens on the next port up. */
  readonly slots: readonly { readonly readerName: string; readonly vpcdPort: number }[];
  /** What the private daemon printed so far (empty for a system daemon). */
  log(): string;
  stop(): Promise<void>;
}

export interface StartPcscdOptions {
  /** How long to wait for the daemon and its vpcd reader (default 15 s). */
  readonly timeoutMs?: number;
  /** Run pcscd with --debug --apdu (APDUs appear in `log()`). */
  readonly debug?: boolean;
}

const VPCD_DRIVER_CANDIDATES = ['/usr/lib/pcsc/drivers/serial/libifdvpcd.so', '/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so'];
const LOG_LIMIT = 256 * 1024;

function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function requireTools(): { pcscd: string; driver: string } {
  const pcscd = findExecutable('pcscd');
  if (!pcscd) throw new Error('pcscd is not installed: the PC/SC tests need it (Debian: apt-get install pcscd; or run scripts/install-system-deps.sh)');
  const driver = VPCD_DRIVER_CANDIDATES.find((p) => existsSync(p));
  if (!driver) throw new Error(`the vsmartcard vpcd driver is not installed (looked for ${VPCD_DRIVER_CANDIDATES.join(', ')}): apt-get install vsmartcard-vpcd`);
  return { pcscd, driver };
}

/** The vpcd reader a running system pcscd was configured with (Debian's /etc/reader.conf.d/vpcd). */
function systemVpcdReader(): { friendly: string; port: number } {
  const dir = '/etc/reader.conf.d';
  const files = existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const live = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => !l.startsWith('#'));
    if (!live.some((l) => /^LIBPATH\s+.*libifdvpcd/.test(l))) continue;
    const friendly = live.map((l) => /^FRIENDLYNAME\s+"?([^"]+)"?/.exec(l)?.[1]).find(Boolean) ?? 'Virtual PCD';
    const device = live.map((l) => /^DEVICENAME\s+\S*:(0x[0-9a-f]+|\d+)/i.exec(l)?.[1]).find(Boolean);
    const channel = live.map((l) => /^CHANNELID\s+(0x[0-9a-f]+|\d+)/i.exec(l)?.[1]).find(Boolean);
    const port = Number(device ?? channel ?? 35963);
    return { friendly, port };
  }
  throw new Error(`a system pcscd is running but none of ${dir}/* configures the vpcd driver: install vsmartcard-vpcd and restart pcscd`);
}

/** pcscd names a driver's slots "<FRIENDLYNAME> 00 00", "… 00 01"; vpcd gives slot n port + n. */
function slotsOf(friendly: string, port: number): { readerName: string; vpcdPort: number }[] {
  return [0, 1].map((n) => ({ readerName: `${friendly} 00 0${n}`, vpcdPort: port + n }));
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Two consecutive free TCP ports: vpcd listens on port N for slot 0 and N+1 for slot 1. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    if ((await portFree(base)) && (await portFree(base + 1))) return base;
  }
  throw new Error('no free pair of TCP ports for vpcd');
}

async function waitForReader(socketPath: string, readerName: string, timeoutMs: number): Promise<void> {
  process.env.PCSCLITE_CSOCK_NAME = socketPath;
  const deadline = Date.now() + timeoutMs;
  let transport: PcscTransport;
  // With two private daemons starting at once (one per test file), the first connection within a few
  // milliseconds of "daemon ready" was refused in 2-3 runs out of 5 (NO_SERVICE, SIGTERM 2.6 ms after
  // ready in pcscd's log). The daemon is up a moment later: poll until the deadline instead of failing.
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    try {
      transport = await PcscTransport.open({ openTimeoutMs: Math.max(1, deadline - Date.now()) });
      break;
    } catch (e) {
      if (!(e instanceof PcscError && e.code === 'NO_SERVICE') || Date.now() + delay >= deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  try {
    await transport.waitForReader({ name: readerName, timeoutMs });
  } finally {
    await transport.close();
  }
}

export async function startPcscd(options: StartPcscdOptions = {}): Promise<PcscdHandle> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { pcscd, driver } = requireTools();

  if (await probePcscdSocket(DEFAULT_PCSCD_SOCKET, 1000)) {
    const { friendly, port } = systemVpcdReader();
    const readerName = `${friendly} 00 00`;
    process.env.PCSCLITE_CSOCK_NAME = DEFAULT_PCSCD_SOCKET;
    try {
      await waitForReader(DEFAULT_PCSCD_SOCKET, readerName, timeoutMs);
    } catch (e) {
      throw new Error(`the system pcscd at ${DEFAULT_PCSCD_SOCKET} has no reader "${readerName}": ${(e as Error).message}`, { cause: e });
    }
    return { mode: 'system', socketPath: DEFAULT_PCSCD_SOCKET, readerName, vpcdPort: port, slots: slotsOf(friendly, port), log: () => '', stop: async () => undefined };
  }

  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      'pcscd is not running and a private one needs root (it binds a directory over /run in its own mount namespace): ' +
        'run the tests as root, or start the system pcscd with the vpcd driver (sudo systemctl start pcscd)',
    );
  }
  const unshare = findExecutable('unshare');
  if (!unshare) throw new Error('unshare (util-linux) is missing: it is needed to give the test pcscd its own /run');

  const dir = mkdtempSync(join(tmpdir(), 'borderpost-pcscd-'));
  const runDir = join(dir, 'run');
  const confDir = join(dir, 'reader.conf.d');
  mkdirSync(runDir);
  mkdirSync(confDir);
  const port = await freePortPair();
  const friendly = 'Borderpost vpcd';
  const hexPort = `0x${port.toString(16).toUpperCase()}`;
  writeFileSync(join(confDir, 'vpcd'), `FRIENDLYNAME "${friendly}"\nDEVICENAME /dev/null:${hexPort}\nLIBPATH ${driver}\nCHANNELID ${hexPort}\n`);
  const socketPath = join(runDir, 'pcscd', 'pcscd.comm');

  const args = ['--foreground', '--auto-exit', '--config', confDir, ...(options.debug ? ['--debug', '--apdu'] : ['--info'])];
  const script = 'mount --bind "$1" /run && shift && exec "$@"';
  const child: ChildProcess = spawn(unshare, ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', script, 'borderpost-pcscd', runDir, pcscd, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const cleanupDir = () => rmSync(dir, { recursive: true, force: true });

  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    }
    cleanupDir();
  };

  try {
    // "daemon ready" is logged at info level once the socket listens.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`pcscd did not report ready within ${timeoutMs} ms`)), timeoutMs);
      const onData = () => {
        if (log.includes('daemon ready')) finish();
      };
      const onExit = () => finish(new Error(`pcscd exited (${JSON.stringify(exited)}) before it was ready`));
      function finish(error?: Error): void {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      }
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', onExit);
      onData();
    });
    process.env.PCSCLITE_CSOCK_NAME = socketPath;
    await waitForReader(socketPath, `${friendly} 00 00`, timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`could not start a private pcscd: ${(e as Error).message}\n--- pcscd log ---\n${log}`, { cause: e });
  }

  return { mode: 'private', socketPath, readerName: `${friendly} 00 00`, vpcdPort: port, slots: slotsOf(friendly, port), log: () => log, stop };
}
