/**
 * The chip's face image as the booth screen can show it. Chromium shows JPEG but has no JPEG 2000
 * decoder, and many ePassports store the portrait as JPEG 2000 (a JP2 file, or a bare codestream), so
 * the station decodes those itself and hands the screen a PNG:
 *
 *   JPEG           → passed through unchanged
 *   JP2 / J2K      → codestream located and its header checked (face-display-codestream.ts)
 *                  → decoded by OpenJPEG in WebAssembly (face-display-openjpeg.ts)
 *                  → samples brought to 8 bits, sYCC turned into RGB
 *                  → PNG, grey or RGB (png-encode.ts)
 *
 * Limits: at most 4 MB of input, 2048 × 2048 pixels, one (grey) or three (colour) components. Every
 * failure is a FaceDecodeError with a plain-words message; the caller shows "no face" and the reason,
 * and the original image stays in the record.
 */
import { performance } from 'node:perf_hooks';
import { ENUM_CS, checkDecodable, locateCodestream, readSiz, type SizInfo } from './face-display-codestream.js';
import { FaceDecodeError } from './face-display-error.js';
import { decodeCodestream, type RawDecode } from './face-display-openjpeg.js';
import { encodePng } from './png-encode.js';

export { FaceDecodeError, type FaceDecodeErrorCode } from './face-display-error.js';
export { MAX_FACE_DIMENSION } from './face-display-codestream.js';

/** The largest JPEG 2000 image the station decodes: a passport portrait is about 15–30 KB. */
export const MAX_FACE_INPUT_BYTES = 4 * 1024 * 1024;

export interface ChipFaceImage {
  readonly mime: 'image/jpeg' | 'image/jp2';
  readonly bytes: Buffer;
  readonly width: number | null;
  readonly height: number | null;
}

export interface DisplayFace {
  readonly mime: 'image/jpeg' | 'image/png';
  readonly bytes: Buffer;
  readonly width: number | null;
  readonly height: number | null;
  /** 'image/jp2' when the station converted the chip's image, null when it is shown as stored. */
  readonly convertedFrom: 'image/jp2' | null;
  /** Milliseconds spent decoding the JPEG 2000 image and making its PNG (null for JPEG). */
  readonly decodeMs: number | null;
}

/** A decoded face: 8-bit samples, grey or RGB, row-major. */
export interface DecodedFace {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly pixels: Uint8Array;
  readonly container: 'jp2' | 'j2k';
  /** Milliseconds in the decoder plus the conversion to 8 bits. */
  readonly decodeMs: number;
}

/** `v` of `precision` bits (0 … 2^precision − 1) on 0 … 255. */
function toEightBits(v: number, precision: number): number {
  if (precision === 8) return v;
  if (precision > 8) return v >> (precision - 8);
  return Math.round((v * 255) / ((1 << precision) - 1));
}

/**
 * The wrapper's samples as 8-bit grey or RGB. It clamps grey samples of up to 8 bits to 0 … 255, gives
 * deeper grey samples as 16-bit integers (signed or not), and stores each colour sample's low 8 bits
 * (so a signed one comes back as its two's complement byte).
 */
function toEightBitPixels(raw: RawDecode, siz: SizInfo): Uint8Array {
  const { precision, signed } = siz.components[0] as SizInfo['components'][number];
  const count = raw.width * raw.height * raw.components;
  const out = new Uint8Array(count);
  const half = signed ? 1 << (precision - 1) : 0;
  const max = (1 << precision) - 1;
  if (precision > 8) {
    const view = new DataView(raw.samples.buffer, raw.samples.byteOffset, raw.samples.byteLength);
    for (let i = 0; i < count; i++) {
      const v = (signed ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true)) + half;
      out[i] = toEightBits(Math.min(max, Math.max(0, v)), precision);
    }
    return out;
  }
  for (let i = 0; i < count; i++) {
    const byte = raw.samples[i] as number;
    const v = signed ? ((byte << 24) >> 24) + half : byte;
    out[i] = toEightBits(Math.min(max, Math.max(0, v)), precision);
  }
  return out;
}

/** sYCC (IEC 61966-2-1 Amendment 1) to sRGB, in place, on 8-bit samples. */
function syccToRgb(pixels: Uint8Array): void {
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    const y = pixels[i] as number;
    const cb = (pixels[i + 1] as number) - 128;
    const cr = (pixels[i + 2] as number) - 128;
    pixels[i] = clamp(y + 1.402 * cr);
    pixels[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    pixels[i + 2] = clamp(y + 1.772 * cb);
  }
}

/** Decodes a JP2 file or J2K codestream to 8-bit grey or RGB pixels. Throws FaceDecodeError only. */
export async function decodeJpeg2000(bytes: Buffer): Promise<DecodedFace> {
  if (bytes.length > MAX_FACE_INPUT_BYTES) {
    throw new FaceDecodeError('too_large', `the JPEG 2000 image is ${bytes.length} bytes; the station decodes at most ${MAX_FACE_INPUT_BYTES} (a passport portrait is about 15–30 KB)`);
  }
  const located = locateCodestream(bytes);
  const siz = readSiz(located.codestream);
  checkDecodable(siz);
  const colourSpace = located.enumeratedColourSpace;
  if (colourSpace !== undefined && colourSpace !== ENUM_CS.sRGB && colourSpace !== ENUM_CS.greyscale && colourSpace !== ENUM_CS.sYCC) {
    throw new FaceDecodeError('unsupported', `the JP2 file announces colour space ${colourSpace}, not one of the three JP2 allows (sRGB 16, greyscale 17, sYCC 18)`);
  }
  const raw = await decodeCodestream(located.codestream);
  const started = performance.now();
  const [first, second] = siz.components as [SizInfo['components'][number], SizInfo['components'][number] | undefined];
  if (raw.width !== siz.width || raw.height !== siz.height || raw.components !== siz.components.length || raw.bitsPerSample !== first.precision) {
    throw new FaceDecodeError(
      'corrupt',
      `the JPEG 2000 image is damaged: its header announces ${siz.width} × ${siz.height} pixels, ${siz.components.length} component(s) of ${first.precision} bits, but it decodes to ${raw.width} × ${raw.height}, ${raw.components} of ${raw.bitsPerSample}`,
    );
  }
  const bytesPerSample = first.precision > 8 ? 2 : 1;
  if (raw.samples.length !== siz.width * siz.height * siz.components.length * bytesPerSample) {
    throw new FaceDecodeError('corrupt', `the JPEG 2000 decoder returned ${raw.samples.length} bytes of samples for a ${siz.width} × ${siz.height} image`);
  }
  const pixels = toEightBitPixels(raw, siz);
  const channels = siz.components.length === 1 ? 1 : 3;
  // The decoder turns subsampled colour into RGB itself; full-resolution sYCC (which only the JP2
  // header can announce) is converted here.
  const subsampled = second !== undefined && (second.dx !== 1 || second.dy !== 1);
  if (channels === 3 && colourSpace === ENUM_CS.sYCC && !subsampled) syccToRgb(pixels);
  return { width: siz.width, height: siz.height, channels, pixels, container: located.container, decodeMs: raw.decodeMs + performance.now() - started };
}

/**
 * What the booth screen gets for a chip's face: JPEG as it is, JPEG 2000 as a PNG. Throws
 * FaceDecodeError when a JPEG 2000 image cannot be converted.
 */
export async function faceForDisplay(face: ChipFaceImage): Promise<DisplayFace> {
  if (face.mime === 'image/jpeg') return { mime: 'image/jpeg', bytes: face.bytes, width: face.width, height: face.height, convertedFrom: null, decodeMs: null };
  if (face.mime !== 'image/jp2') throw new FaceDecodeError('unsupported', `a face image of type ${String(face.mime)} cannot be shown`);
  const decoded = await decodeJpeg2000(face.bytes);
  const pngStarted = performance.now();
  const png = encodePng({ width: decoded.width, height: decoded.height, channels: decoded.channels, pixels: decoded.pixels });
  const decodeMs = decoded.decodeMs + (performance.now() - pngStarted);
  return { mime: 'image/png', bytes: png, width: decoded.width, height: decoded.height, convertedFrom: 'image/jp2', decodeMs: Math.round(decodeMs * 100) / 100 };
}
