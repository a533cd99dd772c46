/**
 * Showing a JPEG 2000 chip face: the station decodes it with OpenJPEG in WebAssembly and re-encodes it
 * as PNG for Chromium (electron/station/documents/chip/face-display.ts). A ~20 KB portrait, grey and
 * colour, 240 × 320, made with the simulator's encoder: the first conversion (which also compiles and
 * starts the decoder), then N more, timed as decode (OpenJPEG + 8-bit conversion) and as the whole
 * conversion to PNG. In-process, no chip or PC/SC.
 */
import { performance } from 'node:perf_hooks';
import { decodeJpeg2000, faceForDisplay } from '../../electron/station/documents/chip/face-display.js';
import { colourFacePixels } from '../../electron/station/documents/chip/test-support/make-jp2-fixture.js';
import { placeholderFacePixels } from '../../native-drivers/simulators/chip/epassport/grayscale-jpeg.js';
import { encodeJp2, type Jpeg2000Source } from '../../native-drivers/simulators/chip/epassport/jpeg2000.js';
import { percentile, round } from './stats.js';
import type { BenchSuite } from './suite.js';

const TARGET_BYTES = 20 * 1024;
const [WIDTH, HEIGHT] = [240, 320];

/** Deterministic texture over the drawing, so the coder has detail to spend 20 KB on (as a real photo). */
function textured(pixels: Uint8Array, amplitude: number): Uint8Array {
  let seed = 0x9e3779b9;
  return pixels.map((v) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return Math.min(255, Math.max(0, v + ((seed >>> 16) % (2 * amplitude + 1)) - amplitude));
  });
}

/** A JP2 file of about TARGET_BYTES: the coder stops at the rate the compression ratio asks for. */
async function twentyKilobytes(source: Jpeg2000Source): Promise<Buffer> {
  return encodeJp2(source, { compressionRatio: source.pixels.length / TARGET_BYTES });
}

const summary = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50), 2), p95: round(percentile(s, 95), 2), max: round(s.at(-1) ?? NaN, 2) };
};

export const faceDecode: BenchSuite = {
  name: 'face-decode',
  description: 'JPEG 2000 chip face (JP2, ~20 KB, 240 × 320) to PNG for the booth screen: OpenJPEG (WebAssembly) decode, 8-bit conversion, PNG encoding',
  async run() {
    const n = Number(process.env.BENCH_DECODES ?? 30);
    const faces: [string, Jpeg2000Source][] = [
      ['grey', { ...placeholderFacePixels({ width: WIDTH, height: HEIGHT, texture: 12 }), channels: 1 }],
      ['colour', { width: WIDTH, height: HEIGHT, channels: 3, pixels: textured(colourFacePixels(WIDTH, HEIGHT), 12) }],
    ];
    const figures: Record<string, number | string | boolean> = { decodes: n, width: WIDTH, height: HEIGHT };
    const table: Array<Record<string, string | number>> = [];
    let first = true;
    for (const [name, source] of faces) {
      const jp2 = await twentyKilobytes(source);
      const face = { mime: 'image/jp2' as const, bytes: jp2, width: null, height: null };
      const t0 = performance.now();
      const cold = await faceForDisplay(face);
      const coldMs = performance.now() - t0;
      const decode: number[] = [];
      const display: number[] = [];
      for (let i = 0; i < n; i++) {
        decode.push((await decodeJpeg2000(jp2)).decodeMs);
        const t = performance.now();
        await faceForDisplay(face);
        display.push(performance.now() - t);
      }
      const d = summary(decode);
      const p = summary(display);
      Object.assign(figures, {
        [`${name}Jp2Bytes`]: jp2.length,
        [`${name}PngBytes`]: cold.bytes.length,
        [`${name}DecodeP50Ms`]: d.p50,
        [`${name}DecodeP95Ms`]: d.p95,
        [`${name}ToPngP50Ms`]: p.p50,
        [`${name}ToPngP95Ms`]: p.p95,
        [`${name}FirstMs`]: round(coldMs, 1),
      });
      table.push({
        face: `${name} ${WIDTH}×${HEIGHT}`,
        jp2Bytes: jp2.length,
        pngBytes: cold.bytes.length,
        decodes: n,
        decodeP50Ms: d.p50,
        decodeP95Ms: d.p95,
        toPngP50Ms: p.p50,
        toPngP95Ms: p.p95,
        firstMs: `${round(coldMs, 1)}${first ? ' (loads the decoder)' : ''}`,
      });
      first = false;
    }
    return { suite: 'face-decode', description: this.description, figures, table };
  },
};
