/**
 * A small baseline JPEG encoder for 8-bit grayscale images (ITU-T T.81: sequential DCT, Huffman
 * coding, one component), so a simulated chip can carry a face image without an image library.
 * It writes a JFIF APP0, one quantisation table (Annex K.1 luminance, scaled by quality as the IJG
 * library does) and the Annex K.3 typical luminance Huffman tables.
 */

/** Annex K.1, Table K.1: luminance quantisation table, in natural (row-major) order. */
const LUMINANCE_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81,
  104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** Zigzag scan: ZIGZAG[k] is the natural index of the k-th coefficient in scan order (Figure A.6). */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
  52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/** Annex K.3, Table K.3: DC luminance code lengths (count per length 1..16) and symbols. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Annex K.3, Table K.5: AC luminance. */
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1,
  0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47,
  0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86,
  0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba,
  0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3,
  0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

interface HuffmanCode {
  readonly code: number;
  readonly length: number;
}

/** Canonical codes from the counts per length (Annex C, Figures C.1–C.3). */
function huffmanTable(bits: readonly number[], values: readonly number[]): Map<number, HuffmanCode> {
  const table = new Map<number, HuffmanCode>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < (bits[length - 1] as number); i++) table.set(values[k++] as number, { code: code++, length });
    code <<= 1;
  }
  return table;
}

const DC_TABLE = huffmanTable(DC_BITS, DC_VALUES);
const AC_TABLE = huffmanTable(AC_BITS, AC_VALUES);

class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private count = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    // F.1.2.3: a coded 0xFF byte is followed by a stuffed zero so it cannot be read as a marker.
    if (this.acc === 0xff) this.bytes.push(0x00);
    this.acc = 0;
    this.count = 0;
  }
  /** Pads the last byte with one bits (F.1.2.3). */
  finish(): Buffer {
    while (this.count !== 0) this.write(1, 1);
    return Buffer.from(this.bytes);
  }
}

/** SSSS: the number of bits of |v| (Table F.1 / F.2). */
function magnitudeCategory(v: number): number {
  let a = Math.abs(v);
  let n = 0;
  while (a > 0) {
    n++;
    a >>= 1;
  }
  return n;
}

/** The additional bits after a category: v itself if positive, v − 1 in ones' complement if negative. */
function additionalBits(v: number, size: number): number {
  return v >= 0 ? v : (v - 1) & ((1 << size) - 1);
}

function emit(writer: BitWriter, table: Map<number, HuffmanCode>, symbol: number): void {
  const c = table.get(symbol);
  if (!c) throw new Error(`no Huffman code for symbol ${symbol}`);
  writer.write(c.code, c.length);
}

const COS = Array.from({ length: 64 }, (_, i) => Math.cos(((2 * (i >> 3) + 1) * (i & 7) * Math.PI) / 16)); // COS[x*8+u]

/** The forward DCT of A.3.3 on a level-shifted 8×8 block (natural order in, natural order out). */
function forwardDct(block: Float64Array): Float64Array {
  const tmp = new Float64Array(64);
  const out = new Float64Array(64);
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += (block[y * 8 + x] as number) * (COS[x * 8 + u] as number);
      tmp[y * 8 + u] = s * (u === 0 ? Math.SQRT1_2 : 1) * 0.5;
    }
  }
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += (tmp[y * 8 + u] as number) * (COS[y * 8 + v] as number);
      out[v * 8 + u] = s * (v === 0 ? Math.SQRT1_2 : 1) * 0.5;
    }
  }
  return out;
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(marker, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

export interface GrayscaleImage {
  readonly width: number;
  readonly height: number;
  /** Row-major luminance 0..255, `width × height` values. */
  readonly pixels: Uint8Array;
}

/** Encodes a grayscale image as a baseline JFIF JPEG. `quality` 1..100 as in the IJG library (default 75). */
export function encodeGrayscaleJpeg(image: GrayscaleImage, quality = 75): Buffer {
  const { width, height, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0xffff || height > 0xffff) throw new RangeError(`bad image size ${width}×${height}`);
  if (pixels.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${pixels.length}`);
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  const quant = LUMINANCE_QUANT.map((b) => Math.min(255, Math.max(1, Math.floor((b * scale + 50) / 100))));

  const writer = new BitWriter();
  let previousDc = 0;
  const block = new Float64Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      // Edge blocks repeat the last row/column (A.2.4 leaves the padding to the encoder).
      for (let y = 0; y < 8; y++) {
        const row = Math.min(by + y, height - 1) * width;
        for (let x = 0; x < 8; x++) block[y * 8 + x] = (pixels[row + Math.min(bx + x, width - 1)] as number) - 128;
      }
      const coefficients = forwardDct(block);
      const zz = ZIGZAG.map((natural) => Math.round((coefficients[natural] as number) / (quant[natural] as number)));
      const dc = zz[0] as number;
      const diff = dc - previousDc;
      previousDc = dc;
      const dcSize = magnitudeCategory(diff);
      emit(writer, DC_TABLE, dcSize);
      if (dcSize > 0) writer.write(additionalBits(diff, dcSize), dcSize);
      let run = 0;
      for (let k = 1; k < 64; k++) {
        const v = zz[k] as number;
        if (v === 0) {
          run++;
          continue;
        }
        while (run > 15) {
          emit(writer, AC_TABLE, 0xf0); // ZRL: sixteen zeros
          run -= 16;
        }
        const size = magnitudeCategory(v);
        emit(writer, AC_TABLE, (run << 4) | size);
        writer.write(additionalBits(v, size), size);
        run = 0;
      }
      if (run > 0) emit(writer, AC_TABLE, 0x00); // EOB
    }
  }
  const scan = writer.finish();

  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const dqt = Buffer.from([0x00, ...ZIGZAG.map((natural) => quant[natural] as number)]);
  const sof = Buffer.from([8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  const dht = Buffer.from([0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]);
  const sos = Buffer.from([1, 1, 0x00, 0, 63, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xffe0, jfif),
    segment(0xffdb, dqt),
    segment(0xffc0, sof),
    segment(0xffc4, dht),
    segment(0xffda, sos),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

export interface PlaceholderFaceOptions {
  readonly width?: number;
  readonly height?: number;
  readonly quality?: number;
  /**
   * Amplitude (0..127) of a deterministic pseudo-random texture over the drawing. More texture means
   * a larger file, which is how a test gets a DG2 of a realistic size (a real portrait is 15–30 KB).
   */
  readonly texture?: number;
}

/**
 * A placeholder portrait: a light background, a head and shoulders, eyes and a mouth, drawn in grey
 * levels. It is obviously not a person, which is the point.
 */
export function placeholderFace(options: PlaceholderFaceOptions = {}): Buffer {
  return encodeGrayscaleJpeg(placeholderFacePixels(options), options.quality ?? 80);
}

/** The placeholder portrait's grey levels, before any encoding (`quality` plays no part). */
export function placeholderFacePixels(options: PlaceholderFaceOptions = {}): GrayscaleImage {
  const width = options.width ?? 240;
  const height = options.height ?? 320;
  const texture = Math.min(127, Math.max(0, options.texture ?? 0));
  const pixels = new Uint8Array(width * height);
  const cx = width / 2;
  let seed = 0x2545f491;
  const inEllipse = (x: number, y: number, ex: number, ey: number, rx: number, ry: number) => ((x - ex) / rx) ** 2 + ((y - ey) / ry) ** 2 <= 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 215 - Math.round((y / height) * 20);
      if (inEllipse(x, y, cx, height * 1.02, width * 0.48, height * 0.3)) v = 70; // shoulders
      if (inEllipse(x, y, cx, height * 0.42, width * 0.27, height * 0.29)) v = 165; // head
      if (inEllipse(x, y, cx - width * 0.1, height * 0.38, width * 0.04, height * 0.02)) v = 40; // eyes
      if (inEllipse(x, y, cx + width * 0.1, height * 0.38, width * 0.04, height * 0.02)) v = 40;
      if (inEllipse(x, y, cx, height * 0.56, width * 0.08, height * 0.015)) v = 95; // mouth
      if (texture > 0) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        v += ((seed >>> 16) % (2 * texture + 1)) - texture;
      }
      pixels[y * width + x] = Math.min(255, Math.max(0, v));
    }
  }
  return { width, height, pixels };
}

/** Width and height from the first SOF0–SOF2 segment of a JPEG, or undefined when there is none. */
export function jpegDimensions(jpeg: Buffer): { width: number; height: number } | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 4 <= jpeg.length) {
    if (jpeg[i] !== 0xff) return undefined;
    const marker = jpeg[i + 1] as number;
    const length = jpeg.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc2 && i + 9 <= jpeg.length) return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7) };
    if (marker === 0xda) return undefined;
    i += 2 + length;
  }
  return undefined;
}
