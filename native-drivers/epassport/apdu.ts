/**
 * ISO/IEC 7816-4 APDUs: the command codec for every length case, response parsing, status words,
 * and the interindustry command builders the chip reader needs (SELECT, READ BINARY, GET RESPONSE).
 *
 * Length rules (ISO/IEC 7816-4:2013 §5.1, the same table as 7816-3:2006 §12.1.3):
 *   case 1   CLA INS P1 P2                          no data, no response data
 *   case 2S  … Le                                   Le one byte, 00 means Ne = 256
 *   case 3S  … Lc Data                              Lc one byte 01..FF
 *   case 4S  … Lc Data Le
 *   case 2E  … 00 Le1 Le2                           Le two bytes, 0000 means Ne = 65536
 *   case 3E  … 00 Lc1 Lc2 Data                      Lc two bytes 0001..FFFF
 *   case 4E  … 00 Lc1 Lc2 Data Le1 Le2              (no 00 before Le: the Lc prefix covers both)
 * Lc and Le are either both short or both extended; extended is needed when Nc > 255 or Ne > 256.
 *
 * The one APDU module for the reader transport, the ePassport protocol and the simulated chip. The
 * transport is injected as `Transmit`, so protocol code runs the same over PC/SC, a simulated chip or
 * a scripted test peer. Errors are `ChipDataError`s: the bytes came from (or go to) a chip.
 */
import { ChipDataError } from './errors.js';

/** Sends one command APDU and resolves with the whole response APDU (data ‖ SW1 SW2). */
export type Transmit = (apdu: Buffer) => Promise<Buffer>;

export type ApduErrorCode =
  /** The caller asked for an APDU that cannot be encoded (a field out of range). */
  | 'INVALID_COMMAND'
  /** Bytes that claim to be a command APDU do not follow any of the seven cases. */
  | 'MALFORMED_COMMAND'
  /** The card's answer is not a response APDU (fewer than two bytes, or a broken wrapper). */
  | 'MALFORMED_RESPONSE'
  /** The card answered a status word the operation cannot go on with. */
  | 'STATUS'
  /** The card broke the protocol (endless GET RESPONSE, a file shorter than its own header). */
  | 'PROTOCOL';

export class ApduError extends ChipDataError {
  declare readonly code: ApduErrorCode;
  /** The status word, for `STATUS` errors. */
  readonly sw: number | undefined;
  constructor(code: ApduErrorCode, message: string, sw?: number) {
    super(code, sw === undefined ? message : `${message} (SW ${swHex(sw)}${SW_MEANING[sw] ? `: ${SW_MEANING[sw]}` : ''})`);
    this.name = 'ApduError';
    this.sw = sw;
  }
}

/** The chip answered a protocol step with a status word other than 9000 (`code` is `STATUS`). */
export class ChipStatusError extends ApduError {
  declare readonly sw: number;
  /** `step` names what was attempted: "SELECT EF.COM", "EXTERNAL AUTHENTICATE". */
  constructor(step: string, sw: number) {
    super('STATUS', `${step} failed`, sw);
    this.name = 'ChipStatusError';
  }
}

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data (Nc = its length, 0..65535). Empty and absent mean the same: no Lc field. */
  readonly data?: Buffer;
  /** Ne, the maximum number of response data bytes expected: 1..65536. Absent: no Le field. */
  readonly le?: number;
}

export interface ResponseApdu {
  readonly data: Buffer;
  /** SW1 ‖ SW2 as one number, e.g. 0x9000. */
  readonly sw: number;
}

export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  AUTHENTICATION_FAILED: 0x6300,
  WRONG_LENGTH: 0x6700,
  SM_NOT_SUPPORTED: 0x6882,
  CHAINING_NOT_SUPPORTED: 0x6884,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTHENTICATION_BLOCKED: 0x6983,
  REFERENCE_DATA_NOT_USABLE: 0x6984,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  NO_CURRENT_EF: 0x6986,
  SM_DATA_MISSING: 0x6987,
  SM_DATA_INCORRECT: 0x6988,
  INCORRECT_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  WRONG_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

const SW_MEANING: Readonly<Record<number, string>> = {
  [SW.OK]: 'success',
  [SW.END_OF_FILE]: 'end of file reached before reading Ne bytes',
  [SW.AUTHENTICATION_FAILED]: 'authentication failed',
  [SW.WRONG_LENGTH]: 'wrong length',
  [SW.SM_NOT_SUPPORTED]: 'secure messaging not supported',
  [SW.CHAINING_NOT_SUPPORTED]: 'command chaining not supported',
  [SW.SECURITY_STATUS_NOT_SATISFIED]: 'security status not satisfied',
  [SW.AUTHENTICATION_BLOCKED]: 'authentication method blocked',
  [SW.REFERENCE_DATA_NOT_USABLE]: 'reference data not usable',
  [SW.CONDITIONS_NOT_SATISFIED]: 'conditions of use not satisfied',
  [SW.NO_CURRENT_EF]: 'command not allowed: no current EF',
  [SW.SM_DATA_MISSING]: 'expected secure messaging data objects missing',
  [SW.SM_DATA_INCORRECT]: 'incorrect secure messaging data objects',
  [SW.INCORRECT_DATA]: 'incorrect parameters in the data field',
  [SW.FILE_NOT_FOUND]: 'file or application not found',
  [SW.INCORRECT_P1P2]: 'incorrect parameters P1-P2',
  [SW.REFERENCED_DATA_NOT_FOUND]: 'referenced data not found',
  [SW.WRONG_OFFSET]: 'wrong parameters: offset outside the EF',
  [SW.INS_NOT_SUPPORTED]: 'instruction not supported',
  [SW.CLA_NOT_SUPPORTED]: 'class not supported',
  [SW.NO_PRECISE_DIAGNOSIS]: 'no precise diagnosis',
};

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

export function describeSw(sw: number): string {
  const meaning = SW_MEANING[sw] ?? (sw >> 8 === 0x61 ? `${sw & 0xff || 256} more bytes available` : sw >> 8 === 0x6c ? `wrong Le, exact length ${sw & 0xff || 256}` : undefined);
  return meaning ? `${swHex(sw)} (${meaning})` : swHex(sw);
}

function checkByte(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new ApduError('INVALID_COMMAND', `${field} must be a byte, got ${value}`);
  return value;
}

export interface EncodeOptions {
  /** Use extended length fields even when short ones would do (some protocols require it). */
  readonly forceExtended?: boolean;
}

/** True when the command needs extended length fields (Nc > 255 or Ne > 256). */
export function needsExtendedLength(command: CommandApdu): boolean {
  return (command.data?.length ?? 0) > 255 || (command.le ?? 0) > 256;
}

/** Encodes a command APDU in the shortest case that can carry it (or extended when forced). */
export function encodeCommandApdu(command: CommandApdu, options: EncodeOptions = {}): Buffer {
  const header = [checkByte(command.cla, 'CLA'), checkByte(command.ins, 'INS'), checkByte(command.p1, 'P1'), checkByte(command.p2, 'P2')];
  const nc = command.data?.length ?? 0;
  const ne = command.le;
  if (nc > 65535) throw new ApduError('INVALID_COMMAND', `command data of ${nc} bytes exceeds the extended Lc limit of 65535`);
  if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > 65536)) throw new ApduError('INVALID_COMMAND', `Ne must be 1..65536, got ${ne}`);
  const extended = options.forceExtended === true ? nc > 0 || ne !== undefined : needsExtendedLength(command);
  const parts: Buffer[] = [Buffer.from(header)];
  if (!extended) {
    if (nc > 0) parts.push(Buffer.from([nc]), command.data as Buffer);
    if (ne !== undefined) parts.push(Buffer.from([ne & 0xff])); // 256 → 00
    return Buffer.concat(parts);
  }
  if (nc > 0) parts.push(Buffer.from([0x00, nc >> 8, nc & 0xff]), command.data as Buffer);
  if (ne !== undefined) {
    const le = ne & 0xffff; // 65536 → 0000
    parts.push(nc > 0 ? Buffer.from([le >> 8, le & 0xff]) : Buffer.from([0x00, le >> 8, le & 0xff]));
  }
  return Buffer.concat(parts);
}

/** The decoded command plus whether its length fields were extended (a card may refuse those). */
export interface DecodedCommandApdu extends CommandApdu {
  readonly extended: boolean;
}

/** Decodes a command APDU of any case (for card simulators and tests). Throws `ApduError` only. */
export function decodeCommandApdu(apdu: Buffer): DecodedCommandApdu {
  if (apdu.length < 4) throw new ApduError('MALFORMED_COMMAND', `a command APDU has at least 4 bytes, got ${apdu.length}`);
  const head = { cla: apdu[0] as number, ins: apdu[1] as number, p1: apdu[2] as number, p2: apdu[3] as number };
  const body = apdu.subarray(4);
  const n = body.length;
  if (n === 0) return { ...head, extended: false }; // case 1
  const b0 = body[0] as number;
  if (n === 1) return { ...head, le: b0 === 0 ? 256 : b0, extended: false }; // case 2S
  if (b0 !== 0) {
    if (n === 1 + b0) return { ...head, data: body.subarray(1), extended: false }; // case 3S
    if (n === 2 + b0) {
      const le = body[n - 1] as number;
      return { ...head, data: body.subarray(1, 1 + b0), le: le === 0 ? 256 : le, extended: false }; // case 4S
    }
    throw new ApduError('MALFORMED_COMMAND', `short Lc ${b0} does not fit the ${n - 1} bytes after it`);
  }
  if (n === 3) {
    const le = body.readUInt16BE(1);
    return { ...head, le: le === 0 ? 65536 : le, extended: true }; // case 2E
  }
  if (n < 3) throw new ApduError('MALFORMED_COMMAND', 'truncated extended length field');
  const nc = body.readUInt16BE(1);
  if (nc === 0) throw new ApduError('MALFORMED_COMMAND', 'extended Lc of 0000 is not allowed');
  if (n === 3 + nc) return { ...head, data: body.subarray(3), extended: true }; // case 3E
  if (n === 5 + nc) {
    const le = body.readUInt16BE(3 + nc);
    return { ...head, data: body.subarray(3, 3 + nc), le: le === 0 ? 65536 : le, extended: true }; // case 4E
  }
  throw new ApduError('MALFORMED_COMMAND', `extended Lc ${nc} does not fit the ${n - 3} bytes after it`);
}

/** Splits a response APDU into data and status word. Throws `ApduError` only. */
export function parseResponseApdu(response: Buffer): ResponseApdu {
  if (response.length < 2) throw new ApduError('MALFORMED_RESPONSE', `a response APDU has at least 2 bytes (SW1 SW2), got ${response.length}`);
  return { data: response.subarray(0, response.length - 2), sw: response.readUInt16BE(response.length - 2) };
}

export function encodeResponseApdu(response: ResponseApdu): Buffer {
  const out = Buffer.alloc(response.data.length + 2);
  response.data.copy(out);
  out.writeUInt16BE(response.sw & 0xffff, response.data.length);
  return out;
}

/** Throws a `ChipStatusError` (code `STATUS`) unless the response carries 9000. */
export function requireOk(response: ResponseApdu, what: string): Buffer {
  if (response.sw !== SW.OK) throw new ChipStatusError(what, response.sw);
  return response.data;
}

/** Sends one command (no 61xx/6Cxx handling: see `sendCommand`) and returns its data, requiring 9000. */
export async function exchange(transmit: Transmit, step: string, command: CommandApdu): Promise<Buffer> {
  return requireOk(parseResponseApdu(await transmit(encodeCommandApdu(command))), step);
}

// ---- interindustry commands --------------------------------------------------------------------

/** The logical-channel bits of a CLA (first interindustry class), kept in follow-up commands. */
export function channelBits(cla: number): number {
  return (cla & 0x40) === 0 ? cla & 0x03 : cla & 0x0f;
}

/** SELECT by DF name (AID), P1 = 04. `fci`: ask for the FCI (P2 = 00) instead of no data (P2 = 0C). */
export function selectByAid(aid: Buffer, options: { fci?: boolean } = {}): CommandApdu {
  if (aid.length < 1 || aid.length > 16) throw new ApduError('INVALID_COMMAND', `an AID has 1..16 bytes, got ${aid.length}`);
  return options.fci === true ? { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: aid, le: 256 } : { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid };
}

/** SELECT an EF under the current DF by its file identifier (P1 = 02, P2 = 0C: no response data). */
export function selectEf(fid: number): CommandApdu {
  return { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fid16(fid) };
}

/** SELECT the master file (P1 = 00, FID 3F00). */
export function selectMasterFile(): CommandApdu {
  return { cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: Buffer.from([0x3f, 0x00]) };
}

function fid16(fid: number): Buffer {
  if (!Number.isInteger(fid) || fid < 0 || fid > 0xffff) throw new ApduError('INVALID_COMMAND', `a file identifier has 16 bits, got ${fid}`);
  return Buffer.from([fid >> 8, fid & 0xff]);
}

/** Largest offset the even READ BINARY (B0) can carry in P1-P2: 15 bits. */
export const MAX_B0_OFFSET = 0x7fff;

/**
 * READ BINARY, even INS (B0). With `sfi` the file is selected by its short EF identifier (P1 bit 8
 * set, P1 bits 5-1 = SFI) and the offset is P2 only (0..255); without it the offset is 15 bits of
 * P1-P2 on the current EF.
 */
export function readBinary(offset: number, ne: number, sfi?: number): CommandApdu {
  if (sfi !== undefined) {
    if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) throw new ApduError('INVALID_COMMAND', `a short EF identifier is 1..30, got ${sfi}`);
    if (!Number.isInteger(offset) || offset < 0 || offset > 0xff) throw new ApduError('INVALID_COMMAND', `with a short EF identifier the offset is 0..255, got ${offset}`);
    return { cla: 0x00, ins: 0xb0, p1: 0x80 | sfi, p2: offset, le: ne };
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_B0_OFFSET) throw new ApduError('INVALID_COMMAND', `READ BINARY (B0) offsets are 0..32767, got ${offset}`);
  return { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: ne };
}

/**
 * READ BINARY, odd INS (B1), on the current EF (P1-P2 = 0000): the offset travels in data object 54,
 * so it may exceed 32767; the card answers with the bytes wrapped in data object 53.
 */
export function readBinaryOdd(offset: number, ne: number): CommandApdu {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0xffffff) throw new ApduError('INVALID_COMMAND', `offset out of range: ${offset}`);
  const bytes = offset > 0xffff ? [offset >> 16, (offset >> 8) & 0xff, offset & 0xff] : offset > 0xff ? [offset >> 8, offset & 0xff] : [offset];
  return { cla: 0x00, ins: 0xb1, p1: 0x00, p2: 0x00, data: Buffer.from([0x54, bytes.length, ...bytes]), le: ne };
}

/** Unwraps the DO 53 a B1 READ BINARY answers with. Throws `MALFORMED_RESPONSE` on anything else. */
export function unwrapOddReadBinary(data: Buffer): Buffer {
  if (data.length === 0) return data;
  if (data[0] !== 0x53 || data.length < 2) throw new ApduError('MALFORMED_RESPONSE', 'READ BINARY (B1) data is not a discretionary data object 53');
  const first = data[1] as number;
  let length: number;
  let header: number;
  if (first < 0x80) {
    length = first;
    header = 2;
  } else {
    const count = first & 0x7f;
    if (count < 1 || count > 3 || data.length < 2 + count) throw new ApduError('MALFORMED_RESPONSE', 'READ BINARY (B1) data object 53 has a bad length field');
    length = data.readUIntBE(2, count);
    header = 2 + count;
  }
  if (data.length !== header + length) throw new ApduError('MALFORMED_RESPONSE', `data object 53 says ${length} bytes but ${data.length - header} follow`);
  return data.subarray(header);
}

/** Bytes a DO 53 header adds around `content` bytes. */
export function oddReadBinaryOverhead(content: number): number {
  return content < 0x80 ? 2 : content <= 0xff ? 3 : content <= 0xffff ? 4 : 5;
}

/** GET RESPONSE (C0) for the bytes announced by 61xx. */
export function getResponse(ne: number, cla = 0x00): CommandApdu {
  return { cla: channelBits(cla), ins: 0xc0, p1: 0x00, p2: 0x00, le: ne };
}
