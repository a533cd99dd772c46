// The LDS files as ICAO 9303-10 lays them out, read back with the protocol's own TLV and
// EF.CardAccess parsers, and the baseline JPEG's segment structure (ITU-T T.81 Annex B). Whether
// Chromium decodes the JPEG is tested in test/integration/face-placeholder.chromium.test.ts.
import { describe, expect, it } from 'vitest';
import { BRAINPOOL_P256R1, findChild, parseCardAccess, parseTlv, type TlvNode } from '../../../epassport/index.js';
import { encodeGrayscaleJpeg, jpegDimensions, placeholderFace } from './grayscale-jpeg.js';
import { SECURITY_OID, ecSpki, encodeCardAccess, encodeDg1, encodeDg11, encodeDg14, encodeDg2, encodeEfCom } from './lds-files.js';
import { tamperWith } from './personalise.js';
import { chipAuthenticationInfo } from './test-terminal.js';

const child = (n: TlvNode | undefined, tag: number): TlvNode => {
  const c = n && findChild(n, tag);
  if (!c) throw new Error(`no ${tag.toString(16)}`);
  return c;
};

describe('LDS files', () => {
  it('EF.COM lists LDS 1.7, Unicode 4.0.0 and the data group tags', () => {
    const com = parseTlv(encodeEfCom([0x61, 0x75, 0x6e]));
    expect(com.tag).toBe(0x60);
    expect(child(com, 0x5f01).value.toString()).toBe('0107');
    expect(child(com, 0x5f36).value.toString()).toBe('040000');
    expect(child(com, 0x5c).value.toString('hex')).toBe('61756e');
  });

  it('DG1 holds the MRZ lines concatenated in 5F1F', () => {
    const dg1 = parseTlv(encodeDg1(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16']));
    expect(dg1.tag).toBe(0x61);
    expect(child(dg1, 0x5f1f).value.toString()).toHaveLength(88);
  });

  it('DG2 wraps a 19794-5 facial record around the JPEG: 7F61 / 02 / 7F60 / A1 + 5F2E', () => {
    const jpeg = placeholderFace({ width: 90, height: 120 });
    const dg2 = parseTlv(encodeDg2({ image: jpeg, width: 90, height: 120 }));
    expect(dg2.tag).toBe(0x75);
    const group = child(dg2, 0x7f61);
    expect(child(group, 0x02).value).toEqual(Buffer.from([1]));
    const template = child(group, 0x7f60);
    const header = child(template, 0xa1);
    expect(child(header, 0x81).value).toEqual(Buffer.from([0x02])); // facial features
    expect(child(header, 0x87).value).toEqual(Buffer.from([0x01, 0x01])); // format owner SC 37
    expect(child(header, 0x88).value).toEqual(Buffer.from([0x00, 0x08])); // 19794-5 face image
    const record = child(template, 0x5f2e).value;
    expect(record.subarray(0, 8).toString('latin1')).toBe('FAC\x00010\x00');
    expect(record.readUInt32BE(8)).toBe(record.length);
    expect(record.readUInt16BE(12)).toBe(1);
    expect(record.readUInt32BE(14)).toBe(record.length - 14);
    expect(record.readUInt16BE(18)).toBe(0); // feature points
    const info = record.subarray(34, 46);
    expect([info[0], info[1], info.readUInt16BE(2), info.readUInt16BE(4)]).toEqual([1, 0, 90, 120]);
    expect(record.subarray(46).equals(jpeg)).toBe(true);
  });

  it('DG11 has a tag list naming exactly the fields present', () => {
    const dg11 = parseTlv(encodeDg11({ fullName: 'ERIKSSON<<ANNA<MARIA', fullDateOfBirth: '19740812' }));
    expect(child(dg11, 0x5c).value.toString('hex')).toBe('5f0e5f2b');
    expect(dg11.children?.map((c) => c.tag)).toEqual([0x5c, 0x5f0e, 0x5f2b]);
  });

  it('EF.CardAccess and DG14 SecurityInfos read back with the terminal parsers', () => {
    const pace = [
      { protocol: SECURITY_OID.paceEcdhGmAes128, parameterId: 13 },
      { protocol: SECURITY_OID.paceEcdhGm3Des, parameterId: 12 },
    ];
    expect(parseCardAccess(encodeCardAccess(pace)).paceInfos).toEqual(expect.arrayContaining(pace.map((p) => ({ ...p, version: 2 }))));
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]);
    const dg14 = encodeDg14({ chipAuthentication: { protocol: SECURITY_OID.caEcdhAes128, spki: ecSpki(BRAINPOOL_P256R1.oid, point) }, pace, activeAuthenticationAlgorithm: SECURITY_OID.ecdsaPlainSha256 });
    expect(parseTlv(dg14).tag).toBe(0x6e);
    const infos = parseCardAccess(parseTlv(dg14).value);
    expect(infos.paceInfos).toHaveLength(2);
    expect([...infos.otherProtocols].sort()).toEqual([SECURITY_OID.activeAuthentication, SECURITY_OID.caEcdhAes128, SECURITY_OID.pkEcdh].sort());
    expect(chipAuthenticationInfo(dg14)).toEqual({ protocol: SECURITY_OID.caEcdhAes128, curve: BRAINPOOL_P256R1, chipPublicKey: point });
  });

  it('tampering changes one byte of the largest value and keeps the TLV readable', () => {
    const dg1 = encodeDg1(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F3404159ZE184226B<<<<<16']);
    const t = tamperWith(dg1);
    expect(t).toHaveLength(dg1.length);
    expect([...t].filter((b, i) => b !== dg1[i])).toHaveLength(1);
    expect(parseTlv(t).tag).toBe(0x61);
  });
});

describe('grayscale JPEG', () => {
  it('writes SOI, JFIF APP0, DQT, SOF0 (8-bit, one component), DHT, SOS, EOI in that order', () => {
    const jpeg = encodeGrayscaleJpeg({ width: 17, height: 9, pixels: new Uint8Array(17 * 9).map((_, i) => (i * 7) & 0xff) }, 90);
    const markers: number[] = [];
    let i = 2;
    expect(jpeg.readUInt16BE(0)).toBe(0xffd8);
    while (jpeg[i] === 0xff && jpeg[i + 1] !== 0xda) {
      markers.push(jpeg.readUInt16BE(i));
      i += 2 + jpeg.readUInt16BE(i + 2);
    }
    markers.push(jpeg.readUInt16BE(i));
    expect(markers).toEqual([0xffe0, 0xffdb, 0xffc0, 0xffc4, 0xffda]);
    expect(jpeg.subarray(6, 11).toString('latin1')).toBe('JFIF\0');
    expect(jpeg.readUInt16BE(jpeg.length - 2)).toBe(0xffd9);
    expect(jpegDimensions(jpeg)).toEqual({ width: 17, height: 9 });
    // Entropy-coded data never contains an unstuffed marker (FF followed by anything but 00).
    const scan = jpeg.subarray(i + 2 + jpeg.readUInt16BE(i + 2), jpeg.length - 2);
    for (let k = 0; k < scan.length - 1; k++) if (scan[k] === 0xff) expect(scan[k + 1]).toBe(0x00);
  });

  it('more texture gives a larger file; the default placeholder is a few KB of 240 × 320', () => {
    const plain = placeholderFace();
    const textured = placeholderFace({ texture: 20 });
    expect(jpegDimensions(plain)).toEqual({ width: 240, height: 320 });
    expect(plain.length).toBeGreaterThan(1000);
    expect(plain.length).toBeLessThan(8000);
    expect(textured.length).toBeGreaterThan(2 * plain.length);
  });

  it('refuses a pixel count that does not match the size', () => {
    expect(() => encodeGrayscaleJpeg({ width: 8, height: 8, pixels: new Uint8Array(63) })).toThrow(RangeError);
  });
});
