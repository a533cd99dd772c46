// Property-based fuzzing (fast-check) of the protocol parsers that read chip bytes: BER-TLV,
// EF.CardAccess, command APDUs and protected responses. Arbitrary input must either parse or fail with
// a ChipDataError — never another exception, never a hang (vitest's timeout bounds each property run).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommandApdu, encodeCommandApdu } from './apdu.js';
import { parseCardAccess } from './card-access.js';
import { ChipDataError } from './errors.js';
import { DesSmCipher, SecureMessaging } from './secure-messaging.js';
import { TlvError, encodeTlv, parseTlv, parseTlvList } from './tlv.js';

/** Runs f; returns normally if it succeeded or threw a ChipDataError, rethrows anything else. */
function onlyTypedErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (e instanceof ChipDataError) return;
    throw e;
  }
}

const bytes = fc.uint8Array({ maxLength: 1024 }).map((u) => Buffer.from(u));
/** Bytes that start like DER/BER objects, so the fuzzer gets past the first tag more often. */
const derish = fc
  .tuple(fc.constantFrom(0x30, 0x31, 0x77, 0xa0, 0x04, 0x06, 0x02), fc.uint8Array({ maxLength: 600 }))
  .map(([t, rest]) => Buffer.concat([Buffer.from([t]), Buffer.from(rest)]));

describe('TLV parser', () => {
  it('arbitrary bytes: a node or a TlvError', () => {
    fc.assert(
      fc.property(fc.oneof(bytes, derish), (b) => {
        try {
          const n = parseTlv(b);
          expect(n.headerLength + n.length).toBe(b.length);
        } catch (e) {
          expect(e).toBeInstanceOf(TlvError);
          expect((e as TlvError).offset === undefined || (e as TlvError).offset! <= b.length).toBe(true);
        }
        onlyTypedErrors(() => parseTlvList(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('deeply nested constructed objects are cut off by the depth bound, not the stack', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), (depth) => {
        let b: Buffer = Buffer.from([0x05, 0x00]);
        for (let i = 0; i < depth; i++) b = encodeTlv(0x30, b);
        onlyTypedErrors(() => parseTlv(b));
      }),
      { numRuns: 30 },
    );
  });

  it('encode then parse gives back the same tree', () => {
    type Tree = { tag: number; value: Buffer } | { tag: number; children: Tree[] };
    const primitiveTag = fc.constantFrom(0x04, 0x02, 0x80, 0x5f1f, 0x9f8101, 0x87);
    const constructedTag = fc.constantFrom(0x30, 0x31, 0x61, 0x7f49, 0xa0, 0x7c);
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small' },
        fc.record({ tag: primitiveTag, value: fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u)) }),
        fc.record({ tag: constructedTag, children: fc.array(tie('t'), { maxLength: 4 }) }),
      ),
    })).t;
    const encode = (t: Tree): Buffer => ('value' in t ? encodeTlv(t.tag, t.value) : encodeTlv(t.tag, t.children.map(encode)));
    const shape = (n: ReturnType<typeof parseTlv>): unknown => (n.children ? { tag: n.tag, children: n.children.map(shape) } : { tag: n.tag, value: n.value.toString('hex') });
    const expected = (t: Tree): unknown => ('value' in t ? { tag: t.tag, value: t.value.toString('hex') } : { tag: t.tag, children: t.children.map(expected) });
    fc.assert(
      fc.property(tree, (t) => {
        expect(shape(parseTlv(encode(t), { strictDer: true }))).toEqual(expected(t));
      }),
      { numRuns: 500 },
    );
  });
});

describe('EF.CardAccess on arbitrary bytes', () => {
  it('only typed errors', () => {
    fc.assert(
      fc.property(fc.oneof(bytes, derish), (b) => {
        onlyTypedErrors(() => parseCardAccess(b));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('APDU and secure messaging on arbitrary bytes', () => {
  it('unprotect never throws anything but a typed error', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const sm = new SecureMessaging(new DesSmCipher(Buffer.alloc(16, 1), Buffer.alloc(16, 2)), Buffer.alloc(8));
        onlyTypedErrors(() => sm.unprotect(b));
        onlyTypedErrors(() => decodeCommandApdu(b));
      }),
      { numRuns: 1500 },
    );
  });

  it('command APDUs round-trip through encode and parse in short and extended form', () => {
    fc.assert(
      fc.property(
        fc.record({
          cla: fc.integer({ min: 0, max: 255 }),
          ins: fc.integer({ min: 0, max: 255 }),
          p1: fc.integer({ min: 0, max: 255 }),
          p2: fc.integer({ min: 0, max: 255 }),
          data: fc.option(fc.uint8Array({ minLength: 1, maxLength: 600 }).map((u) => Buffer.from(u)), { nil: undefined }),
          le: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
        }),
        (c) => {
          const { extended, ...parsed } = decodeCommandApdu(encodeCommandApdu(c));
          expect(extended).toBe((c.data?.length ?? 0) > 255 || (c.le ?? 0) > 256);
          expect({ ...parsed, data: parsed.data?.toString('hex') }).toEqual({
            cla: c.cla, ins: c.ins, p1: c.p1, p2: c.p2,
            ...(c.data ? { data: c.data.toString('hex') } : { data: undefined }),
            ...(c.le !== undefined ? { le: c.le } : {}),
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
