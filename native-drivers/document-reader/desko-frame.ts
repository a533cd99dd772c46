/**
 * Desko "CUTE" serial framing: `<SOD><STX>line1 CR line2 CR [line3 CR]<ETX><EOD>`, at most 1024
 * data characters, lines of 7 to 44 characters, no length field and no checksum. Lines are sent
 * even when characters failed recognition, so any printable ASCII is accepted.
 *
 * The SOD/EOD byte values are not public: they are options. The defaults (FS 0x1c / GS 0x1d) are
 * placeholders chosen only because they cannot occur in MRZ text; set the values from the device.
 */
import type { MrzFrameDecoder } from './decode-result.js';
import { FrameScanner, hexByte, isPrintableAscii, type Inspection } from './frame-scanner.js';
import { CR, ETX, STX } from './rte-frame.js';

export const DESKO_DEFAULT_SOD = 0x1c;
export const DESKO_DEFAULT_EOD = 0x1d;
export const DESKO_MAX_DATA = 1024;
const MIN_LINES = 2;
const MAX_LINES = 3;
const MIN_LINE = 7;
const MAX_LINE = 44;

export interface DeskoFramingOptions {
  sod?: number;
  eod?: number;
}

export function encodeDeskoFrame(lines: readonly string[], opts: DeskoFramingOptions = {}): Buffer {
  const data = lines.map((l) => `${l}\r`).join('');
  return Buffer.concat([
    Buffer.from([opts.sod ?? DESKO_DEFAULT_SOD, STX]),
    Buffer.from(data, 'latin1'),
    Buffer.from([ETX, opts.eod ?? DESKO_DEFAULT_EOD]),
  ]);
}

export function inspectDeskoFrame(buf: Buffer, eod: number, maxFrameBytes: number): Inspection {
  const reject = (code: 'missing-stx' | 'missing-eod' | 'non-printable' | 'oversize' | 'bad-lines', reason: string, inspected: number): Inspection => ({
    status: 'reject',
    code,
    reason,
    inspected,
  });
  const maxData = Math.min(DESKO_MAX_DATA, maxFrameBytes - 4);
  if (buf.length < 2) return { status: 'need-more' };
  if (buf[1] !== STX) return reject('missing-stx', `expected STX at offset 1, got ${hexByte(buf[1])}`, 2);
  for (let i = 2; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === ETX) {
      if (i + 1 >= buf.length) return { status: 'need-more' };
      if (buf[i + 1] !== eod) return reject('missing-eod', `expected EOD at offset ${i + 1}, got ${hexByte(buf[i + 1])}`, i + 2);
      return parseLines(buf.toString('latin1', 2, i), i + 2);
    }
    if (i - 2 >= maxData) return reject('oversize', `more than ${maxData} data bytes without ETX`, i + 1);
    if (b !== CR && !isPrintableAscii(b)) return reject('non-printable', `non-printable data byte at offset ${i}, got ${hexByte(b)}`, i + 1);
  }
  return { status: 'need-more' };
}

function parseLines(data: string, total: number): Inspection {
  const parts = data.split('\r');
  const lines = parts.slice(0, -1);
  if (parts[parts.length - 1] !== '' || lines.length < MIN_LINES || lines.length > MAX_LINES) {
    return { status: 'reject', code: 'bad-lines', reason: `expected ${MIN_LINES} or ${MAX_LINES} CR-terminated lines, found ${parts.length - 1} CR(s)`, inspected: total };
  }
  const badLine = lines.findIndex((l) => l.length < MIN_LINE || l.length > MAX_LINE);
  if (badLine >= 0) {
    return { status: 'reject', code: 'bad-lines', reason: `line ${badLine + 1} is ${lines[badLine]!.length} characters, outside ${MIN_LINE}-${MAX_LINE}`, inspected: total };
  }
  return { status: 'frame', length: total, lines };
}

export interface DeskoFrameDecoderOptions extends DeskoFramingOptions {
  maxBufferedBytes?: number;
  interByteTimeoutMs?: number;
  now?: () => number;
}

export class DeskoFrameDecoder extends FrameScanner implements MrzFrameDecoder {
  constructor(opts: DeskoFrameDecoderOptions = {}) {
    const sod = opts.sod ?? DESKO_DEFAULT_SOD;
    const eod = opts.eod ?? DESKO_DEFAULT_EOD;
    for (const [name, v] of [['sod', sod], ['eod', eod]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 0xff || v === STX || v === ETX || v === CR) {
        throw new RangeError(`${name} must be a byte other than STX, ETX and CR, got ${v}`);
      }
    }
    super({
      startByte: sod,
      startName: 'SOD',
      maxBufferedBytes: opts.maxBufferedBytes,
      interByteTimeoutMs: opts.interByteTimeoutMs,
      now: opts.now,
      inspect: (buf, maxFrameBytes) => inspectDeskoFrame(buf, eod, maxFrameBytes),
    });
  }
}
