/**
 * A small DER reader over parsed TLV nodes: just what CMS SignedData, X.509 certificates, CRLs and the
 * ICAO security objects need. Every mismatch is an `Asn1Error` naming what was expected and where.
 *
 * Leniency is deliberate and narrow: real CSCA certificates carry negative serial numbers and
 * non-minimal integers, so integers are read as two's complement without minimality checks.
 * Anything structural (wrong tag, missing field, bad length) is an error.
 */
import { ChipDataError } from './errors.js';
import { OidError, decodeOidValue, encodeLength, encodeOid, encodeTag, parseTlv, type TlvNode, type TlvParseOptions } from '../../../../native-drivers/epassport/index.js';

/** The OID writer is the protocol's (PACE and the simulated chip need it too). */
export { encodeOid };

export class Asn1Error extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'Asn1Error';
  }
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag byte: [n] constructed (explicit) or primitive (implicit primitive). */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** Parses a complete DER object (no trailing bytes). */
export function parseDer(input: Buffer, options?: TlvParseOptions): TlvNode {
  return parseTlv(input, options);
}

function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase()}`;
}

export function expectTag(node: TlvNode | undefined, tag: number, what: string, parent?: TlvNode): TlvNode {
  if (!node) {
    throw new Asn1Error('missing_field', `${what} is missing`, parent ? parent.offset + parent.raw.length : undefined);
  }
  if (node.tag !== tag) {
    throw new Asn1Error('unexpected_tag', `${what}: expected tag ${hex(tag)}, found ${hex(node.tag)}`, node.offset);
  }
  return node;
}

export function childrenOf(node: TlvNode, what: string): readonly TlvNode[] {
  if (!node.constructed || !node.children) {
    throw new Asn1Error('not_constructed', `${what} must be constructed`, node.offset);
  }
  return node.children;
}

/**
 * Walks the children of a SEQUENCE in order. `optional(tag)` consumes the next child only when it
 * carries that tag, which is how DEFAULT/OPTIONAL fields and context-tagged fields are read.
 */
export class SequenceReader {
  private readonly items: readonly TlvNode[];
  private index = 0;
  constructor(
    readonly node: TlvNode,
    readonly what: string,
  ) {
    this.items = childrenOf(node, what);
  }
  next(tag: number, what: string): TlvNode {
    const item = this.items[this.index];
    expectTag(item, tag, `${this.what}.${what}`, this.node);
    this.index++;
    return item as TlvNode;
  }
  /** Next child whatever its tag (for CHOICE and ANY). */
  any(what: string): TlvNode {
    const item = this.items[this.index];
    if (!item) throw new Asn1Error('missing_field', `${this.what}.${what} is missing`, this.node.offset);
    this.index++;
    return item;
  }
  optional(tag: number): TlvNode | undefined {
    const item = this.items[this.index];
    if (item && item.tag === tag) {
      this.index++;
      return item;
    }
    return undefined;
  }
  peekTag(): number | undefined {
    return this.items[this.index]?.tag;
  }
  get remaining(): number {
    return this.items.length - this.index;
  }
  /** Requires that every child was consumed; extra fields mean we misread the structure. */
  end(): void {
    const item = this.items[this.index];
    if (item) throw new Asn1Error('unexpected_field', `${this.what}: unexpected extra field with tag ${hex(item.tag)}`, item.offset);
  }
}

export function readOid(node: TlvNode, what = 'OBJECT IDENTIFIER'): string {
  expectTag(node, TAG.OID, what);
  try {
    return decodeOidValue(node.value, what);
  } catch (e) {
    if (e instanceof OidError) throw new Asn1Error('bad_oid', e.message, node.offset);
    throw e;
  }
}

/** Reads an INTEGER as a signed (two's complement) BigInt. */
export function readInteger(node: TlvNode, what = 'INTEGER'): bigint {
  expectTag(node, TAG.INTEGER, what);
  const v = node.value;
  if (v.length === 0) throw new Asn1Error('bad_integer', `${what} is empty`, node.offset);
  let n = BigInt(`0x${v.toString('hex')}`);
  if (((v[0] as number) & 0x80) !== 0) n -= 1n << BigInt(v.length * 8);
  return n;
}

/** Reads a small INTEGER (versions, counts, data group numbers) as a JS number. */
export function readSmallInteger(node: TlvNode, what = 'INTEGER'): number {
  const n = readInteger(node, what);
  if (n > 0xffffffn || n < -0xffffffn) throw new Asn1Error('integer_too_large', `${what} ${n} is out of range`, node.offset);
  return Number(n);
}

/** The magnitude bytes of a non-negative INTEGER without a sign byte (RSA moduli, EC scalars). */
export function readUnsignedIntegerBytes(node: TlvNode, what = 'INTEGER'): Buffer {
  expectTag(node, TAG.INTEGER, what);
  let v = node.value;
  if (v.length === 0) throw new Asn1Error('bad_integer', `${what} is empty`, node.offset);
  if (((v[0] as number) & 0x80) !== 0) throw new Asn1Error('negative_integer', `${what} must not be negative`, node.offset);
  while (v.length > 1 && v[0] === 0) v = v.subarray(1);
  return v;
}

export function readOctetString(node: TlvNode, what = 'OCTET STRING'): Buffer {
  expectTag(node, TAG.OCTET_STRING, what);
  return node.value;
}

export function readBitString(node: TlvNode, what = 'BIT STRING'): { unusedBits: number; bytes: Buffer } {
  expectTag(node, TAG.BIT_STRING, what);
  const v = node.value;
  if (v.length === 0) throw new Asn1Error('bad_bit_string', `${what} is empty`, node.offset);
  const unusedBits = v[0] as number;
  if (unusedBits > 7 || (v.length === 1 && unusedBits !== 0)) {
    throw new Asn1Error('bad_bit_string', `${what} declares ${unusedBits} unused bits`, node.offset);
  }
  return { unusedBits, bytes: v.subarray(1) };
}

export function readBoolean(node: TlvNode, what = 'BOOLEAN'): boolean {
  expectTag(node, TAG.BOOLEAN, what);
  if (node.length !== 1) throw new Asn1Error('bad_boolean', `${what} must be one byte`, node.offset);
  return node.value[0] !== 0;
}

export function readNull(node: TlvNode, what = 'NULL'): null {
  expectTag(node, TAG.NULL, what);
  if (node.length !== 0) throw new Asn1Error('bad_null', `${what} must be empty`, node.offset);
  return null;
}

const TIME_UTC = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/;
const TIME_GEN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/;

/** Reads UTCTime (two-digit years: 50–99 → 19xx, per RFC 5280 §4.1.2.5.1) or GeneralizedTime. */
export function readTime(node: TlvNode, what = 'Time'): Date {
  const text = node.value.toString('latin1');
  let year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0;
  let zone: string;
  if (node.tag === TAG.UTC_TIME) {
    const m = TIME_UTC.exec(text);
    if (!m) throw new Asn1Error('bad_time', `${what}: "${text}" is not a UTCTime`, node.offset);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    [month, day, hour, minute] = [m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number];
    second = m[6] ? Number(m[6]) : 0;
    zone = m[7] as string;
  } else if (node.tag === TAG.GENERALIZED_TIME) {
    const m = TIME_GEN.exec(text);
    if (!m) throw new Asn1Error('bad_time', `${what}: "${text}" is not a GeneralizedTime`, node.offset);
    [year, month, day, hour] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    minute = m[5] ? Number(m[5]) : 0;
    second = m[6] ? Number(m[6]) : 0;
    if (m[7]) ms = Math.floor(Number(`0.${m[7]}`) * 1000);
    zone = m[8] ?? 'Z';
  } else {
    throw new Asn1Error('unexpected_tag', `${what}: expected UTCTime or GeneralizedTime, found ${hex(node.tag)}`, node.offset);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    throw new Asn1Error('bad_time', `${what}: "${text}" is not a valid date`, node.offset);
  }
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
    t -= sign * offsetMinutes * 60_000;
  }
  return new Date(t);
}

/** Reads any of the string types X.500 names use. */
export function readString(node: TlvNode, what = 'string'): string {
  const v = node.value;
  switch (node.tag) {
    case TAG.UTF8_STRING:
      return v.toString('utf8');
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.NUMERIC_STRING:
    case TAG.TELETEX_STRING: // T.61 in theory; Latin-1 is what issuers actually put there
      return v.toString('latin1');
    case TAG.BMP_STRING: {
      if (v.length % 2 !== 0) throw new Asn1Error('bad_string', `${what}: BMPString has an odd length`, node.offset);
      const swapped = Buffer.from(v);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case TAG.UNIVERSAL_STRING: {
      if (v.length % 4 !== 0) throw new Asn1Error('bad_string', `${what}: UniversalString length is not a multiple of 4`, node.offset);
      let s = '';
      for (let i = 0; i < v.length; i += 4) {
        const cp = v.readUInt32BE(i);
        if (cp > 0x10ffff) throw new Asn1Error('bad_string', `${what}: code point out of range`, node.offset);
        s += String.fromCodePoint(cp);
      }
      return s;
    }
    default:
      throw new Asn1Error('unexpected_tag', `${what}: ${hex(node.tag)} is not a string type`, node.offset);
  }
}

/** Re-encodes a node's value under another tag (IMPLICIT [0] SET OF attributes → SET OF for signing). */
export function retag(node: TlvNode, newTag: number): Buffer {
  return Buffer.concat([encodeTag(newTag), encodeLength(node.value.length), node.value]);
}
