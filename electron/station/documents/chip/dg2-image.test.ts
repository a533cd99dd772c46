// DG2 face extraction. There is no public DG2 among the shared vectors, so the DG2 structures are built
// here from ICAO 9303-10 §4.7.2, ISO/IEC 19794-5:2005 and the ISO/IEC 39794-5 eMRTD profile, around a
// JPEG this file writes itself (a grey baseline JPEG with DC-only blocks) and a JPEG 2000 header.
// The JPEG size reader is also checked against the 73 real JPEGs of shared/datasets/faces, whose
// widths and heights labels.csv records (read in place, never copied).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTlv } from '../../../../native-drivers/epassport/index.js';
import { DataGroupError } from './data-groups-error.js';
import { extractFaceImage, extractFaceImages } from './dg2-image.js';
import { sniffImage } from './dg2-image-format.js';
import { EPASSPORT_DIR } from './test-support/datasets.js';

const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const tlv = (tag: number, ...parts: Buffer[]): Buffer => encodeTlv(tag, parts);

/** A valid baseline greyscale JPEG: every 8×8 block has DC difference 0 and ends at once (EOB). */
function greyJpeg(width: number, height: number): Buffer {
  const segment = (marker: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([0xff, marker]), u16(body.length + 2), body]);
  const oneCodeTable = (classAndId: number): Buffer => segment(0xc4, Buffer.concat([Buffer.from([classAndId, 1]), Buffer.alloc(15), Buffer.from([0x00])]));
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = 2 * blocks; // '0' (DC category 0) and '0' (EOB) per block
  const scan = Buffer.alloc(Math.ceil(bits / 8));
  if (bits % 8 !== 0) scan[scan.length - 1] = (1 << (8 - (bits % 8))) - 1; // pad with 1-bits
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)])),
    segment(0xc0, Buffer.concat([Buffer.from([8]), u16(height), u16(width), Buffer.from([1, 1, 0x11, 0])])),
    oneCodeTable(0x00),
    oneCodeTable(0x10),
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A JPEG 2000 codestream header (SOC, SIZ for one 8-bit component, EOC). */
function j2kCodestream(width: number, height: number): Buffer {
  const siz = Buffer.concat([u16(41), u16(0), u32(width), u32(height), u32(0), u32(0), u32(width), u32(height), u32(0), u32(0), u16(1), Buffer.from([7, 1, 1])]);
  return Buffer.concat([Buffer.from([0xff, 0x4f, 0xff, 0x51]), siz, Buffer.from([0xff, 0xd9])]);
}

function jp2File(width: number, height: number): Buffer {
  const box = (type: string, body: Buffer): Buffer => Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body]);
  const ihdr = Buffer.concat([u32(height), u32(width), u16(1), Buffer.from([7, 7, 0, 0])]);
  return Buffer.concat([
    box('jP  ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a])),
    box('ftyp', Buffer.from('jp2 \0\0\0\0jp2 ', 'latin1')),
    box('jp2h', box('ihdr', ihdr)),
    box('jp2c', j2kCodestream(width, height)),
  ]);
}

interface FaceSpec {
  image: Buffer;
  dataType: number;
  width: number;
  height: number;
  featurePoints?: number;
}

/** ISO/IEC 19794-5:2005 facial record: 14-byte header, then per face 20 + 8·points + 12 bytes and the image. */
function facialRecord(faces: FaceSpec[], o: { version?: string; lengthDelta?: number } = {}): Buffer {
  const records = faces.map((f) => {
    const points = f.featurePoints ?? 0;
    const info = Buffer.concat([u16(points), Buffer.from([2, 3, 4]), Buffer.from([0, 0, 1]), u16(1), Buffer.alloc(3), Buffer.alloc(3)]);
    const pointBytes = Buffer.alloc(8 * points, 0x11);
    const imageInfo = Buffer.concat([Buffer.from([1, f.dataType]), u16(f.width), u16(f.height), Buffer.from([1, 2]), u16(0), u16(0)]);
    const body = Buffer.concat([info, pointBytes, imageInfo, f.image]);
    return Buffer.concat([u32(body.length + 4), body]);
  });
  const all = Buffer.concat(records);
  return Buffer.concat([Buffer.from('FAC\0', 'latin1'), Buffer.from(o.version ?? '010\0', 'latin1'), u32(14 + all.length + (o.lengthDelta ?? 0)), u16(faces.length), all]);
}

function dg2(bdbs: { bdb: Buffer; formatType?: number; constructed?: boolean }[], count = bdbs.length): Buffer {
  const templates = bdbs.map(({ bdb, formatType, constructed }) =>
    tlv(
      0x7f60,
      tlv(0xa1, tlv(0x81, Buffer.from([0x02])), tlv(0x87, u16(0x0101)), tlv(0x88, u16(formatType ?? 0x0008))),
      constructed ? tlv(0x7f2e, bdb) : tlv(0x5f2e, bdb),
    ),
  );
  return tlv(0x75, tlv(0x7f61, tlv(0x02, Buffer.from([count])), ...templates));
}

/** ISO/IEC 39794-5 FaceImageDataBlock inside the A1 of the eMRTD profile. */
function faceImageDataBlock(image: Buffer, code: number, size?: { width: number; height: number }): Buffer {
  const info = tlv(0xa1, tlv(0xa0, tlv(0x80, Buffer.from([code]))), ...(size ? [tlv(0xa7, tlv(0x80, u16(size.width)), tlv(0x81, u16(size.height)))] : []));
  const block2d = tlv(0xa0, tlv(0x80, image), info);
  const representation = tlv(0x30, tlv(0x80, Buffer.from([0])), tlv(0xa1, tlv(0xa0, block2d)));
  return tlv(0xa1, tlv(0x65, tlv(0xa0, tlv(0x80, Buffer.from([3])), tlv(0x81, u16(2019))), tlv(0xa1, representation)));
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DataGroupError) return e.code;
    throw e;
  }
  return 'no error';
}

const JPEG = greyJpeg(120, 160);

describe('image format sniffing', () => {
  it('reads the size of the JPEG, JP2 and J2K headers built here', () => {
    expect(sniffImage(JPEG)).toEqual({ container: 'jpeg', width: 120, height: 160 });
    expect(sniffImage(jp2File(413, 531))).toEqual({ container: 'jp2', width: 413, height: 531 });
    expect(sniffImage(j2kCodestream(240, 320))).toEqual({ container: 'j2k', width: 240, height: 320 });
    expect(sniffImage(Buffer.from('GIF89a'))).toBeUndefined();
  });

  it('agrees with labels.csv on all 73 real JPEGs of shared/datasets/faces, and rejects the WebP among them', () => {
    const facesDir = `${EPASSPORT_DIR}../faces/`;
    const rows = readFileSync(`${facesDir}labels.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const jpegs = rows.filter((r) => r[4] === 'jpeg');
    expect(jpegs).toHaveLength(73);
    for (const [file, , width, height] of jpegs) {
      expect(sniffImage(readFileSync(`${facesDir}${file}`)), file).toEqual({ container: 'jpeg', width: Number(width), height: Number(height) });
    }
    expect(sniffImage(readFileSync(`${facesDir}deepface/img47.jpg`))).toBeUndefined();
  });

  it('never throws on arbitrary bytes after an image signature', () => {
    const starts = [Buffer.from([0xff, 0xd8, 0xff]), jp2File(1, 1).subarray(0, 12), Buffer.from([0xff, 0x4f, 0xff, 0x51])];
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 200 }), (start, rest) => {
        const r = sniffImage(Buffer.concat([start, Buffer.from(rest)]));
        expect(r?.container).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });
});

describe('DG2 with an ISO/IEC 19794-5 facial record', () => {
  it('returns the JPEG as it is, displayable, with the size from the record', () => {
    const face = extractFaceImage(dg2([{ bdb: facialRecord([{ image: JPEG, dataType: 0, width: 120, height: 160, featurePoints: 2 }]) }]));
    expect(face).toMatchObject({ encoding: 'ISO/IEC 19794-5', mime: 'image/jpeg', container: 'jpeg', width: 120, height: 160, display: { status: 'displayable' }, warnings: [] });
    expect(face.bytes.equals(JPEG)).toBe(true);
  });

  it('returns JPEG 2000 as image/jp2 with a not_displayable reason', () => {
    const jp2 = jp2File(413, 531);
    const face = extractFaceImage(dg2([{ bdb: facialRecord([{ image: jp2, dataType: 1, width: 413, height: 531 }]) }]));
    expect(face).toMatchObject({ mime: 'image/jp2', container: 'jp2', width: 413, height: 531, display: { status: 'not_displayable' } });
    expect(face.display.status === 'not_displayable' && face.display.reason).toMatch(/JPEG 2000.*cannot show/);
    expect(face.bytes.equals(jp2)).toBe(true);
  });

  it('reads several faces in one record and several templates in one DG2', () => {
    const record = facialRecord([
      { image: JPEG, dataType: 0, width: 120, height: 160 },
      { image: j2kCodestream(64, 80), dataType: 1, width: 64, height: 80, featurePoints: 3 },
    ]);
    const faces = extractFaceImages(dg2([{ bdb: record }, { bdb: facialRecord([{ image: greyJpeg(16, 16), dataType: 0, width: 16, height: 16 }]) }]));
    expect(faces.map((f) => [f.container, f.width, f.height])).toEqual([
      ['jpeg', 120, 160],
      ['j2k', 64, 80],
      ['jpeg', 16, 16],
    ]);
  });

  it('trusts the image bytes over a wrong header, and says so', () => {
    const face = extractFaceImage(dg2([{ bdb: facialRecord([{ image: JPEG, dataType: 1, width: 100, height: 100 }]), formatType: 0x002a }]));
    expect(face).toMatchObject({ mime: 'image/jpeg', width: 120, height: 160 });
    expect(face.warnings).toEqual([
      'face 1 of 1: the record declares JPEG 2000 but the image is JPEG',
      'face 1 of 1: the record declares 100×100 but the image is 120×160',
      'the biometric header names ISO/IEC 39794-5 but the data block is ISO/IEC 19794-5',
    ]);
  });

  it('refuses a broken record with a typed error naming the problem', () => {
    const good = { image: JPEG, dataType: 0, width: 120, height: 160 };
    expect(code(() => extractFaceImage(dg2([{ bdb: facialRecord([good], { version: '030\0' }) }])))).toBe('unsupported_version');
    expect(code(() => extractFaceImage(dg2([{ bdb: facialRecord([good], { lengthDelta: 5 }) }])))).toBe('truncated_record');
    expect(code(() => extractFaceImage(dg2([{ bdb: facialRecord([{ ...good, image: Buffer.from('GIF89a........') }]) }])))).toBe('unrecognised_image');
    expect(code(() => extractFaceImage(dg2([{ bdb: facialRecord([{ ...good, image: Buffer.alloc(0) }]) }])))).toBe('empty_image');
    expect(code(() => extractFaceImage(dg2([{ bdb: facialRecord([]) }])))).toBe('no_face');
    expect(code(() => extractFaceImage(tlv(0x61, Buffer.alloc(0))))).toBe('wrong_tag');
    expect(code(() => extractFaceImage(tlv(0x75, tlv(0x7f61, tlv(0x02, Buffer.from([0]))))))).toBe('no_face');
  });

  it('warns when the template count disagrees with the templates present', () => {
    const face = extractFaceImage(dg2([{ bdb: facialRecord([{ image: JPEG, dataType: 0, width: 120, height: 160 }]) }], 2));
    expect(face.warnings).toEqual(['DG2 announces 2 biometric templates but holds 1']);
  });
});

describe('DG2 with an ISO/IEC 39794-5 block', () => {
  it('finds the image under 7F2E (eMRTD profile) with its format code and size', () => {
    const face = extractFaceImage(dg2([{ bdb: faceImageDataBlock(JPEG, 2, { width: 120, height: 160 }), formatType: 0x002a, constructed: true }]));
    expect(face).toMatchObject({ encoding: 'ISO/IEC 39794-5', mime: 'image/jpeg', width: 120, height: 160, warnings: [] });
    expect(face.bytes.equals(JPEG)).toBe(true);
  });

  it('finds it under 5F2E too, and takes the size from the image when the block has none', () => {
    const face = extractFaceImage(dg2([{ bdb: faceImageDataBlock(jp2File(300, 400), 4), formatType: 0x002a }]));
    expect(face).toMatchObject({ encoding: 'ISO/IEC 39794-5', mime: 'image/jp2', width: 300, height: 400, display: { status: 'not_displayable' } });
  });

  it('falls back to the first image inside an unexpected layout, with a warning', () => {
    const odd = tlv(0xa1, tlv(0x65, tlv(0xa0, tlv(0x80, Buffer.from([3]))), tlv(0xa2, tlv(0x84, JPEG))));
    const face = extractFaceImage(dg2([{ bdb: odd, constructed: true }]));
    expect(face.mime).toBe('image/jpeg');
    expect(face.warnings[0]).toMatch(/not laid out as expected/);
  });

  it('refuses a data block that is neither format', () => {
    expect(code(() => extractFaceImage(dg2([{ bdb: Buffer.from('not a biometric block') }])))).toBe('bad_fac_header');
    expect(code(() => extractFaceImage(dg2([{ bdb: tlv(0xa1, tlv(0x30, Buffer.alloc(0))), constructed: true }])))).toBe('bad_39794_block');
  });
});

describe('DG2 fuzzing: only DataGroupError', () => {
  function onlyDataGroupErrors(f: () => unknown): void {
    try {
      f();
    } catch (e) {
      if (e instanceof DataGroupError) return;
      throw e;
    }
  }
  const bases = [
    dg2([{ bdb: facialRecord([{ image: JPEG, dataType: 0, width: 120, height: 160, featurePoints: 1 }]) }]),
    dg2([{ bdb: faceImageDataBlock(JPEG, 2, { width: 120, height: 160 }), constructed: true }]),
    dg2([{ bdb: facialRecord([{ image: jp2File(10, 10), dataType: 1, width: 10, height: 10 }]) }]),
  ];
  const mutation = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), op: fc.integer({ min: 0, max: 3 }) });

  it('mutated DG2 files', () => {
    for (const b of bases) expect(() => extractFaceImages(b)).not.toThrow();
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (which, ms) => {
        let b = Buffer.from(bases[which]!);
        for (const m of ms) {
          if (b.length === 0) break;
          const i = m.at % b.length;
          if (m.op === 0) b[i] = m.byte;
          else if (m.op === 1) b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
          else if (m.op === 2) b = Buffer.concat([b.subarray(0, i), Buffer.from([m.byte]), b.subarray(i)]);
          else b = b.subarray(0, i);
        }
        onlyDataGroupErrors(() => extractFaceImages(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary facial-record bytes inside a valid DG2 frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (u) => {
        onlyDataGroupErrors(() => extractFaceImages(dg2([{ bdb: Buffer.concat([Buffer.from('FAC\x00010\x00', 'latin1'), Buffer.from(u)]) }])));
        onlyDataGroupErrors(() => extractFaceImages(dg2([{ bdb: Buffer.from(u), constructed: false }])));
      }),
      { numRuns: 500 },
    );
  });
});
