// BER-TLV per ISO/IEC 8825-1 (X.690) §8.1 and ISO/IEC 7816-4 §5.2: tag classes, multi-byte tags,
// short and long form lengths; indefinite length (0x80) refused; nesting bounded.
import { describe, expect, it } from 'vitest';
import { TlvError, encodeLength, encodeTag, encodeTlv, findChild, parseTlv, parseTlvList, parseTlvPrefix } from './tlv.js';

const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function errorOf(f: () => unknown): TlvError {
  try {
    f();
  } catch (e) {
    if (e instanceof TlvError) return e;
    throw e;
  }
  throw new Error('expected a TlvError');
}

describe('parseTlv', () => {
  it('reads a nested constructed object with multi-byte tags (a DG1-like 61 { 5F1F … })', () => {
    const n = parseTlv(h('6107 5F1F 04 41424344'));
    expect(n).toMatchObject({ tag: 0x61, tagClass: 'application', tagNumber: 1, constructed: true, length: 7, headerLength: 2, offset: 0 });
    const child = findChild(n, 0x5f1f);
    expect(child).toMatchObject({ tag: 0x5f1f, tagNumber: 0x1f, constructed: false, offset: 2, headerLength: 3, length: 4 });
    expect(child?.value.toString('latin1')).toBe('ABCD');
  });

  it('reads the 7F49 public key object tag and three-byte tags', () => {
    expect(parseTlv(h('7F4903 860100')).tag).toBe(0x7f49);
    expect(parseTlv(h('9F8101 00'))).toMatchObject({ tag: 0x9f8101, tagClass: 'context', tagNumber: 0x81 });
  });

  it('reads long-form lengths 81, 82, 83', () => {
    expect(parseTlv(Buffer.concat([h('0481 80'), Buffer.alloc(128)])).length).toBe(128);
    expect(parseTlv(Buffer.concat([h('0482 0100'), Buffer.alloc(256)])).length).toBe(256);
    expect(parseTlv(Buffer.concat([h('0483 010000'), Buffer.alloc(65536)])).length).toBe(65536);
  });

  it('refuses indefinite length, reserved 0xFF, and over-long length fields', () => {
    expect(errorOf(() => parseTlv(h('3080 0000')))).toMatchObject({ code: 'indefinite_length', offset: 1 });
    expect(errorOf(() => parseTlv(h('04FF')))).toMatchObject({ code: 'reserved_length' });
    expect(errorOf(() => parseTlv(h('0485 0000000001 00')))).toMatchObject({ code: 'length_too_long' });
  });

  it('reports truncation with the offset where it happened', () => {
    expect(errorOf(() => parseTlv(h('')))).toMatchObject({ code: 'truncated_tag', offset: 0 });
    expect(errorOf(() => parseTlv(h('5F')))).toMatchObject({ code: 'truncated_tag' });
    expect(errorOf(() => parseTlv(h('04')))).toMatchObject({ code: 'truncated_length', offset: 1 });
    expect(errorOf(() => parseTlv(h('0482 01')))).toMatchObject({ code: 'truncated_length' });
    expect(errorOf(() => parseTlv(h('0405 0102')))).toMatchObject({ code: 'truncated_value', offset: 0 });
    expect(errorOf(() => parseTlv(h('3006 0405 01020304')))).toMatchObject({ code: 'truncated_value', offset: 2 });
  });

  it('refuses trailing bytes, but parseTlvPrefix and parseTlvList accept sequences', () => {
    expect(errorOf(() => parseTlv(h('0400 00')))).toMatchObject({ code: 'trailing_data', offset: 2 });
    expect(parseTlvPrefix(h('0400 00')).used).toBe(2);
    expect(parseTlvList(h('8701 01 9902 9000 8E00')).map((n) => n.tag)).toEqual([0x87, 0x99, 0x8e]);
  });

  it('bounds nesting depth', () => {
    let deep = h('0400');
    for (let i = 0; i < 50; i++) deep = encodeTlv(0x30, deep);
    expect(errorOf(() => parseTlv(deep))).toMatchObject({ code: 'too_deep' });
    expect(parseTlv(deep, { maxDepth: 60 }).constructed).toBe(true);
  });

  it('refuses tags longer than four bytes', () => {
    expect(errorOf(() => parseTlv(h('5F818181 01 00')))).toMatchObject({ code: 'tag_too_long' });
  });

  it('in strict DER mode refuses non-minimal lengths and tags', () => {
    expect(parseTlv(h('048101 00')).length).toBe(1);
    expect(errorOf(() => parseTlv(h('048101 00'), { strictDer: true }))).toMatchObject({ code: 'non_minimal_length' });
    expect(errorOf(() => parseTlv(h('1F05 00'), { strictDer: true }))).toMatchObject({ code: 'non_minimal_tag' });
  });
});

describe('encoding', () => {
  it('uses the shortest length form', () => {
    expect(encodeLength(0x7f).toString('hex')).toBe('7f');
    expect(encodeLength(0x80).toString('hex')).toBe('8180');
    expect(encodeLength(0x1234).toString('hex')).toBe('821234');
  });

  it('encodes multi-byte tags and refuses byte sequences that are not one tag', () => {
    expect(encodeTag(0x7f49).toString('hex')).toBe('7f49');
    expect(() => encodeTag(0x3031)).toThrow(TlvError);
    expect(() => encodeTag(0x1f)).toThrow(TlvError);
  });

  it('round-trips: parse(encode(tag, value)) gives the tag and value back', () => {
    for (const tag of [0x04, 0x30, 0x5f1f, 0x7f49, 0x9f8101]) {
      for (const len of [0, 1, 127, 128, 255, 256, 70000]) {
        const value = Buffer.alloc(len, 0xab);
        const n = parseTlv(encodeTlv(tag, value), { parseChildren: false, strictDer: true });
        expect(n.tag).toBe(tag);
        expect(n.value.equals(value)).toBe(true);
      }
    }
  });
});
