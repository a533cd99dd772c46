/** Starts `borderpost serve` as a real process on a data directory, as a user would. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'borderpost.mjs');

export interface RunningStation {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

export function cli(args: string[], stdin?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input: stdin, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function startStation(dataDir: string): Promise<RunningStation> {
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', '--json', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BORDERPOST_LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`))));
  // `serve --json` prints one pretty-printed JSON document once it is listening.
  const ready = new Promise<{ url: string; origin: string }>((resolve) => {
    let buf = '';
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      buf += line + '\n';
      if (line === '}') resolve(JSON.parse(buf) as { url: string; origin: string });
    });
  });
  const info = await Promise.race([ready, exited]);
  return {
    ...info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
