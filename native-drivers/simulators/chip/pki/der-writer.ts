/**
 * The few DER writers the simulated issuer needs to build certificates, CRLs, CMS SignedData and the
 * LDS security objects (X.690 §8, DER rules of §10–11). Reading DER is the station's job: it has its
 * own strict reader, and the two meet only on the wire, which is what the tests check.
 */
import { encodeOid, encodeTlv } from '../../../epassport/index.js';

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/**
 * OIDs the issuer writes. Sources: RFC 5652 (CMS), RFC 8017 (PKCS #1), RFC 5758 (ECDSA), RFC 5280
 * (X.509), BSI TR-03111 (plain ECDSA), ICAO 9303-10 §4.6.2 (LDS security object).
 */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  ldsSecurityObject: '2.23.136.1.1.1',
  cscaMasterList: '2.23.136.1.1.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  mgf1: '1.2.840.113549.1.1.8',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecPublicKey: '1.2.840.10045.2.1',
  primeField: '1.2.840.10045.1.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaPlainSHA256: '0.4.0.127.0.7.1.1.4.1.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
} as const;

export { encodeOid };

export const seq = (...parts: Buffer[]): Buffer => encodeTlv(TAG.SEQUENCE, parts);
export const set = (...parts: Buffer[]): Buffer => encodeTlv(TAG.SET, parts);
export const NULL = Buffer.from([TAG.NULL, 0x00]);
export const TRUE = Buffer.from([TAG.BOOLEAN, 0x01, 0xff]);
/** [n] EXPLICIT (constructed context tag around a complete inner object). */
export const explicit = (n: number, inner: Buffer): Buffer => encodeTlv(0xa0 | n, inner);
export const octetString = (bytes: Buffer): Buffer => encodeTlv(TAG.OCTET_STRING, bytes);
/** A BIT STRING of whole bytes (no unused bits), as keys and signatures are. */
export const bitString = (bytes: Buffer): Buffer => encodeTlv(TAG.BIT_STRING, [Buffer.from([0]), bytes]);

/** INTEGER in its shortest two's complement form. */
export function integer(n: bigint): Buffer {
  let len = 1;
  while (n < -(1n << BigInt(8 * len - 1)) || n >= 1n << BigInt(8 * len - 1)) len++;
  const v = n < 0n ? (1n << BigInt(8 * len)) + n : n;
  return encodeTlv(TAG.INTEGER, Buffer.from(v.toString(16).padStart(len * 2, '0'), 'hex'));
}

/** An unsigned big-endian magnitude as INTEGER (adds the 00 sign byte when the top bit is set). */
export function unsignedInteger(magnitude: Buffer): Buffer {
  let m = magnitude;
  while (m.length > 1 && m[0] === 0 && ((m[1] as number) & 0x80) === 0) m = m.subarray(1);
  return encodeTlv(TAG.INTEGER, ((m[0] ?? 0) & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), m]) : m);
}

/** UTCTime "YYMMDDHHMMSSZ" (RFC 5280 §4.1.2.5.1: for dates 1950–2049). */
export function utcTime(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return encodeTlv(TAG.UTC_TIME, Buffer.from(`${s}Z`, 'latin1'));
}
