/**
 * A virtual smart card on the vpcd socket: pcscd's vpcd driver listens (TCP 35963 for its first
 * slot by default) and this card connects to it, which to pcscd is "a card was put on the reader".
 * Closing the connection is "the card was taken away". APDUs go to a `CardApplet`.
 *
 * vpcd polls presence by asking for the ATR about every 400 ms, so the card must keep answering
 * promptly; messages are handled strictly in order, one at a time, as vpcd expects.
 */
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { CardApplet } from './card-applet.js';
import { classifyVpcdPayload, encodeVpcdFrame, VPCD_DEFAULT_PORT, VpcdFrameDecoder, type VpcdMessage } from './vpcd-framing.js';

export interface VpcdClientOptions {
  readonly applet: CardApplet;
  /** The ATR the card reports (see `icaoContactlessAtr`). */
  readonly atr: Buffer;
  readonly host?: string;
  readonly port?: number;
  /** Keep trying when vpcd is not listening yet or drops the connection (default true). */
  readonly reconnect?: boolean;
  /** First retry delay; it doubles up to `maxReconnectDelayMs` (defaults 50 ms and 1 s). */
  readonly reconnectDelayMs?: number;
  readonly maxReconnectDelayMs?: number;
}

export interface VpcdCounters {
  apdus: number;
  atrRequests: number;
  powerOns: number;
  powerOffs: number;
  resets: number;
  connects: number;
}

export interface VpcdClientEvents {
  connected: [];
  disconnected: [];
  apdu: [command: Buffer, response: Buffer];
  /** The applet threw or answered something unframeable; the card answered 6F00 instead. */
  'applet-error': [error: unknown];
}

const NO_PRECISE_DIAGNOSIS = Buffer.from([0x6f, 0x00]);

export class VpcdClient extends EventEmitter<VpcdClientEvents> {
  readonly counters: VpcdCounters = { apdus: 0, atrRequests: 0, powerOns: 0, powerOffs: 0, resets: 0, connects: 0 };
  private socket: Socket | undefined;
  private running = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private delay: number;
  private work: Promise<void> = Promise.resolve();
  private readonly host: string;
  private readonly port: number;

  constructor(private readonly options: VpcdClientOptions) {
    super();
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? VPCD_DEFAULT_PORT;
    this.delay = options.reconnectDelayMs ?? 50;
  }

  get isConnected(): boolean {
    return this.socket !== undefined && !this.socket.connecting && !this.socket.destroyed;
  }

  /** Puts the card on the reader: connects now and, unless `reconnect: false`, whenever the link drops. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.delay = this.options.reconnectDelayMs ?? 50;
    this.open();
  }

  /** Resolves once connected to vpcd; rejects after `timeoutMs`. */
  waitUntilConnected(timeoutMs = 5000): Promise<void> {
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('connected', done);
        reject(new Error(`vpcd at ${this.host}:${this.port} did not accept the card within ${timeoutMs} ms (is pcscd running with the vpcd driver?)`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('connected', done);
    });
  }

  /** Takes the card off the reader: closes the link and stops reconnecting. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    if (!socket) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.destroy();
    await closed;
  }

  private open(): void {
    const socket = connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.setNoDelay(true);
    const decoder = new VpcdFrameDecoder();
    let linked = false;
    socket.once('connect', () => {
      linked = true;
      this.counters.connects++;
      this.delay = this.options.reconnectDelayMs ?? 50;
      this.options.applet.reset();
      this.emit('connected');
    });
    socket.on('data', (chunk) => {
      for (const payload of decoder.push(chunk)) this.enqueue(socket, classifyVpcdPayload(payload));
    });
    // Connection refused, reset by peer: 'close' follows and decides what happens next.
    socket.on('error', () => undefined);
    socket.once('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.options.applet.reset();
      if (linked) this.emit('disconnected');
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (!this.running || this.options.reconnect === false) return;
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, this.options.maxReconnectDelayMs ?? 1000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.running) this.open();
    }, delay);
  }

  private enqueue(socket: Socket, message: VpcdMessage): void {
    this.work = this.work.then(() => this.handle(socket, message));
  }

  private async handle(socket: Socket, message: VpcdMessage): Promise<void> {
    switch (message.kind) {
      case 'power-on':
        this.counters.powerOns++;
        this.options.applet.reset();
        return;
      case 'power-off':
        this.counters.powerOffs++;
        this.options.applet.reset();
        return;
      case 'reset':
        this.counters.resets++;
        this.options.applet.reset();
        return;
      case 'get-atr':
        this.counters.atrRequests++;
        this.send(socket, this.options.atr);
        return;
      case 'unknown-control':
      case 'empty':
        return;
      case 'apdu': {
        this.counters.apdus++;
        let response: Buffer;
        try {
          response = Buffer.from(await this.options.applet.process(message.apdu));
          if (response.length < 2 || response.length > 0xffff) throw new RangeError(`the applet answered ${response.length} bytes; a response APDU over vpcd has 2..65535`);
        } catch (e) {
          this.emit('applet-error', e);
          response = NO_PRECISE_DIAGNOSIS;
        }
        this.send(socket, response);
        this.emit('apdu', message.apdu, response);
        return;
      }
    }
  }

  private send(socket: Socket, payload: Buffer): void {
    if (socket.destroyed) return;
    socket.write(encodeVpcdFrame(payload));
  }
}
