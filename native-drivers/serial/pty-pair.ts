/**
 * A real pseudo-terminal pair joined by socat: what a device writes to one end, the driver reads
 * from the other, through the kernel's tty layer (termios, partial reads, hang-up on close). This is
 * how serial drivers are tested on machines without USB.
 */
import { spawn } from 'node:child_process';

export interface PtyPair {
  /** /dev/pts/N of the first end. */
  a: string;
  /** /dev/pts/N of the second end. */
  b: string;
  /** Stops socat and waits for it to exit. Both ends hang up. Safe to call twice. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** Default 'socat' on PATH. */
  socatPath?: string;
  /**
   * Stable symlinks socat creates to each end and removes when it exits, so a test can make a
   * device vanish and come back at the same path.
   */
  links?: { a?: string; b?: string };
  /** Give up if socat has not started its transfer loop by then. Default 5000 ms. */
  readyTimeoutMs?: number;
}

const PTY_LINE = /PTY is (\/dev\/pts\/\d+)/;
const READY_LINE = /starting data transfer loop/;
/** socat parses ',' ':' '!' and quotes in its address syntax; refuse rather than escape. */
const SAFE_LINK = /^[A-Za-z0-9_./+-]+$/;
const STDERR_TAIL_CHARS = 2000;

export function openPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  const socat = opts.socatPath ?? 'socat';
  const address = (link: string | undefined): string => {
    if (link === undefined) return 'pty,raw,echo=0';
    if (!SAFE_LINK.test(link)) throw new RangeError(`pty link path must match ${SAFE_LINK}, got ${JSON.stringify(link)}`);
    return `pty,raw,echo=0,link=${link}`;
  };
  let args: string[];
  try {
    args = ['-d', '-d', address(opts.links?.a), address(opts.links?.b)];
  } catch (err) {
    return Promise.reject(err);
  }

  return new Promise<PtyPair>((resolve, reject) => {
    const child = spawn(socat, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const ptys: string[] = [];
    let loopStarted = false;
    let settled = false;
    let stderrTail = '';
    let partialLine = '';

    const exited = new Promise<void>((done) => {
      child.once('exit', () => done());
      child.once('error', () => {
        if (child.pid === undefined) done(); // never started, so it will never exit
      });
    });
    // A test that forgets close() must not leave socat behind.
    const killOnExit = (): void => {
      child.kill('SIGTERM');
    };
    process.once('exit', killOnExit);
    void exited.then(() => process.removeListener('exit', killOnExit));

    const fail = (message: string, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      const tail = stderrTail.trim();
      reject(new Error(tail ? `${message}\nsocat said:\n${tail}` : message, cause === undefined ? undefined : { cause }));
    };

    const timer = setTimeout(
      () => fail(`socat did not start a pty pair within ${opts.readyTimeoutMs ?? 5000} ms`),
      opts.readyTimeoutMs ?? 5000,
    );

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') fail(`socat not found (${socat}): install it, e.g. apt-get install socat`, err);
      else fail(`could not start socat (${socat}): ${err.message}`, err);
    });
    child.once('exit', (code, signal) => fail(`socat exited (${signal ?? `code ${code}`}) before the pty pair was ready`));

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
      if (settled) return;
      const lines = (partialLine + text).split('\n');
      partialLine = lines.pop() ?? '';
      for (const line of lines) {
        const pty = PTY_LINE.exec(line);
        if (pty?.[1]) ptys.push(pty[1]);
        if (READY_LINE.test(line)) loopStarted = true;
      }
      if (ptys.length >= 2 && loopStarted) {
        settled = true;
        clearTimeout(timer);
        let closing: Promise<void> | undefined;
        resolve({
          a: ptys[0]!,
          b: ptys[1]!,
          close: () => {
            closing ??= (async () => {
              if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
              await exited;
            })();
            return closing;
          },
        });
      }
    });
  });
}
