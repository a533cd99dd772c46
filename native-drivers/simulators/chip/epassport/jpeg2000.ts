/**
 * JPEG 2000 for simulated chips whose profile asks for `faceImageFormat: "jp2"`: an image is encoded
 * to a JPEG 2000 codestream (ISO/IEC 15444-1 Annex A) by OpenJPEG compiled to WebAssembly — the full
 * build of @cornerstonejs/codec-openjpeg, the one with an encoder, loaded with `createRequire` on first
 * use — and wrapped here in the minimal JP2 file of Annex I: signature box, file type box, header box
 * (image header 'ihdr' and an enumerated colour specification 'colr'), contiguous codestream box.
 *
 * The station decodes faces with its own copy of the decoder (electron/station/documents/chip/
 * face-display.ts); the drivers may not import the station, and the station's tests use these
 * functions to make JPEG 2000 faces.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export interface Jpeg2000Source {
  readonly width: number;
  readonly height: number;
  /** 1: grey, 3: red, green, blue (interleaved). */
  readonly channels: 1 | 3;
  /** Row-major 8-bit samples, width × height × channels. */
  readonly pixels: Uint8Array;
}

export interface Jpeg2000Options {
  /**
   * Target ratio of raw to coded size with the irreversible 9/7 wavelet (10: a tenth of the raw
   * bytes). 0 or absent: lossless (reversible 5/3 wavelet).
   */
  readonly compressionRatio?: number;
  /** Wavelet decomposition levels (default: up to 5, fewer for small images). */
  readonly decompositions?: number;
}

interface J2KEncoder {
  getDecodedBuffer(frame: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean }): Uint8Array;
  setQuality(lossless: boolean, layers: number): void;
  setCompressionRatio(layer: number, ratio: number): void;
  setDecompositions(levels: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

interface OpenJpegModule {
  readonly J2KEncoder: new () => J2KEncoder;
}

type Glue = (options: {
  print(line: string): void;
  printErr(line: string): void;
  instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): object;
}) => Promise<OpenJpegModule>;

let compiled: Promise<{ glue: Glue; wasm: WebAssembly.Module }> | undefined;
let encoder: Promise<{ module: OpenJpegModule; output: string[] }> | undefined;

function loadEncoder(): Promise<{ module: OpenJpegModule; output: string[] }> {
  compiled ??= (async () => {
    const require = createRequire(import.meta.url);
    const glue = require('@cornerstonejs/codec-openjpeg/wasmjs') as Glue;
    const wasm = await WebAssembly.compile(await readFile(require.resolve('@cornerstonejs/codec-openjpeg/wasm')));
    return { glue, wasm };
  })().catch((e: unknown) => {
    compiled = undefined;
    throw new Error(`the JPEG 2000 encoder (@cornerstonejs/codec-openjpeg) could not be loaded: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  });
  encoder ??= compiled
    .then(
      ({ glue, wasm }) =>
        new Promise<{ module: OpenJpegModule; output: string[] }>((resolve, reject) => {
          const output: string[] = [];
          glue({
            print: (line) => output.push(line),
            printErr: (line) => output.push(line),
            instantiateWasm(imports, receive) {
              WebAssembly.instantiate(wasm, imports)
                .then((instance) => receive(instance, wasm))
                .catch(reject);
              return {};
            },
          }).then((module) => resolve({ module, output }), reject);
        }),
    )
    .catch((e: unknown) => {
      encoder = undefined;
      throw e;
    });
  return encoder;
}

/** A JPEG 2000 codestream (SOC … EOC) of `image`. */
export async function encodeJpeg2000Codestream(image: Jpeg2000Source, options: Jpeg2000Options = {}): Promise<Buffer> {
  const { width, height, channels, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0xffff || height > 0xffff) throw new RangeError(`bad image size ${width}×${height}`);
  if (pixels.length !== width * height * channels) throw new RangeError(`${width}×${height}×${channels} needs ${width * height * channels} samples, got ${pixels.length}`);
  const ratio = options.compressionRatio ?? 0;
  const decompositions = options.decompositions ?? Math.max(0, Math.min(5, Math.floor(Math.log2(Math.min(width, height))) - 2));
  const { module, output } = await loadEncoder();
  output.length = 0;
  let j2k: J2KEncoder | undefined;
  try {
    j2k = new module.J2KEncoder();
    j2k.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: channels, isSigned: false }).set(pixels);
    j2k.setDecompositions(decompositions);
    j2k.setQuality(ratio === 0, 1);
    j2k.setCompressionRatio(0, ratio);
    j2k.encode();
    const coded = Buffer.from(j2k.getEncodedBuffer());
    j2k.delete();
    return coded;
  } catch (e) {
    // A C++ exception arrives as a number and leaves the instance unusable: start afresh next time.
    encoder = undefined;
    const says = output.filter((l) => l.includes('[ERROR]')).join(' ');
    throw new Error(`JPEG 2000 encoding of a ${width}×${height} image failed${says ? `: ${says}` : ''}`, { cause: e });
  }
}

const box = (type: string, body: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};

/** Wraps a codestream of 8-bit unsigned samples in a JP2 file (Annex I). */
export function wrapJp2(codestream: Buffer, image: { width: number; height: number; channels: 1 | 3 }): Buffer {
  const ihdr = Buffer.alloc(14);
  ihdr.writeUInt32BE(image.height, 0);
  ihdr.writeUInt32BE(image.width, 4);
  ihdr.writeUInt16BE(image.channels, 8); // NC
  ihdr[10] = 7; // BPC: 8 bits, unsigned
  ihdr[11] = 7; // C: JPEG 2000
  ihdr[12] = 0; // UnkC: the colour space is known
  ihdr[13] = 0; // IPR: no intellectual property box
  const colr = Buffer.alloc(7);
  colr[0] = 1; // METH: enumerated colour space
  colr.writeUInt32BE(image.channels === 1 ? 17 : 16, 3); // greyscale, sRGB
  return Buffer.concat([
    box('jP  ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a])),
    box('ftyp', Buffer.from('jp2 \0\0\0\0jp2 ', 'latin1')), // brand, minor version, compatibility list
    box('jp2h', Buffer.concat([box('ihdr', ihdr), box('colr', colr)])),
    box('jp2c', codestream),
  ]);
}

/** A JP2 file of `image`. */
export async function encodeJp2(image: Jpeg2000Source, options: Jpeg2000Options = {}): Promise<Buffer> {
  return wrapJp2(await encodeJpeg2000Codestream(image, options), image);
}

const JP2_SIGNATURE = Buffer.from('0000000c6a5020200d0a870a', 'hex');

/**
 * Width and height of a JP2 file (its 'jp2c' codestream) or a bare codestream, from the SIZ marker
 * segment; undefined when the bytes are neither or too short.
 */
export function jpeg2000Dimensions(bytes: Buffer): { width: number; height: number } | undefined {
  let at = 0;
  if (bytes.length >= 12 && bytes.subarray(0, 12).equals(JP2_SIGNATURE)) {
    at = -1;
    for (let i = 0; i + 8 <= bytes.length; ) {
      const length = bytes.readUInt32BE(i);
      if (bytes.toString('latin1', i + 4, i + 8) === 'jp2c') {
        at = i + 8;
        break;
      }
      if (length < 8) return undefined; // extended or open-ended lengths do not occur before 'jp2c' in a file this simulator accepts
      i += length;
    }
    if (at < 0) return undefined;
  }
  if (at + 4 + 22 > bytes.length || bytes.readUInt32BE(at) !== 0xff4fff51) return undefined;
  const xsiz = bytes.readUInt32BE(at + 8);
  const ysiz = bytes.readUInt32BE(at + 12);
  const xo = bytes.readUInt32BE(at + 16);
  const yo = bytes.readUInt32BE(at + 20);
  return xsiz > xo && ysiz > yo ? { width: xsiz - xo, height: ysiz - yo } : undefined;
}
