/**
 * The vpcd stream decoder faces a TCP socket: messages arrive split anywhere (inside the 2-byte
 * length too) or several per chunk. These properties check that chopping never changes what comes
 * out, and that arbitrary bytes never throw or grow the buffer past one message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyVpcdPayload, encodeVpcdFrame, VpcdFrameDecoder, VpcdFramingError } from './vpcd-framing.js';

const payloads = fc.array(
  fc.oneof(
    fc.constantFrom(0, 1, 2, 4).map((c) => Buffer.from([c])),
    fc.uint8Array({ minLength: 0, maxLength: 300 }).map((a) => Buffer.from(a)),
    // Large messages (extended APDUs) as a cheap pattern: generating 64 KB of random bytes per run is slow.
    fc.integer({ min: 60000, max: 65535 }).map((n) => Buffer.alloc(n, n & 0xff)),
  ),
  { maxLength: 8 },
);

function chop(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

describe('VpcdFrameDecoder', () => {
  it('yields the same messages however the stream is chopped', () => {
    fc.assert(
      fc.property(payloads, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (messages, cuts) => {
        const stream = Buffer.concat(messages.map(encodeVpcdFrame));
        const decoder = new VpcdFrameDecoder();
        const out: Buffer[] = [];
        for (const piece of chop(stream, cuts)) out.push(...decoder.push(piece));
        expect(out.map((b) => b.toString('hex'))).toEqual(messages.map((b) => b.toString('hex')));
        expect(decoder.bufferedBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('handles a length prefix split byte by byte', () => {
    const decoder = new VpcdFrameDecoder();
    const frame = encodeVpcdFrame(Buffer.from('00A4040C07A0000002471001', 'hex'));
    const out: Buffer[] = [];
    for (const b of frame) out.push(...decoder.push(Buffer.from([b])));
    expect(out).toHaveLength(1);
    expect(classifyVpcdPayload(out[0]!)).toMatchObject({ kind: 'apdu' });
  });

  it('never throws on arbitrary bytes and never holds more than one incomplete message', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 2000 }), { maxLength: 20 }), (chunks) => {
        const decoder = new VpcdFrameDecoder();
        for (const c of chunks) {
          for (const payload of decoder.push(Buffer.from(c))) classifyVpcdPayload(payload);
          expect(decoder.bufferedBytes).toBeLessThanOrEqual(65537);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('classifies the control codes and refuses to frame more than 65535 bytes', () => {
    expect([0, 1, 2, 4, 9].map((c) => classifyVpcdPayload(Buffer.from([c])).kind)).toEqual(['power-off', 'power-on', 'reset', 'get-atr', 'unknown-control']);
    expect(classifyVpcdPayload(Buffer.alloc(0)).kind).toBe('empty');
    expect(encodeVpcdFrame(Buffer.from([4])).toString('hex')).toBe('000104');
    expect(() => encodeVpcdFrame(Buffer.alloc(65536))).toThrowError(VpcdFramingError);
  });
});
