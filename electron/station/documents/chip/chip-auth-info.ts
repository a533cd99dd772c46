/**
 * SecurityInfos (ICAO 9303-11 §9.2, BSI TR-03110-3 Appendix A.1): the SET OF SecurityInfo that EF.DG14
 * (and EF.CardAccess / EF.CardSecurity) carry, each `SEQUENCE { protocol OID, requiredData, optionalData }`.
 *
 *   ChipAuthenticationInfo                 protocol id-CA-{DH,ECDH}-<cipher>, version, keyId?
 *   ChipAuthenticationPublicKeyInfo        protocol id-PK-{DH,ECDH}, SubjectPublicKeyInfo, keyId?
 *   ChipAuthenticationDomainParameterInfo  protocol id-CA-{DH,ECDH}, AlgorithmIdentifier, keyId?
 *   PACEInfo                               protocol id-PACE-<agreement>-<mapping>-<cipher>, version, parameterId?
 *   PACEDomainParameterInfo                protocol id-PACE-<agreement>-<mapping>, AlgorithmIdentifier, parameterId?
 *   TerminalAuthenticationInfo             protocol id-TA, version, efCVCA FileID?
 *   ActiveAuthenticationInfo               protocol id-icao-mrtd-security-aaProtocolObject, version, signatureAlgorithm
 *
 * SecurityInfos with an OID this reader does not know are kept (raw) rather than refused: 9303-11 says
 * a terminal ignores what it does not understand. A known OID with a malformed body or an out-of-range
 * version is an error, since the chip then contradicts the protocol it announces.
 */
import { ChipDataError } from './errors.js';
import { SequenceReader, TAG, childrenOf, expectTag, parseDer, readBitString, readInteger, readOctetString, readOid } from './der.js';
import { readAlgorithmIdentifier } from './algorithms.js';
import { importPublicKey } from './public-key.js';
import { OID, oidName } from './oid.js';
import { DataGroupError } from './data-groups-error.js';
import type { TlvNode } from '../../../../native-drivers/epassport/index.js';

const BSI_DE = '0.4.0.127.0.7';
export const SECURITY_INFO_OID = {
  idPK: `${BSI_DE}.2.2.1`,
  idPK_DH: `${BSI_DE}.2.2.1.1`,
  idPK_ECDH: `${BSI_DE}.2.2.1.2`,
  idTA: `${BSI_DE}.2.2.2`,
  idCA: `${BSI_DE}.2.2.3`,
  idPACE: `${BSI_DE}.2.2.4`,
  /** ICAO 9303-11 §9.2.9 (ActiveAuthenticationInfo). */
  idAA: '2.23.136.1.1.5',
  dhPublicNumber: '1.2.840.10046.2.1',
} as const;

export type KeyAgreement = 'DH' | 'ECDH';
export type SmCipher = '3DES-CBC-CBC' | 'AES-CBC-CMAC-128' | 'AES-CBC-CMAC-192' | 'AES-CBC-CMAC-256';
export type PaceMapping = 'GM' | 'IM' | 'CAM';

const CIPHERS: Readonly<Record<string, SmCipher>> = { '1': '3DES-CBC-CBC', '2': 'AES-CBC-CMAC-128', '3': 'AES-CBC-CMAC-192', '4': 'AES-CBC-CMAC-256' };
const CA_AGREEMENTS: Readonly<Record<string, KeyAgreement>> = { '1': 'DH', '2': 'ECDH' };
/** TR-03110-3 A.1.1.1 / 9303-11 §9.2.1: the arc under id-PACE names key agreement and mapping. */
const PACE_VARIANTS: Readonly<Record<string, { agreement: KeyAgreement; mapping: PaceMapping }>> = {
  '1': { agreement: 'DH', mapping: 'GM' },
  '2': { agreement: 'ECDH', mapping: 'GM' },
  '3': { agreement: 'DH', mapping: 'IM' },
  '4': { agreement: 'ECDH', mapping: 'IM' },
  '6': { agreement: 'ECDH', mapping: 'CAM' },
};

interface Base {
  /** The protocol OID, dotted. */
  readonly protocol: string;
  /** A readable name such as `id-CA-ECDH-3DES-CBC-CBC`. */
  readonly protocolName: string;
  /** The SecurityInfo's DER, as the chip wrote it. */
  readonly der: Buffer;
}

export interface ChipAuthenticationInfo extends Base {
  readonly kind: 'chip_authentication';
  readonly agreement: KeyAgreement;
  readonly cipher: SmCipher;
  readonly version: number;
  readonly keyId: number | undefined;
}

export interface ChipAuthenticationPublicKeyInfo extends Base {
  readonly kind: 'chip_authentication_public_key';
  readonly agreement: KeyAgreement;
  /** The SubjectPublicKeyInfo DER (ready for `importPublicKey` when it is an EC key). */
  readonly spki: Buffer;
  /** The algorithm OID inside the SubjectPublicKeyInfo (id-ecPublicKey, dhpublicnumber, …). */
  readonly keyAlgorithm: string;
  /** The subjectPublicKey BIT STRING content: an uncompressed EC point (04‖x‖y) or a DH value. */
  readonly publicKey: Buffer;
  /** The curve, when the key is EC and its parameters name or match one OpenSSL knows. */
  readonly curve: string | undefined;
  readonly keyId: number | undefined;
}

export interface ChipAuthenticationDomainParameterInfo extends Base {
  readonly kind: 'chip_authentication_domain_parameters';
  readonly agreement: KeyAgreement;
  readonly domainParameterAlgorithm: string;
  readonly domainParameterDer: Buffer;
  readonly keyId: number | undefined;
}

export interface PaceInfo extends Base {
  readonly kind: 'pace';
  readonly agreement: KeyAgreement;
  readonly mapping: PaceMapping;
  readonly cipher: SmCipher;
  readonly version: number;
  readonly parameterId: number | undefined;
}

export interface PaceDomainParameterInfo extends Base {
  readonly kind: 'pace_domain_parameters';
  readonly agreement: KeyAgreement;
  readonly mapping: PaceMapping;
  readonly domainParameterAlgorithm: string;
  readonly domainParameterDer: Buffer;
  readonly parameterId: number | undefined;
}

export interface TerminalAuthenticationInfo extends Base {
  readonly kind: 'terminal_authentication';
  readonly version: number;
  /** EF.CVCA file identifier (TA version 1 only), as hex. */
  readonly efCvcaFid: string | undefined;
}

export interface ActiveAuthenticationInfo extends Base {
  readonly kind: 'active_authentication';
  readonly version: number;
  /** The signature algorithm the chip uses for ECDSA Active Authentication (e.g. ecdsa-plain-SHA256). */
  readonly signatureAlgorithm: string;
}

export interface UnknownSecurityInfo extends Base {
  readonly kind: 'unknown';
}

export type SecurityInfo =
  | ChipAuthenticationInfo
  | ChipAuthenticationPublicKeyInfo
  | ChipAuthenticationDomainParameterInfo
  | PaceInfo
  | PaceDomainParameterInfo
  | TerminalAuthenticationInfo
  | ActiveAuthenticationInfo
  | UnknownSecurityInfo;

/** Arcs of `oid` below `parent`, or undefined when `oid` is not under it. */
function arcsBelow(oid: string, parent: string): string[] | undefined {
  return oid.startsWith(`${parent}.`) ? oid.slice(parent.length + 1).split('.') : undefined;
}

function optionalId(r: SequenceReader, what: string): number | undefined {
  const node = r.optional(TAG.INTEGER);
  if (!node) return undefined;
  const n = readInteger(node, what);
  if (n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER)) throw new DataGroupError('bad_key_id', `${what} ${n} is out of range`, node.offset);
  return Number(n);
}

function version(r: SequenceReader, what: string, allowed: readonly number[]): number {
  const node = r.next(TAG.INTEGER, 'version');
  const v = readInteger(node, `${what}.version`);
  if (!allowed.some((a) => BigInt(a) === v)) {
    throw new DataGroupError('unsupported_version', `${what} version ${v} is not ${allowed.join(' or ')}`, node.offset);
  }
  return Number(v);
}

function curveOf(spki: Buffer): string | undefined {
  try {
    const k = importPublicKey(spki);
    return k.type === 'ec' ? (k.curve?.name ?? k.curveName) : undefined;
  } catch (e) {
    if (e instanceof ChipDataError) return undefined;
    throw e;
  }
}

function readOne(node: TlvNode): SecurityInfo {
  const r = new SequenceReader(expectTag(node, TAG.SEQUENCE, 'SecurityInfo'), 'SecurityInfo');
  const protocol = readOid(r.next(TAG.OID, 'protocol'), 'SecurityInfo.protocol');
  const der = node.raw;

  const pk = arcsBelow(protocol, SECURITY_INFO_OID.idPK);
  if (pk && pk.length === 1 && CA_AGREEMENTS[pk[0] as string]) {
    const agreement = CA_AGREEMENTS[pk[0] as string] as KeyAgreement;
    const spkiNode = r.next(TAG.SEQUENCE, 'chipAuthenticationPublicKey');
    const spki = new SequenceReader(spkiNode, 'SubjectPublicKeyInfo');
    const alg = readAlgorithmIdentifier(spki.next(TAG.SEQUENCE, 'algorithm'), 'SubjectPublicKeyInfo.algorithm');
    const bits = readBitString(spki.next(TAG.BIT_STRING, 'subjectPublicKey'), 'subjectPublicKey');
    spki.end();
    const keyId = optionalId(r, 'ChipAuthenticationPublicKeyInfo.keyId');
    r.end();
    return {
      kind: 'chip_authentication_public_key',
      protocol,
      protocolName: `id-PK-${agreement}`,
      der,
      agreement,
      spki: spkiNode.raw,
      keyAlgorithm: alg.oid,
      publicKey: bits.bytes,
      curve: alg.oid === OID.ecPublicKey ? curveOf(spkiNode.raw) : undefined,
      keyId,
    };
  }

  const ca = arcsBelow(protocol, SECURITY_INFO_OID.idCA);
  if (ca && CA_AGREEMENTS[ca[0] as string] && ca.length <= 2) {
    const agreement = CA_AGREEMENTS[ca[0] as string] as KeyAgreement;
    if (ca.length === 1) {
      const domain = r.next(TAG.SEQUENCE, 'domainParameter');
      const alg = readAlgorithmIdentifier(domain, 'ChipAuthenticationDomainParameterInfo.domainParameter');
      const keyId = optionalId(r, 'ChipAuthenticationDomainParameterInfo.keyId');
      r.end();
      return {
        kind: 'chip_authentication_domain_parameters',
        protocol,
        protocolName: `id-CA-${agreement}`,
        der,
        agreement,
        domainParameterAlgorithm: alg.oid,
        domainParameterDer: domain.raw,
        keyId,
      };
    }
    const cipher = CIPHERS[ca[1] as string];
    if (cipher) {
      // 9303-11 §9.2.5 requires version 1; TR-03110 defines 2 and 3 for later Chip Authentication versions.
      const v = version(r, 'ChipAuthenticationInfo', [1, 2, 3]);
      const keyId = optionalId(r, 'ChipAuthenticationInfo.keyId');
      r.end();
      return { kind: 'chip_authentication', protocol, protocolName: `id-CA-${agreement}-${cipher}`, der, agreement, cipher, version: v, keyId };
    }
  }

  const pace = arcsBelow(protocol, SECURITY_INFO_OID.idPACE);
  const variant = pace ? PACE_VARIANTS[pace[0] as string] : undefined;
  if (pace && variant && pace.length <= 2) {
    const name = `id-PACE-${variant.agreement}-${variant.mapping}`;
    if (pace.length === 1) {
      const domain = r.next(TAG.SEQUENCE, 'domainParameter');
      const alg = readAlgorithmIdentifier(domain, 'PACEDomainParameterInfo.domainParameter');
      const parameterId = optionalId(r, 'PACEDomainParameterInfo.parameterId');
      r.end();
      return { kind: 'pace_domain_parameters', protocol, protocolName: name, der, ...variant, domainParameterAlgorithm: alg.oid, domainParameterDer: domain.raw, parameterId };
    }
    const cipher = CIPHERS[pace[1] as string];
    if (cipher) {
      const v = version(r, 'PACEInfo', [1, 2]);
      const parameterId = optionalId(r, 'PACEInfo.parameterId');
      r.end();
      return { kind: 'pace', protocol, protocolName: `${name}-${cipher}`, der, ...variant, cipher, version: v, parameterId };
    }
  }

  if (protocol === SECURITY_INFO_OID.idTA) {
    const v = version(r, 'TerminalAuthenticationInfo', [1, 2]);
    const fileId = r.optional(TAG.SEQUENCE);
    let efCvcaFid: string | undefined;
    if (fileId) {
      const f = new SequenceReader(fileId, 'FileID');
      const fid = readOctetString(f.next(TAG.OCTET_STRING, 'fid'), 'FileID.fid');
      const sfi = f.optional(TAG.OCTET_STRING);
      f.end();
      if (fid.length !== 2) throw new DataGroupError('bad_file_id', `TerminalAuthenticationInfo.efCVCA fid has ${fid.length} bytes, not 2`, fileId.offset);
      if (sfi && sfi.length !== 1) throw new DataGroupError('bad_file_id', `TerminalAuthenticationInfo.efCVCA sfid has ${sfi.length} bytes, not 1`, sfi.offset);
      efCvcaFid = fid.toString('hex').toUpperCase();
    }
    r.end();
    return { kind: 'terminal_authentication', protocol, protocolName: 'id-TA', der, version: v, efCvcaFid };
  }

  if (protocol === SECURITY_INFO_OID.idAA) {
    const v = version(r, 'ActiveAuthenticationInfo', [1]);
    const signatureAlgorithm = readOid(r.next(TAG.OID, 'signatureAlgorithm'), 'ActiveAuthenticationInfo.signatureAlgorithm');
    r.end();
    return { kind: 'active_authentication', protocol, protocolName: 'id-AA', der, version: v, signatureAlgorithm };
  }

  return { kind: 'unknown', protocol, protocolName: oidName(protocol), der };
}

/** Reads `SecurityInfos ::= SET OF SecurityInfo` from its DER (or an already parsed node). */
export function parseSecurityInfos(input: Buffer | TlvNode): SecurityInfo[] {
  const root = Buffer.isBuffer(input) ? parseDer(input) : input;
  expectTag(root, TAG.SET, 'SecurityInfos');
  return childrenOf(root, 'SecurityInfos').map(readOne);
}

/**
 * Chip Authentication offers, each ChipAuthenticationInfo paired with its public key: by keyId when
 * either side carries one, otherwise the single key (9303-11 §9.2.5 allows omitting keyId only then).
 */
export function chipAuthenticationOffers(infos: readonly SecurityInfo[]): { info: ChipAuthenticationInfo; key: ChipAuthenticationPublicKeyInfo | undefined }[] {
  const keys = infos.filter((i): i is ChipAuthenticationPublicKeyInfo => i.kind === 'chip_authentication_public_key');
  return infos
    .filter((i): i is ChipAuthenticationInfo => i.kind === 'chip_authentication')
    .map((info) => {
      const sameAgreement = keys.filter((k) => k.agreement === info.agreement);
      const key =
        info.keyId !== undefined ? sameAgreement.find((k) => k.keyId === info.keyId) : sameAgreement.length === 1 ? sameAgreement[0] : sameAgreement.find((k) => k.keyId === undefined);
      return { info, key };
    });
}

export function activeAuthenticationInfo(infos: readonly SecurityInfo[]): ActiveAuthenticationInfo | undefined {
  return infos.find((i): i is ActiveAuthenticationInfo => i.kind === 'active_authentication');
}
