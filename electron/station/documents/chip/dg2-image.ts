/**
 * The face image in EF.DG2 (ICAO 9303-10 §4.7.2): a Biometric Information Group Template
 *
 *   75 { 7F61 { 02 count, 7F60 { A1 biometric header template, 5F2E or 7F2E biometric data block }… } }
 *
 * whose data block is either an ISO/IEC 19794-5:2005 facial record ("FAC\0", version "010\0": record
 * header, then per face a 20-byte facial information block, 8 bytes per feature point and a 12-byte
 * image information block before the image) or an ISO/IEC 39794-5 tagged-binary FaceImageDataBlock
 * ([APPLICATION 5], under A1 in the eMRTD application profile). Which one is read from the bytes; the
 * header's format type (0101/0008 or 0101/002A) only confirms it.
 *
 * JPEG shows in Chromium as it is. JPEG 2000 does not (Chromium has no decoder), so such images come
 * back with display status `not_displayable`; faceForDisplay (face-display.ts) converts them to PNG.
 */
import { ChipDataError } from './errors.js';
import { parseDer } from './der.js';
import { DataGroupError, readingDataGroup } from './data-groups-error.js';
import { sniffImage, type ImageContainer } from './dg2-image-format.js';
import type { TlvNode } from '../../../../native-drivers/epassport/index.js';

export type FaceEncoding = 'ISO/IEC 19794-5' | 'ISO/IEC 39794-5';

export type FaceDisplay = { readonly status: 'displayable' } | { readonly status: 'not_displayable'; readonly reason: string };

export interface FaceImage {
  readonly encoding: FaceEncoding;
  readonly mime: 'image/jpeg' | 'image/jp2';
  /** JPEG, a JP2 file, or a bare JPEG 2000 codestream (served as image/jp2 too). */
  readonly container: ImageContainer;
  readonly bytes: Buffer;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly display: FaceDisplay;
  /** Inconsistencies that did not stop the read (header says JPEG 2000 but the bytes are JPEG, …). */
  readonly warnings: readonly string[];
}

const TAG = { DG2: 0x75, BIT_GROUP: 0x7f61, BIT: 0x7f60, BHT: 0xa1, BDB: 0x5f2e, BDB_CONSTRUCTED: 0x7f2e, FORMAT_OWNER: 0x87, FORMAT_TYPE: 0x88 } as const;
const FORMAT_TYPE_19794_5 = 0x0008;
const FORMAT_TYPE_39794_5 = 0x002a;

const JP2_NOT_DISPLAYABLE =
  'the chip stores the face as JPEG 2000, which the booth screen (Chromium) cannot show; the image is kept for the record and for face matching';

function describe(container: ImageContainer, bytes: Buffer, encoding: FaceEncoding, dims: { width: number | undefined; height: number | undefined }, warnings: string[]): FaceImage {
  const jpeg = container === 'jpeg';
  return {
    encoding,
    mime: jpeg ? 'image/jpeg' : 'image/jp2',
    container,
    bytes,
    width: dims.width,
    height: dims.height,
    display: jpeg ? { status: 'displayable' } : { status: 'not_displayable', reason: JP2_NOT_DISPLAYABLE },
    warnings,
  };
}

/** Checks an image's own bytes against what the record declares. */
function identify(
  bytes: Buffer,
  declared: { family: 'jpeg' | 'jpeg2000' | undefined; width: number | undefined; height: number | undefined },
  where: string,
  offset: number,
  encoding: FaceEncoding,
): FaceImage {
  const warnings: string[] = [];
  if (bytes.length === 0) throw new DataGroupError('empty_image', `${where}: the image is empty`, offset);
  const sniffed = sniffImage(bytes);
  if (!sniffed) {
    throw new DataGroupError('unrecognised_image', `${where}: the image is neither JPEG nor JPEG 2000 (it starts ${bytes.subarray(0, 4).toString('hex').toUpperCase()})`, offset);
  }
  const family = sniffed.container === 'jpeg' ? 'jpeg' : 'jpeg2000';
  if (declared.family && declared.family !== family) {
    warnings.push(`${where}: the record declares ${declared.family === 'jpeg' ? 'JPEG' : 'JPEG 2000'} but the image is ${family === 'jpeg' ? 'JPEG' : 'JPEG 2000'}`);
  }
  let dims = { width: declared.width, height: declared.height };
  if (sniffed.width !== undefined && sniffed.height !== undefined) {
    if (declared.width !== undefined && (declared.width !== sniffed.width || declared.height !== sniffed.height)) {
      warnings.push(`${where}: the record declares ${declared.width}×${declared.height} but the image is ${sniffed.width}×${sniffed.height}`);
    }
    dims = { width: sniffed.width, height: sniffed.height };
  }
  return describe(sniffed.container, bytes, encoding, dims, warnings);
}

// ---------------------------------------------------------------------------------------------
// ISO/IEC 19794-5:2005

const FAC = Buffer.from('FAC\0', 'latin1');
const RECORD_HEADER = 14;
const FACIAL_INFORMATION = 20;
const FEATURE_POINT = 8;
const IMAGE_INFORMATION = 12;

function readFacialRecord(bdb: Buffer, base: number): FaceImage[] {
  if (bdb.length < RECORD_HEADER || !bdb.subarray(0, 4).equals(FAC)) throw new DataGroupError('bad_fac_header', 'the facial record does not start with "FAC\\0"', base);
  const version = bdb.subarray(4, 8).toString('latin1');
  if (version !== '010\0') {
    throw new DataGroupError(
      'unsupported_version',
      `facial record version "${version.replace(/[^\x20-\x7e]/g, '')}" is not read: ICAO 9303 uses ISO/IEC 19794-5:2005 (version 010)`,
      base + 4,
    );
  }
  const recordLength = bdb.readUInt32BE(8);
  const count = bdb.readUInt16BE(12);
  if (recordLength > bdb.length) throw new DataGroupError('truncated_record', `the facial record announces ${recordLength} bytes but the data block holds ${bdb.length}`, base + 8);
  if (recordLength < RECORD_HEADER) throw new DataGroupError('bad_fac_header', `the facial record length ${recordLength} is shorter than its own header`, base + 8);
  if (count === 0) throw new DataGroupError('no_face', 'the facial record holds no face image', base + 12);
  const trailing = bdb.length - recordLength;
  const faces: FaceImage[] = [];
  let pos = RECORD_HEADER;
  for (let i = 0; i < count; i++) {
    const where = `face ${i + 1} of ${count}`;
    if (pos + FACIAL_INFORMATION > recordLength) throw new DataGroupError('truncated_record', `${where}: the record ends inside the facial information block`, base + pos);
    const length = bdb.readUInt32BE(pos);
    const points = bdb.readUInt16BE(pos + 4);
    const infoAt = pos + FACIAL_INFORMATION + points * FEATURE_POINT;
    if (length < FACIAL_INFORMATION + IMAGE_INFORMATION || pos + length > recordLength || infoAt + IMAGE_INFORMATION > pos + length) {
      throw new DataGroupError('truncated_record', `${where}: facial record data length ${length} does not fit the record (${points} feature points)`, base + pos);
    }
    const imageDataType = bdb[infoAt + 1] as number;
    const width = bdb.readUInt16BE(infoAt + 2);
    const height = bdb.readUInt16BE(infoAt + 4);
    const family = imageDataType === 0 ? 'jpeg' : imageDataType === 1 ? 'jpeg2000' : undefined;
    const image = bdb.subarray(infoAt + IMAGE_INFORMATION, pos + length);
    const face = identify(image, { family, width, height }, where, base + infoAt + IMAGE_INFORMATION, 'ISO/IEC 19794-5');
    const warnings = [...face.warnings];
    if (family === undefined) warnings.unshift(`${where}: image data type ${imageDataType} is neither JPEG (0) nor JPEG 2000 (1)`);
    faces.push({ ...face, warnings });
    pos += length;
  }
  if (pos !== recordLength) faces[0] = { ...(faces[0] as FaceImage), warnings: [...(faces[0] as FaceImage).warnings, `${recordLength - pos} unexplained bytes after the last face`] };
  if (trailing > 0) faces[0] = { ...(faces[0] as FaceImage), warnings: [...(faces[0] as FaceImage).warnings, `${trailing} bytes after the facial record`] };
  return faces;
}

// ---------------------------------------------------------------------------------------------
// ISO/IEC 39794-5 (tagged binary)

const child = (n: TlvNode | undefined, tag: number): TlvNode | undefined => n?.children?.find((c) => c.tag === tag);

function unsignedValue(n: TlvNode | undefined): number | undefined {
  if (!n || n.constructed || n.length === 0 || n.length > 4) return undefined;
  return n.value.reduce((acc, b) => acc * 256 + b, 0);
}

/** Depth-first search for the first primitive value that is an image (the last resort). */
function findAnyImage(n: TlvNode): TlvNode | undefined {
  if (!n.constructed) return sniffImage(n.value) ? n : undefined;
  for (const c of n.children ?? []) {
    const f = findAnyImage(c);
    if (f) return f;
  }
  return undefined;
}

function readFaceImageDataBlock(blocks: readonly TlvNode[], at: number): FaceImage[] {
  // FaceImageDataBlock ::= [APPLICATION 5] SEQUENCE { versionBlock [0], representationBlocks [1], … },
  // directly or inside the A1 of the eMRTD application profile.
  const dataBlock = blocks.find((b) => b.tag === 0x65) ?? blocks.flatMap((b) => (b.tag === 0xa1 ? [...(b.children ?? [])] : [])).find((b) => b.tag === 0x65);
  if (!dataBlock) throw new DataGroupError('bad_39794_block', 'the biometric data block is neither an ISO/IEC 19794-5 record nor an ISO/IEC 39794-5 FaceImageDataBlock', at);
  const representations = child(dataBlock, 0xa1)?.children?.filter((c) => c.tag === 0x30) ?? [];
  const faces: FaceImage[] = [];
  representations.forEach((rep, i) => {
    const where = `representation ${i + 1} of ${representations.length}`;
    // imageRepresentation [1] CHOICE { base [0] CHOICE { imageRepresentation2DBlock [0] SEQUENCE { representationData2D [0], imageInformation2DBlock [1] } } }
    const block2d = child(child(child(rep, 0xa1), 0xa0), 0xa0);
    const data = child(block2d, 0x80);
    if (!data) return;
    const info = child(block2d, 0xa1);
    const code = unsignedValue(child(child(info, 0xa0), 0x80));
    const size = child(info, 0xa7);
    // ImageDataFormatCode: 2 jpeg, 3 jpeg2000 lossy, 4 jpeg2000 lossless.
    const family = code === 2 ? 'jpeg' : code === 3 || code === 4 ? 'jpeg2000' : undefined;
    faces.push(identify(data.value, { family, width: unsignedValue(child(size, 0x80)), height: unsignedValue(child(size, 0x81)) }, where, data.offset, 'ISO/IEC 39794-5'));
  });
  if (faces.length > 0) return faces;
  const anyImage = findAnyImage(dataBlock);
  if (!anyImage) throw new DataGroupError('no_face', 'the ISO/IEC 39794-5 block holds no image', dataBlock.offset);
  const face = identify(anyImage.value, { family: undefined, width: undefined, height: undefined }, 'the ISO/IEC 39794-5 block', anyImage.offset, 'ISO/IEC 39794-5');
  return [{ ...face, warnings: ['the ISO/IEC 39794-5 block is not laid out as expected; the first image inside it was taken', ...face.warnings] }];
}

// ---------------------------------------------------------------------------------------------
// DG2

function formatType(bht: TlvNode | undefined): number | undefined {
  const t = child(bht, TAG.FORMAT_TYPE);
  return t && t.length === 2 ? t.value.readUInt16BE(0) : undefined;
}

/** Every face image in DG2, in the order the chip stores them. Throws DataGroupError. */
export function extractFaceImages(dg2: Buffer): FaceImage[] {
  return readingDataGroup('DG2', () => {
    const root = parseDer(dg2);
    if (root.tag !== TAG.DG2) throw new DataGroupError('wrong_tag', `DG2 must start with tag 75, found ${root.tag.toString(16).toUpperCase()}`, root.offset);
    const group = child(root, TAG.BIT_GROUP);
    if (!group) throw new DataGroupError('missing_field', 'DG2 has no biometric information group template (7F61)', root.offset);
    const templates = group.children?.filter((c) => c.tag === TAG.BIT) ?? [];
    if (templates.length === 0) throw new DataGroupError('no_face', 'DG2 holds no biometric information template (7F60)', group.offset);
    const countNode = child(group, 0x02);
    const announced = countNode && countNode.length === 1 ? (countNode.value[0] as number) : undefined;
    const faces: FaceImage[] = [];
    for (const bit of templates) {
      const bht = child(bit, TAG.BHT);
      const type = formatType(bht);
      const primitive = child(bit, TAG.BDB);
      const constructed = child(bit, TAG.BDB_CONSTRUCTED);
      let found: FaceImage[];
      if (primitive) {
        const base = primitive.offset + primitive.headerLength;
        if (primitive.value.subarray(0, 4).equals(FAC)) {
          found = readFacialRecord(primitive.value, base);
        } else {
          let inner: TlvNode;
          try {
            inner = parseDer(primitive.value, { baseOffset: base });
          } catch (e) {
            if (!(e instanceof ChipDataError)) throw e;
            throw new DataGroupError('bad_fac_header', 'the biometric data block is neither an ISO/IEC 19794-5 record ("FAC\\0") nor a tagged ISO/IEC 39794-5 block', base);
          }
          found = readFaceImageDataBlock([inner], base);
        }
      } else if (constructed) {
        found = readFaceImageDataBlock(constructed.children ?? [], constructed.offset);
      } else {
        throw new DataGroupError('missing_field', 'a biometric information template has no biometric data block (5F2E or 7F2E)', bit.offset);
      }
      const expected = type === FORMAT_TYPE_19794_5 ? 'ISO/IEC 19794-5' : type === FORMAT_TYPE_39794_5 ? 'ISO/IEC 39794-5' : undefined;
      for (const f of found) {
        faces.push(expected && expected !== f.encoding ? { ...f, warnings: [...f.warnings, `the biometric header names ${expected} but the data block is ${f.encoding}`] } : f);
      }
    }
    if (announced !== undefined && announced !== templates.length && faces[0]) {
      faces[0] = { ...faces[0], warnings: [...faces[0].warnings, `DG2 announces ${announced} biometric templates but holds ${templates.length}`] };
    }
    if (faces.length === 0) throw new DataGroupError('no_face', 'DG2 holds no face image', root.offset);
    return faces;
  });
}

/** The first face image in DG2 (ICAO requires at least one; nearly every chip has exactly one). */
export function extractFaceImage(dg2: Buffer): FaceImage {
  return extractFaceImages(dg2)[0] as FaceImage;
}
