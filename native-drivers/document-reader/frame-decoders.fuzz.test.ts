/**
 * Property tests shared by every framing: the decoders face raw serial lines, so they must survive
 * anything, stay bounded, and still find every real frame however it is chopped up or buried.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodeResult, MrzFrameDecoder } from './decode-result.js';
import { DeskoFrameDecoder, encodeDeskoFrame } from './desko-frame.js';
import { encodeRteFrame, RteFrameDecoder, type RteBccMode } from './rte-frame.js';

interface Framing {
  name: string;
  startByte: number;
  decoder(maxBufferedBytes: number): MrzFrameDecoder;
  encode(lines: string[]): Buffer;
  /** Lines as the decoder reports them. */
  lineSets: fc.Arbitrary<string[]>;
}

const mrzChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<'.split(''));
const mrzLine = (min: number, max: number) => fc.string({ unit: mrzChar, minLength: min, maxLength: max });

const framings: Framing[] = (['xor', 'none'] as RteBccMode[])
  .map<Framing>((bcc) => ({
    name: `RTE bcc=${bcc}`,
    startByte: 0x01,
    decoder: (max) => new RteFrameDecoder({ bcc, maxBufferedBytes: max, now: () => 0 }),
    encode: (lines) => encodeRteFrame(lines, { bcc }),
    lineSets: fc.oneof(fc.array(mrzLine(1, 44), { minLength: 1, maxLength: 2 }), fc.array(mrzLine(1, 30), { minLength: 3, maxLength: 3 })),
  }))
  .concat({
    name: 'Desko',
    startByte: 0x1c,
    decoder: (max) => new DeskoFrameDecoder({ maxBufferedBytes: max, now: () => 0 }),
    encode: (lines) => encodeDeskoFrame(lines),
    lineSets: fc.array(mrzLine(7, 44), { minLength: 2, maxLength: 3 }),
  });

/** Cut `bytes` at the given fractions into pieces (some empty). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = cuts.map((c) => Math.floor(c * bytes.length)).sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.subarray(prev, p));
    prev = p;
  }
  return pieces;
}

const cutPoints = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 });
const capSizes = fc.constantFrom(256, 512, 4096);

function feed(d: MrzFrameDecoder, pieces: Buffer[], max: number): DecodeResult[] {
  const out: DecodeResult[] = [];
  for (const p of pieces) {
    out.push(...d.push(p));
    expect(d.bufferedBytes).toBeLessThanOrEqual(max);
  }
  out.push(...d.flush());
  expect(d.bufferedBytes).toBe(0);
  return out;
}

describe.each(framings)('$name decoder under fuzz', (framing) => {
  it('never throws, stays bounded, and only accepts frames that decode the same on their own', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), cutPoints, capSizes, (bytes, cuts, max) => {
        const out = feed(framing.decoder(max), split(Buffer.from(bytes), cuts), max);
        for (const r of out) {
          expect(r.raw.length).toBeGreaterThan(0);
          if (r.kind === 'mrz') expect(feed(framing.decoder(max), [r.raw], max)).toEqual([r]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on streams dense in framing bytes', () => {
    const framingByte = fc.constantFrom(framing.startByte, 0x02, 0x03, 0x0d, 0x1d, 0x4f, 0x55, 0x60, 0x00, 0x41);
    fc.assert(
      fc.property(fc.array(framingByte, { maxLength: 2000 }), cutPoints, capSizes, (bytes, cuts, max) => {
        feed(framing.decoder(max), split(Buffer.from(bytes), cuts), max);
      }),
      { numRuns: 300 },
    );
  });

  it('recovers every valid frame, in order, whatever garbage precedes it and however it is split', () => {
    const garbage = fc.uint8Array({ maxLength: 80 });
    fc.assert(
      fc.property(fc.array(fc.tuple(garbage, framing.lineSets), { minLength: 1, maxLength: 6 }), garbage, cutPoints, (items, tail, cuts) => {
        const stream = Buffer.concat([...items.flatMap(([g, lines]) => [Buffer.from(g), framing.encode(lines)]), Buffer.from(tail)]);
        const out = feed(framing.decoder(4096), split(stream, cuts), 4096);
        const docs = out.filter((r) => r.kind === 'mrz').map((r) => r.lines);
        expect(docs).toEqual(items.map(([, lines]) => lines));
      }),
      { numRuns: 500 },
    );
  });

  // Cut at least two bytes: an RTE frame missing only its BCC, followed by a SOH that happens to equal
  // that BCC, is byte-for-byte a valid frame; only the inter-byte timeout can tell them apart.
  it('recovers a valid frame that follows a truncated one', () => {
    fc.assert(
      fc.property(framing.lineSets, framing.lineSets, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), cutPoints, (a, b, keep, cuts) => {
        const first = framing.encode(a);
        const stream = Buffer.concat([first.subarray(0, Math.floor(keep * (first.length - 1))), framing.encode(b)]);
        const out = feed(framing.decoder(4096), split(stream, cuts), 4096);
        expect(out.filter((r) => r.kind === 'mrz').map((r) => r.lines)).toEqual([b]);
      }),
      { numRuns: 300 },
    );
  });
});
