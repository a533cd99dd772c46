/**
 * X.509 certificate reader (RFC 5280 §4.1) for Document Signer and CSCA certificates (ICAO 9303-12 §7).
 * It reads the fields passive authentication and trust-store lookups need; signature checks live in
 * signature.ts. Oddities that real CSCAs carry and that do not make a certificate unusable (negative
 * serial numbers, NULL parameters after an ECDSA OID) are recorded in `quirks` rather than refused.
 */
import { ChipDataError } from './errors.js';
import {
  Asn1Error,
  SequenceReader,
  TAG,
  childrenOf,
  contextTag,
  expectTag,
  parseDer,
  readBitString,
  readBoolean,
  readInteger,
  readOctetString,
  readOid,
  readSmallInteger,
  readString,
  readTime,
} from './der.js';
import { readAlgorithmIdentifier, type AlgorithmIdentifier } from './algorithms.js';
import { NAME_ATTRIBUTE_LABELS, OID, oidName } from './oid.js';
import type { TlvNode } from '../../../../native-drivers/epassport/index.js';

export class CertificateError extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'CertificateError';
  }
}

export interface NameAttribute {
  readonly type: string;
  readonly value: string;
}

export interface DistinguishedName {
  /** RDNSequence: each RDN is a set of attributes (almost always exactly one). */
  readonly rdns: readonly (readonly NameAttribute[])[];
  readonly der: Buffer;
}

export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Buffer;
}

export interface AuthorityKeyIdentifier {
  readonly keyIdentifier: Buffer | undefined;
  readonly certSerial: bigint | undefined;
}

export interface KeyUsage {
  readonly digitalSignature: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
}

export interface Certificate {
  readonly der: Buffer;
  /** The exact tbsCertificate bytes the issuer signed. */
  readonly tbsDer: Buffer;
  readonly version: number;
  readonly serial: bigint;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SubjectPublicKeyInfo DER, ready for public-key.ts. */
  readonly spki: Buffer;
  readonly publicKeyAlgorithm: AlgorithmIdentifier;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signatureValue: Buffer;
  readonly extensions: readonly Extension[];
  readonly subjectKeyIdentifier: Buffer | undefined;
  readonly authorityKeyIdentifier: AuthorityKeyIdentifier | undefined;
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | undefined } | undefined;
  readonly keyUsage: KeyUsage | undefined;
  readonly privateKeyUsagePeriod: { readonly notBefore: Date | undefined; readonly notAfter: Date | undefined } | undefined;
  /** Deviations from RFC 5280 that were tolerated, in plain words. */
  readonly quirks: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Names

export function readName(node: TlvNode, what: string): DistinguishedName {
  expectTag(node, TAG.SEQUENCE, what);
  const rdns = childrenOf(node, what).map((set) => {
    expectTag(set, TAG.SET, `${what} RDN`);
    return childrenOf(set, `${what} RDN`).map((atv) => {
      const r = new SequenceReader(atv, `${what} attribute`);
      const type = readOid(r.next(TAG.OID, 'type'));
      const valueNode = r.any('value');
      r.end();
      let value: string;
      try {
        value = readString(valueNode, `${what} ${oidName(type)}`);
      } catch {
        // Not a string type (rare, e.g. an OCTET STRING): keep it comparable as hex.
        value = `#${valueNode.raw.toString('hex')}`;
      }
      return { type, value };
    });
  });
  return { rdns, der: node.raw };
}

/** "C=DE, O=HJP Consulting, OU=Document Signer, CN=HJP PB DS" (in encoded order). */
export function formatName(name: DistinguishedName): string {
  return name.rdns
    .map((rdn) => rdn.map((a) => `${NAME_ATTRIBUTE_LABELS[a.type] ?? a.type}=${a.value}`).join('+'))
    .join(', ');
}

function normalise(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Name equality as RFC 5280 §7.1 asks for in practice: identical DER, or the same attributes in the
 * same order with values equal after case folding and whitespace collapsing (issuers re-encode a
 * PrintableString as UTF8String between a CSCA and the certificates it signs).
 */
export function namesEqual(a: DistinguishedName, b: DistinguishedName): boolean {
  if (a.der.equals(b.der)) return true;
  if (a.rdns.length !== b.rdns.length) return false;
  return a.rdns.every((rdn, i) => {
    const other = b.rdns[i] as readonly NameAttribute[];
    if (rdn.length !== other.length) return false;
    const key = (x: NameAttribute): string => `${x.type}=${normalise(x.value)}`;
    const left = rdn.map(key).sort();
    const right = other.map(key).sort();
    return left.every((k, j) => k === right[j]);
  });
}

export function nameAttribute(name: DistinguishedName, type: string): string | undefined {
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type) return a.value;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Extensions

function readExtensions(node: TlvNode): Extension[] {
  const seq = expectTag(childrenOf(node, 'extensions')[0], TAG.SEQUENCE, 'extensions', node);
  return childrenOf(seq, 'extensions').map((ext) => {
    const r = new SequenceReader(ext, 'Extension');
    const oid = readOid(r.next(TAG.OID, 'extnID'));
    const critNode = r.optional(TAG.BOOLEAN);
    const critical = critNode ? readBoolean(critNode, 'critical') : false;
    const value = readOctetString(r.next(TAG.OCTET_STRING, 'extnValue'));
    r.end();
    return { oid, critical, value };
  });
}

function parseExtensionValue(ext: Extension, what: string): TlvNode {
  try {
    return parseDer(ext.value);
  } catch (e) {
    if (e instanceof ChipDataError) throw new CertificateError('bad_extension', `${what} extension cannot be read: ${e.message}`);
    throw e;
  }
}

function readAki(ext: Extension): AuthorityKeyIdentifier {
  const node = parseExtensionValue(ext, 'authorityKeyIdentifier');
  expectTag(node, TAG.SEQUENCE, 'authorityKeyIdentifier');
  let keyIdentifier: Buffer | undefined;
  let certSerial: bigint | undefined;
  for (const c of childrenOf(node, 'authorityKeyIdentifier')) {
    if (c.tag === contextTag(0, false)) keyIdentifier = c.value;
    // [2] authorityCertSerialNumber is an IMPLICIT INTEGER: same content octets as an INTEGER.
    if (c.tag === contextTag(2, false) && c.length > 0) {
      let n = BigInt(`0x${c.value.toString('hex')}`);
      if (((c.value[0] as number) & 0x80) !== 0) n -= 1n << BigInt(c.length * 8);
      certSerial = n;
    }
  }
  return { keyIdentifier, certSerial };
}

function readBasicConstraints(ext: Extension): { ca: boolean; pathLength: number | undefined } {
  const node = parseExtensionValue(ext, 'basicConstraints');
  const r = new SequenceReader(expectTag(node, TAG.SEQUENCE, 'basicConstraints'), 'basicConstraints');
  const caNode = r.optional(TAG.BOOLEAN);
  const lenNode = r.optional(TAG.INTEGER);
  r.end();
  return { ca: caNode ? readBoolean(caNode, 'cA') : false, pathLength: lenNode ? readSmallInteger(lenNode, 'pathLenConstraint') : undefined };
}

function readKeyUsage(ext: Extension): KeyUsage {
  const { bytes } = readBitString(parseExtensionValue(ext, 'keyUsage'), 'keyUsage');
  const bit = (i: number): boolean => (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) === 1;
  return { digitalSignature: bit(0), keyCertSign: bit(5), cRLSign: bit(6) };
}

function readPrivateKeyUsagePeriod(ext: Extension): { notBefore: Date | undefined; notAfter: Date | undefined } {
  const node = parseExtensionValue(ext, 'privateKeyUsagePeriod');
  let notBefore: Date | undefined;
  let notAfter: Date | undefined;
  for (const c of childrenOf(expectTag(node, TAG.SEQUENCE, 'privateKeyUsagePeriod'), 'privateKeyUsagePeriod')) {
    // [0]/[1] IMPLICIT GeneralizedTime: read the content as a GeneralizedTime.
    const asTime = { ...c, tag: TAG.GENERALIZED_TIME } as TlvNode;
    if (c.tag === contextTag(0, false)) notBefore = readTime(asTime, 'privateKeyUsagePeriod.notBefore');
    if (c.tag === contextTag(1, false)) notAfter = readTime(asTime, 'privateKeyUsagePeriod.notAfter');
  }
  return { notBefore, notAfter };
}

// ---------------------------------------------------------------------------------------------
// Certificate

function algorithmsEqual(a: AlgorithmIdentifier, b: AlgorithmIdentifier): boolean {
  if (a.oid !== b.oid) return false;
  const pa = a.parameters?.raw;
  const pb = b.parameters?.raw;
  return pa === undefined || pb === undefined ? pa === pb : pa.equals(pb);
}

function wrap(e: unknown): never {
  if (e instanceof CertificateError) throw e;
  if (e instanceof ChipDataError) throw new CertificateError(e.code, `certificate: ${e.message.replace(/ \(at byte \d+\)$/, '')}`, e.offset);
  throw e;
}

/** Parses one DER certificate. Throws CertificateError (a ChipDataError) on anything it cannot read. */
export function parseCertificate(der: Buffer, options?: { baseOffset?: number }): Certificate {
  try {
    return readCertificate(parseDer(der, { baseOffset: options?.baseOffset ?? 0 }));
  } catch (e) {
    wrap(e);
  }
}

function readCertificate(root: TlvNode): Certificate {
  const quirks: string[] = [];
  const cert = new SequenceReader(expectTag(root, TAG.SEQUENCE, 'Certificate'), 'Certificate');
  const tbsNode = cert.next(TAG.SEQUENCE, 'tbsCertificate');
  const signatureAlgorithm = readAlgorithmIdentifier(cert.next(TAG.SEQUENCE, 'signatureAlgorithm'), 'signatureAlgorithm');
  const sigBits = readBitString(cert.next(TAG.BIT_STRING, 'signatureValue'), 'signatureValue');
  cert.end();
  if (sigBits.unusedBits !== 0) throw new Asn1Error('bad_bit_string', 'signatureValue has unused bits', root.offset);

  const tbs = new SequenceReader(tbsNode, 'tbsCertificate');
  const versionNode = tbs.optional(contextTag(0, true));
  const version = versionNode ? readSmallInteger(expectTag(childrenOf(versionNode, 'version')[0], TAG.INTEGER, 'version', versionNode)) + 1 : 1;
  if (version < 1 || version > 3) throw new Asn1Error('bad_version', `certificate version ${version} is not 1, 2 or 3`, tbsNode.offset);
  const serialNode = tbs.next(TAG.INTEGER, 'serialNumber');
  const serial = readInteger(serialNode, 'serialNumber');
  if (serial < 0n) quirks.push('serial number is negative (RFC 5280 §4.1.2.2 requires a positive integer)');
  if (serial === 0n) quirks.push('serial number is zero');
  const tbsSignature = readAlgorithmIdentifier(tbs.next(TAG.SEQUENCE, 'signature'), 'tbsCertificate.signature');
  if (!algorithmsEqual(tbsSignature, signatureAlgorithm)) {
    if (tbsSignature.oid !== signatureAlgorithm.oid) {
      throw new Asn1Error('algorithm_mismatch', 'signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2)', tbsNode.offset);
    }
    quirks.push('signature algorithm parameters differ between tbsCertificate and the outer signatureAlgorithm');
  }
  if (
    signatureAlgorithm.parameters?.tag === TAG.NULL &&
    (signatureAlgorithm.oid.startsWith('1.2.840.10045.4.') || signatureAlgorithm.oid.startsWith('0.4.0.127.0.7.1.1.4.1.'))
  ) {
    quirks.push('ECDSA signature algorithm carries NULL parameters (RFC 5758 §3.2 says they must be absent)');
  }
  const issuer = readName(tbs.next(TAG.SEQUENCE, 'issuer'), 'issuer');
  const validity = new SequenceReader(tbs.next(TAG.SEQUENCE, 'validity'), 'validity');
  const notBefore = readTime(validity.any('notBefore'), 'notBefore');
  const notAfter = readTime(validity.any('notAfter'), 'notAfter');
  validity.end();
  const subject = readName(tbs.next(TAG.SEQUENCE, 'subject'), 'subject');
  const spkiNode = tbs.next(TAG.SEQUENCE, 'subjectPublicKeyInfo');
  const spkiReader = new SequenceReader(spkiNode, 'subjectPublicKeyInfo');
  const publicKeyAlgorithm = readAlgorithmIdentifier(spkiReader.next(TAG.SEQUENCE, 'algorithm'), 'subjectPublicKeyInfo.algorithm');
  readBitString(spkiReader.next(TAG.BIT_STRING, 'subjectPublicKey'), 'subjectPublicKey');
  spkiReader.end();
  tbs.optional(contextTag(1, false)); // issuerUniqueID
  tbs.optional(contextTag(2, false)); // subjectUniqueID
  const extNode = tbs.optional(contextTag(3, true));
  tbs.end();
  const extensions = extNode ? readExtensions(extNode) : [];
  if (extensions.length > 0 && version !== 3) quirks.push(`extensions present in a version ${version} certificate`);
  const seen = new Set<string>();
  for (const e of extensions) {
    if (seen.has(e.oid)) quirks.push(`extension ${oidName(e.oid)} appears more than once`);
    seen.add(e.oid);
  }
  const find = (oid: string): Extension | undefined => extensions.find((e) => e.oid === oid);

  const skiExt = find(OID.subjectKeyIdentifier);
  const subjectKeyIdentifier = skiExt ? readOctetString(parseExtensionValue(skiExt, 'subjectKeyIdentifier'), 'subjectKeyIdentifier') : undefined;
  const akiExt = find(OID.authorityKeyIdentifier);
  const authorityKeyIdentifier = akiExt ? readAki(akiExt) : undefined;
  const bcExt = find(OID.basicConstraints);
  const basicConstraints = bcExt ? readBasicConstraints(bcExt) : undefined;
  const kuExt = find(OID.keyUsage);
  const keyUsage = kuExt ? readKeyUsage(kuExt) : undefined;
  const pkupExt = find(OID.privateKeyUsagePeriod);
  const privateKeyUsagePeriod = pkupExt ? readPrivateKeyUsagePeriod(pkupExt) : undefined;

  return {
    der: root.raw,
    tbsDer: tbsNode.raw,
    version,
    serial,
    issuer,
    subject,
    notBefore,
    notAfter,
    spki: spkiNode.raw,
    publicKeyAlgorithm,
    signatureAlgorithm,
    signatureValue: sigBits.bytes,
    extensions,
    subjectKeyIdentifier,
    authorityKeyIdentifier,
    basicConstraints,
    keyUsage,
    privateKeyUsagePeriod,
    quirks,
  };
}

/** Serial number as the usual upper-case hex of its magnitude, with a minus sign when negative. */
export function serialHex(serial: bigint): string {
  return serial < 0n ? `-${(-serial).toString(16).toUpperCase()}` : serial.toString(16).toUpperCase();
}

export function isSelfIssued(c: Certificate): boolean {
  return namesEqual(c.issuer, c.subject);
}

/**
 * Self-signed: self-issued and, when both key identifiers are present, signed with its own key.
 * A self-issued certificate whose AKI names another key is a link certificate from CSCA key
 * roll-over (ICAO 9303-12 link certificates), signed by the previous key under the same name.
 */
export function isSelfSigned(c: Certificate): boolean {
  if (!isSelfIssued(c)) return false;
  const akid = c.authorityKeyIdentifier?.keyIdentifier;
  return !akid || !c.subjectKeyIdentifier || akid.equals(c.subjectKeyIdentifier);
}

export function validAt(c: { notBefore: Date; notAfter: Date }, at: Date): boolean {
  return at.getTime() >= c.notBefore.getTime() && at.getTime() <= c.notAfter.getTime();
}
