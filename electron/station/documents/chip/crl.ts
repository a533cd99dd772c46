/**
 * Certificate revocation list reader (RFC 5280 §5.1). CSCAs publish CRLs for their Document Signer
 * certificates (ICAO 9303-12 §7.1.4); passive authentication looks a DS serial up in them.
 */
import { ChipDataError } from './errors.js';
import {
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
  readTime,
} from './der.js';
import { readAlgorithmIdentifier, type AlgorithmIdentifier } from './algorithms.js';
import { readName, type DistinguishedName } from './x509.js';
import { OID } from './oid.js';

export class CrlError extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'CrlError';
  }
}

export interface RevokedCertificate {
  readonly serial: bigint;
  readonly revocationDate: Date;
}

export interface Crl {
  readonly der: Buffer;
  readonly tbsDer: Buffer;
  readonly version: number;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signatureValue: Buffer;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly revoked: readonly RevokedCertificate[];
  readonly authorityKeyIdentifier: Buffer | undefined;
}

export function parseCrl(der: Buffer): Crl {
  try {
    const root = parseDer(der);
    const outer = new SequenceReader(expectTag(root, TAG.SEQUENCE, 'CertificateList'), 'CertificateList');
    const tbsNode = outer.next(TAG.SEQUENCE, 'tbsCertList');
    const signatureAlgorithm = readAlgorithmIdentifier(outer.next(TAG.SEQUENCE, 'signatureAlgorithm'), 'signatureAlgorithm');
    const signatureValue = readBitString(outer.next(TAG.BIT_STRING, 'signatureValue'), 'signatureValue').bytes;
    outer.end();

    const tbs = new SequenceReader(tbsNode, 'tbsCertList');
    const versionNode = tbs.optional(TAG.INTEGER);
    const version = versionNode ? readSmallInteger(versionNode, 'version') + 1 : 1;
    readAlgorithmIdentifier(tbs.next(TAG.SEQUENCE, 'signature'), 'tbsCertList.signature');
    const issuer = readName(tbs.next(TAG.SEQUENCE, 'issuer'), 'issuer');
    const thisUpdate = readTime(tbs.any('thisUpdate'), 'thisUpdate');
    const nextTag = tbs.peekTag();
    const nextUpdate = nextTag === TAG.UTC_TIME || nextTag === TAG.GENERALIZED_TIME ? readTime(tbs.any('nextUpdate'), 'nextUpdate') : undefined;
    const revoked: RevokedCertificate[] = [];
    const list = tbs.optional(TAG.SEQUENCE);
    if (list) {
      for (const entry of childrenOf(list, 'revokedCertificates')) {
        const e = new SequenceReader(expectTag(entry, TAG.SEQUENCE, 'revoked entry'), 'revoked entry');
        const serial = readInteger(e.next(TAG.INTEGER, 'userCertificate'), 'userCertificate');
        const revocationDate = readTime(e.any('revocationDate'), 'revocationDate');
        e.optional(TAG.SEQUENCE); // crlEntryExtensions
        e.end();
        revoked.push({ serial, revocationDate });
      }
    }
    let authorityKeyIdentifier: Buffer | undefined;
    const extWrapper = tbs.optional(contextTag(0, true));
    tbs.end();
    if (extWrapper) {
      const exts = expectTag(childrenOf(extWrapper, 'crlExtensions')[0], TAG.SEQUENCE, 'crlExtensions', extWrapper);
      for (const ext of childrenOf(exts, 'crlExtensions')) {
        const x = new SequenceReader(ext, 'Extension');
        const oid = readOid(x.next(TAG.OID, 'extnID'));
        const crit = x.optional(TAG.BOOLEAN);
        if (crit) readBoolean(crit);
        const value = readOctetString(x.next(TAG.OCTET_STRING, 'extnValue'));
        x.end();
        if (oid === OID.authorityKeyIdentifier) {
          const aki = parseDer(value);
          authorityKeyIdentifier = childrenOf(aki, 'authorityKeyIdentifier').find((c) => c.tag === contextTag(0, false))?.value;
        }
      }
    }
    return {
      der: root.raw,
      tbsDer: tbsNode.raw,
      version,
      signatureAlgorithm,
      signatureValue,
      issuer,
      thisUpdate,
      nextUpdate,
      revoked,
      authorityKeyIdentifier,
    };
  } catch (e) {
    if (e instanceof CrlError) throw e;
    if (e instanceof ChipDataError) throw new CrlError(e.code, `CRL: ${e.message.replace(/ \(at byte \d+\)$/, '')}`, e.offset);
    throw e;
  }
}
