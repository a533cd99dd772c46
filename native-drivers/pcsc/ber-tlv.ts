/**
 * Just enough BER-TLV (ISO/IEC 7816-4 §5.2, ISO/IEC 8825-1) for the driver layer: the header of an
 * LDS file tells the reader how long the file is, EF.ATR/INFO is a list of data objects, and the
 * card simulator builds files and responses. The full parser lives with the chip code in the station.
 */

export class TlvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlvError';
  }
}

export interface TlvHeader {
  readonly tag: number;
  /** Tag plus length bytes. */
  readonly headerLength: number;
  readonly valueLength: number;
}

/**
 * Reads the tag and length at `offset`. Returns `undefined` when `bytes` ends inside the header (the
 * caller should read more); throws `TlvError` when the header cannot be valid.
 */
export function readTlvHeader(bytes: Buffer, offset = 0): TlvHeader | undefined {
  let i = offset;
  if (i >= bytes.length) return undefined;
  const first = bytes[i++] as number;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // Multi-byte tag: continuation bytes have bit 8 set; three tag bytes are the most 7816-4 uses.
    let more = true;
    let count = 1;
    while (more) {
      if (i >= bytes.length) return undefined;
      const b = bytes[i++] as number;
      tag = tag * 256 + b;
      more = (b & 0x80) !== 0;
      if (++count > 3) throw new TlvError('tag longer than 3 bytes');
    }
  }
  if (i >= bytes.length) return undefined;
  const lengthByte = bytes[i++] as number;
  let valueLength: number;
  if (lengthByte < 0x80) {
    valueLength = lengthByte;
  } else {
    const count = lengthByte & 0x7f;
    if (count === 0) throw new TlvError('indefinite length is not allowed here');
    if (count > 4) throw new TlvError(`length field of ${count} bytes`);
    if (i + count > bytes.length) return undefined;
    valueLength = bytes.readUIntBE(i, count);
    i += count;
  }
  return { tag, headerLength: i - offset, valueLength };
}

/** Encodes a BER length field. */
export function encodeLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) throw new TlvError(`length out of range: ${length}`);
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes a tag number as its bytes (0x5f1f → 5F 1F). */
export function encodeTag(tag: number): Buffer {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffff) throw new TlvError(`tag out of range: ${tag}`);
  if (tag <= 0xff) return Buffer.from([tag]);
  if (tag <= 0xffff) return Buffer.from([tag >> 8, tag & 0xff]);
  return Buffer.from([tag >> 16, (tag >> 8) & 0xff, tag & 0xff]);
}

export function encodeTlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([encodeTag(tag), encodeLength(value.length), value]);
}

export interface TlvObject {
  readonly tag: number;
  readonly value: Buffer;
}

/** Splits a concatenation of data objects (one level). Throws `TlvError` on truncation. */
export function parseTlvList(bytes: Buffer): TlvObject[] {
  const out: TlvObject[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    // 00 and FF between data objects are padding (ISO/IEC 7816-4 §5.2.2.1).
    const b = bytes[offset] as number;
    if (b === 0x00 || b === 0xff) {
      offset++;
      continue;
    }
    const header = readTlvHeader(bytes, offset);
    if (!header || offset + header.headerLength + header.valueLength > bytes.length) throw new TlvError(`data object at ${offset} runs past the end`);
    const start = offset + header.headerLength;
    out.push({ tag: header.tag, value: bytes.subarray(start, start + header.valueLength) });
    offset = start + header.valueLength;
  }
  return out;
}
