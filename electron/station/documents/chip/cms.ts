/**
 * CMS SignedData reader (RFC 5652 §5), the envelope of both EF.SOD (ICAO 9303-10 §4.6.2) and the CSCA
 * master list (ICAO 9303-12 §8). It keeps the exact bytes signatures cover: the eContent octets and the
 * signed attributes re-tagged from [0] IMPLICIT to SET OF (RFC 5652 §5.4).
 */
import { ChipDataError } from './errors.js';
import {
  SequenceReader,
  TAG,
  childrenOf,
  contextTag,
  expectTag,
  readInteger,
  readOctetString,
  readOid,
  readSmallInteger,
  retag,
} from './der.js';
import { readAlgorithmIdentifier, type AlgorithmIdentifier } from './algorithms.js';
import { readName, type DistinguishedName } from './x509.js';
import { OID, describeOid } from './oid.js';
import type { TlvNode } from '../../../../native-drivers/epassport/index.js';

export class CmsError extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'CmsError';
  }
}

export type SignerIdentifier =
  | { readonly kind: 'issuerAndSerial'; readonly issuer: DistinguishedName; readonly serial: bigint }
  | { readonly kind: 'subjectKeyIdentifier'; readonly keyIdentifier: Buffer };

export interface Attribute {
  readonly type: string;
  readonly values: readonly TlvNode[];
}

export interface SignerInfo {
  readonly version: number;
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: AlgorithmIdentifier;
  readonly signedAttributes: readonly Attribute[] | undefined;
  /** DER of the signed attributes as the signature covers them (tag 0x31), when present. */
  readonly signedAttributesDer: Buffer | undefined;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Buffer;
}

export interface SignedData {
  /** ContentInfo.contentType: always id-signedData once parsed. */
  readonly version: number;
  readonly digestAlgorithms: readonly AlgorithmIdentifier[];
  readonly eContentType: string;
  readonly eContent: Buffer | undefined;
  /** Offset of the eContent octets in the outermost input (for errors found inside it). */
  readonly eContentOffset: number;
  /** Certificates carried in the SignedData, as DER, in order. Other CertificateChoices are skipped. */
  readonly certificates: readonly { readonly der: Buffer; readonly offset: number }[];
  /** CRLs carried in the SignedData (plain CertificateList choices only). */
  readonly crls: readonly Buffer[];
  readonly signerInfos: readonly SignerInfo[];
}

function readAttributes(node: TlvNode): Attribute[] {
  return childrenOf(node, 'signedAttrs').map((a) => {
    const r = new SequenceReader(expectTag(a, TAG.SEQUENCE, 'Attribute'), 'Attribute');
    const type = readOid(r.next(TAG.OID, 'attrType'));
    const values = childrenOf(r.next(TAG.SET, 'attrValues'), 'attrValues');
    r.end();
    return { type, values };
  });
}

function readSignerInfo(node: TlvNode): SignerInfo {
  const r = new SequenceReader(expectTag(node, TAG.SEQUENCE, 'SignerInfo'), 'SignerInfo');
  const version = readSmallInteger(r.next(TAG.INTEGER, 'version'), 'SignerInfo.version');
  let sid: SignerIdentifier;
  const ski = r.optional(contextTag(0, false));
  if (ski) {
    sid = { kind: 'subjectKeyIdentifier', keyIdentifier: ski.value };
  } else {
    const ias = new SequenceReader(r.next(TAG.SEQUENCE, 'sid'), 'IssuerAndSerialNumber');
    const issuer = readName(ias.next(TAG.SEQUENCE, 'issuer'), 'sid.issuer');
    const serial = readInteger(ias.next(TAG.INTEGER, 'serialNumber'), 'sid.serialNumber');
    ias.end();
    sid = { kind: 'issuerAndSerial', issuer, serial };
  }
  const digestAlgorithm = readAlgorithmIdentifier(r.next(TAG.SEQUENCE, 'digestAlgorithm'), 'SignerInfo.digestAlgorithm');
  const sa = r.optional(contextTag(0, true));
  const signatureAlgorithm = readAlgorithmIdentifier(r.next(TAG.SEQUENCE, 'signatureAlgorithm'), 'SignerInfo.signatureAlgorithm');
  const signature = readOctetString(r.next(TAG.OCTET_STRING, 'signature'), 'SignerInfo.signature');
  r.optional(contextTag(1, true)); // unsignedAttrs
  r.end();
  return {
    version,
    sid,
    digestAlgorithm,
    signedAttributes: sa ? readAttributes(sa) : undefined,
    signedAttributesDer: sa ? retag(sa, TAG.SET) : undefined,
    signatureAlgorithm,
    signature,
  };
}

/** Reads ContentInfo → SignedData from an already parsed node. */
export function readSignedData(contentInfo: TlvNode): SignedData {
  try {
    const ci = new SequenceReader(expectTag(contentInfo, TAG.SEQUENCE, 'ContentInfo'), 'ContentInfo');
    const contentType = readOid(ci.next(TAG.OID, 'contentType'), 'ContentInfo.contentType');
    if (contentType !== OID.signedData) {
      throw new CmsError('wrong_content_type', `content type is ${describeOid(contentType)}, expected signedData (${OID.signedData})`, contentInfo.offset);
    }
    const wrapper = ci.next(contextTag(0, true), 'content');
    ci.end();
    const sdNode = expectTag(childrenOf(wrapper, 'content')[0], TAG.SEQUENCE, 'SignedData', wrapper);
    if (childrenOf(wrapper, 'content').length !== 1) throw new CmsError('unexpected_field', 'content [0] holds more than one value', wrapper.offset);

    const sd = new SequenceReader(sdNode, 'SignedData');
    const version = readSmallInteger(sd.next(TAG.INTEGER, 'version'), 'SignedData.version');
    const digestAlgorithms = childrenOf(sd.next(TAG.SET, 'digestAlgorithms'), 'digestAlgorithms').map((a) =>
      readAlgorithmIdentifier(a, 'SignedData.digestAlgorithms'),
    );
    const eci = new SequenceReader(sd.next(TAG.SEQUENCE, 'encapContentInfo'), 'EncapsulatedContentInfo');
    const eContentType = readOid(eci.next(TAG.OID, 'eContentType'), 'eContentType');
    const eContentWrapper = eci.optional(contextTag(0, true));
    eci.end();
    let eContent: Buffer | undefined;
    let eContentOffset = 0;
    if (eContentWrapper) {
      const inner = childrenOf(eContentWrapper, 'eContent');
      if (inner.length !== 1) throw new CmsError('unexpected_field', 'eContent [0] must hold exactly one OCTET STRING', eContentWrapper.offset);
      const os = inner[0] as TlvNode;
      eContent = readOctetString(os, 'eContent');
      eContentOffset = os.offset + os.headerLength;
    }
    const certsNode = sd.optional(contextTag(0, true));
    const certificates = certsNode
      ? childrenOf(certsNode, 'certificates')
          .filter((c) => c.tag === TAG.SEQUENCE)
          .map((c) => ({ der: c.raw, offset: c.offset }))
      : [];
    const crlsNode = sd.optional(contextTag(1, true));
    const crls = crlsNode ? childrenOf(crlsNode, 'crls').filter((c) => c.tag === TAG.SEQUENCE).map((c) => c.raw) : [];
    const signerInfos = childrenOf(sd.next(TAG.SET, 'signerInfos'), 'signerInfos').map(readSignerInfo);
    sd.end();
    return { version, digestAlgorithms, eContentType, eContent, eContentOffset, certificates, crls, signerInfos };
  } catch (e) {
    if (e instanceof CmsError) throw e;
    if (e instanceof ChipDataError) throw new CmsError(e.code, `CMS SignedData: ${e.message.replace(/ \(at byte \d+\)$/, '')}`, e.offset);
    throw e;
  }
}

export function findAttribute(si: SignerInfo, type: string): Attribute | undefined {
  return si.signedAttributes?.find((a) => a.type === type);
}
