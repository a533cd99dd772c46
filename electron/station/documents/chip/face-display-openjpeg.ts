/**
 * The JPEG 2000 decoder: OpenJPEG compiled to WebAssembly, from @cornerstonejs/codec-openjpeg (its
 * decode-only build, `openjpegwasm_decode.js` + `.wasm`). Nothing native, so it runs the same in the
 * Electron utility process, in browser mode and under vitest.
 *
 * Loading. The package is CommonJS and finds its .wasm next to itself, which a bundle would break; so
 * the glue is loaded with `createRequire` (electron.vite.config.ts keeps the package out of the
 * station bundle) and the .wasm is located with `require.resolve`, read and compiled once, on the
 * first JPEG 2000 face. Instances are made from that compiled module through the glue's
 * `instantiateWasm` hook, which takes a few milliseconds.
 *
 * Failures. The wrapper reports a broken codestream by printing OpenJPEG's messages and leaving its
 * frame information at zero, so every decode uses a fresh J2KDecoder object (a reused one would still
 * describe the previous image) and OpenJPEG's printed lines are kept to explain a failure. A C++
 * exception or a WebAssembly trap unwinds through the module without restoring its stack pointer or
 * freeing what it allocated, so after any exception the whole instance is dropped and the next decode
 * gets a new one. So is an instance whose memory grew past MAX_KEPT_MEMORY (WebAssembly memory never
 * shrinks; one large image must not pin hundreds of megabytes for the life of the station).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { FaceDecodeError } from './face-display-error.js';

export const DECODER_PACKAGE = '@cornerstonejs/codec-openjpeg';
/** The package's export names for the decode-only glue and its WebAssembly file. */
const GLUE = `${DECODER_PACKAGE}/decodewasmjs`;
const WASM = `${DECODER_PACKAGE}/decodewasm`;

/** An instance whose linear memory grew beyond this is dropped after the decode. It starts at 50 MiB. */
const MAX_KEPT_MEMORY = 128 * 1024 * 1024;

interface FrameInfo {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
  readonly isSigned: boolean;
}

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getDecodedBuffer(): Uint8Array | Uint8ClampedArray;
  delete(): void;
}

interface OpenJpegModule {
  readonly J2KDecoder: new () => J2KDecoder;
}

interface GlueOptions {
  print(line: string): void;
  printErr(line: string): void;
  instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): object;
}

type Glue = (options: GlueOptions) => Promise<OpenJpegModule>;

interface Codec {
  readonly module: OpenJpegModule;
  readonly memory: WebAssembly.Memory | undefined;
  /** What OpenJPEG printed during the current decode. */
  readonly output: string[];
}

/** What the wrapper hands back: samples as it lays them out (see face-display.ts), and its frame. */
export interface RawDecode {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerSample: number;
  readonly signed: boolean;
  /** One byte per sample up to 8 bits, two (little-endian) above; components interleaved. */
  readonly samples: Uint8Array;
  /** Milliseconds in OpenJPEG (not counting loading the decoder). */
  readonly decodeMs: number;
}

let compiled: Promise<{ glue: Glue; wasm: WebAssembly.Module }> | undefined;
let current: Promise<Codec> | undefined;

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function loadCompiled(): Promise<{ glue: Glue; wasm: WebAssembly.Module }> {
  compiled ??= (async () => {
    const require = createRequire(import.meta.url);
    const glue = require(GLUE) as Glue;
    if (typeof glue !== 'function') throw new Error(`${GLUE} does not export the module factory`);
    const wasm = await WebAssembly.compile(await readFile(require.resolve(WASM)));
    return { glue, wasm };
  })().catch((e: unknown) => {
    compiled = undefined; // a later face tries again (the package may have been repaired)
    throw new FaceDecodeError('decoder_unavailable', `the JPEG 2000 decoder (${DECODER_PACKAGE}) could not be loaded: ${describe(e)}`, { cause: e });
  });
  return compiled;
}

async function instantiate(): Promise<Codec> {
  const { glue, wasm } = await loadCompiled();
  const output: string[] = [];
  let memory: WebAssembly.Memory | undefined;
  const module = await new Promise<OpenJpegModule>((resolve, reject) => {
    glue({
      print: (line) => output.push(line),
      printErr: (line) => output.push(line),
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(wasm, imports)
          .then((instance) => {
            memory = Object.values(instance.exports).find((x): x is WebAssembly.Memory => x instanceof WebAssembly.Memory);
            receive(instance, wasm);
          })
          .catch(reject); // the glue would otherwise wait for ever
        return {};
      },
    }).then(resolve, reject);
  }).catch((e: unknown) => {
    throw new FaceDecodeError('decoder_unavailable', `the JPEG 2000 decoder could not be started: ${describe(e)}`, { cause: e });
  });
  return { module, memory, output };
}

function codec(): Promise<Codec> {
  current ??= instantiate().catch((e: unknown) => {
    current = undefined;
    throw e;
  });
  return current;
}

/** Drops the decoder instance; the next decode makes a new one from the compiled module. */
function discard(): void {
  current = undefined;
}

/** OpenJPEG's own words for the failure, without its "[ERROR]" prefixes and the wrapper's summary. */
function openJpegSays(output: readonly string[]): string | undefined {
  const errors = output
    .map((l) => l.trim())
    .filter((l) => l.startsWith('[ERROR]') && !l.includes('opj_decompress:'))
    .map((l) => l.replace(/^\[ERROR\]\s*/, '').replace(/\.$/, ''));
  return errors.length > 0 ? [...new Set(errors)].slice(0, 2).join('; ') : undefined;
}

const SHORT = /stream too short|reached its end|end of (the )?stream|truncated|not enough data/i;

/**
 * Decodes one JPEG 2000 codestream (SOC … EOC, not a JP2 file). The caller has checked its header
 * (face-display-codestream.ts). Throws FaceDecodeError only.
 */
export async function decodeCodestream(codestream: Uint8Array): Promise<RawDecode> {
  const { module, memory, output } = await codec();
  output.length = 0;
  let decoder: J2KDecoder | undefined;
  let failed = true;
  try {
    decoder = new module.J2KDecoder();
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    const started = performance.now();
    decoder.decode();
    const frame = decoder.getFrameInfo();
    const view = decoder.getDecodedBuffer();
    // The wrapper returns a copy today; should a version return a view of its memory, copy it.
    const samples = memory && view.buffer === memory.buffer ? new Uint8Array(view) : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const decodeMs = performance.now() - started;
    failed = false;
    if (frame.width === 0 || frame.height === 0 || frame.componentCount === 0) {
      const says = openJpegSays(output);
      const code = says && SHORT.test(says) ? 'truncated' : 'corrupt';
      throw new FaceDecodeError(code, `the JPEG 2000 image cannot be decoded${code === 'truncated' ? ', it was cut short' : ', it is damaged'}${says ? ` (the decoder says: ${says})` : ''}`);
    }
    return { width: frame.width, height: frame.height, components: frame.componentCount, bitsPerSample: frame.bitsPerSample, signed: frame.isSigned, samples, decodeMs };
  } catch (e) {
    if (e instanceof FaceDecodeError) throw e;
    const says = openJpegSays(output);
    // A C++ exception arrives as a bare number (a pointer); a trap as a WebAssembly.RuntimeError.
    const what = typeof e === 'number' ? 'an internal error' : describe(e);
    throw new FaceDecodeError('corrupt', `the JPEG 2000 decoder stopped on this image with ${what}${says ? ` (it says: ${says})` : ''}`, { cause: e });
  } finally {
    if (failed) {
      discard();
    } else {
      try {
        decoder?.delete();
      } catch {
        discard();
      }
      if (memory && memory.buffer.byteLength > MAX_KEPT_MEMORY) discard();
    }
  }
}
