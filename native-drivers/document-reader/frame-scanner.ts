/**
 * The byte-stream half of every document-reader framing: buffering, resynchronisation, garbage
 * reporting, the inter-byte timeout and the memory bound. A framing only supplies `inspect`, which
 * judges the bytes starting at a start byte.
 *
 * Resynchronisation rule: when an attempt is rejected only its start byte is dropped and the search
 * for the next start byte resumes right after it. Dropping the whole declared frame would be wrong
 * when the rejected "frame" was a stray start byte in line noise: the real frame that followed
 * would be swallowed. Bytes that were already part of a reported rejection are not reported a
 * second time as garbage.
 */
import type { DecodeResult, MrzFrameDecoder, RejectCode } from './decode-result.js';

export type Inspection =
  | { status: 'need-more' }
  /** `inspected`: how many bytes from the start byte the decision covers (at least 1). */
  | { status: 'reject'; code: RejectCode; reason: string; inspected: number }
  | { status: 'frame'; length: number; lines: string[] };

/**
 * Judges `buf`, whose first byte is the start byte. A frame longer than `maxFrameBytes` can never be
 * buffered whole, so the framing should reject it as soon as it can tell.
 */
export type InspectFrame = (buf: Buffer, maxFrameBytes: number) => Inspection;

export interface FrameScannerOptions {
  startByte: number;
  /** For messages, e.g. 'SOH'. */
  startName: string;
  inspect: InspectFrame;
  /** Upper bound on `bufferedBytes`. Default 4096. */
  maxBufferedBytes?: number;
  /** Silence after which a partial frame is rejected. Default 500 ms. */
  interByteTimeoutMs?: number;
  /** Monotonic milliseconds. Default `performance.now`. */
  now?: () => number;
}

export const DEFAULT_MAX_BUFFERED_BYTES = 4096;
export const DEFAULT_INTER_BYTE_TIMEOUT_MS = 500;
/** Garbage is counted, but only this much of it is kept for the rejection's `raw`. */
export const GARBAGE_SAMPLE_BYTES = 64;
const MIN_BUFFERED_BYTES = 256;

const EMPTY = Buffer.alloc(0);

export class FrameScanner implements MrzFrameDecoder {
  readonly #startByte: number;
  readonly #startName: string;
  readonly #inspect: InspectFrame;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  /** Room for the frame buffer; the rest of maxBufferedBytes is the garbage sample. */
  readonly #frameCap: number;

  #buf: Buffer = EMPTY;
  /** Leading bytes of #buf that an earlier rejection's `raw` already showed. */
  #covered = 0;
  #garbageSample: Buffer = EMPTY;
  #garbageCount = 0;
  #lastByteAt: number | undefined;

  constructor(opts: FrameScannerOptions) {
    const max = opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    if (!Number.isInteger(max) || max < MIN_BUFFERED_BYTES) {
      throw new RangeError(`maxBufferedBytes must be an integer >= ${MIN_BUFFERED_BYTES}, got ${max}`);
    }
    const timeout = opts.interByteTimeoutMs ?? DEFAULT_INTER_BYTE_TIMEOUT_MS;
    if (!(timeout > 0)) throw new RangeError(`interByteTimeoutMs must be > 0, got ${timeout}`);
    this.#startByte = opts.startByte;
    this.#startName = opts.startName;
    this.#inspect = opts.inspect;
    this.#now = opts.now ?? (() => performance.now());
    this.#timeoutMs = timeout;
    this.#frameCap = max - GARBAGE_SAMPLE_BYTES;
  }

  /** The largest frame this scanner can ever accept (framings reject longer ones up front). */
  get maxFrameBytes(): number {
    return this.#frameCap;
  }

  get bufferedBytes(): number {
    return this.#buf.length + this.#garbageSample.length;
  }

  get pendingDeadline(): number | undefined {
    if (this.#lastByteAt === undefined) return undefined;
    if (this.#buf.length === 0 && this.#garbageCount === 0) return undefined;
    return this.#lastByteAt + this.#timeoutMs;
  }

  push(chunk: Uint8Array): DecodeResult[] {
    if (!(chunk instanceof Uint8Array) || chunk.length === 0) return [];
    const now = this.#now();
    const out = this.flushStale(now);
    this.#lastByteAt = now;
    let offset = 0;
    while (offset < chunk.length) {
      // #drain leaves #buf shorter than #frameCap, so there is always room for at least one byte.
      const take = Math.min(this.#frameCap - this.#buf.length, chunk.length - offset);
      this.#buf = Buffer.concat([this.#buf, chunk.subarray(offset, offset + take)]);
      offset += take;
      this.#drain(out);
    }
    return out;
  }

  flushStale(now: number = this.#now()): DecodeResult[] {
    const deadline = this.pendingDeadline;
    if (deadline === undefined || now < deadline) return [];
    return this.flush();
  }

  flush(): DecodeResult[] {
    const out: DecodeResult[] = [];
    this.#reportGarbage(out);
    if (this.#buf.length > 0) {
      out.push({
        kind: 'rejected',
        code: 'partial-frame',
        reason: `partial frame: ${this.#buf.length} bytes then silence`,
        raw: Buffer.from(this.#buf),
      });
    }
    this.#buf = EMPTY;
    this.#covered = 0;
    return out;
  }

  #drain(out: DecodeResult[]): void {
    for (;;) {
      if (this.#buf.length === 0) return;
      if (this.#buf[0] !== this.#startByte) {
        const next = this.#buf.indexOf(this.#startByte);
        this.#discardGarbage(next < 0 ? this.#buf.length : next, out);
        if (this.#buf.length === 0) return;
      }
      this.#reportGarbage(out);

      const verdict = this.#safeInspect();
      if (verdict.status === 'need-more') {
        if (this.#buf.length < this.#frameCap) return;
        this.#reject(out, 'oversize', `no complete frame within ${this.#frameCap} bytes`, this.#buf.length);
      } else if (verdict.status === 'reject') {
        this.#reject(out, verdict.code, verdict.reason, verdict.inspected);
      } else {
        out.push({ kind: 'mrz', lines: verdict.lines, raw: Buffer.from(this.#buf.subarray(0, verdict.length)) });
        this.#drop(verdict.length);
      }
    }
  }

  #safeInspect(): Inspection {
    try {
      const v = this.#inspect(this.#buf, this.#frameCap);
      if (v.status === 'frame' && !(v.length >= 1 && v.length <= this.#buf.length)) {
        return { status: 'reject', code: 'internal', reason: `decoder returned frame length ${v.length}`, inspected: 1 };
      }
      return v;
    } catch (err) {
      return { status: 'reject', code: 'internal', reason: `decoder error: ${String(err)}`, inspected: 1 };
    }
  }

  #reject(out: DecodeResult[], code: RejectCode, reason: string, inspected: number): void {
    const n = Math.min(Math.max(1, Math.floor(inspected) || 1), this.#buf.length);
    out.push({ kind: 'rejected', code, reason, raw: Buffer.from(this.#buf.subarray(0, n)) });
    this.#drop(1);
    this.#covered = Math.max(this.#covered, n - 1);
  }

  #discardGarbage(count: number, out: DecodeResult[]): void {
    const silent = Math.min(this.#covered, count);
    const fresh = this.#buf.subarray(silent, count);
    if (fresh.length > 0) {
      this.#garbageCount += fresh.length;
      const room = GARBAGE_SAMPLE_BYTES - this.#garbageSample.length;
      if (room > 0) this.#garbageSample = Buffer.concat([this.#garbageSample, fresh.subarray(0, room)]);
      // Report long noise in slices so a babbling line still shows up promptly in diagnostics.
      if (this.#garbageCount >= this.#frameCap) this.#reportGarbage(out);
    }
    this.#drop(count);
  }

  #reportGarbage(out: DecodeResult[]): void {
    if (this.#garbageCount === 0) return;
    out.push({
      kind: 'rejected',
      code: 'garbage',
      reason: `${this.#garbageCount} byte(s) of garbage before ${this.#startName}`,
      raw: this.#garbageSample,
    });
    this.#garbageCount = 0;
    this.#garbageSample = EMPTY;
  }

  #drop(count: number): void {
    this.#buf = this.#buf.subarray(count);
    this.#covered = Math.max(0, this.#covered - count);
    if (this.#buf.length === 0) this.#buf = EMPTY;
  }
}

/** Printable ASCII: what an OCR line may contain, including the characters a reader substitutes for unreadable ones. */
export function isPrintableAscii(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e;
}

export function hexByte(byte: number | undefined): string {
  return byte === undefined ? 'nothing' : `0x${byte.toString(16).padStart(2, '0')}`;
}
