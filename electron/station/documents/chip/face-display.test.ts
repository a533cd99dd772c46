// Faces for the booth screen: JPEG untouched, JPEG 2000 (JP2 file or bare codestream) decoded and
// re-encoded as PNG. The PNG is read back independently (test-support/png-read.ts) and compared with
// what @cornerstonejs/codec-openjpeg itself decodes (test-support/openjpeg-codec.ts, a separate
// instance of the codec). The fixtures are made by test-support/make-jp2-fixture.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { placeholderFace } from '../../../../native-drivers/simulators/chip/epassport/grayscale-jpeg.js';
import { wrapJp2 } from '../../../../native-drivers/simulators/chip/epassport/jpeg2000.js';
import { FaceDecodeError, MAX_FACE_INPUT_BYTES, decodeJpeg2000, faceForDisplay, type FaceDecodeErrorCode } from './face-display.js';
import { decodeCodestream } from './face-display-openjpeg.js';
import { GREY_FIXTURE, RGB_FIXTURE } from './test-support/make-jp2-fixture.js';
import { rawDecode, rawEncode } from './test-support/openjpeg-codec.js';
import { readPng } from './test-support/png-read.js';

const GREY_J2K = readFileSync(GREY_FIXTURE);
const RGB_JP2 = readFileSync(RGB_FIXTURE);

const jp2 = (bytes: Buffer) => ({ mime: 'image/jp2' as const, bytes, width: null, height: null });

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const box = (type: string, body: Buffer) => Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body]);

interface Component {
  precision?: number;
  signed?: boolean;
  dx?: number;
  dy?: number;
}

/** SOC, a SIZ of our choosing, EOC: a header with no image data behind it. */
function headerOnly(o: { width?: number; height?: number; x0?: number; y0?: number; components?: Component[] } = {}): Buffer {
  const components = o.components ?? [{}];
  const [w, h, x0, y0] = [o.width ?? 16, o.height ?? 16, o.x0 ?? 0, o.y0 ?? 0];
  const siz = Buffer.concat([
    u16(38 + 3 * components.length),
    u16(0),
    u32(w + x0),
    u32(h + y0),
    u32(x0),
    u32(y0),
    u32(w + x0),
    u32(h + y0),
    u32(0),
    u32(0),
    u16(components.length),
    ...components.map((c) => Buffer.from([((c.precision ?? 8) - 1) | (c.signed ? 0x80 : 0), c.dx ?? 1, c.dy ?? 1])),
  ]);
  return Buffer.concat([Buffer.from([0xff, 0x4f, 0xff, 0x51]), siz, Buffer.from([0xff, 0xd9])]);
}

/** The codestream inside a JP2 file (the test's own box walk: no extended lengths in these files). */
function jp2cOf(file: Buffer): Buffer {
  for (let i = 12; i + 8 <= file.length; ) {
    const length = file.readUInt32BE(i);
    if (file.toString('latin1', i + 4, i + 8) === 'jp2c') return file.subarray(i + 8, i + length);
    i += length;
  }
  throw new Error('no jp2c');
}

/** The same JP2 file with its 'colr' enumerated colour space replaced. */
function withColourSpace(file: Buffer, enumCs: number): Buffer {
  const out = Buffer.from(file);
  const at = out.indexOf('colr', 0, 'latin1');
  out.writeUInt32BE(enumCs, at + 4 + 3);
  return out;
}

async function refusal(bytes: Buffer): Promise<{ code: FaceDecodeErrorCode; message: string }> {
  try {
    await faceForDisplay(jp2(bytes));
  } catch (e) {
    expect(e).toBeInstanceOf(FaceDecodeError);
    return { code: (e as FaceDecodeError).code, message: (e as FaceDecodeError).message };
  }
  throw new Error('the image was accepted');
}

describe('faceForDisplay: JPEG', () => {
  it('passes a JPEG through byte for byte, with its declared size', async () => {
    const jpeg = placeholderFace();
    const shown = await faceForDisplay({ mime: 'image/jpeg', bytes: jpeg, width: 240, height: 320 });
    expect(shown).toEqual({ mime: 'image/jpeg', bytes: jpeg, width: 240, height: 320, convertedFrom: null, decodeMs: null });
    expect(shown.bytes).toBe(jpeg);
  });
});

describe('faceForDisplay: JPEG 2000 to PNG', () => {
  it('a bare grey codestream (J2K) becomes a 120 × 160 grey PNG with the codec’s own samples', async () => {
    const shown = await faceForDisplay(jp2(GREY_J2K));
    expect(shown).toMatchObject({ mime: 'image/png', width: 120, height: 160, convertedFrom: 'image/jp2' });
    expect(shown.decodeMs).toBeGreaterThanOrEqual(0);
    const png = readPng(shown.bytes);
    expect(png).toMatchObject({ width: 120, height: 160, bitDepth: 8, colourType: 0 });
    const raw = await rawDecode(GREY_J2K);
    expect(raw.frame).toMatchObject({ width: 120, height: 160, componentCount: 1, bitsPerSample: 8 });
    for (const [x, y] of [
      [0, 0],
      [60, 67], // head
      [48, 61], // left eye
      [60, 159], // shoulders
      [119, 159],
    ] as const) {
      expect(png.pixels[y * 120 + x], `pixel ${x},${y}`).toBe(raw.samples[y * 120 + x]);
    }
    expect(Buffer.from(png.pixels).equals(Buffer.from(raw.samples))).toBe(true);
    // and it looks like the drawing: light background, mid-grey head, dark eyes and shoulders
    expect(png.pixels[2 * 120 + 2]).toBeGreaterThan(190);
    expect(png.pixels[67 * 120 + 60]).toBeGreaterThan(140);
    expect(png.pixels[61 * 120 + 48]).toBeLessThan(90);
  });

  it('a colour JP2 file becomes a 90 × 120 RGB PNG with the codec’s own samples (decoded from the whole file)', async () => {
    const shown = await faceForDisplay(jp2(RGB_JP2));
    expect(shown).toMatchObject({ mime: 'image/png', width: 90, height: 120, convertedFrom: 'image/jp2' });
    const png = readPng(shown.bytes);
    expect(png).toMatchObject({ width: 90, height: 120, colourType: 2, channels: 3 });
    const raw = await rawDecode(RGB_JP2);
    expect(raw.frame).toMatchObject({ width: 90, height: 120, componentCount: 3 });
    const at = (x: number, y: number) => [...png.pixels.subarray((y * 90 + x) * 3, (y * 90 + x) * 3 + 3)];
    for (const [x, y] of [
      [0, 0],
      [45, 53],
      [36, 48],
      [45, 115],
    ] as const) {
      expect(at(x, y), `pixel ${x},${y}`).toEqual([...raw.samples.subarray((y * 90 + x) * 3, (y * 90 + x) * 3 + 3)]);
    }
    expect(Buffer.from(png.pixels).equals(Buffer.from(raw.samples))).toBe(true);
    // red, green, blue in that order: the skin is reddish, the background bluish, the shoulders navy
    const [r, g, b] = at(45, 53) as [number, number, number];
    expect(r).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(b);
    const [br, , bb] = at(2, 2) as [number, number, number];
    expect(bb).toBeGreaterThan(br);
    const [sr, , sb] = at(45, 115) as [number, number, number];
    expect(sb).toBeGreaterThan(sr + 40);
  });

  it('JP2 file and bare codestream give the same picture, both ways round', async () => {
    const greyInJp2 = wrapJp2(GREY_J2K, { width: 120, height: 160, channels: 1 });
    const a = await decodeJpeg2000(GREY_J2K);
    const b = await decodeJpeg2000(greyInJp2);
    expect([a.container, b.container]).toEqual(['j2k', 'jp2']);
    expect(Buffer.from(b.pixels).equals(Buffer.from(a.pixels))).toBe(true);
    const c = await decodeJpeg2000(RGB_JP2);
    const d = await decodeJpeg2000(jp2cOf(RGB_JP2));
    expect([c.container, d.container]).toEqual(['jp2', 'j2k']);
    expect(Buffer.from(d.pixels).equals(Buffer.from(c.pixels))).toBe(true);
    expect((await faceForDisplay(jp2(greyInJp2))).bytes.equals((await faceForDisplay(jp2(GREY_J2K))).bytes)).toBe(true);
  });

  it('ignores what follows the codestream box of a JP2 file (padding some writers leave)', async () => {
    const padded = Buffer.concat([RGB_JP2, Buffer.from([0, 0, 0])]);
    expect((await decodeJpeg2000(padded)).pixels).toEqual((await decodeJpeg2000(RGB_JP2)).pixels);
  });

  it('brings 12-bit and 4-bit grey to 8 bits', async () => {
    const [w, h] = [32, 16];
    const twelve = new Uint16Array(w * h).map((_, i) => (i * 131) % 4096);
    const shown12 = readPng((await faceForDisplay(jp2(await rawEncode({ width: w, height: h, bitsPerSample: 12, componentCount: 1, isSigned: false }, new Uint8Array(twelve.buffer))))).bytes);
    expect([...shown12.pixels]).toEqual([...twelve].map((v) => v >> 4));
    const four = new Uint8Array(w * h).map((_, i) => i % 16);
    const shown4 = readPng((await faceForDisplay(jp2(await rawEncode({ width: w, height: h, bitsPerSample: 4, componentCount: 1, isSigned: false }, four)))).bytes);
    expect([...shown4.pixels]).toEqual([...four].map((v) => v * 17));
  });

  it('shifts signed samples to unsigned: 16-bit grey and 8-bit colour', async () => {
    const [w, h] = [32, 16];
    const signed16 = new Int16Array(w * h).map((_, i) => -32768 + ((i * 509) % 65536));
    const shown16 = readPng((await faceForDisplay(jp2(await rawEncode({ width: w, height: h, bitsPerSample: 16, componentCount: 1, isSigned: true }, new Uint8Array(signed16.buffer))))).bytes);
    expect(shown16.pixels[0]).toBe(0); // −32768, the darkest
    expect([...shown16.pixels]).toEqual([...signed16].map((v) => (v + 32768) >> 8));
    // The encoder takes colour samples as bytes: 0…127 are the non-negative half of signed 8-bit.
    const rgb = new Uint8Array(w * h * 3).map((_, i) => (i * 5) % 128);
    const shownRgb = readPng((await faceForDisplay(jp2(await rawEncode({ width: w, height: h, bitsPerSample: 8, componentCount: 3, isSigned: true }, rgb)))).bytes);
    expect([...shownRgb.pixels]).toEqual([...rgb].map((v) => v + 128));
  });

  it('turns sYCC (JP2 colour space 18) into RGB', async () => {
    // Y, Cb, Cr stored losslessly as if they were R, G, B; the JP2 header then says they are sYCC.
    const ycc = Uint8Array.from([128, 128, 128, 128, 128, 200, 200, 60, 128, 16, 128, 128]);
    const codestream = await rawEncode({ width: 2, height: 2, bitsPerSample: 8, componentCount: 3, isSigned: false }, ycc, { decompositions: 1 });
    const file = withColourSpace(wrapJp2(codestream, { width: 2, height: 2, channels: 3 }), 18);
    const png = readPng((await faceForDisplay(jp2(file))).bytes);
    expect([...png.pixels]).toEqual([
      128, 128, 128, // grey stays grey
      229, 77, 128, // Cr 200: 128 + 1.402 × 72, 128 − 0.714136 × 72, 128
      200, 223, 80, // Cb 60: 200, 200 + 0.344136 × 68, 200 − 1.772 × 68
      16, 16, 16,
    ]);
    // the same file saying sRGB is shown as stored
    expect([...readPng((await faceForDisplay(jp2(withColourSpace(file, 16)))).bytes).pixels]).toEqual([...ycc]);
  });
});

describe('faceForDisplay: refusals, each a FaceDecodeError in plain words', () => {
  it('bytes that are not JPEG 2000 at all', async () => {
    expect(await refusal(placeholderFace())).toMatchObject({ code: 'not_jpeg2000', message: expect.stringMatching(/neither a JP2 file nor a JPEG 2000 codestream \(it starts FFD8FFE0\)/) });
    expect(await refusal(Buffer.alloc(0))).toMatchObject({ code: 'not_jpeg2000' });
  });

  it('more than 4 MB of input, before looking inside', async () => {
    const big = Buffer.concat([GREY_J2K, Buffer.alloc(MAX_FACE_INPUT_BYTES)]);
    expect(await refusal(big)).toMatchObject({ code: 'too_large', message: expect.stringMatching(/decodes at most 4194304/) });
  });

  it('more than 2048 × 2048 pixels, announced by the header', async () => {
    expect(await refusal(headerOnly({ width: 2049, height: 10 }))).toMatchObject({ code: 'too_large', message: expect.stringMatching(/2049 × 10 pixels; the station decodes at most 2048 × 2048/) });
    const wide = Buffer.from(GREY_J2K);
    wide.writeUInt32BE(60_000, 8); // Xsiz
    expect(await refusal(wide)).toMatchObject({ code: 'too_large' });
  });

  it('more than 4 components; 2 or 4 components', async () => {
    expect(await refusal(headerOnly({ components: [{}, {}, {}, {}, {}] }))).toMatchObject({ code: 'too_large', message: expect.stringMatching(/5 components; a face image has at most 4/) });
    expect(await refusal(headerOnly({ components: [{}, {}] }))).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/2 components \(grey with transparency\)/) });
    expect(await refusal(headerOnly({ components: [{}, {}, {}, {}] }))).toMatchObject({ code: 'unsupported' });
  });

  it('layouts the decoder cannot give back correctly', async () => {
    const cases: [Buffer, RegExp][] = [
      [headerOnly({ x0: 3, y0: 0 }), /starts at 3,0 of its reference grid/],
      [headerOnly({ components: [{ precision: 12 }, { precision: 12 }, { precision: 12 }] }), /colour JPEG 2000 image has 12 bits per sample/],
      [headerOnly({ components: [{ precision: 8, signed: true }] }), /signed 8-bit samples/],
      [headerOnly({ components: [{ precision: 20 }] }), /20 bits per sample; the station decodes at most 16/],
      [headerOnly({ components: [{}, { dx: 1, dy: 2 }, { dx: 1, dy: 2 }] }), /subsampled 1×2 and 1×2/],
      [headerOnly({ components: [{}, { precision: 4 }, {}] }), /different bit depths \(8, 4, 8 bits\)/],
      [headerOnly({ components: [{ dx: 2 }] }), /first component .* is subsampled/],
    ];
    for (const [bytes, message] of cases) expect(await refusal(bytes)).toMatchObject({ code: 'unsupported', message: expect.stringMatching(message) });
  });

  it('JP2 files with no codestream, a box cut short, a palette or a colour space JP2 does not allow', async () => {
    const signature = box('jP  ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a]));
    const ftyp = box('ftyp', Buffer.from('jp2 \0\0\0\0jp2 ', 'latin1'));
    expect(await refusal(Buffer.concat([signature, ftyp]))).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/no codestream box \('jp2c'\)/) });
    expect(await refusal(RGB_JP2.subarray(0, 60))).toMatchObject({ code: 'truncated', message: expect.stringMatching(/cut short/) });
    const pclr = box('jp2h', Buffer.concat([box('ihdr', Buffer.alloc(14)), box('pclr', Buffer.alloc(6))]));
    expect(await refusal(Buffer.concat([signature, ftyp, pclr, box('jp2c', GREY_J2K)]))).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/palette/) });
    expect(await refusal(withColourSpace(RGB_JP2, 12))).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/colour space 12/) });
    const notACodestream = Buffer.concat([signature, ftyp, box('jp2c', Buffer.from('not a codestream'))]);
    expect(await refusal(notACodestream)).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/does not start with the SOC and SIZ markers/) });
  });

  it('a header with nothing behind it, and a codestream cut short, fail in the decoder as FaceDecodeError', async () => {
    const empty = await refusal(headerOnly());
    expect(['truncated', 'corrupt']).toContain(empty.code);
    expect(empty.message).toMatch(/^the JPEG 2000 image cannot be decoded/);
    const cut = await refusal(GREY_J2K.subarray(0, 60));
    expect(['truncated', 'corrupt']).toContain(cut.code);
  });

  it('the decoder recovers after an exception inside WebAssembly', async () => {
    // Two components reach a code path of the wrapper that throws (face-display refuses them before
    // decoding; decodeCodestream is called directly here to get the exception).
    const twoComponents = await rawEncode({ width: 8, height: 8, bitsPerSample: 8, componentCount: 2, isSigned: false }, new Uint8Array(128).fill(9), { decompositions: 1 });
    await expect(decodeCodestream(twoComponents)).rejects.toThrow(FaceDecodeError);
    await expect(decodeCodestream(twoComponents)).rejects.toMatchObject({ code: 'corrupt', message: expect.stringMatching(/decoder stopped on this image/) });
    const after = readPng((await faceForDisplay(jp2(GREY_J2K))).bytes);
    expect(Buffer.from(after.pixels).equals(Buffer.from((await rawDecode(GREY_J2K)).samples))).toBe(true);
  });

  it('a mime type it does not know', async () => {
    await expect(faceForDisplay({ mime: 'image/gif' as never, bytes: Buffer.alloc(4), width: null, height: null })).rejects.toMatchObject({ code: 'unsupported' });
  });
});
