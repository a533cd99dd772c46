/**
 * Plays a 3M RTE reader on a serial port (normally the far end of a pty pair): each swipe writes the
 * message the device would send, optionally in small pieces and with the faults real lines produce.
 */
import type { SerialPort } from 'serialport';
import { encodeRteFrame, type RteBccMode } from '../document-reader/rte-frame.js';
import { closeSerialPort, openSerialPort, writeAndDrain } from '../serial/serial-port-promises.js';

export interface RteSimulatorOptions {
  path: string;
  /** Default 9600. */
  baudRate?: number;
  /** Must match the reader's setting. Default 'xor'. */
  bcc?: RteBccMode;
  /** Flag byte in every frame. Default 0x00. */
  flag?: number;
}

export interface SwipeOptions {
  /** Write the bytes in pieces of this size, draining after each, to exercise partial reads. */
  chunkSize?: number;
  /** Awaited after each piece: lets a test wait until the reader has consumed it. */
  afterChunk?: (sentBytes: number, totalBytes: number) => void | Promise<void>;
  /** Invert the BCC byte (needs a BCC mode that sends one). */
  corruptBcc?: boolean;
  /** Leave this many bytes off the end of the frame, as if the cable was pulled mid-message. */
  truncate?: number;
  /** Line noise sent just before the frame. */
  garbageBefore?: Uint8Array;
}

export class RteDocumentReaderSimulator {
  readonly #opts: RteSimulatorOptions;
  #port: SerialPort | undefined;
  /** Swipes go out one after another, never interleaved. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: RteSimulatorOptions) {
    this.#opts = opts;
  }

  async open(): Promise<void> {
    if (this.#port) return;
    this.#port = await openSerialPort(this.#opts.path, this.#opts.baudRate ?? 9600);
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    if (port) await closeSerialPort(port);
  }

  /** The exact bytes a swipe with these options sends. */
  bytesFor(lines: readonly string[], opts: SwipeOptions = {}): Buffer {
    const bcc = this.#opts.bcc ?? 'xor';
    let frame = encodeRteFrame(lines, { bcc, flag: this.#opts.flag });
    if (opts.corruptBcc) {
      if (bcc === 'none') throw new RangeError("corruptBcc needs a BCC byte; this simulator uses bcc 'none'");
      frame[frame.length - 1]! ^= 0xff;
    }
    if (opts.truncate !== undefined) {
      if (!Number.isInteger(opts.truncate) || opts.truncate < 0 || opts.truncate >= frame.length) {
        throw new RangeError(`truncate must be 0..${frame.length - 1}, got ${opts.truncate}`);
      }
      frame = frame.subarray(0, frame.length - opts.truncate);
    }
    return opts.garbageBefore ? Buffer.concat([opts.garbageBefore, frame]) : frame;
  }

  /** Send one document read. Resolves when every byte has been written and drained. */
  swipe(lines: readonly string[], opts: SwipeOptions = {}): Promise<void> {
    const run = this.#queue.then(() => this.#send(this.bytesFor(lines, opts), opts));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #send(bytes: Buffer, opts: SwipeOptions): Promise<void> {
    const port = this.#port;
    if (!port) throw new Error('simulator is not open');
    const size = opts.chunkSize ?? bytes.length;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunkSize must be a positive integer, got ${size}`);
    for (let at = 0; at < bytes.length; at += size) {
      const piece = bytes.subarray(at, at + size);
      await writeAndDrain(port, piece);
      await opts.afterChunk?.(at + piece.length, bytes.length);
    }
  }
}
