/**
 * Turns a SubjectPublicKeyInfo into a Node KeyObject, smoothing over what ePassport PKI does:
 * - EC keys with explicit domain parameters (RFC 3279 §2.3.5, common in CSCA and DS certificates):
 *   the parameters are compared with the known named curves and the key is re-imported by name;
 * - RSA keys under the id-RSASSA-PSS OID, or with a modulus written without its sign byte (so it reads
 *   as negative): the key is re-encoded as a plain rsaEncryption key with the same n and e.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { ChipDataError } from './errors.js';
import { Asn1Error, SequenceReader, TAG, encodeOid, parseDer, readBitString, readOctetString, readOid, readSmallInteger } from './der.js';
import { readAlgorithmIdentifier } from './algorithms.js';
import { KNOWN_CURVES, curveByOid, curveByParameters, type CurveParams } from '../../../../native-drivers/epassport/index.js';
import { bigintFromBytes, isOnCurve } from '../../../../native-drivers/epassport/index.js';
import { OID, oidName } from './oid.js';
import { encodeTlv, type TlvNode } from '../../../../native-drivers/epassport/index.js';

export class PublicKeyError extends ChipDataError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'PublicKeyError';
  }
}

export interface ImportedPublicKey {
  readonly key: KeyObject;
  readonly type: 'rsa' | 'ec';
  /** Known curve for EC keys (undefined when OpenSSL knows the curve but this table does not). */
  readonly curve: CurveParams | undefined;
  /** Curve name for EC keys, as OpenSSL reports it. */
  readonly curveName: string | undefined;
  /** RSA modulus length or EC field size, in bits. */
  readonly bits: number;
  /** What had to be smoothed over, in plain words. */
  readonly notes: readonly string[];
}

function unsignedBytes(node: TlvNode, what: string, notes: string[]): Buffer {
  if (node.tag !== TAG.INTEGER || node.length === 0) throw new Asn1Error('bad_integer', `${what} is not an INTEGER`, node.offset);
  let v = node.value;
  if (((v[0] as number) & 0x80) !== 0) notes.push(`${what} is encoded without its leading zero byte (reads as negative); used as unsigned`);
  while (v.length > 1 && v[0] === 0) v = v.subarray(1);
  return v;
}

function derUnsignedInteger(bytes: Buffer): Buffer {
  const body = ((bytes[0] as number) & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return encodeTlv(TAG.INTEGER, body);
}

function importRsa(spki: TlvNode, algOid: string): ImportedPublicKey {
  const notes: string[] = [];
  const r = new SequenceReader(spki, 'subjectPublicKeyInfo');
  r.next(TAG.SEQUENCE, 'algorithm');
  const bits = readBitString(r.next(TAG.BIT_STRING, 'subjectPublicKey'), 'subjectPublicKey');
  const rsaKey = new SequenceReader(parseDer(bits.bytes), 'RSAPublicKey');
  const n = unsignedBytes(rsaKey.next(TAG.INTEGER, 'modulus'), 'RSA modulus', notes);
  const e = unsignedBytes(rsaKey.next(TAG.INTEGER, 'publicExponent'), 'RSA public exponent', notes);
  rsaKey.end();
  if (algOid === OID.rsassaPss) notes.push('key is marked id-RSASSA-PSS; imported as a plain RSA key');
  const rebuilt = encodeTlv(TAG.SEQUENCE, [
    encodeTlv(TAG.SEQUENCE, [encodeOid(OID.rsaEncryption), Buffer.from([TAG.NULL, 0])]),
    encodeTlv(TAG.BIT_STRING, [Buffer.from([0]), encodeTlv(TAG.SEQUENCE, [derUnsignedInteger(n), derUnsignedInteger(e)])]),
  ]);
  const key = createPublicKey({ key: rebuilt, format: 'der', type: 'spki' });
  const modulusLength = key.asymmetricKeyDetails?.modulusLength ?? n.length * 8;
  return { key, type: 'rsa', curve: undefined, curveName: undefined, bits: modulusLength, notes };
}

interface ExplicitParams {
  p: bigint;
  a: bigint;
  b: bigint;
  gx: bigint;
  gy: bigint | undefined;
  gyOdd: boolean | undefined;
  n: bigint;
}

/** Reads SpecifiedECDomain (SEC 1 §C.2 / RFC 3279 §2.3.5) for a prime field. */
function readExplicitParams(node: TlvNode): ExplicitParams {
  const r = new SequenceReader(node, 'ECParameters');
  const version = readSmallInteger(r.next(TAG.INTEGER, 'version'), 'ECParameters.version');
  if (version < 1 || version > 3) throw new Asn1Error('bad_version', `ECParameters version ${version} is unknown`, node.offset);
  const field = new SequenceReader(r.next(TAG.SEQUENCE, 'fieldID'), 'FieldID');
  const fieldType = readOid(field.next(TAG.OID, 'fieldType'));
  if (fieldType !== OID.primeField) throw new PublicKeyError('unsupported_curve', `EC field type ${oidName(fieldType)} is not a prime field`);
  const p = bigintFromBytes(unsignedBytes(field.next(TAG.INTEGER, 'prime-p'), 'field prime', []));
  field.end();
  const curve = new SequenceReader(r.next(TAG.SEQUENCE, 'curve'), 'Curve');
  const a = bigintFromBytes(readOctetString(curve.next(TAG.OCTET_STRING, 'a')));
  const b = bigintFromBytes(readOctetString(curve.next(TAG.OCTET_STRING, 'b')));
  curve.optional(TAG.BIT_STRING);
  curve.end();
  const base = readOctetString(r.next(TAG.OCTET_STRING, 'base'));
  const n = bigintFromBytes(unsignedBytes(r.next(TAG.INTEGER, 'order'), 'curve order', []));
  r.optional(TAG.INTEGER); // cofactor
  r.end();
  const size = Math.ceil(p.toString(2).length / 8);
  if (base[0] === 0x04 && base.length === 1 + 2 * size) {
    return { p, a, b, gx: bigintFromBytes(base.subarray(1, 1 + size)), gy: bigintFromBytes(base.subarray(1 + size)), gyOdd: undefined, n };
  }
  if ((base[0] === 0x02 || base[0] === 0x03) && base.length === 1 + size) {
    return { p, a, b, gx: bigintFromBytes(base.subarray(1)), gy: undefined, gyOdd: base[0] === 0x03, n };
  }
  throw new PublicKeyError('bad_point', 'EC base point encoding is not recognised');
}

function matchExplicit(e: ExplicitParams): CurveParams | undefined {
  if (e.gy !== undefined) return curveByParameters({ ...e, gy: e.gy });
  // Compressed base point: the named curve whose G has this x and the announced parity of y.
  const parity = e.gyOdd ? 1n : 0n;
  return KNOWN_CURVES.find((c) => c.p === e.p && c.a === e.a && c.b === e.b && c.gx === e.gx && c.n === e.n && (c.gy & 1n) === parity);
}

function importEc(spki: TlvNode, params: TlvNode | undefined): ImportedPublicKey {
  const notes: string[] = [];
  const r = new SequenceReader(spki, 'subjectPublicKeyInfo');
  r.next(TAG.SEQUENCE, 'algorithm');
  const point = readBitString(r.next(TAG.BIT_STRING, 'subjectPublicKey'), 'subjectPublicKey').bytes;
  r.end();
  if (!params) throw new PublicKeyError('unsupported_curve', 'EC key has no domain parameters');
  let curve: CurveParams | undefined;
  let key: KeyObject;
  if (params.tag === TAG.OID) {
    const curveOid = readOid(params);
    curve = curveByOid(curveOid);
    try {
      key = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
    } catch (e) {
      throw new PublicKeyError('bad_key', `EC key on ${oidName(curveOid)} cannot be imported: ${(e as Error).message}`);
    }
  } else if (params.tag === TAG.SEQUENCE) {
    curve = matchExplicit(readExplicitParams(params));
    if (curve) {
      notes.push(`explicit EC parameters match ${curve.name}; imported as that named curve`);
      const named = encodeTlv(TAG.SEQUENCE, [
        encodeTlv(TAG.SEQUENCE, [encodeOid(OID.ecPublicKey), encodeOid(curve.oid)]),
        encodeTlv(TAG.BIT_STRING, [Buffer.from([0]), point]),
      ]);
      try {
        key = createPublicKey({ key: named, format: 'der', type: 'spki' });
      } catch (e) {
        throw new PublicKeyError('bad_key', `EC key on ${curve.name} cannot be imported: ${(e as Error).message}`);
      }
    } else {
      // Not a curve in our table: OpenSSL may still recognise it.
      try {
        key = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
      } catch (e) {
        throw new PublicKeyError('unsupported_curve', `explicit EC parameters match no known curve: ${(e as Error).message}`);
      }
      notes.push('explicit EC parameters are not in the curve table; OpenSSL imported them as they are');
    }
  } else {
    throw new PublicKeyError('unsupported_curve', 'EC key uses implicitlyCA parameters, which cannot be resolved here');
  }
  if (curve && point[0] === 0x04) {
    const size = curve.size;
    const P = { x: bigintFromBytes(point.subarray(1, 1 + size)), y: bigintFromBytes(point.subarray(1 + size)) };
    if (point.length !== 1 + 2 * size || !isOnCurve(curve, P)) throw new PublicKeyError('point_not_on_curve', `public point is not on ${curve.name}`);
  }
  const curveName = key.asymmetricKeyDetails?.namedCurve ?? curve?.nodeName;
  const bits = curve ? curve.p.toString(2).length : 0;
  return { key, type: 'ec', curve, curveName, bits, notes };
}

/** Imports a SubjectPublicKeyInfo (DER). Throws a ChipDataError subclass when it cannot. */
export function importPublicKey(spkiDer: Buffer): ImportedPublicKey {
  try {
    const spki = parseDer(spkiDer);
    const alg = readAlgorithmIdentifier(new SequenceReader(spki, 'subjectPublicKeyInfo').next(TAG.SEQUENCE, 'algorithm'), 'algorithm');
    if (alg.oid === OID.rsaEncryption || alg.oid === OID.rsassaPss) return importRsa(spki, alg.oid);
    if (alg.oid === OID.ecPublicKey) return importEc(spki, alg.parameters);
    throw new PublicKeyError('unsupported_key', `public key algorithm ${oidName(alg.oid)} is not supported`);
  } catch (e) {
    if (e instanceof ChipDataError) throw e;
    throw new PublicKeyError('bad_key', `public key cannot be imported: ${(e as Error).message}`);
  }
}
