// The PNG writer, checked against the format's fixed points (the CRC-32 check value, the IEND chunk
// every PNG ends with) and read back by an independent reader (test-support/png-read.ts: inflate,
// undo the row filters) for grey and colour images of every small shape.
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from './png-encode.js';
import { PNG_SIGNATURE, pngChunks, readPng, slowCrc32 } from './test-support/png-read.js';

describe('CRC-32', () => {
  it('gives the standard check value for "123456789" and 0 for nothing', () => {
    expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('continues over pieces as over the whole, and agrees with a bit-by-bit CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, cut) => {
        const at = bytes.length === 0 ? 0 : cut % bytes.length;
        const whole = crc32(bytes);
        expect(crc32(bytes.subarray(at), crc32(bytes.subarray(0, at)))).toBe(whole);
        expect(whole).toBe(slowCrc32(bytes));
      }),
      { numRuns: 200 },
    );
  });
});

describe('encodePng', () => {
  const grey = { width: 3, height: 2, channels: 1 as const, pixels: Uint8Array.from([0, 128, 255, 10, 20, 30]) };

  it('starts with the signature and ends with the IEND chunk whose CRC is AE426082', () => {
    const png = encodePng(grey);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.subarray(-12).toString('hex')).toBe('0000000049454e44ae426082');
    expect(pngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('writes IHDR: width, height, 8 bits, colour type 0 (grey) or 2 (RGB), deflate, adaptive filtering, no interlace', () => {
    for (const image of [grey, { width: 2, height: 1, channels: 3 as const, pixels: Uint8Array.from([255, 0, 0, 0, 0, 255]) }]) {
      const r = readPng(encodePng(image));
      expect(r).toMatchObject({ width: image.width, height: image.height, bitDepth: 8, colourType: image.channels === 1 ? 0 : 2, compression: 0, filter: 0, interlace: 0 });
      const ihdr = r.chunks[0]!;
      expect(ihdr.data.length).toBe(13);
    }
  });

  it('every chunk CRC covers its type and data', () => {
    for (const c of pngChunks(encodePng(grey))) expect(c.crc).toBe(slowCrc32(Buffer.concat([Buffer.from(c.type, 'latin1'), c.data])));
  });

  it('gives back exactly the samples it was given, grey and colour, whatever filters the rows chose', () => {
    const filtersUsed = new Set<number>();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 }), fc.constantFrom<1 | 3>(1, 3), fc.boolean(), fc.integer(), (width, height, channels, smooth, seed) => {
        const pixels = new Uint8Array(width * height * channels);
        let s = seed >>> 0;
        for (let i = 0; i < pixels.length; i++) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          // smooth images make Sub/Up/Average/Paeth win; noise makes None win
          pixels[i] = smooth ? (i * 7 + (s >>> 28)) & 0xff : s >>> 24;
        }
        const r = readPng(encodePng({ width, height, channels, pixels }));
        expect(r.channels).toBe(channels);
        expect(Buffer.from(r.pixels).equals(Buffer.from(pixels))).toBe(true);
        const filtered = inflateSync(Buffer.concat(r.chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
        for (let y = 0; y < height; y++) filtersUsed.add(filtered[y * (width * channels + 1)] as number);
      }),
      { numRuns: 200, seed: 2026 },
    );
    expect([...filtersUsed].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses an image whose samples do not match its size, or an empty one', () => {
    expect(() => encodePng({ ...grey, pixels: new Uint8Array(5) })).toThrow(RangeError);
    expect(() => encodePng({ ...grey, width: 0, pixels: new Uint8Array(0) })).toThrow(/at least 1×1/);
    expect(() => encodePng({ ...grey, channels: 2 as never })).toThrow(/1 \(grey\) or 3 \(colour\)/);
  });
});
