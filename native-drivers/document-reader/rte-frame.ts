/**
 * 3M RTE "native" serial protocol: one unsolicited message per document read, nothing sent to the
 * device. Only the outline of the framing is public; the parts that are not are decisions made here,
 * each marked DECISION, so that fitting a real device is a change in one place.
 *
 *   offset  bytes  value
 *   0       1      SOH 0x01
 *   1       1      length, low byte
 *   2       1      length, high byte. 14-bit field: the top two bits must be 0.
 *   3       1      'O' 0x4f  optical (OCR) source
 *   4       1      'U' 0x55  unsolicited
 *   5       1      STX 0x02
 *   6       1      flag byte (any value; carried, not interpreted)
 *   7       n      data: line1 CR line2 CR line3 CR, printable ASCII 0x20..0x7e
 *   7+n     1      ETX 0x03
 *   8+n     1      BCC (absent when bcc = 'none')
 *
 * DECISION length: `length = lo | hi << 8` counts the bytes from 'O' through ETX inclusive, i.e.
 *   n + 5. A whole frame is therefore length + 4 bytes (length + 3 with bcc 'none').
 * DECISION BCC ('xor', the default): XOR of every byte after SOH up to and including ETX (the two
 *   length bytes, 'O', 'U', STX, flag, data and ETX). 'none': no BCC byte is sent or expected.
 *   'unchecked': a BCC byte is present but not verified (for a device whose algorithm is unknown).
 * Data: always three CR-terminated lines; missing top lines are sent empty so the bottom line is
 *   line 3. Three-line (TD1) documents are padded with '_' to 30 characters, one- and two-line
 *   documents (TD2, TD3) to 44. The decoder strips trailing '_' and drops empty leading lines.
 */
import type { MrzFrameDecoder } from './decode-result.js';
import { FrameScanner, hexByte, isPrintableAscii, type Inspection } from './frame-scanner.js';

export const SOH = 0x01;
export const STX = 0x02;
export const ETX = 0x03;
export const CR = 0x0d;
const OPTICAL = 0x4f; // 'O'
const UNSOLICITED = 0x55; // 'U'

export type RteBccMode = 'xor' | 'none' | 'unchecked';

export const RTE_LINE_COUNT = 3;
export const RTE_TD1_WIDTH = 30;
export const RTE_TWO_LINE_WIDTH = 44;
export const RTE_PAD = '_';
/** SOH + two length bytes before the counted part. */
const HEADER_BYTES = 3;
/** 'O' 'U' STX flag ETX around the data. */
const LENGTH_OVERHEAD = 5;
/** Three empty lines: the smallest data that is still well-formed. */
const MIN_LENGTH = LENGTH_OVERHEAD + RTE_LINE_COUNT;
const MAX_LENGTH = 0x3fff;

export interface RteEncodeOptions {
  bcc?: RteBccMode;
  /** Default 0x00. */
  flag?: number;
  /** Override the padding width (default 30 for three lines, 44 otherwise). */
  padTo?: number;
}

/** The XOR checksum over `bytes` (callers pass length bytes through ETX). */
export function rteXorBcc(bytes: Uint8Array): number {
  let bcc = 0;
  for (const b of bytes) bcc ^= b;
  return bcc;
}

/**
 * One RTE message for the given MRZ lines (1 to 3, top to bottom). Throws RangeError for input no
 * reader could send; it is for simulators and tests, not for parsing.
 */
export function encodeRteFrame(lines: readonly string[], opts: RteEncodeOptions = {}): Buffer {
  if (lines.length < 1 || lines.length > RTE_LINE_COUNT) {
    throw new RangeError(`an RTE frame carries 1 to ${RTE_LINE_COUNT} lines, got ${lines.length}`);
  }
  const width = opts.padTo ?? (lines.length === RTE_LINE_COUNT ? RTE_TD1_WIDTH : RTE_TWO_LINE_WIDTH);
  const flag = opts.flag ?? 0x00;
  if (!Number.isInteger(flag) || flag < 0 || flag > 0xff) throw new RangeError(`flag must be a byte, got ${flag}`);
  const bcc = opts.bcc ?? 'xor';

  const padded = [...Array<string>(RTE_LINE_COUNT - lines.length).fill(''), ...lines].map((line, i) => {
    if (line.length > width) throw new RangeError(`line ${i + 1} is ${line.length} characters, more than ${width}`);
    for (let c = 0; c < line.length; c++) {
      if (!isPrintableAscii(line.charCodeAt(c))) throw new RangeError(`line ${i + 1} has a non-printable character at ${c}`);
    }
    return line.length === 0 ? '' : line.padEnd(width, RTE_PAD);
  });
  const data = Buffer.from(padded.map((l) => `${l}\r`).join(''), 'latin1');
  const length = data.length + LENGTH_OVERHEAD;
  if (length > MAX_LENGTH) throw new RangeError(`frame length ${length} does not fit in 14 bits`);

  const frame = Buffer.alloc(HEADER_BYTES + length + (bcc === 'none' ? 0 : 1));
  frame[0] = SOH;
  frame[1] = length & 0xff;
  frame[2] = length >> 8;
  frame[3] = OPTICAL;
  frame[4] = UNSOLICITED;
  frame[5] = STX;
  frame[6] = flag;
  data.copy(frame, 7);
  frame[HEADER_BYTES + length - 1] = ETX;
  if (bcc !== 'none') frame[HEADER_BYTES + length] = rteXorBcc(frame.subarray(1, HEADER_BYTES + length));
  return frame;
}

/** Inspect one RTE attempt (buf[0] is SOH), checking each byte as soon as it is there. */
export function inspectRteFrame(buf: Buffer, bcc: RteBccMode, maxFrameBytes: number): Inspection {
  if (buf.length < HEADER_BYTES) return { status: 'need-more' };
  const lo = buf[1]!;
  const hi = buf[2]!;
  if (hi & 0xc0) {
    return { status: 'reject', code: 'bad-length', reason: `length high byte ${hexByte(hi)} has reserved bits set`, inspected: 3 };
  }
  const length = lo | (hi << 8);
  if (length < MIN_LENGTH) {
    return { status: 'reject', code: 'bad-length', reason: `length ${length} is below the minimum ${MIN_LENGTH}`, inspected: 3 };
  }
  const total = HEADER_BYTES + length + (bcc === 'none' ? 0 : 1);
  if (total > maxFrameBytes) {
    return { status: 'reject', code: 'oversize', reason: `declared frame of ${total} bytes exceeds the ${maxFrameBytes}-byte limit`, inspected: 3 };
  }
  const etxAt = HEADER_BYTES + length - 1;
  const end = Math.min(buf.length, total);
  for (let i = HEADER_BYTES; i < end; i++) {
    const b = buf[i]!;
    const bad = (code: 'bad-header' | 'missing-stx' | 'non-printable' | 'missing-etx', what: string): Inspection => ({
      status: 'reject',
      code,
      reason: `${what} at offset ${i}, got ${hexByte(b)}`,
      inspected: i + 1,
    });
    if (i === 3 && b !== OPTICAL) return bad('bad-header', "expected 'O' (optical)");
    if (i === 4 && b !== UNSOLICITED) return bad('bad-header', "expected 'U' (unsolicited)");
    if (i === 5 && b !== STX) return bad('missing-stx', 'expected STX');
    if (i > 6 && i < etxAt && b !== CR && !isPrintableAscii(b)) return bad('non-printable', 'non-printable data byte');
    if (i === etxAt && b !== ETX) return bad('missing-etx', `expected ETX (declared length ${length})`);
  }
  if (buf.length < total) return { status: 'need-more' };

  if (bcc === 'xor') {
    const expected = rteXorBcc(buf.subarray(1, etxAt + 1));
    const got = buf[etxAt + 1];
    if (got !== expected) {
      return { status: 'reject', code: 'bad-bcc', reason: `bad BCC: expected ${hexByte(expected)}, got ${hexByte(got)}`, inspected: total };
    }
  }
  return parseLines(buf.toString('latin1', 7, etxAt), total);
}

function parseLines(data: string, total: number): Inspection {
  const parts = data.split('\r');
  // A well-formed body is exactly three CR-terminated lines: split gives three lines and a final ''.
  if (parts.length !== RTE_LINE_COUNT + 1 || parts[RTE_LINE_COUNT] !== '') {
    const crs = parts.length - 1;
    return { status: 'reject', code: 'bad-lines', reason: `expected ${RTE_LINE_COUNT} CR-terminated lines, found ${crs} CR(s)`, inspected: total };
  }
  const lines = parts.slice(0, RTE_LINE_COUNT).map((l) => l.replace(/_+$/, ''));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  if (lines.length === 0) return { status: 'reject', code: 'bad-lines', reason: 'all three lines are empty', inspected: total };
  return { status: 'frame', length: total, lines };
}

export interface RteFrameDecoderOptions {
  bcc?: RteBccMode;
  maxBufferedBytes?: number;
  interByteTimeoutMs?: number;
  now?: () => number;
}

/** Incremental RTE decoder: feed it whatever the port delivers; it never throws and never grows past its cap. */
export class RteFrameDecoder extends FrameScanner implements MrzFrameDecoder {
  constructor(opts: RteFrameDecoderOptions = {}) {
    const bcc = opts.bcc ?? 'xor';
    if (bcc !== 'xor' && bcc !== 'none' && bcc !== 'unchecked') throw new RangeError(`unknown BCC mode ${String(bcc)}`);
    super({
      startByte: SOH,
      startName: 'SOH',
      maxBufferedBytes: opts.maxBufferedBytes,
      interByteTimeoutMs: opts.interByteTimeoutMs,
      now: opts.now,
      inspect: (buf, maxFrameBytes) => inspectRteFrame(buf, bcc, maxFrameBytes),
    });
  }
}
