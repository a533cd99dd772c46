/**
 * Everything about a JPEG 2000 face that can be learnt before decoding it, from its own bytes:
 *
 *   - In a JP2 file (ISO/IEC 15444-1 Annex I) the contiguous codestream box 'jp2c' is taken out here
 *     and only that codestream goes to the decoder; of the header box 'jp2h' only the colour
 *     specification ('colr', an enumerated colour space) and the presence of a palette ('pclr') count.
 *   - The codestream's SIZ marker segment (A.5.1) gives width, height, components, bit depths and
 *     subsampling, and these are checked against what the station decodes and the decoder wrapper can
 *     lay out correctly, so that a hostile header (60 000 × 60 000 pixels, 300 components) is refused
 *     in microseconds instead of making the decoder allocate gigabytes.
 *
 * Every read is bounds-checked and the box walk always moves forward; what does not fit is a
 * FaceDecodeError, never an exception of another kind.
 */
import { FaceDecodeError } from './face-display-error.js';

/**
 * The largest width and height the station decodes. A passport portrait is well under 1000 × 1000
 * (ISO/IEC 19794-5 token images are 240 × 320; DG2 is typically 15–30 KB). The decode runs on the
 * station's thread: 2048 × 2048 bounds it near 0.6 s, where 4096 × 4096 took 2.3–2.8 s and
 * 250–500 MB, so a hostile chip cannot stall the booth for long.
 */
export const MAX_FACE_DIMENSION = 2048;

const JP2_SIGNATURE = Buffer.from('0000000c6a5020200d0a870a', 'hex');
const SOC_SIZ = Buffer.from([0xff, 0x4f, 0xff, 0x51]);

/** Enumerated colour spaces JP2 allows (I.5.3.3): the only three a JP2 reader must know. */
export const ENUM_CS = { sRGB: 16, greyscale: 17, sYCC: 18 } as const;

export interface LocatedCodestream {
  readonly container: 'jp2' | 'j2k';
  /** SOC … EOC, as the decoder wants it. */
  readonly codestream: Buffer;
  /** The JP2 'colr' enumerated colour space, when the file gives one (method 1). */
  readonly enumeratedColourSpace: number | undefined;
}

export interface ComponentInfo {
  /** Bits per sample, 1–38. */
  readonly precision: number;
  readonly signed: boolean;
  /** Horizontal and vertical subsampling on the reference grid (XRsiz, YRsiz). */
  readonly dx: number;
  readonly dy: number;
}

export interface SizInfo {
  readonly width: number;
  readonly height: number;
  readonly offsetX: number;
  readonly offsetY: number;
  readonly components: readonly ComponentInfo[];
}

const truncated = (what: string) => new FaceDecodeError('truncated', `the JPEG 2000 image ends before ${what}: it was cut short`);
const corrupt = (what: string) => new FaceDecodeError('corrupt', `the JPEG 2000 image is damaged: ${what}`);

interface Box {
  readonly type: string;
  readonly start: number;
  readonly body: number;
  readonly end: number;
}

/**
 * The boxes in [start, end) of a JP2 file (I.4), each with its body range, up to and including the
 * first of type `stopAt` (what follows the codestream does not matter). Throws FaceDecodeError.
 */
function boxes(b: Buffer, start: number, end: number, where: string, stopAt?: string): Box[] {
  const out: Box[] = [];
  let i = start;
  while (i < end && (stopAt === undefined || out.at(-1)?.type !== stopAt)) {
    if (i + 8 > end) throw truncated(`the header of a box in ${where}`);
    let length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    let header = 8;
    if (length === 1) {
      if (i + 16 > end) throw truncated(`the extended length of box '${type}'`);
      const big = b.readBigUInt64BE(i + 8);
      if (big > BigInt(end - i)) throw truncated(`the end of box '${type}' (it announces ${big} bytes)`);
      length = Number(big);
      header = 16;
    } else if (length === 0) {
      length = end - i; // the last box runs to the end
    }
    if (length < header) throw corrupt(`box '${type}' announces ${length} bytes, less than its own header`);
    if (i + length > end) throw truncated(`the end of box '${type}' (it announces ${length} bytes, ${end - i} are left)`);
    out.push({ type, start: i, body: i + header, end: i + length });
    i += length;
  }
  return out;
}

/** Finds the codestream: the bytes themselves (J2K) or the first 'jp2c' box of a JP2 file. */
export function locateCodestream(bytes: Buffer): LocatedCodestream {
  if (bytes.length >= 4 && bytes.subarray(0, 4).equals(SOC_SIZ)) return { container: 'j2k', codestream: bytes, enumeratedColourSpace: undefined };
  if (bytes.length < 12 || !bytes.subarray(0, 12).equals(JP2_SIGNATURE)) {
    throw new FaceDecodeError('not_jpeg2000', `the image is neither a JP2 file nor a JPEG 2000 codestream (it starts ${bytes.subarray(0, 4).toString('hex').toUpperCase() || 'with nothing'})`);
  }
  const top = boxes(bytes, 0, bytes.length, 'the file', 'jp2c');
  const jp2c = top.find((x) => x.type === 'jp2c');
  if (!jp2c) throw new FaceDecodeError('corrupt', "the JP2 file holds no codestream box ('jp2c')");
  let enumeratedColourSpace: number | undefined;
  const jp2h = top.find((x) => x.type === 'jp2h');
  if (jp2h) {
    const inner = boxes(bytes, jp2h.body, jp2h.end, "the header box 'jp2h'");
    if (inner.some((x) => x.type === 'pclr')) {
      throw new FaceDecodeError('unsupported', 'the JP2 file stores a palette image (colour indexes), which the station does not convert');
    }
    const colr = inner.find((x) => x.type === 'colr');
    // colr: METH, PREC, APPROX, then EnumCS (4 bytes) when METH is 1; an ICC profile (METH 2) is
    // shown as sRGB or grey, which is what it describes for a portrait in practice.
    if (colr && colr.end - colr.body >= 7 && bytes[colr.body] === 1) enumeratedColourSpace = bytes.readUInt32BE(colr.body + 3);
  }
  const codestream = bytes.subarray(jp2c.body, jp2c.end);
  if (codestream.length < 4 || !codestream.subarray(0, 4).equals(SOC_SIZ)) {
    if (codestream.length < 4) throw truncated('the codestream in the JP2 file');
    throw corrupt("the codestream box 'jp2c' does not start with the SOC and SIZ markers (FF4F FF51)");
  }
  return { container: 'jp2', codestream, enumeratedColourSpace };
}

/** The SIZ marker segment that follows SOC (A.5.1). Throws FaceDecodeError. */
export function readSiz(codestream: Buffer): SizInfo {
  if (codestream.length < 4 || !codestream.subarray(0, 4).equals(SOC_SIZ)) throw corrupt('the codestream does not start with the SOC and SIZ markers (FF4F FF51)');
  if (codestream.length < 4 + 40) throw truncated('the end of the image header (SIZ)');
  const at = 4;
  const lsiz = codestream.readUInt16BE(at);
  const csiz = codestream.readUInt16BE(at + 36);
  if (csiz === 0) throw corrupt('the image header (SIZ) announces no component');
  if (lsiz !== 38 + 3 * csiz) throw corrupt(`the image header (SIZ) is ${lsiz} bytes long, but ${csiz} components need ${38 + 3 * csiz}`);
  if (codestream.length < at + lsiz) throw truncated('the end of the image header (SIZ)');
  const xsiz = codestream.readUInt32BE(at + 4);
  const ysiz = codestream.readUInt32BE(at + 8);
  const xo = codestream.readUInt32BE(at + 12);
  const yo = codestream.readUInt32BE(at + 16);
  const xt = codestream.readUInt32BE(at + 20);
  const yt = codestream.readUInt32BE(at + 24);
  if (xsiz <= xo || ysiz <= yo) throw corrupt(`the image area is empty (Xsiz ${xsiz}, XOsiz ${xo}, Ysiz ${ysiz}, YOsiz ${yo})`);
  if (xt === 0 || yt === 0) throw corrupt('the tiles have no width or height');
  const components: ComponentInfo[] = [];
  for (let c = 0; c < csiz; c++) {
    const ssiz = codestream[at + 38 + 3 * c] as number;
    const dx = codestream[at + 39 + 3 * c] as number;
    const dy = codestream[at + 40 + 3 * c] as number;
    const precision = (ssiz & 0x7f) + 1;
    if (precision > 38) throw corrupt(`component ${c + 1} announces ${precision} bits per sample (at most 38)`);
    if (dx === 0 || dy === 0) throw corrupt(`component ${c + 1} has a subsampling factor of 0`);
    components.push({ precision, signed: (ssiz & 0x80) !== 0, dx, dy });
  }
  return { width: xsiz - xo, height: ysiz - yo, offsetX: xo, offsetY: yo, components };
}

const describeComponents = (n: number) => (n === 1 ? 'one component' : `${n} components`);

/**
 * Refuses what the station does not decode, before the decoder sees it. The decoder wrapper
 * (@cornerstonejs/codec-openjpeg) interleaves only one component, or three of at most 8 bits; it
 * takes the reference grid's far corner as the image size (so an image offset would be read past its
 * end); and it turns subsampled colour (4:2:2, 4:2:0) into RGB but nothing else.
 */
export function checkDecodable(siz: SizInfo): void {
  if (siz.width > MAX_FACE_DIMENSION || siz.height > MAX_FACE_DIMENSION) {
    throw new FaceDecodeError('too_large', `the JPEG 2000 image is ${siz.width} × ${siz.height} pixels; the station decodes at most ${MAX_FACE_DIMENSION} × ${MAX_FACE_DIMENSION}`);
  }
  const n = siz.components.length;
  if (n > 4) throw new FaceDecodeError('too_large', `the JPEG 2000 image has ${n} components; a face image has at most 4`);
  if (n !== 1 && n !== 3) {
    throw new FaceDecodeError('unsupported', `the JPEG 2000 image has ${describeComponents(n)} (${n === 2 ? 'grey with transparency' : 'colour with transparency, or CMYK'}); the station shows grey (one) or colour (three) images`);
  }
  if (siz.offsetX !== 0 || siz.offsetY !== 0) {
    throw new FaceDecodeError('unsupported', `the JPEG 2000 image starts at ${siz.offsetX},${siz.offsetY} of its reference grid, not at 0,0, which the decoder cannot lay out`);
  }
  const [first, ...rest] = siz.components as [ComponentInfo, ...ComponentInfo[]];
  if (rest.some((c) => c.precision !== first.precision || c.signed !== first.signed)) {
    throw new FaceDecodeError('unsupported', `the components of the JPEG 2000 image have different bit depths (${siz.components.map((c) => c.precision).join(', ')} bits)`);
  }
  if (first.dx !== 1 || first.dy !== 1) throw new FaceDecodeError('unsupported', 'the first component of the JPEG 2000 image is subsampled, which no portrait encoder does');
  if (n === 1) {
    if (first.precision > 16) throw new FaceDecodeError('unsupported', `the grey JPEG 2000 image has ${first.precision} bits per sample; the station decodes at most 16`);
    if (first.signed && first.precision <= 8) {
      throw new FaceDecodeError('unsupported', `the grey JPEG 2000 image has signed ${first.precision}-bit samples, whose negative half the decoder cuts off`);
    }
    return;
  }
  if (first.precision > 8) throw new FaceDecodeError('unsupported', `the colour JPEG 2000 image has ${first.precision} bits per sample; the decoder lays out colour only up to 8`);
  const [cb, cr] = rest as [ComponentInfo, ComponentInfo];
  const chroma = `${cb.dx}×${cb.dy}`;
  if (cb.dx !== cr.dx || cb.dy !== cr.dy || !['1×1', '2×1', '2×2'].includes(chroma)) {
    throw new FaceDecodeError('unsupported', `the colour components of the JPEG 2000 image are subsampled ${cb.dx}×${cb.dy} and ${cr.dx}×${cr.dy}; the station converts 4:4:4, 4:2:2 and 4:2:0`);
  }
}
