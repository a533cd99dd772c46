/**
 * EF.SOD, the Document Security Object (ICAO 9303-10 §4.6.2): tag 0x77 around a CMS SignedData whose
 * eContent is an LDSSecurityObject (9303-10 Appendix D.1 / 9303-11):
 *
 *   LDSSecurityObject ::= SEQUENCE {
 *     version LDSSecurityObjectVersion,            -- v0(0) or v1(1)
 *     hashAlgorithm DigestAlgorithmIdentifier,
 *     dataGroupHashValues SEQUENCE SIZE (2..16) OF DataGroupHash,
 *     ldsVersionInfo LDSVersionInfo OPTIONAL }     -- present exactly when version is v1
 *   DataGroupHash ::= SEQUENCE { dataGroupNumber INTEGER (1..16), dataGroupHashValue OCTET STRING }
 *
 * Strict parsing (the default) refuses what 9303 does not allow. Relaxed parsing accepts two
 * deviations seen in issued documents: the eContentType written as id-data, and a SOD without the
 * 0x77 wrapper. Either way the deviation is listed in `quirks`.
 */
import { ChipDataError } from './errors.js';
import { SequenceReader, TAG, childrenOf, expectTag, parseDer, readOctetString, readSmallInteger, readString } from './der.js';
import { HASH_LENGTH, readAlgorithmIdentifier, requireHash, type AlgorithmIdentifier, type HashName } from './algorithms.js';
import { readSignedData, type SignedData, type SignerInfo } from './cms.js';
import { parseCertificate, type Certificate } from './x509.js';
import { OID, describeOid } from './oid.js';
import { parseTlv } from '../../../../native-drivers/epassport/index.js';

export class SodError extends ChipDataError {
  constructor(code: string, message: string, offset?: number) {
    super(code, message, offset);
    this.name = 'SodError';
  }
}

export const EF_SOD_TAG = 0x77;

export interface LdsSecurityObject {
  readonly version: 0 | 1;
  readonly hashAlgorithm: AlgorithmIdentifier;
  readonly hash: HashName;
  /** Data group number → hash value, in the order the SOD lists them. */
  readonly dataGroupHashes: ReadonlyMap<number, Buffer>;
  readonly ldsVersionInfo: { readonly ldsVersion: string; readonly unicodeVersion: string } | undefined;
}

export interface Sod {
  readonly signedData: SignedData;
  /** The (first) SignerInfo: ICAO expects exactly one. */
  readonly signerInfo: SignerInfo;
  readonly lds: LdsSecurityObject;
  /** The eContent bytes: what the messageDigest attribute hashes. */
  readonly eContent: Buffer;
  /** Certificates carried in the SOD that parsed. */
  readonly certificates: readonly Certificate[];
  /** Certificates carried in the SOD that did not parse, with the reason. */
  readonly certificateErrors: readonly string[];
  readonly quirks: readonly string[];
}

export interface SodParseOptions {
  /** Default true. */
  readonly strict?: boolean;
}

function readLdsSecurityObject(eContent: Buffer, baseOffset: number): LdsSecurityObject {
  const root = parseDer(eContent, { baseOffset });
  const r = new SequenceReader(expectTag(root, TAG.SEQUENCE, 'LDSSecurityObject'), 'LDSSecurityObject');
  const versionNode = r.next(TAG.INTEGER, 'version');
  const version = readSmallInteger(versionNode, 'LDSSecurityObject.version');
  if (version !== 0 && version !== 1) {
    throw new SodError('bad_lds_version', `unsupported LDSSecurityObject version ${version}, expected 0 or 1`, versionNode.offset);
  }
  const hashAlgorithm = readAlgorithmIdentifier(r.next(TAG.SEQUENCE, 'hashAlgorithm'), 'LDSSecurityObject.hashAlgorithm');
  const hash = requireHash(hashAlgorithm, 'LDSSecurityObject.hashAlgorithm');
  const listNode = r.next(TAG.SEQUENCE, 'dataGroupHashValues');
  const dataGroupHashes = new Map<number, Buffer>();
  for (const item of childrenOf(listNode, 'dataGroupHashValues')) {
    const d = new SequenceReader(expectTag(item, TAG.SEQUENCE, 'DataGroupHash'), 'DataGroupHash');
    const numberNode = d.next(TAG.INTEGER, 'dataGroupNumber');
    const dg = readSmallInteger(numberNode, 'dataGroupNumber');
    const value = readOctetString(d.next(TAG.OCTET_STRING, 'dataGroupHashValue'), 'dataGroupHashValue');
    d.end();
    if (dg < 1 || dg > 16) throw new SodError('bad_data_group_number', `data group number ${dg} is outside 1..16`, numberNode.offset);
    if (dataGroupHashes.has(dg)) throw new SodError('duplicate_data_group', `DG${dg} is listed twice`, numberNode.offset);
    if (value.length !== HASH_LENGTH[hash]) {
      throw new SodError('bad_hash_length', `DG${dg} hash is ${value.length} bytes, ${hash.toUpperCase()} gives ${HASH_LENGTH[hash]}`, item.offset);
    }
    dataGroupHashes.set(dg, value);
  }
  if (dataGroupHashes.size < 2) throw new SodError('too_few_data_groups', 'the SOD must hash at least two data groups', listNode.offset);
  let ldsVersionInfo: LdsSecurityObject['ldsVersionInfo'];
  const infoNode = r.optional(TAG.SEQUENCE);
  if (infoNode) {
    const v = new SequenceReader(infoNode, 'LDSVersionInfo');
    ldsVersionInfo = { ldsVersion: readString(v.next(TAG.PRINTABLE_STRING, 'ldsVersion')), unicodeVersion: readString(v.next(TAG.PRINTABLE_STRING, 'unicodeVersion')) };
    v.end();
  }
  r.end();
  if (version === 1 && !ldsVersionInfo) throw new SodError('missing_lds_version_info', 'LDSSecurityObject v1 must carry ldsVersionInfo', root.offset);
  if (version === 0 && ldsVersionInfo) throw new SodError('unexpected_lds_version_info', 'LDSSecurityObject v0 must not carry ldsVersionInfo', root.offset);
  return { version, hashAlgorithm, hash, dataGroupHashes, ldsVersionInfo };
}

/** Parses EF.SOD. Throws SodError (or another ChipDataError) when the bytes are not a usable SOD. */
export function parseSod(bytes: Buffer, options?: SodParseOptions): Sod {
  const strict = options?.strict ?? true;
  const quirks: string[] = [];
  try {
    const outer = parseTlv(bytes);
    let contentInfo = outer;
    if (outer.tag === EF_SOD_TAG) {
      const inner = childrenOf(outer, 'EF.SOD');
      if (inner.length !== 1) throw new SodError('bad_wrapper', 'EF.SOD (tag 0x77) must hold exactly one ContentInfo', outer.offset);
      contentInfo = inner[0] as typeof outer;
    } else if (outer.tag === TAG.SEQUENCE && !strict) {
      quirks.push('EF.SOD lacks its 0x77 application tag');
    } else {
      throw new SodError('bad_wrapper', `EF.SOD must start with tag 0x77, found 0x${outer.tag.toString(16).toUpperCase()}`, 0);
    }
    const signedData = readSignedData(contentInfo);
    if (signedData.version !== 3) {
      throw new SodError('bad_signed_data_version', `SignedData version is v${signedData.version}, ICAO 9303-10 requires v3`);
    }
    if (signedData.eContentType !== OID.ldsSecurityObject) {
      if (signedData.eContentType === OID.data && !strict) {
        quirks.push('eContentType is id-data instead of id-icao-ldsSecurityObject');
      } else {
        throw new SodError(
          'wrong_econtent_type',
          `eContentType is ${describeOid(signedData.eContentType)}, expected ldsSecurityObject (${OID.ldsSecurityObject})`,
        );
      }
    }
    if (!signedData.eContent) throw new SodError('missing_econtent', 'the SOD has no eContent (detached signatures are not allowed)');
    const signerInfo = signedData.signerInfos[0];
    if (!signerInfo) throw new SodError('no_signer', 'the SOD has no SignerInfo');
    if (signedData.signerInfos.length > 1) quirks.push(`the SOD has ${signedData.signerInfos.length} SignerInfos; the first one is used`);
    const lds = readLdsSecurityObject(signedData.eContent, signedData.eContentOffset);
    const certificates: Certificate[] = [];
    const certificateErrors: string[] = [];
    for (const c of signedData.certificates) {
      try {
        certificates.push(parseCertificate(c.der, { baseOffset: c.offset }));
      } catch (e) {
        if (!(e instanceof ChipDataError)) throw e;
        certificateErrors.push(e.message);
      }
    }
    return { signedData, signerInfo, lds, eContent: signedData.eContent, certificates, certificateErrors, quirks };
  } catch (e) {
    if (e instanceof SodError) throw e;
    if (e instanceof ChipDataError) throw new SodError(e.code, `EF.SOD: ${e.message.replace(/ \(at byte \d+\)$/, '')}`, e.offset);
    throw e;
  }
}

/**
 * LDS elementary file tags (ICAO 9303-10 §4.6, Table 34): the first byte of EF.COM, EF.SOD and each DG.
 */
export const DATA_GROUP_TAGS: Readonly<Record<number, number>> = {
  1: 0x61,
  2: 0x75,
  3: 0x63,
  4: 0x76,
  5: 0x65,
  6: 0x66,
  7: 0x67,
  8: 0x68,
  9: 0x69,
  10: 0x6a,
  11: 0x6b,
  12: 0x6c,
  13: 0x6d,
  14: 0x6e,
  15: 0x6f,
  16: 0x70,
};

/** The data group a file's first tag says it is, if any. */
export function dataGroupNumberForTag(tag: number): number | undefined {
  for (const [dg, t] of Object.entries(DATA_GROUP_TAGS)) if (t === tag) return Number(dg);
  return undefined;
}
