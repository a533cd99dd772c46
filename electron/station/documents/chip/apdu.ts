/**
 * Command and response APDUs (ISO/IEC 7816-3 §12.1, 7816-4 §5.1): short and extended length cases.
 * The transport is injected as `Transmit`, so the protocol code runs the same over PC/SC, a simulator
 * or a scripted test peer.
 */
import { ChipDataError } from './errors.js';

/** Sends one command APDU and resolves with the response APDU (data ‖ SW1 SW2). */
export type Transmit = (apdu: Buffer) => Promise<Buffer>;

export class ApduError extends ChipDataError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'ApduError';
  }
}

/** The chip answered with a status word other than the one the protocol step needs. */
export class ChipStatusError extends ChipDataError {
  readonly sw: number;
  constructor(step: string, sw: number) {
    super('unexpected_status', `${step}: the chip answered ${swHex(sw)}${SW_MEANING[sw] ? ` (${SW_MEANING[sw]})` : ''}`);
    this.name = 'ChipStatusError';
    this.sw = sw;
  }
}

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Buffer;
  /** Expected response length Ne: 1..65536; 256 is written as 00 in short form. Absent: no Le field. */
  readonly le?: number;
}

export interface ResponseApdu {
  readonly data: Buffer;
  readonly sw: number;
}

export const SW_OK = 0x9000;

const SW_MEANING: Readonly<Record<number, string>> = {
  0x6282: 'end of file reached before Le bytes',
  0x6300: 'authentication failed',
  0x6700: 'wrong length',
  0x6982: 'security status not satisfied',
  0x6983: 'authentication method blocked',
  0x6984: 'reference data not usable',
  0x6985: 'conditions of use not satisfied',
  0x6987: 'expected secure messaging data objects missing',
  0x6988: 'secure messaging data objects incorrect',
  0x6a80: 'incorrect data field',
  0x6a82: 'file not found',
  0x6a86: 'incorrect P1/P2',
  0x6a88: 'referenced data not found',
  0x6d00: 'instruction not supported',
  0x6e00: 'class not supported',
};

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

function byte(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xff) throw new ApduError('bad_field', `${what} ${n} is not a byte`);
  return n;
}

/** Encodes a command APDU, choosing extended length only when the data or Le need it. */
export function encodeCommandApdu(c: CommandApdu): Buffer {
  const header = Buffer.from([byte(c.cla, 'CLA'), byte(c.ins, 'INS'), byte(c.p1, 'P1'), byte(c.p2, 'P2')]);
  const data = c.data && c.data.length > 0 ? c.data : undefined;
  if (data && data.length > 65535) throw new ApduError('bad_length', 'command data longer than 65535 bytes');
  if (c.le !== undefined && (!Number.isInteger(c.le) || c.le < 1 || c.le > 65536)) throw new ApduError('bad_length', `Le ${c.le} out of range`);
  const extended = (data !== undefined && data.length > 255) || (c.le !== undefined && c.le > 256);
  const parts: Buffer[] = [header];
  if (!extended) {
    if (data) parts.push(Buffer.from([data.length]), data);
    if (c.le !== undefined) parts.push(Buffer.from([c.le === 256 ? 0 : c.le]));
  } else {
    if (data) parts.push(Buffer.from([0, data.length >> 8, data.length & 0xff]), data);
    if (c.le !== undefined) {
      const le = c.le === 65536 ? 0 : c.le;
      parts.push(data ? Buffer.from([le >> 8, le & 0xff]) : Buffer.from([0, le >> 8, le & 0xff]));
    }
  }
  return Buffer.concat(parts);
}

/** Parses a command APDU in any of the ISO 7816-3 cases (1, 2S, 3S, 4S, 2E, 3E, 4E). */
export function parseCommandApdu(b: Buffer): CommandApdu {
  if (b.length < 4) throw new ApduError('truncated', 'a command APDU has at least 4 bytes');
  const [cla, ins, p1, p2] = [b[0], b[1], b[2], b[3]] as [number, number, number, number];
  const body = b.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2 };
  if (body.length === 1) return { cla, ins, p1, p2, le: body[0] === 0 ? 256 : body[0] };
  const b0 = body[0] as number;
  if (b0 !== 0) {
    const lc = b0;
    if (body.length === 1 + lc) return { cla, ins, p1, p2, data: body.subarray(1) };
    if (body.length === 2 + lc) {
      const le = body[1 + lc] as number;
      return { cla, ins, p1, p2, data: body.subarray(1, 1 + lc), le: le === 0 ? 256 : le };
    }
    throw new ApduError('bad_length', `Lc ${lc} does not match the ${body.length - 1} bytes that follow`);
  }
  if (body.length === 3) {
    const le = body.readUInt16BE(1);
    return { cla, ins, p1, p2, le: le === 0 ? 65536 : le };
  }
  if (body.length < 3) throw new ApduError('bad_length', 'truncated extended length');
  const lc = body.readUInt16BE(1);
  if (lc === 0) throw new ApduError('bad_length', 'extended Lc of zero');
  if (body.length === 3 + lc) return { cla, ins, p1, p2, data: body.subarray(3) };
  if (body.length === 5 + lc) {
    const le = body.readUInt16BE(3 + lc);
    return { cla, ins, p1, p2, data: body.subarray(3, 3 + lc), le: le === 0 ? 65536 : le };
  }
  throw new ApduError('bad_length', `extended Lc ${lc} does not match the ${body.length - 3} bytes that follow`);
}

export function parseResponseApdu(b: Buffer): ResponseApdu {
  if (b.length < 2) throw new ApduError('truncated', `a response APDU has at least 2 bytes, got ${b.length}`);
  return { data: b.subarray(0, b.length - 2), sw: b.readUInt16BE(b.length - 2) };
}

export function encodeResponseApdu(r: ResponseApdu): Buffer {
  const sw = Buffer.alloc(2);
  sw.writeUInt16BE(r.sw);
  return Buffer.concat([r.data, sw]);
}

/** Sends a command and returns the response, requiring 9000. */
export async function exchange(transmit: Transmit, step: string, command: CommandApdu): Promise<Buffer> {
  const response = parseResponseApdu(await transmit(encodeCommandApdu(command)));
  if (response.sw !== SW_OK) throw new ChipStatusError(step, response.sw);
  return response.data;
}
