/**
 * A thin, typed adapter over `@pokusew/pcsclite` (PC/SC through pcscd on Linux): readers, card
 * presence, a shared T=1 connection, and `transmit(apdu) → response incl. SW1 SW2`. Every wait has
 * a timeout; every failure is a `PcscError` with a code the station can act on.
 *
 * Three things about the binding shape this file:
 *  - Its constructor loops on SCardEstablishContext for as long as pcscd is unreachable, blocking
 *    the event loop; so `open()` first checks that pcscd's socket accepts a connection.
 *  - It reports readers only as "new reader" events, so "there are no readers" is invisible; the
 *    instance's `start` callback is wrapped to learn when each enumeration is complete.
 *  - Each reader runs a status thread and the binding runs one for plug-and-play; they keep Node
 *    alive until closed, so `close()` closes every reader, then the context.
 */
import { EventEmitter } from 'node:events';
import { connect as netConnect } from 'node:net';
import type { Transmit } from '../epassport/apdu.js';
import { PcscError, SCARD, toPcscError, type PcscErrorCode } from './pcsc-error.js';

/** pcsc-lite's default client socket; `PCSCLITE_CSOCK_NAME` overrides it, for client and probe alike. */
export const DEFAULT_PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

/** pcsc-lite's MAX_BUFFER_SIZE_EXTENDED is 65548; a response never exceeds 65536 data bytes + SW. */
const MAX_RESPONSE_BYTES = 65538;

// pcsc-lite values; the binding exposes the same constants on each reader, which win when present.
const LINUX = {
  SHARE_EXCLUSIVE: 1,
  SHARE_SHARED: 2,
  PROTOCOL_T0: 1,
  PROTOCOL_T1: 2,
  LEAVE_CARD: 0,
  RESET_CARD: 1,
  UNPOWER_CARD: 2,
  EJECT_CARD: 3,
  STATE_EMPTY: 0x10,
  STATE_PRESENT: 0x20,
  STATE_MUTE: 0x200,
};

type NodeCallback<T> = (error: unknown, value: T) => void;

/** The parts of a binding reader this adapter uses (structural, so tests can supply a fake). */
export interface PcscBindingReader {
  readonly name: string;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  connect(options: { share_mode: number; protocol: number }, callback: NodeCallback<number>): void;
  disconnect(disposition: number, callback: (error: unknown) => void): void;
  transmit(data: Buffer, responseLength: number, protocol: number, callback: NodeCallback<Buffer>): void;
  close(): void;
  readonly SCARD_SHARE_SHARED?: number;
  readonly SCARD_SHARE_EXCLUSIVE?: number;
  readonly SCARD_PROTOCOL_T0?: number;
  readonly SCARD_PROTOCOL_T1?: number;
  readonly SCARD_LEAVE_CARD?: number;
  readonly SCARD_RESET_CARD?: number;
  readonly SCARD_UNPOWER_CARD?: number;
  readonly SCARD_EJECT_CARD?: number;
  readonly SCARD_STATE_PRESENT?: number;
  readonly SCARD_STATE_MUTE?: number;
}

/** The parts of the binding's context object this adapter uses. */
export interface PcscBinding {
  on(event: 'reader', listener: (reader: PcscBindingReader) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
  /** Called by the binding on the next tick with each reader enumeration (wrapped, see above). */
  start?: (callback: (error: unknown, readers?: Buffer) => void) => void;
}

/**
 * pcscd's client socket is taken from `PCSCLITE_CSOCK_NAME` (else /run/pcscd/pcscd.comm), by
 * pcsc-lite itself, once per process at the first PC/SC call: set it before the first `open()`.
 */
export interface PcscTransportOptions {
  /** How long `open()` waits for pcscd to answer with its first reader list (default 5 s). */
  readonly openTimeoutMs?: number;
  /** Default for `transmit` (default 20 s: RSA active authentication can take seconds on old chips). */
  readonly transmitTimeoutMs?: number;
  /**
   * After a failed exchange, how long to wait for pcscd to report whether the card is still there
   * before calling it `TRANSMIT_FAILED` rather than `REMOVED` (pcscd polls presence every 400 ms).
   */
  readonly removalGraceMs?: number;
  /** Creates the binding's context; default loads `@pokusew/pcsclite`. For tests. */
  readonly binding?: () => PcscBinding | Promise<PcscBinding>;
}

export type PcscTransportEvent =
  | { readonly type: 'reader-added'; readonly reader: string }
  | { readonly type: 'reader-removed'; readonly reader: string }
  | { readonly type: 'card-inserted'; readonly reader: string; readonly atr: Buffer }
  | { readonly type: 'card-removed'; readonly reader: string }
  | { readonly type: 'service-lost'; readonly error: PcscError };

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ConnectOptions extends WaitOptions {
  /** `T1` (default) asks for T=1 and accepts T=0 if the card offers nothing else. */
  readonly protocol?: 'T1' | 'T0' | 'any';
  /** `shared` (default) lets diagnostics tools look at the same card. */
  readonly shareMode?: 'shared' | 'exclusive';
}

export type Disposition = 'leave' | 'reset' | 'unpower' | 'eject';

const DEFAULT_WAIT_MS = 10_000;

/** Resolves `true` when something listens on the Unix socket, `false` when nothing does. */
export function probePcscdSocket(path: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ path });
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(ok: boolean): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    }
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function parseReaderNames(buffer: Buffer | undefined): string[] {
  if (!buffer || buffer.length === 0) return [];
  // A multi-string: name\0name\0\0
  return buffer
    .toString('utf8')
    .split('\0')
    .filter((name) => name.length > 0);
}

async function loadBinding(): Promise<PcscBinding> {
  const mod = (await import('@pokusew/pcsclite')) as unknown as { default?: () => PcscBinding } & (() => PcscBinding);
  const factory = typeof mod.default === 'function' ? mod.default : mod;
  return factory();
}

/**
 * Waits until `check` returns a value, re-checking whenever `changes` emits 'change'. Rejects with
 * `onTimeout()` after `timeoutMs`, with `check`'s thrown error, or when `signal` aborts.
 */
function waitForState<T>(changes: EventEmitter, check: () => T | undefined, timeoutMs: number, onTimeout: () => PcscError, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new PcscError('TIMEOUT', 'the wait was cancelled', { cause: signal.reason }));
      return;
    }
    const timer = setTimeout(() => {
      cleanup();
      reject(onTimeout());
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      changes.off('change', evaluate);
      signal?.removeEventListener('abort', aborted);
    }
    function evaluate(): void {
      let value: T | undefined;
      try {
        value = check();
      } catch (e) {
        cleanup();
        reject(e);
        return;
      }
      if (value !== undefined) {
        cleanup();
        resolve(value);
      }
    }
    function aborted(): void {
      cleanup();
      reject(new PcscError('TIMEOUT', 'the wait was cancelled', { cause: signal?.reason }));
    }
    changes.on('change', evaluate);
    signal?.addEventListener('abort', aborted, { once: true });
    evaluate();
  });
}

/** Races a callback-style native call against a timer; a late native result is dropped, never unhandled. */
function withTimeout<T>(run: (callback: NodeCallback<T>) => void, timeoutMs: number, onTimeout: () => PcscError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(onTimeout());
    }, timeoutMs);
    try {
      run((error, value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(value);
      });
    } catch (e) {
      settled = true;
      clearTimeout(timer);
      reject(e);
    }
  });
}

export class PcscTransport {
  private readonly changes = new EventEmitter();
  private readonly listeners = new Set<(event: PcscTransportEvent) => void>();
  private readonly readerMap = new Map<string, PcscReader>();
  private names: string[] = [];
  private enumerated = false;
  private failure: PcscError | undefined;
  private closed = false;

  private constructor(
    private readonly binding: PcscBinding,
    readonly options: Required<Pick<PcscTransportOptions, 'transmitTimeoutMs' | 'removalGraceMs'>>,
  ) {
    this.changes.setMaxListeners(0);
  }

  /** Connects to pcscd and waits for its first reader list. Throws `NO_SERVICE` when it is not running. */
  static async open(options: PcscTransportOptions = {}): Promise<PcscTransport> {
    const socketPath = process.env.PCSCLITE_CSOCK_NAME || DEFAULT_PCSCD_SOCKET;
    const openTimeoutMs = options.openTimeoutMs ?? 5000;
    if (!options.binding && !(await probePcscdSocket(socketPath, openTimeoutMs))) {
      throw new PcscError('NO_SERVICE', `the PC/SC service (pcscd) is not reachable at ${socketPath}: start pcscd`, { scardCode: SCARD.E_NO_SERVICE });
    }
    let binding: PcscBinding;
    try {
      binding = await (options.binding ?? loadBinding)();
    } catch (e) {
      throw toPcscError(e, 'cannot open a PC/SC context', 'NO_SERVICE');
    }
    const transport = new PcscTransport(binding, {
      transmitTimeoutMs: options.transmitTimeoutMs ?? 20_000,
      removalGraceMs: options.removalGraceMs ?? 1500,
    });
    transport.attach();
    try {
      await waitForState(
        transport.changes,
        () => {
          if (transport.failure) throw transport.failure;
          return transport.enumerated ? true : undefined;
        },
        openTimeoutMs,
        () => new PcscError('NO_SERVICE', `pcscd did not list its readers within ${openTimeoutMs} ms`),
      );
    } catch (e) {
      await transport.close();
      throw e;
    }
    return transport;
  }

  private attach(): void {
    const start = this.binding.start;
    if (typeof start === 'function') {
      this.binding.start = (callback) =>
        start.call(this.binding, (error, readers) => {
          callback(error, readers);
          if (!error) this.onEnumeration(parseReaderNames(readers));
        });
    } else {
      // A binding without `start` (a test fake) reports readers only by events.
      this.enumerated = true;
    }
    this.binding.on('error', (error) => this.onServiceError(error));
    this.binding.on('reader', (native) => this.onReader(native));
  }

  private onEnumeration(names: string[]): void {
    this.names = names;
    this.enumerated = true;
    this.changes.emit('change');
  }

  private onReader(native: PcscBindingReader): void {
    const reader = new PcscReader(native, this, this.changes);
    if (this.closed) {
      void reader.closeNative();
      return;
    }
    this.readerMap.set(native.name, reader);
    if (!this.names.includes(native.name)) this.names = [...this.names, native.name];
    native.on('end', () => {
      if (this.readerMap.get(native.name) === reader) this.readerMap.delete(native.name);
      this.names = this.names.filter((n) => n !== native.name);
      reader.markGone();
      this.emit({ type: 'reader-removed', reader: native.name });
      this.changes.emit('change');
    });
    this.emit({ type: 'reader-added', reader: native.name });
    this.changes.emit('change');
  }

  private onServiceError(error: unknown): void {
    if (this.closed) return;
    // Whatever the code, the context's watcher thread has stopped: nothing more will be reported.
    const mapped = toPcscError(error, 'the PC/SC service stopped answering', 'NO_SERVICE');
    this.failure = mapped.code === 'NO_SERVICE' ? mapped : new PcscError('NO_SERVICE', mapped.message, { scardCode: mapped.scardCode, cause: error });
    this.emit({ type: 'service-lost', error: this.failure });
    this.changes.emit('change');
  }

  /** @internal */
  emit(event: PcscTransportEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Reader and card events; returns the unsubscribe function. */
  subscribe(listener: (event: PcscTransportEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** @internal Throws when the transport can no longer be used. */
  ensureOpen(): void {
    if (this.closed) throw new PcscError('NO_SERVICE', 'the PC/SC transport was closed');
    if (this.failure) throw this.failure;
  }

  /** Reader names from pcscd's latest enumeration. */
  listReaders(): string[] {
    this.ensureOpen();
    return [...this.names];
  }

  /**
   * Resolves with the reader named `name` (exact, else the first whose name starts with it) or, with
   * no name, the first reader. Rejects `NO_READER` when none appears within `timeoutMs`.
   */
  waitForReader(options: WaitOptions & { name?: string | RegExp } = {}): Promise<PcscReader> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    const wanted = options.name;
    const describe = wanted === undefined ? 'any reader' : `a reader matching ${String(wanted)}`;
    return waitForState(
      this.changes,
      () => {
        this.ensureOpen();
        const readers = [...this.readerMap.values()];
        if (wanted === undefined) return readers[0];
        if (wanted instanceof RegExp) return readers.find((r) => wanted.test(r.name));
        return readers.find((r) => r.name === wanted) ?? readers.find((r) => r.name.startsWith(wanted));
      },
      timeoutMs,
      () => new PcscError('NO_READER', `no ${describe} appeared within ${timeoutMs} ms (readers: ${this.names.join(', ') || 'none'})`),
      options.signal,
    );
  }

  /** Disconnects every card, stops every reader's status thread and releases the context, so Node can exit. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const readers = [...this.readerMap.values()];
    await Promise.all(readers.map((r) => r.closeConnection()));
    await Promise.all(readers.map((r) => r.closeNative()));
    this.readerMap.clear();
    // Out of any binding callback scope, as for readers (see PcscReader.closeNative).
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      this.binding.close();
    } catch {
      // Closing a context whose daemon is gone fails; the thread has stopped either way.
    }
    this.changes.emit('change');
    this.listeners.clear();
  }
}

interface ReaderStatus {
  known: boolean;
  present: boolean;
  mute: boolean;
  atr: Buffer | undefined;
  /** How many times the card has left this reader since we started watching. */
  removals: number;
}

export class PcscReader {
  private status: ReaderStatus = { known: false, present: false, mute: false, atr: undefined, removals: 0 };
  private gone = false;
  private nativeClosed = false;
  private failure: PcscError | undefined;
  private card: PcscCard | undefined;
  private readonly constants: typeof LINUX;

  /** @internal */
  constructor(
    private readonly native: PcscBindingReader,
    private readonly transport: PcscTransport,
    private readonly changes: EventEmitter,
  ) {
    this.constants = {
      ...LINUX,
      SHARE_SHARED: native.SCARD_SHARE_SHARED ?? LINUX.SHARE_SHARED,
      SHARE_EXCLUSIVE: native.SCARD_SHARE_EXCLUSIVE ?? LINUX.SHARE_EXCLUSIVE,
      PROTOCOL_T0: native.SCARD_PROTOCOL_T0 ?? LINUX.PROTOCOL_T0,
      PROTOCOL_T1: native.SCARD_PROTOCOL_T1 ?? LINUX.PROTOCOL_T1,
      LEAVE_CARD: native.SCARD_LEAVE_CARD ?? LINUX.LEAVE_CARD,
      RESET_CARD: native.SCARD_RESET_CARD ?? LINUX.RESET_CARD,
      UNPOWER_CARD: native.SCARD_UNPOWER_CARD ?? LINUX.UNPOWER_CARD,
      EJECT_CARD: native.SCARD_EJECT_CARD ?? LINUX.EJECT_CARD,
      STATE_PRESENT: native.SCARD_STATE_PRESENT ?? LINUX.STATE_PRESENT,
      STATE_MUTE: native.SCARD_STATE_MUTE ?? LINUX.STATE_MUTE,
    };
    native.on('status', (s) => this.onStatus(s));
    native.on('error', (error) => {
      // The status thread ends on errors; the reader is as good as gone for us.
      this.failure = toPcscError(error, `reader ${native.name} stopped reporting`, 'NO_READER');
      this.changes.emit('change');
    });
  }

  get name(): string {
    return this.native.name;
  }

  /** The latest state pcscd reported (`known` is false until the first report arrives). */
  get state(): Readonly<ReaderStatus> {
    return { ...this.status };
  }

  private onStatus(s: { state: number; atr?: Buffer }): void {
    const present = (s.state & this.constants.STATE_PRESENT) !== 0;
    const mute = (s.state & this.constants.STATE_MUTE) !== 0;
    const wasPresent = this.status.present;
    this.status = {
      known: true,
      present,
      mute,
      atr: present && s.atr && s.atr.length > 0 ? Buffer.from(s.atr) : undefined,
      removals: this.status.removals + (wasPresent && !present ? 1 : 0),
    };
    if (present && !wasPresent) this.transport.emit({ type: 'card-inserted', reader: this.name, atr: this.status.atr ?? Buffer.alloc(0) });
    if (!present && wasPresent) this.transport.emit({ type: 'card-removed', reader: this.name });
    this.changes.emit('change');
  }

  /** @internal */
  markGone(): void {
    this.gone = true;
  }

  /** @internal */
  ensureAttached(): void {
    this.transport.ensureOpen();
    if (this.gone) throw new PcscError('NO_READER', `reader ${this.name} was unplugged`);
    if (this.failure) throw this.failure;
  }

  /** Resolves with the ATR once a (responsive) card is in the field; `NO_CARD` after `timeoutMs`. */
  waitForCard(options: WaitOptions = {}): Promise<Buffer> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return waitForState(
      this.changes,
      () => {
        this.ensureAttached();
        return this.status.present && !this.status.mute ? (this.status.atr ?? Buffer.alloc(0)) : undefined;
      },
      timeoutMs,
      () => new PcscError('NO_CARD', `no card was presented to ${this.name} within ${timeoutMs} ms`),
      options.signal,
    );
  }

  /** Resolves once the reader reports no card; `TIMEOUT` after `timeoutMs`. */
  waitForCardRemoved(options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return waitForState(
      this.changes,
      () => {
        this.ensureAttached();
        return this.status.known && !this.status.present ? true : undefined;
      },
      timeoutMs,
      () => new PcscError('TIMEOUT', `the card stayed on ${this.name} for ${timeoutMs} ms`),
      options.signal,
    ).then(() => undefined);
  }

  /** @internal Resolves `true` once the card is known to have gone since `removals`, `false` after `ms`. */
  async cardLeftSince(removals: number, ms: number): Promise<boolean> {
    const left = () => (this.status.removals > removals || (this.status.known && !this.status.present) || this.gone ? true : undefined);
    if (left()) return true;
    try {
      await waitForState(this.changes, left, ms, () => new PcscError('TIMEOUT', 'card still present'));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Connects to the card (shared, T=1 preferred). Waits up to `timeoutMs` for a card first. If this
   * reader already has a connection to the card still in the field, that connection is returned;
   * one to a card that has left is released first.
   */
  async connect(options: ConnectOptions = {}): Promise<PcscCard> {
    if (this.card && !this.card.isClosed) {
      if (this.card.cardStillPresent) return this.card;
      await this.card.disconnect('leave').catch(() => undefined);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    const deadline = Date.now() + timeoutMs;
    const atr = await this.waitForCard({ timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    const c = this.constants;
    const shareMode = options.shareMode === 'exclusive' ? c.SHARE_EXCLUSIVE : c.SHARE_SHARED;
    const wanted = options.protocol ?? 'T1';
    const attempts = wanted === 'T1' ? [c.PROTOCOL_T1, c.PROTOCOL_T0 | c.PROTOCOL_T1] : wanted === 'T0' ? [c.PROTOCOL_T0] : [c.PROTOCOL_T0 | c.PROTOCOL_T1];
    const removals = this.status.removals;
    let lastError: PcscError | undefined;
    for (const protocol of attempts) {
      try {
        const actual = await withTimeout<number>(
          (cb) => this.native.connect({ share_mode: shareMode, protocol }, cb),
          Math.max(1, deadline - Date.now()),
          () => new PcscError('TIMEOUT', `connecting to the card in ${this.name} took longer than ${timeoutMs} ms`),
        );
        const name = actual === c.PROTOCOL_T0 ? 'T0' : 'T1';
        this.card = new PcscCard(this.native, this, name, actual, atr, removals, this.transport.options);
        return this.card;
      } catch (e) {
        lastError = toPcscError(e, `SCardConnect to ${this.name}`, 'TRANSMIT_FAILED');
        if (lastError.scardCode !== SCARD.E_PROTO_MISMATCH) throw lastError;
      }
    }
    throw lastError ?? new PcscError('TRANSMIT_FAILED', `cannot connect to ${this.name}`);
  }

  /** @internal */
  async closeConnection(): Promise<void> {
    if (this.card && !this.card.isClosed) await this.card.disconnect('leave').catch(() => undefined);
  }

  /**
   * @internal Stops the reader's status thread. Two traps in the binding:
   *  - its thread checks the stop flag only when it enters its loop, and a thread stopped before that
   *    exits without closing its libuv handle, which keeps Node alive forever: the first status
   *    report proves the loop has been entered, so wait for it;
   *  - it delivers status reports holding the reader's (non-recursive) mutex and runs the microtask
   *    queue before releasing it, so a `close()` reached from a promise that a status report settled
   *    deadlocks the main thread: close from a fresh macrotask.
   */
  async closeNative(): Promise<void> {
    if (this.nativeClosed) return;
    this.nativeClosed = true;
    this.gone = true;
    if (!this.status.known && !this.failure) {
      await waitForState(this.changes, () => (this.status.known || this.failure ? true : undefined), 2000, () => new PcscError('TIMEOUT', 'no first status')).catch(() => undefined);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      this.native.close();
    } catch {
      // Already closed by the binding when the reader was unplugged.
    }
  }

  /** @internal */
  dispositionCode(d: Disposition): number {
    const c = this.constants;
    return d === 'leave' ? c.LEAVE_CARD : d === 'reset' ? c.RESET_CARD : d === 'eject' ? c.EJECT_CARD : c.UNPOWER_CARD;
  }
}

export interface CardCounters {
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
}

/** A connection to the card in one reader. `transmit` is a bound function: pass it around as a `Transmit`. */
export class PcscCard {
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  readonly counters: CardCounters = { apdus: 0, bytesSent: 0, bytesReceived: 0 };

  /** @internal */
  constructor(
    private readonly native: PcscBindingReader,
    private readonly reader: PcscReader,
    readonly protocol: 'T0' | 'T1',
    private readonly protocolCode: number,
    readonly atr: Buffer,
    private readonly removalsAtConnect: number,
    private readonly options: { transmitTimeoutMs: number; removalGraceMs: number },
  ) {}

  get readerName(): string {
    return this.reader.name;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** False once the reader has reported the card gone since this connection was made. */
  get cardStillPresent(): boolean {
    const s = this.reader.state;
    return s.removals === this.removalsAtConnect && (!s.known || s.present);
  }

  /** Sends one APDU, resolves with the response including SW1 SW2. Calls are queued, one at a time. */
  readonly transmit: Transmit = (apdu) => this.transmitWithin(apdu, this.options.transmitTimeoutMs);

  transmitWithin(apdu: Buffer, timeoutMs: number): Promise<Buffer> {
    const run = this.queue.then(() => this.exchange(apdu, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private checkUsable(): void {
    if (this.closed) throw new PcscError('NO_CARD', `the connection to ${this.reader.name} is closed`);
    this.reader.ensureAttached();
    if (!this.cardStillPresent) throw new PcscError('REMOVED', `the card left ${this.reader.name}`, { scardCode: SCARD.W_REMOVED_CARD });
  }

  private async exchange(apdu: Buffer, timeoutMs: number): Promise<Buffer> {
    this.checkUsable();
    let response: Buffer;
    try {
      response = await withTimeout<Buffer>(
        (cb) => this.native.transmit(apdu, MAX_RESPONSE_BYTES, this.protocolCode, cb),
        timeoutMs,
        () => new PcscError('TIMEOUT', `the card in ${this.reader.name} did not answer within ${timeoutMs} ms`),
      );
    } catch (e) {
      const error = toPcscError(e, 'SCardTransmit', 'TRANSMIT_FAILED');
      throw await this.classify(error);
    }
    if (response.length < 2) {
      throw await this.classify(new PcscError('TRANSMIT_FAILED', `the reader returned ${response.length} bytes, not a response APDU`));
    }
    this.counters.apdus++;
    this.counters.bytesSent += apdu.length;
    this.counters.bytesReceived += response.length;
    return response;
  }

  /** A failed exchange while the card was leaving the field is a removal, not a reader fault. */
  private async classify(error: PcscError): Promise<PcscError> {
    if (error.code !== 'TRANSMIT_FAILED') return error;
    if (await this.reader.cardLeftSince(this.removalsAtConnect, this.options.removalGraceMs)) {
      return new PcscError('REMOVED', `the card left ${this.reader.name} during an exchange`, { scardCode: error.scardCode ?? SCARD.W_REMOVED_CARD, cause: error });
    }
    return error;
  }

  /** Ends the connection (`unpower` by default, which also ends any secure messaging session). */
  async disconnect(disposition: Disposition = 'unpower'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    try {
      await withTimeout<void>(
        (cb) => this.native.disconnect(this.reader.dispositionCode(disposition), (error) => cb(error, undefined)),
        5000,
        () => new PcscError('TIMEOUT', `disconnecting from ${this.reader.name} took longer than 5 s`),
      );
    } catch (e) {
      const error = toPcscError(e, 'SCardDisconnect', 'TRANSMIT_FAILED');
      // Releasing a handle whose card or reader is gone is still a release.
      const gone: PcscErrorCode[] = ['REMOVED', 'NO_CARD', 'NO_READER', 'NO_SERVICE'];
      if (!gone.includes(error.code) && error.scardCode !== SCARD.E_INVALID_HANDLE) throw error;
    }
  }
}
