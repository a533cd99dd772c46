/**
 * @cornerstonejs/codec-openjpeg driven directly, for the tests: its full WebAssembly build (encoder
 * and decoder), loaded here on its own, not through face-display-openjpeg.ts. The tests compare what
 * the station shows with what the codec itself decodes, and make images the simulator's 8-bit encoder
 * cannot (12-bit and signed 16-bit grey, two components).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export interface RawFrame {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
  readonly isSigned: boolean;
}

interface Codec {
  J2KEncoder: new () => {
    getDecodedBuffer(frame: RawFrame): Uint8Array;
    setQuality(lossless: boolean, layers: number): void;
    setCompressionRatio(layer: number, ratio: number): void;
    setDecompositions(levels: number): void;
    encode(): void;
    getEncodedBuffer(): Uint8Array;
    delete(): void;
  };
  J2KDecoder: new () => {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getFrameInfo(): RawFrame;
    getDecodedBuffer(): Uint8Array;
    delete(): void;
  };
}

let loaded: Promise<Codec> | undefined;

function codec(): Promise<Codec> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const glue = require('@cornerstonejs/codec-openjpeg/wasmjs') as (options: object) => Promise<Codec>;
    const wasm = await WebAssembly.compile(await readFile(require.resolve('@cornerstonejs/codec-openjpeg/wasm')));
    return glue({
      print: () => undefined,
      printErr: () => undefined,
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        void WebAssembly.instantiate(wasm, imports).then((instance) => receive(instance, wasm));
        return {};
      },
    });
  })();
  return loaded;
}

/** A J2K codestream of `samples` (1 byte per sample up to 8 bits, 2 little-endian above; interleaved). */
export async function rawEncode(frame: RawFrame, samples: Uint8Array, options: { ratio?: number; decompositions?: number } = {}): Promise<Buffer> {
  const { J2KEncoder } = await codec();
  const encoder = new J2KEncoder();
  try {
    encoder.getDecodedBuffer(frame).set(samples);
    encoder.setDecompositions(options.decompositions ?? 3);
    encoder.setQuality(!options.ratio, 1);
    encoder.setCompressionRatio(0, options.ratio ?? 0);
    encoder.encode();
    return Buffer.from(encoder.getEncodedBuffer());
  } finally {
    encoder.delete();
  }
}

/** The codec's own decode of a J2K codestream or a whole JP2 file: its frame and sample bytes. */
export async function rawDecode(bytes: Uint8Array): Promise<{ frame: RawFrame; samples: Uint8Array }> {
  const { J2KDecoder } = await codec();
  const decoder = new J2KDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    return { frame: { ...decoder.getFrameInfo() }, samples: new Uint8Array(decoder.getDecodedBuffer()) };
  } finally {
    decoder.delete();
  }
}
