/**
 * AlgorithmIdentifier reading (RFC 5280 §4.1.1.2) and the mapping from signature OIDs to what Node's
 * crypto needs: a hash, a padding, and for RSASSA-PSS the parameters from RFC 8017 Appendix A.2.3
 * (hashAlgorithm [0], maskGenAlgorithm [1], saltLength [2], trailerField [3], with SHA-1/MGF1-SHA-1/20/1
 * as the defaults when a field is absent).
 */
import { createHash } from 'node:crypto';
import { Asn1Error, SequenceReader, TAG, contextTag, readOid, readSmallInteger } from './der.js';
import { OID, oidName } from './oid.js';
import type { TlvNode } from '../../../../native-drivers/epassport/index.js';

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface AlgorithmIdentifier {
  readonly oid: string;
  /** The parameters field when present (NULL included: some issuers add it where it should be absent). */
  readonly parameters: TlvNode | undefined;
}

export function readAlgorithmIdentifier(node: TlvNode, what: string): AlgorithmIdentifier {
  const r = new SequenceReader(node, what);
  const oid = readOid(r.next(TAG.OID, 'algorithm'), `${what}.algorithm`);
  const parameters = r.remaining > 0 ? r.any('parameters') : undefined;
  r.end();
  return { oid, parameters };
}

const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

export function hashFromOid(oid: string): HashName | undefined {
  return HASH_BY_OID[oid];
}

export function requireHash(alg: AlgorithmIdentifier, what: string): HashName {
  const h = hashFromOid(alg.oid);
  if (!h) throw new Asn1Error('unsupported_algorithm', `${what}: unsupported hash algorithm ${oidName(alg.oid)}`);
  return h;
}

export function digest(hash: HashName, data: Buffer): Buffer {
  return createHash(hash).update(data).digest();
}

export const HASH_LENGTH: Readonly<Record<HashName, number>> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

export interface PssParameters {
  readonly hash: HashName;
  readonly mgf1Hash: HashName;
  readonly saltLength: number;
  readonly trailerField: number;
}

/** Reads RSASSA-PSS-params; an absent or NULL parameter means all defaults (RFC 8017 A.2.3). */
export function readPssParameters(params: TlvNode | undefined): PssParameters {
  let hash: HashName = 'sha1';
  let mgf1Hash: HashName = 'sha1';
  let saltLength = 20;
  let trailerField = 1;
  if (!params || params.tag === TAG.NULL) return { hash, mgf1Hash, saltLength, trailerField };
  const r = new SequenceReader(params, 'RSASSA-PSS-params');
  const h = r.optional(contextTag(0, true));
  if (h) {
    const alg = readAlgorithmIdentifier(new SequenceReader(h, 'hashAlgorithm').next(TAG.SEQUENCE, 'AlgorithmIdentifier'), 'hashAlgorithm');
    hash = requireHash(alg, 'RSASSA-PSS hashAlgorithm');
  }
  const m = r.optional(contextTag(1, true));
  if (m) {
    const mgf = readAlgorithmIdentifier(new SequenceReader(m, 'maskGenAlgorithm').next(TAG.SEQUENCE, 'AlgorithmIdentifier'), 'maskGenAlgorithm');
    if (mgf.oid !== OID.mgf1) throw new Asn1Error('unsupported_algorithm', `RSASSA-PSS mask generation ${oidName(mgf.oid)} is not MGF1`);
    if (!mgf.parameters) throw new Asn1Error('missing_field', 'MGF1 needs a hash algorithm parameter');
    mgf1Hash = requireHash(readAlgorithmIdentifier(mgf.parameters, 'MGF1 hash'), 'MGF1 hash');
  }
  const s = r.optional(contextTag(2, true));
  if (s) saltLength = readSmallInteger(new SequenceReader(s, 'saltLength').next(TAG.INTEGER, 'INTEGER'), 'saltLength');
  const t = r.optional(contextTag(3, true));
  if (t) trailerField = readSmallInteger(new SequenceReader(t, 'trailerField').next(TAG.INTEGER, 'INTEGER'), 'trailerField');
  r.end();
  if (saltLength < 0) throw new Asn1Error('bad_parameter', `RSASSA-PSS salt length ${saltLength} is negative`, params.offset);
  if (trailerField !== 1) throw new Asn1Error('unsupported_algorithm', `RSASSA-PSS trailer field ${trailerField} is not 1 (0xBC)`, params.offset);
  return { hash, mgf1Hash, saltLength, trailerField };
}

export type SignatureScheme =
  | { readonly kind: 'rsa-pkcs1'; readonly hash: HashName }
  | { readonly kind: 'rsa-pss'; readonly pss: PssParameters }
  | { readonly kind: 'ecdsa'; readonly hash: HashName; readonly encoding: 'der' | 'plain' };

const RSA_PKCS1: Readonly<Record<string, HashName>> = {
  [OID.sha1WithRSAEncryption]: 'sha1',
  [OID.sha224WithRSAEncryption]: 'sha224',
  [OID.sha256WithRSAEncryption]: 'sha256',
  [OID.sha384WithRSAEncryption]: 'sha384',
  [OID.sha512WithRSAEncryption]: 'sha512',
};
const ECDSA_DER: Readonly<Record<string, HashName>> = {
  [OID.ecdsaWithSHA1]: 'sha1',
  [OID.ecdsaWithSHA224]: 'sha224',
  [OID.ecdsaWithSHA256]: 'sha256',
  [OID.ecdsaWithSHA384]: 'sha384',
  [OID.ecdsaWithSHA512]: 'sha512',
};
const ECDSA_PLAIN: Readonly<Record<string, HashName>> = {
  [OID.ecdsaPlainSHA1]: 'sha1',
  [OID.ecdsaPlainSHA224]: 'sha224',
  [OID.ecdsaPlainSHA256]: 'sha256',
  [OID.ecdsaPlainSHA384]: 'sha384',
  [OID.ecdsaPlainSHA512]: 'sha512',
};

/**
 * What a signature AlgorithmIdentifier means. `digestHash` is the CMS SignerInfo digestAlgorithm: when
 * the signature algorithm names only the key type (rsaEncryption, or id-ecPublicKey, which some
 * issuers put there), the hash comes from it.
 */
export function signatureScheme(alg: AlgorithmIdentifier, digestHash?: HashName): SignatureScheme {
  const pkcs1 = RSA_PKCS1[alg.oid];
  if (pkcs1) return { kind: 'rsa-pkcs1', hash: pkcs1 };
  if (alg.oid === OID.rsassaPss) return { kind: 'rsa-pss', pss: readPssParameters(alg.parameters) };
  const der = ECDSA_DER[alg.oid];
  if (der) return { kind: 'ecdsa', hash: der, encoding: 'der' };
  const plain = ECDSA_PLAIN[alg.oid];
  if (plain) return { kind: 'ecdsa', hash: plain, encoding: 'plain' };
  if (alg.oid === OID.rsaEncryption && digestHash) return { kind: 'rsa-pkcs1', hash: digestHash };
  if (alg.oid === OID.ecPublicKey && digestHash) return { kind: 'ecdsa', hash: digestHash, encoding: 'der' };
  throw new Asn1Error('unsupported_algorithm', `unsupported signature algorithm ${oidName(alg.oid)}`);
}

export function describeScheme(s: SignatureScheme): string {
  switch (s.kind) {
    case 'rsa-pkcs1':
      return `RSA PKCS#1 v1.5 with ${s.hash.toUpperCase()}`;
    case 'rsa-pss':
      return `RSASSA-PSS (${s.pss.hash.toUpperCase()}, MGF1-${s.pss.mgf1Hash.toUpperCase()}, salt ${s.pss.saltLength})`;
    case 'ecdsa':
      return `ECDSA with ${s.hash.toUpperCase()}${s.encoding === 'plain' ? ' (plain r‖s)' : ''}`;
  }
}
