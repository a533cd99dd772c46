/**
 * The LDS files of a simulated eMRTD (ICAO 9303-10 §4.6–4.7), encoded as an issuer writes them:
 * EF.COM, DG1 (MRZ), DG2 (face, JPEG or JPEG 2000, ISO/IEC 19794-5:2005 inside the biometric
 * information template), DG11 and DG12 (a few fields), DG14 and EF.CardAccess (SecurityInfos), DG15
 * (AA public key).
 */
import { ID_PACE, encodeTlv } from '../../../epassport/index.js';
import { OID as PKI_OID, encodeOid, integer, seq, set } from '../pki/der-writer.js';

/** LDS tags of the files (9303-10 §4.6.2, Table 34). */
export const LDS_TAG = { COM: 0x60, SOD: 0x77, 1: 0x61, 2: 0x75, 11: 0x6b, 12: 0x6c, 14: 0x6e, 15: 0x6f } as const;

/** SecurityInfo protocol OIDs (9303-11 §9.2; BSI TR-03110-3 A.1.1; 9303-11 §6.1 for AA). */
export const SECURITY_OID = {
  paceEcdhGm3Des: `${ID_PACE}.2.1`,
  paceEcdhGmAes128: `${ID_PACE}.2.2`,
  pkEcdh: '0.4.0.127.0.7.2.2.1.2',
  caEcdh3Des: '0.4.0.127.0.7.2.2.3.2.1',
  caEcdhAes128: '0.4.0.127.0.7.2.2.3.2.2',
  activeAuthentication: '2.23.136.1.1.5',
  ecdsaPlainSha256: '0.4.0.127.0.7.1.1.4.1.3',
} as const;

/** DER SET OF: elements sorted by their encodings (X.690 §11.6), as a DER reader may insist. */
function setOf(elements: readonly Buffer[]): Buffer {
  return set(...[...elements].sort(Buffer.compare));
}

/** EF.COM: LDS version 1.7, Unicode 4.0.0, and the tags of the data groups present. */
export function encodeEfCom(dataGroupTags: readonly number[]): Buffer {
  return encodeTlv(LDS_TAG.COM, [
    encodeTlv(0x5f01, Buffer.from('0107', 'ascii')),
    encodeTlv(0x5f36, Buffer.from('040000', 'ascii')),
    encodeTlv(0x5c, Buffer.from(dataGroupTags)),
  ]);
}

/** DG1: the MRZ as one string (5F1F), lines concatenated (9303-10 §4.7.1). */
export function encodeDg1(mrzLines: readonly string[]): Buffer {
  return encodeTlv(LDS_TAG[1], encodeTlv(0x5f1f, Buffer.from(mrzLines.join(''), 'ascii')));
}

export interface FaceImageInfo {
  /** The image as stored: a JPEG, or a JPEG 2000 file or codestream when `format` is 'jp2'. */
  readonly image: Buffer;
  /** Default 'jpeg'. */
  readonly format?: 'jpeg' | 'jp2';
  readonly width: number;
  readonly height: number;
}

/**
 * The ISO/IEC 19794-5:2005 facial record: a 14-byte record header ('FAC\0', version '010\0', record
 * length, one image), a 20-byte facial information block, no feature points, a 12-byte image
 * information block, then the image (JPEG, or JPEG 2000 with image data type 1).
 */
export function encodeFacialRecord(face: FaceImageInfo): Buffer {
  const imageInfo = Buffer.alloc(12);
  imageInfo[0] = 0x01; // face image type: full frontal
  imageInfo[1] = face.format === 'jp2' ? 0x01 : 0x00; // image data type: JPEG 2000, JPEG
  imageInfo.writeUInt16BE(face.width, 2);
  imageInfo.writeUInt16BE(face.height, 4);
  imageInfo[6] = 0x03; // colour space: 8-bit greyscale
  imageInfo[7] = 0x02; // source type: static photo, digital still camera
  imageInfo.writeUInt16BE(0x0000, 8); // device type: unspecified
  imageInfo.writeUInt16BE(0x0000, 10); // quality: unspecified
  const facialInfo = Buffer.alloc(20);
  facialInfo.writeUInt32BE(20 + 12 + face.image.length, 0); // facial record data length
  facialInfo.writeUInt16BE(0, 4); // feature points
  // gender, eye colour, hair colour, feature mask (3), expression (2), pose angles (3), uncertainty (3): unspecified
  const header = Buffer.alloc(14);
  header.write('FAC\0', 0, 'latin1');
  header.write('010\0', 4, 'latin1');
  header.writeUInt32BE(14 + 20 + 12 + face.image.length, 8);
  header.writeUInt16BE(1, 12);
  return Buffer.concat([header, facialInfo, imageInfo, face.image]);
}

/**
 * DG2 (9303-10 §4.7.2): biometric information group template 7F61 with one instance (02 01 01), the
 * biometric information template 7F60 holding the header template A1 (ICAO header version 0101,
 * biometric type 02 = facial features, format owner 0101 = ISO/IEC JTC 1/SC 37, format type 0008 =
 * 19794-5 face image) and the biometric data block 5F2E.
 */
export function encodeDg2(face: FaceImageInfo): Buffer {
  const bht = encodeTlv(0xa1, [
    encodeTlv(0x80, Buffer.from([0x01, 0x01])),
    encodeTlv(0x81, Buffer.from([0x02])),
    encodeTlv(0x87, Buffer.from([0x01, 0x01])),
    encodeTlv(0x88, Buffer.from([0x00, 0x08])),
  ]);
  const bit = encodeTlv(0x7f60, [bht, encodeTlv(0x5f2e, encodeFacialRecord(face))]);
  return encodeTlv(LDS_TAG[2], encodeTlv(0x7f61, [encodeTlv(0x02, Buffer.from([0x01])), bit]));
}

/** DG11, additional personal details (9303-10 §4.7.11): a tag list 5C then the fields. */
export function encodeDg11(details: { fullName?: string; placeOfBirth?: string; fullDateOfBirth?: string }): Buffer {
  const fields: [number, string | undefined][] = [
    [0x5f0e, details.fullName],
    [0x5f2b, details.fullDateOfBirth],
    [0x5f11, details.placeOfBirth],
  ];
  return tagListTemplate(LDS_TAG[11], fields);
}

/** DG12, additional document details (9303-10 §4.7.12). */
export function encodeDg12(details: { issuingAuthority?: string; dateOfIssue?: string }): Buffer {
  return tagListTemplate(LDS_TAG[12], [
    [0x5f19, details.issuingAuthority],
    [0x5f26, details.dateOfIssue],
  ]);
}

function tagListTemplate(tag: number, fields: [number, string | undefined][]): Buffer {
  const present = fields.filter((f): f is [number, string] => f[1] !== undefined);
  const tagList = Buffer.concat(present.map(([t]) => Buffer.from([t >> 8, t & 0xff])));
  return encodeTlv(tag, [encodeTlv(0x5c, tagList), ...present.map(([t, v]) => encodeTlv(t, Buffer.from(v, 'utf8')))]);
}

export interface PaceInfoSpec {
  readonly protocol: string;
  readonly parameterId: number;
}

/** PACEInfo ::= SEQUENCE { protocol, version INTEGER (2), parameterId INTEGER } (9303-11 §9.2.1). */
export function paceInfo(spec: PaceInfoSpec): Buffer {
  return seq(encodeOid(spec.protocol), integer(2n), integer(BigInt(spec.parameterId)));
}

/** EF.CardAccess: SecurityInfos with one PACEInfo per offered protocol and domain parameters. */
export function encodeCardAccess(offers: readonly PaceInfoSpec[]): Buffer {
  return setOf(offers.map(paceInfo));
}

export interface Dg14Spec {
  /** Chip Authentication: protocol OID, the chip's public key as a SubjectPublicKeyInfo. */
  readonly chipAuthentication?: { readonly protocol: string; readonly spki: Buffer };
  readonly pace?: readonly PaceInfoSpec[];
  /** ActiveAuthenticationInfo, needed when AA uses ECDSA (9303-11 §6.1: the signature algorithm). */
  readonly activeAuthenticationAlgorithm?: string;
}

/**
 * DG14 (9303-10 §4.7.14): SecurityInfos. ChipAuthenticationPublicKeyInfo ::= SEQUENCE { id-PK-ECDH,
 * SubjectPublicKeyInfo }, ChipAuthenticationInfo ::= SEQUENCE { id-CA-ECDH-*, version INTEGER (1) },
 * the PACEInfos of EF.CardAccess (signed here, so a terminal can check EF.CardAccess against them),
 * and ActiveAuthenticationInfo ::= SEQUENCE { id-AA, version INTEGER (1), signatureAlgorithm OID }.
 */
export function encodeDg14(spec: Dg14Spec): Buffer {
  const infos: Buffer[] = [];
  if (spec.chipAuthentication) {
    infos.push(seq(encodeOid(SECURITY_OID.pkEcdh), spec.chipAuthentication.spki));
    infos.push(seq(encodeOid(spec.chipAuthentication.protocol), integer(1n)));
  }
  for (const p of spec.pace ?? []) infos.push(paceInfo(p));
  if (spec.activeAuthenticationAlgorithm) infos.push(seq(encodeOid(SECURITY_OID.activeAuthentication), integer(1n), encodeOid(spec.activeAuthenticationAlgorithm)));
  return encodeTlv(LDS_TAG[14], setOf(infos));
}

/** DG15 (9303-10 §4.7.15): the Active Authentication public key as a SubjectPublicKeyInfo. */
export function encodeDg15(spki: Buffer): Buffer {
  return encodeTlv(LDS_TAG[15], spki);
}

/** SubjectPublicKeyInfo of an EC public point on a named curve (RFC 5480 §2). */
export function ecSpki(curveOid: string, point: Buffer): Buffer {
  return seq(seq(encodeOid(PKI_OID.ecPublicKey), encodeOid(curveOid)), encodeTlv(0x03, [Buffer.from([0]), point]));
}
