/**
 * Reading back the PNG files png-encode.ts writes, written independently of it for the tests: the
 * chunks (with their stored CRCs, for the caller to check), IHDR, and the samples, by inflating the
 * IDAT data and undoing the five row filters (PNG §9.2). It also computes a CRC-32 bit by bit, the
 * slow way, to check the encoder's table-driven one against.
 */
import { inflateSync } from 'node:zlib';

export interface PngChunk {
  readonly type: string;
  readonly data: Buffer;
  readonly crc: number;
}

export interface ReadPng {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly compression: number;
  readonly filter: number;
  readonly interlace: number;
  readonly channels: number;
  readonly pixels: Uint8Array;
  readonly chunks: readonly PngChunk[];
}

export const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex');

export function pngChunks(png: Buffer): PngChunk[] {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG signature');
  const chunks: PngChunk[] = [];
  let i = 8;
  while (i < png.length) {
    const length = png.readUInt32BE(i);
    const type = png.toString('latin1', i + 4, i + 8);
    chunks.push({ type, data: png.subarray(i + 8, i + 8 + length), crc: png.readUInt32BE(i + 8 + length) });
    i += 12 + length;
  }
  return chunks;
}

export function readPng(png: Buffer): ReadPng {
  const chunks = pngChunks(png);
  const ihdr = chunks.find((c) => c.type === 'IHDR');
  if (!ihdr) throw new Error('no IHDR');
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  const [bitDepth, colourType, compression, filter, interlace] = [...ihdr.data.subarray(8, 13)] as [number, number, number, number, number];
  const channels = colourType === 0 ? 1 : colourType === 2 ? 3 : NaN;
  const filtered = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const type = filtered[y * (stride + 1)] as number;
    const line = filtered.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (pixels[y * stride + i - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + i] as number) : 0;
      const c = i >= channels && y > 0 ? (pixels[(y - 1) * stride + i - channels] as number) : 0;
      let predictor: number;
      if (type === 0) predictor = 0;
      else if (type === 1) predictor = a;
      else if (type === 2) predictor = b;
      else if (type === 3) predictor = Math.floor((a + b) / 2);
      else if (type === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`row ${y}: unknown filter type ${type}`);
      pixels[y * stride + i] = ((line[i] as number) + predictor) & 0xff;
    }
  }
  return { width, height, bitDepth, colourType, compression, filter, interlace, channels, pixels, chunks };
}

/** CRC-32 (PNG §5.5), one bit at a time: no table shared with png-encode.ts. */
export function slowCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
