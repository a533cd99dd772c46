/**
 * A document reader on a serial port (RTE or Desko framing): opens the port, turns bytes into
 * 'document' and 'rejected' events, and keeps trying to get the port back when it vanishes (USB
 * serial adapters disappear when unplugged; the booth expects the reader to work again once plugged
 * back in, without a restart).
 *
 * MRZ lines are personal data: they go out in the 'document' event and nowhere else. The logger only
 * sees reasons, byte counts and port state.
 */
import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import type { SerialPort } from 'serialport';
import { closeSerialPort, openSerialPort } from '../serial/serial-port-promises.js';
import type { DecodeResult, MrzFrameDecoder, RejectCode } from './decode-result.js';
import { DeskoFrameDecoder, type DeskoFramingOptions } from './desko-frame.js';
import { RteFrameDecoder, type RteBccMode } from './rte-frame.js';

export interface DocumentReaderLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
  info?(msg: string, fields?: Record<string, unknown>): void;
}

export interface ReconnectOptions {
  /** First retry delay. Default 250 ms. */
  initialDelayMs?: number;
  /** Default 5000 ms. */
  maxDelayMs?: number;
  /** Default 2. */
  factor?: number;
}

export interface SerialDocumentReaderOptions {
  path: string;
  /** Default 9600. */
  baudRate?: number;
  protocol: 'rte' | 'desko';
  /** RTE only. Default 'xor'. */
  bcc?: RteBccMode;
  /** Desko only: the SOD/EOD byte values. */
  desko?: DeskoFramingOptions;
  /** Silence that ends a partial frame. Default 500 ms. */
  interByteTimeoutMs?: number;
  reconnect?: ReconnectOptions;
  /**
   * How often to check that the device is still there (0 = never). Default 1000 ms. Needed because
   * on Linux a hung-up tty (USB adapter unplugged, pty peer gone) only reads end-of-file, which
   * `serialport` retries forever instead of reporting (serialport/bindings-cpp#162).
   */
  presenceCheckMs?: number;
  logger?: DocumentReaderLogger;
}

export type ReaderStatus = 'connecting' | 'ready' | 'error' | 'closed';

export interface DocumentEvent {
  /** Personal data: never log. */
  lines: string[];
  raw: Buffer;
  /** `performance.now()` when the chunk holding the frame's last byte arrived. */
  receivedAt: number;
}

export interface RejectedEvent {
  code: RejectCode;
  reason: string;
  raw: Buffer;
}

export interface StatusEvent {
  status: ReaderStatus;
  detail: string;
  /** Connection attempt number since the last successful open (1 = first try). */
  attempt?: number;
  /** For 'error': when the next attempt will be made. */
  retryInMs?: number;
}

export interface ChunkEvent {
  bytes: number;
  receivedAt: number;
}

export interface SerialDocumentReaderEvents {
  document: [DocumentEvent];
  rejected: [RejectedEvent];
  status: [StatusEvent];
  /** Raw activity on the line, for diagnostics (byte counts only). */
  chunk: [ChunkEvent];
}

export interface ReaderCounters {
  frames: number;
  rejected: number;
  bytes: number;
  chunks: number;
  /** Successful opens after the first. */
  reconnects: number;
}

export class SerialDocumentReader extends EventEmitter<SerialDocumentReaderEvents> {
  readonly counters: ReaderCounters = { frames: 0, rejected: 0, bytes: 0, chunks: 0, reconnects: 0 };

  readonly #path: string;
  readonly #baudRate: number;
  readonly #decoder: MrzFrameDecoder;
  readonly #logger: DocumentReaderLogger | undefined;
  readonly #initialDelay: number;
  readonly #maxDelay: number;
  readonly #factor: number;
  readonly #presenceCheckMs: number;

  #status: ReaderStatus | 'idle' = 'idle';
  #stopped = false;
  #port: SerialPort | undefined;
  #attempt = 0;
  /** Failures (lost port or failed open) since the last successful open: drives the backoff. */
  #failures = 0;
  #everOpened = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #staleTimer: NodeJS.Timeout | undefined;
  #presenceTimer: NodeJS.Timeout | undefined;
  /** Device number of the node opened, so a different device appearing at the same path is noticed. */
  #rdev: number | undefined;
  #readyWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  #closing: Promise<void> | undefined;
  /** An open attempt in flight, so close() can wait for it to settle. */
  #opening: Promise<void> | undefined;

  constructor(opts: SerialDocumentReaderOptions) {
    super();
    if (!opts.path) throw new RangeError('path is required');
    const baudRate = opts.baudRate ?? 9600;
    if (!Number.isInteger(baudRate) || baudRate <= 0) throw new RangeError(`baudRate must be a positive integer, got ${baudRate}`);
    this.#path = opts.path;
    this.#baudRate = baudRate;
    this.#logger = opts.logger;
    // The decoder's clock must be the one the stale timer below runs on: real monotonic time.
    const common = { interByteTimeoutMs: opts.interByteTimeoutMs, now: () => performance.now() };
    if (opts.protocol === 'rte') this.#decoder = new RteFrameDecoder({ ...common, bcc: opts.bcc });
    else if (opts.protocol === 'desko') this.#decoder = new DeskoFrameDecoder({ ...common, ...opts.desko });
    else throw new RangeError(`unknown protocol ${String(opts.protocol)}`);
    this.#initialDelay = opts.reconnect?.initialDelayMs ?? 250;
    this.#maxDelay = opts.reconnect?.maxDelayMs ?? 5000;
    this.#factor = opts.reconnect?.factor ?? 2;
    this.#presenceCheckMs = opts.presenceCheckMs ?? 1000;
  }

  get status(): ReaderStatus | 'idle' {
    return this.#status;
  }

  /**
   * Start (if not started) and resolve once the port is open. If the device is absent the reader
   * keeps retrying in the background; the promise waits for it. Rejects only if close() comes first.
   */
  open(): Promise<void> {
    if (this.#stopped) return Promise.reject(new Error('document reader is closed'));
    if (this.#status === 'ready') return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
    if (this.#status === 'idle') this.#connect();
    return ready;
  }

  /** Stop reconnecting and close the port. Resolves once it is closed. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#staleTimer);
    clearTimeout(this.#presenceTimer);
    await this.#opening;
    const port = this.#port;
    this.#port = undefined;
    if (port) await closeSerialPort(port);
    this.#decoder.flush(); // deliberate close: a half-read document is dropped, not reported
    const waiters = this.#readyWaiters.splice(0);
    for (const w of waiters) w.reject(new Error('document reader closed before the port was ready'));
    this.#setStatus({ status: 'closed', detail: `closed ${this.#path}` });
  }

  #connect(): void {
    if (this.#stopped) return;
    this.#attempt += 1;
    this.#setStatus({ status: 'connecting', detail: `opening ${this.#path} at ${this.#baudRate} baud`, attempt: this.#attempt });
    this.#opening = openSerialPort(this.#path, this.#baudRate)
      .then(
        async (port) => {
          if (this.#stopped) return closeSerialPort(port);
          const node = await stat(this.#path).catch(() => undefined);
          if (this.#stopped) return closeSerialPort(port);
          this.#onOpened(port, node?.rdev);
        },
        (err: unknown) => this.#onLost(undefined, err),
      )
      .finally(() => {
        this.#opening = undefined;
      });
  }

  #onOpened(port: SerialPort, rdev: number | undefined): void {
    this.#port = port;
    this.#rdev = rdev;
    port.on('data', (chunk: Buffer) => this.#onData(port, chunk));
    port.on('error', (err) => this.#onLost(port, err));
    port.on('close', (err: unknown) => this.#onLost(port, err ?? new Error('port closed')));
    if (this.#everOpened) this.counters.reconnects += 1;
    this.#everOpened = true;
    this.#attempt = 0;
    this.#failures = 0;
    this.#setStatus({ status: 'ready', detail: `listening on ${this.#path}` });
    for (const w of this.#readyWaiters.splice(0)) w.resolve();
    this.#schedulePresenceCheck(port);
  }

  #schedulePresenceCheck(port: SerialPort): void {
    if (this.#presenceCheckMs <= 0) return;
    this.#presenceTimer = setTimeout(() => {
      void this.#probePresence(port).then((lost) => {
        if (port !== this.#port) return;
        if (lost) this.#onLost(port, new Error(lost));
        else this.#schedulePresenceCheck(port);
      });
    }, this.#presenceCheckMs);
  }

  /** Why the device is gone, or undefined if it still looks present. */
  async #probePresence(port: SerialPort): Promise<string | undefined> {
    try {
      const node = await stat(this.#path);
      if (this.#rdev !== undefined && node.rdev !== this.#rdev) return 'a different device is now at this path';
    } catch (err) {
      return `device node disappeared (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    }
    // A hung-up tty answers every ioctl with EIO; a live one succeeds (or, for a pty, says ENOTTY).
    const getError = await new Promise<Error | null>((resolve) => port.get((err) => resolve(err ?? null)));
    if (getError && /Input\/output error|\bEIO\b/.test(getError.message)) return 'line hung up (EIO)';
    return undefined;
  }

  /** `port` undefined: an open attempt failed. Otherwise an open port failed or went away. */
  #onLost(port: SerialPort | undefined, err: unknown): void {
    if (port !== undefined) {
      if (port !== this.#port) return; // already handled ('error' and 'close' both fire)
      this.#port = undefined;
      clearTimeout(this.#staleTimer);
      clearTimeout(this.#presenceTimer);
      this.#deliver(this.#decoder.flush());
      void closeSerialPort(port);
    }
    if (this.#stopped) return;
    this.#failures += 1;
    const delay = Math.min(this.#maxDelay, this.#initialDelay * this.#factor ** (this.#failures - 1));
    const message = `${port ? 'lost' : 'cannot open'} ${this.#path}: ${err instanceof Error ? err.message : String(err)}`;
    this.#setStatus({ status: 'error', detail: message, attempt: this.#attempt, retryInMs: delay });
    // Warn once per outage; an absent reader retrying every few seconds must not flood the log.
    const log = this.#failures === 1 ? this.#logger?.warn : this.#logger?.info;
    log?.call(this.#logger, 'document reader port unavailable', { path: this.#path, error: message, retryInMs: delay });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #onData(port: SerialPort, chunk: Buffer): void {
    if (port !== this.#port) return;
    const receivedAt = performance.now();
    this.counters.bytes += chunk.length;
    this.counters.chunks += 1;
    this.#emitSafely('chunk', { bytes: chunk.length, receivedAt });
    this.#deliver(this.#decoder.push(chunk), receivedAt);
    this.#armStaleTimer();
  }

  #armStaleTimer(): void {
    clearTimeout(this.#staleTimer);
    this.#staleTimer = undefined;
    const deadline = this.#decoder.pendingDeadline;
    if (deadline === undefined || this.#stopped) return;
    // Timers and performance.now() round differently, so a timer can fire a hair early: re-arm.
    this.#staleTimer = setTimeout(
      () => {
        this.#deliver(this.#decoder.flushStale());
        this.#armStaleTimer();
      },
      Math.max(0, Math.ceil(deadline - performance.now())),
    );
  }

  #deliver(results: DecodeResult[], receivedAt: number = performance.now()): void {
    for (const r of results) {
      if (r.kind === 'mrz') {
        this.counters.frames += 1;
        this.#emitSafely('document', { lines: r.lines, raw: r.raw, receivedAt });
      } else {
        this.counters.rejected += 1;
        this.#logger?.warn('document reader rejected a frame', { path: this.#path, code: r.code, reason: r.reason, bytes: r.raw.length });
        this.#emitSafely('rejected', { code: r.code, reason: r.reason, raw: r.raw });
      }
    }
  }

  /**
   * A throwing listener must not starve the other listeners, drop the frames after it, or kill the
   * port's read loop. `rawListeners` keeps once() wrappers, so they still remove themselves.
   */
  #emitSafely<K extends keyof SerialDocumentReaderEvents>(name: K, ...args: SerialDocumentReaderEvents[K]): void {
    for (const listener of this.rawListeners(name) as ((...a: SerialDocumentReaderEvents[K]) => void)[]) {
      try {
        listener.apply(this, args);
      } catch (err) {
        this.#logger?.warn('document reader listener threw', { path: this.#path, event: name, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }


  #setStatus(event: StatusEvent): void {
    this.#status = event.status;
    if (event.status !== 'error') this.#logger?.info?.('document reader status', { path: this.#path, ...event });
    this.#emitSafely('status', event);
  }
}
