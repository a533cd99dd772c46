// JPEG 2000 faces on simulated chips: the encoder wrapper, the JP2 boxes, and personalisation with
// faceImageFormat "jp2" (the placeholder encoded as JP2, or a JPEG 2000 file from the profile). That
// the station can decode and show these is tested on the station's side
// (electron/station/documents/chip/face-display*.test.ts): drivers may not import the station.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTlv, type TlvNode } from '../../../epassport/index.js';
import { placeholderFace, placeholderFacePixels } from './grayscale-jpeg.js';
import { encodeJp2, encodeJpeg2000Codestream, jpeg2000Dimensions, wrapJp2 } from './jpeg2000.js';
import { encodeDg2 } from './lds-files.js';
import { personaliseChip } from './personalise.js';
import { parseTravellerProfile } from './profile.js';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16'];
const dir = mkdtempSync(join(tmpdir(), 'borderpost-jp2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Top-level JP2 boxes as [type, body]. */
function boxes(file: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let i = 0; i < file.length; ) {
    const length = file.readUInt32BE(i);
    out.push([file.toString('latin1', i + 4, i + 8), file.subarray(i + 8, i + length)]);
    i += length;
  }
  return out;
}

const child = (n: TlvNode | undefined, tag: number) => n?.children?.find((c) => c.tag === tag);

describe('JPEG 2000 encoding for simulated chips', () => {
  it('encodes a codestream: SOC, SIZ with the size and one 8-bit component, EOC', async () => {
    const grey = placeholderFacePixels({ width: 60, height: 80 });
    const j2k = await encodeJpeg2000Codestream({ ...grey, channels: 1 }, { compressionRatio: 10 });
    expect(j2k.subarray(0, 4).toString('hex')).toBe('ff4fff51');
    expect(j2k.subarray(-2).toString('hex')).toBe('ffd9');
    expect(j2k.readUInt16BE(40)).toBe(1); // Csiz
    expect(j2k[42]).toBe(7); // Ssiz: 8 bits, unsigned
    expect(jpeg2000Dimensions(j2k)).toEqual({ width: 60, height: 80 });
    expect(j2k.length).toBeLessThan((60 * 80) / 5);
    const lossless = await encodeJpeg2000Codestream({ ...grey, channels: 1 });
    expect(lossless.length).toBeGreaterThan(j2k.length);
  });

  it('wraps it in a JP2 file: signature, ftyp, jp2h (ihdr, colr), jp2c', async () => {
    const rgb = { width: 4, height: 3, channels: 3 as const, pixels: new Uint8Array(36).map((_, i) => i * 7) };
    const file = await encodeJp2(rgb, { decompositions: 1 });
    const top = boxes(file);
    expect(top.map(([t]) => t)).toEqual(['jP  ', 'ftyp', 'jp2h', 'jp2c']);
    expect(top[0]![1].toString('hex')).toBe('0d0a870a');
    expect(top[1]![1].subarray(0, 4).toString('latin1')).toBe('jp2 ');
    const header = boxes(top[2]![1]);
    expect(header.map(([t]) => t)).toEqual(['ihdr', 'colr']);
    const ihdr = header[0]![1];
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr.readUInt16BE(8), ihdr[10], ihdr[11]]).toEqual([3, 4, 3, 7, 7]);
    expect(header[1]![1].readUInt32BE(3)).toBe(16); // sRGB
    expect(boxes(wrapJp2(Buffer.from('ff4fff51', 'hex'), { width: 1, height: 1, channels: 1 }))[2]![1].subarray(-4).readUInt32BE(0)).toBe(17); // greyscale
    expect(jpeg2000Dimensions(file)).toEqual({ width: 4, height: 3 });
  });

  it('jpeg2000Dimensions: undefined for JPEG, nothing, or a JP2 file without a codestream', () => {
    expect(jpeg2000Dimensions(placeholderFace())).toBeUndefined();
    expect(jpeg2000Dimensions(Buffer.alloc(0))).toBeUndefined();
    expect(jpeg2000Dimensions(wrapJp2(Buffer.alloc(0), { width: 1, height: 1, channels: 1 }).subarray(0, 45))).toBeUndefined();
  });

  it('refuses an image whose samples do not match its size', async () => {
    await expect(encodeJpeg2000Codestream({ width: 4, height: 4, channels: 1, pixels: new Uint8Array(15) })).rejects.toThrow(RangeError);
  });
});

describe('personalisation with faceImageFormat "jp2"', () => {
  it('the placeholder goes into DG2 as a JP2 file, image data type 1 (JPEG 2000), about the JPEG placeholder’s size', async () => {
    const chip = await personaliseChip(parseTravellerProfile({ mrz: TD3, faceImageFormat: 'jp2' }));
    expect(chip.face).toMatchObject({ format: 'jp2', width: 240, height: 320, placeholder: true });
    expect(chip.face.image.subarray(4, 8).toString('latin1')).toBe('jP  ');
    expect(chip.face.image.length).toBeLessThan(6000);
    const dg2 = chip.dataGroups.get(2)!;
    const bdb = child(child(child(parseTlv(dg2), 0x7f61), 0x7f60), 0x5f2e)!;
    expect(bdb.value.subarray(0, 4).toString('latin1')).toBe('FAC\0');
    expect(bdb.value[14 + 20 + 1]).toBe(0x01); // image information block: image data type JPEG 2000
    expect(bdb.value.subarray(14 + 20 + 12).equals(chip.face.image)).toBe(true);
  });

  it('the default is unchanged: the JPEG placeholder, image data type 0, byte for byte', async () => {
    const chip = await personaliseChip(parseTravellerProfile({ mrz: TD3 }));
    expect(chip.face).toMatchObject({ format: 'jpeg', width: 240, height: 320, placeholder: true });
    expect(chip.face.image.equals(placeholderFace())).toBe(true);
    expect(chip.dataGroups.get(2)!.equals(encodeDg2({ image: placeholderFace(), width: 240, height: 320 }))).toBe(true);
  });

  it('takes a JPEG 2000 file from the profile, and refuses a JPEG there', async () => {
    const file = await encodeJp2({ ...placeholderFacePixels({ width: 90, height: 120 }), channels: 1 }, { compressionRatio: 10 });
    writeFileSync(join(dir, 'face.jp2'), file);
    writeFileSync(join(dir, 'face.jpg'), placeholderFace());
    const chip = await personaliseChip(parseTravellerProfile({ mrz: TD3, faceImageFormat: 'jp2', faceImage: 'face.jp2' }, { baseDir: dir }));
    expect(chip.face).toMatchObject({ format: 'jp2', width: 90, height: 120, placeholder: false });
    expect(chip.face.image.equals(file)).toBe(true);
    await expect(personaliseChip(parseTravellerProfile({ mrz: TD3, faceImageFormat: 'jp2', faceImage: 'face.jpg' }, { baseDir: dir }))).rejects.toThrow(
      /face\.jpg is not a JPEG 2000 file \(JP2\) or codestream \(faceImageFormat is "jp2"\)/,
    );
  });
});
