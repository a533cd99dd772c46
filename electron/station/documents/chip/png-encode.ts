/**
 * A small PNG writer (ISO/IEC 15948, W3C PNG 2nd edition) for the face images the station decodes
 * itself: 8-bit greyscale (colour type 0) or 8-bit truecolour (colour type 2), not interlaced. It
 * writes the signature, IHDR, one IDAT and IEND; nothing else (no gamma, no text), so Chromium shows
 * the samples as they are.
 *
 * Each row gets the filter (None, Sub, Up, Average, Paeth; §9.2) whose output has the smallest sum of
 * absolute values, the usual heuristic (§12.8), then the whole image is deflated with node:zlib. Node 20
 * has no zlib.crc32, so the chunk CRC (§5.5: CRC-32, polynomial EDB88320 reflected, as in zlib) is
 * computed here from a 256-entry table.
 */
import { deflateSync } from 'node:zlib';

export interface PngImage {
  readonly width: number;
  readonly height: number;
  /** 1: grey, 3: red, green, blue. */
  readonly channels: 1 | 3;
  /** Row-major, `channels` samples per pixel, no padding: width × height × channels bytes. */
  readonly pixels: Uint8Array;
}

/** PNG limits a dimension to 2^31 − 1; the station's own limit is far lower (face-display.ts). */
const MAX_DIMENSION = 0x7fffffff;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of `bytes`; pass a previous result as `crc` to continue over several pieces. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** length, type, data, CRC over type and data (§5.3). */
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, tail]);
}

/** The Paeth predictor (§9.4). */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filters every row (one filter-type byte, then the filtered row), choosing the filter per row. */
function filterRows(image: PngImage): Buffer {
  const { width, height, channels, pixels } = image;
  const stride = width * channels;
  const out = Buffer.alloc(height * (stride + 1));
  const candidates = Array.from({ length: 5 }, () => new Uint8Array(stride));
  const zero = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : zero;
    let best = 0;
    let bestScore = Infinity;
    for (let type = 0; type < 5; type++) {
      const f = candidates[type] as Uint8Array;
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const x = row[i] as number;
        const a = i >= channels ? (row[i - channels] as number) : 0;
        const b = up[i] as number;
        const c = i >= channels ? (up[i - channels] as number) : 0;
        const predicted = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (x - predicted) & 0xff;
        f[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        best = type;
      }
    }
    out[y * (stride + 1)] = best;
    out.set(candidates[best] as Uint8Array, y * (stride + 1) + 1);
  }
  return out;
}

/** The PNG file for `image`. Throws RangeError when the description and the samples disagree. */
export function encodePng(image: PngImage): Buffer {
  const { width, height, channels, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
    throw new RangeError(`a PNG image must be at least 1×1 pixel, got ${width}×${height}`);
  }
  if (channels !== 1 && channels !== 3) throw new RangeError(`a PNG image here has 1 (grey) or 3 (colour) channels, got ${String(channels)}`);
  if (pixels.length !== width * height * channels) {
    throw new RangeError(`${width}×${height} pixels with ${channels} channel(s) need ${width * height * channels} samples, got ${pixels.length}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 1 ? 0 : 2; // colour type: greyscale, truecolour
  ihdr[10] = 0; // compression method: deflate
  ihdr[11] = 0; // filter method: adaptive, five filter types
  ihdr[12] = 0; // interlace method: none
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(filterRows(image))), chunk('IEND', new Uint8Array(0))]);
}
