/**
 * BER-TLV (ISO/IEC 8825-1, as profiled by ISO/IEC 7816-4 for smart cards) parser and encoder: the one
 * TLV module for the card reader (file lengths from LDS headers, EF.ATR/INFO), the ePassport protocol
 * (secure messaging, PACE), the simulated chip and the station's DER reader.
 *
 * Chip data is hostile input: every failure is a `TlvError` carrying the byte offset, the parser
 * never loops without consuming input, and nesting is bounded so a crafted file cannot exhaust the
 * stack. Indefinite lengths are refused: neither DER nor the ICAO LDS allows them.
 */
import { ChipDataError } from './errors.js';

export class TlvError extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'TlvError';
  }
}

export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface TlvNode {
  /** All tag bytes as one unsigned integer, the way ISO 7816 writes them: 0x30, 0x5F1F, 0x7F49. */
  readonly tag: number;
  readonly tagClass: TagClass;
  /** The tag number inside its class (0x5F1F → 31, 0xA0 → 0). */
  readonly tagNumber: number;
  readonly constructed: boolean;
  /** Offset of the first tag byte, counted from the start of the outermost input. */
  readonly offset: number;
  readonly headerLength: number;
  readonly length: number;
  /** The value bytes (a view, not a copy). */
  readonly value: Buffer;
  /** Tag, length and value: the exact bytes as they appeared (what a signature covers). */
  readonly raw: Buffer;
  /** Parsed children of a constructed node; undefined for primitive nodes. */
  readonly children: readonly TlvNode[] | undefined;
}

export interface TlvParseOptions {
  /** Deepest nesting accepted; the outermost node is depth 1. Default 40. */
  readonly maxDepth?: number;
  /** Refuse non-minimal length and tag encodings (DER rules). Default false. */
  readonly strictDer?: boolean;
  /** Added to every reported offset, for parsing a slice of a larger input. Default 0. */
  readonly baseOffset?: number;
  /** Descend into constructed nodes. Default true. */
  readonly parseChildren?: boolean;
  /**
   * `parseTlvList` only: skip 00 and FF bytes between data objects, which ISO/IEC 7816-4 §5.2.2.1
   * allows as padding in interindustry data (EF.ATR/INFO). Default false (DER has no such bytes).
   */
  readonly skipFiller?: boolean;
}

const DEFAULT_MAX_DEPTH = 40;
/** Longest tag accepted: 4 bytes covers every tag that ISO 7816 and X.690 use in practice. */
const MAX_TAG_BYTES = 4;
/** Longest length field accepted after the 0x8N byte: 4 bytes (4 GiB) is far beyond any chip file. */
const MAX_LENGTH_BYTES = 4;

interface Header {
  tag: number;
  tagClass: TagClass;
  tagNumber: number;
  constructed: boolean;
  headerLength: number;
  length: number;
}

const CLASSES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];

function readHeader(buf: Buffer, pos: number, base: number, strict: boolean): Header {
  const start = pos;
  if (pos >= buf.length) throw new TlvError('truncated_tag', 'input ends where a tag was expected', base + pos);
  const first = buf[pos++] as number;
  const tagClass = CLASSES[first >> 6] as TagClass;
  const constructed = (first & 0x20) !== 0;
  let tag = first;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let count = 0;
    for (;;) {
      if (pos >= buf.length) throw new TlvError('truncated_tag', 'input ends inside a multi-byte tag', base + pos);
      const b = buf[pos++] as number;
      count++;
      if (count === 1 && b === 0x80 && strict) {
        throw new TlvError('non_minimal_tag', 'tag number has a leading zero group', base + pos - 1);
      }
      if (count + 1 > MAX_TAG_BYTES) throw new TlvError('tag_too_long', `tag longer than ${MAX_TAG_BYTES} bytes`, base + start);
      tag = tag * 256 + b;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    if (strict && tagNumber < 0x1f) {
      throw new TlvError('non_minimal_tag', `tag number ${tagNumber} must use the one-byte form`, base + start);
    }
  }
  if (pos >= buf.length) throw new TlvError('truncated_length', 'input ends where a length was expected', base + pos);
  const lenByte = buf[pos++] as number;
  let length: number;
  if (lenByte < 0x80) {
    length = lenByte;
  } else if (lenByte === 0x80) {
    throw new TlvError('indefinite_length', 'indefinite length is not allowed', base + pos - 1);
  } else if (lenByte === 0xff) {
    throw new TlvError('reserved_length', 'length octet 0xFF is reserved', base + pos - 1);
  } else {
    const n = lenByte & 0x7f;
    if (n > MAX_LENGTH_BYTES) throw new TlvError('length_too_long', `length field of ${n} bytes is too long`, base + pos - 1);
    if (pos + n > buf.length) throw new TlvError('truncated_length', 'input ends inside a long-form length', base + pos);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (buf[pos + i] as number);
    if (strict && (length < 0x80 || (buf[pos] as number) === 0)) {
      throw new TlvError('non_minimal_length', 'length is not in its shortest form', base + pos - 1);
    }
    pos += n;
  }
  return { tag, tagClass, tagNumber, constructed, headerLength: pos - start, length };
}

function parseAt(buf: Buffer, pos: number, depth: number, opts: Required<TlvParseOptions>): TlvNode {
  if (depth > opts.maxDepth) throw new TlvError('too_deep', `nesting deeper than ${opts.maxDepth} levels`, opts.baseOffset + pos);
  const h = readHeader(buf, pos, opts.baseOffset, opts.strictDer);
  const valueStart = pos + h.headerLength;
  if (h.length > buf.length - valueStart) {
    throw new TlvError(
      'truncated_value',
      `value of ${h.length} bytes runs past the end of the input (${buf.length - valueStart} left)`,
      opts.baseOffset + pos,
    );
  }
  const value = buf.subarray(valueStart, valueStart + h.length);
  let children: TlvNode[] | undefined;
  if (h.constructed && opts.parseChildren) {
    children = [];
    let p = valueStart;
    const end = valueStart + h.length;
    while (p < end) {
      const child = parseAt(buf.subarray(0, end), p, depth + 1, opts);
      children.push(child);
      p += child.headerLength + child.length;
    }
  }
  return {
    tag: h.tag,
    tagClass: h.tagClass,
    tagNumber: h.tagNumber,
    constructed: h.constructed,
    offset: opts.baseOffset + pos,
    headerLength: h.headerLength,
    length: h.length,
    value,
    raw: buf.subarray(pos, valueStart + h.length),
    children,
  };
}

function withDefaults(o: TlvParseOptions | undefined): Required<TlvParseOptions> {
  return {
    maxDepth: o?.maxDepth ?? DEFAULT_MAX_DEPTH,
    strictDer: o?.strictDer ?? false,
    baseOffset: o?.baseOffset ?? 0,
    parseChildren: o?.parseChildren ?? true,
    skipFiller: o?.skipFiller ?? false,
  };
}

/** Parses exactly one TLV that must fill the whole input (trailing bytes are an error). */
export function parseTlv(input: Buffer, options?: TlvParseOptions): TlvNode {
  const opts = withDefaults(options);
  const node = parseAt(input, 0, 1, opts);
  const used = node.headerLength + node.length;
  if (used !== input.length) {
    throw new TlvError('trailing_data', `${input.length - used} byte(s) of trailing data after the TLV`, opts.baseOffset + used);
  }
  return node;
}

/** Parses the first TLV of the input and reports how many bytes it used; the rest is left alone. */
export function parseTlvPrefix(input: Buffer, options?: TlvParseOptions): { node: TlvNode; used: number } {
  const opts = withDefaults(options);
  const node = parseAt(input, 0, 1, opts);
  return { node, used: node.headerLength + node.length };
}

/** Parses a concatenation of TLVs (the value of a constructed data object, or a response body). */
export function parseTlvList(input: Buffer, options?: TlvParseOptions): TlvNode[] {
  const opts = withDefaults(options);
  const out: TlvNode[] = [];
  let pos = 0;
  while (pos < input.length) {
    if (opts.skipFiller && (input[pos] === 0x00 || input[pos] === 0xff)) {
      pos++;
      continue;
    }
    const node = parseAt(input, pos, 1, opts);
    out.push(node);
    pos += node.headerLength + node.length;
  }
  return out;
}

export interface TlvHeader {
  readonly tag: number;
  /** Tag plus length bytes. */
  readonly headerLength: number;
  readonly valueLength: number;
}

/**
 * Reads the tag and length at `offset` of a possibly incomplete input (the first bytes of a file).
 * Returns `undefined` when the input ends inside the header, so the caller reads more; throws
 * `TlvError` when the header can never be valid.
 */
export function readTlvHeader(bytes: Buffer, offset = 0): TlvHeader | undefined {
  try {
    const h = readHeader(bytes, offset, 0, false);
    return { tag: h.tag, headerLength: h.headerLength, valueLength: h.length };
  } catch (e) {
    if (e instanceof TlvError && (e.code === 'truncated_tag' || e.code === 'truncated_length')) return undefined;
    throw e;
  }
}

/** Finds the first direct child with the given tag. */
export function findChild(node: TlvNode, tag: number): TlvNode | undefined {
  return node.children?.find((c) => c.tag === tag);
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** Encodes a tag given as its full byte sequence read as one integer (0x30, 0x7F49, 0x5F1F). */
export function encodeTag(tag: number): Buffer {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) throw new TlvError('bad_tag', `cannot encode tag ${tag}`);
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t % 256);
    t = Math.floor(t / 256);
  } while (t > 0);
  // A multi-byte tag must start with a first byte whose low 5 bits are all ones, and every
  // following byte except the last must have bit 8 set; otherwise the bytes do not form one tag.
  if (bytes.length > 1) {
    const ok =
      ((bytes[0] as number) & 0x1f) === 0x1f &&
      bytes.slice(1, -1).every((b) => (b & 0x80) !== 0) &&
      ((bytes[bytes.length - 1] as number) & 0x80) === 0;
    if (!ok) throw new TlvError('bad_tag', `0x${tag.toString(16)} is not a well-formed multi-byte tag`);
  } else if (((bytes[0] as number) & 0x1f) === 0x1f) {
    throw new TlvError('bad_tag', `0x${tag.toString(16)} announces more tag bytes`);
  }
  return Buffer.from(bytes);
}

/** Encodes a definite length in its shortest form (DER). */
export function encodeLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new TlvError('bad_length', `cannot encode length ${length}`);
  }
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  let l = length;
  while (l > 0) {
    bytes.unshift(l % 256);
    l = Math.floor(l / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one TLV; an array value is concatenated (the children of a constructed object). */
export function encodeTlv(tag: number, value: Buffer | readonly Buffer[]): Buffer {
  const v = Buffer.isBuffer(value) ? value : Buffer.concat(value as Buffer[]);
  return Buffer.concat([encodeTag(tag), encodeLength(v.length), v]);
}
