/**
 * What an image inside DG2 really is, read from its own bytes rather than from the biometric header
 * (which issuers sometimes get wrong): JPEG (ISO/IEC 10918-1), a JPEG 2000 file (JP2, ISO/IEC 15444-1
 * Annex I) or a bare JPEG 2000 codestream (J2K), and the width and height its header declares.
 *
 * Only headers are read, every read is bounds-checked, and the walk always moves forward, so hostile
 * bytes end in `undefined` dimensions, never an exception or a loop.
 */

export type ImageContainer = 'jpeg' | 'jp2' | 'j2k';

export interface ImageFormat {
  readonly container: ImageContainer;
  readonly width: number | undefined;
  readonly height: number | undefined;
}

const JP2_SIGNATURE = Buffer.from('0000000c6a5020200d0a870a', 'hex');

export function sniffImage(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { container: 'jpeg', ...jpegSize(bytes) };
  if (bytes.length >= 12 && bytes.subarray(0, 12).equals(JP2_SIGNATURE)) return { container: 'jp2', ...jp2Size(bytes) };
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51) return { container: 'j2k', ...j2kSize(bytes, 2) };
  return undefined;
}

type Size = { width: number | undefined; height: number | undefined };
const NONE: Size = { width: undefined, height: undefined };

/** Walks JPEG marker segments to the first SOFn (C0–CF except DHT C4, JPG C8, DAC CC). */
function jpegSize(b: Buffer): Size {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return NONE;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return NONE; // end of image, or scan data before any frame header
    const length = b.readUInt16BE(i + 2);
    if (length < 2) return NONE;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return NONE;
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return NONE;
}

/** The image size in a codestream's SIZ marker segment (ISO/IEC 15444-1 A.5.1), starting at its FF51. */
function j2kSize(b: Buffer, sizAt: number): Size {
  if (sizAt + 22 > b.length || b[sizAt] !== 0xff || b[sizAt + 1] !== 0x51) return NONE;
  const xsiz = b.readUInt32BE(sizAt + 6);
  const ysiz = b.readUInt32BE(sizAt + 10);
  const xo = b.readUInt32BE(sizAt + 14);
  const yo = b.readUInt32BE(sizAt + 18);
  return xsiz > xo && ysiz > yo ? { width: xsiz - xo, height: ysiz - yo } : NONE;
}

/** Boxes (ISO/IEC 15444-1 I.4) in [start, end): the image header box, or the codestream's SIZ. */
function jp2Size(b: Buffer): Size {
  const walk = (start: number, end: number, depth: number): Size => {
    let i = start;
    while (i + 8 <= end) {
      let length = b.readUInt32BE(i);
      const type = b.toString('latin1', i + 4, i + 8);
      let header = 8;
      if (length === 1) {
        if (i + 16 > end) return NONE;
        const big = b.readBigUInt64BE(i + 8);
        if (big > BigInt(end - i)) return NONE;
        length = Number(big);
        header = 16;
      } else if (length === 0) {
        length = end - i; // the box runs to the end of the file
      }
      if (length < header || i + length > end) return NONE;
      if (type === 'jp2h' && depth === 0) {
        const inner = walk(i + header, i + length, 1);
        if (inner.width !== undefined) return inner;
      } else if (type === 'ihdr' && depth === 1 && length >= header + 8) {
        return { height: b.readUInt32BE(i + header), width: b.readUInt32BE(i + header + 4) };
      } else if (type === 'jp2c' && depth === 0) {
        return j2kSize(b, i + header + 2);
      }
      i += length;
    }
    return NONE;
  };
  return walk(0, b.length, 0);
}
