/**
 * Personalisation: turns a traveller profile into a chip's files and keys, as an issuer's production
 * line does. The data groups are hashed into EF.SOD and signed by the Document Signer; the faults
 * that concern the chip's content (a data group changed after signing, private keys that do not match
 * DG14/DG15, access keys that do not match the printed MRZ/CAN) are applied afterwards.
 */
import { createECDH, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BRAINPOOL_P256R1, NIST_P256, parseTlv, type CurveParams, type KeyAlgorithm, type TlvNode } from '../../../epassport/index.js';
import { EF, type ChipFile } from '../plain-epassport-applet.js';
import { jpegDimensions, placeholderFace, placeholderFacePixels } from './grayscale-jpeg.js';
import { createIssuerPki, signSecurityObject, type TrustMaterial } from './issuer.js';
import { encodeJp2, jpeg2000Dimensions } from './jpeg2000.js';
import { LDS_TAG, SECURITY_OID, ecSpki, encodeCardAccess, encodeDg1, encodeDg11, encodeDg12, encodeDg14, encodeDg15, encodeDg2, encodeEfCom, type FaceImageInfo } from './lds-files.js';
import { mrzInformationFromLines, type CurveName, type PaceCipher, type TravellerProfile } from './profile.js';

export interface PaceOfferOnChip {
  readonly protocol: string;
  readonly parameterId: number;
  readonly curve: CurveParams;
  readonly cipher: KeyAlgorithm;
}

export type ActiveAuthenticationKey =
  | { readonly algorithm: 'rsa'; readonly privateKey: KeyObject; readonly modulusBytes: number }
  | { readonly algorithm: 'ecdsa'; readonly privateKey: KeyObject };

export interface ChipAuthenticationKey {
  readonly protocol: string;
  readonly cipher: KeyAlgorithm;
  readonly curve: CurveParams;
  /** The static private key the chip computes with (not DG14's under `clonedChip`). */
  readonly privateKey: Buffer;
}

export interface PersonalisedChip {
  readonly profile: TravellerProfile;
  /** The MRZ information the chip derives BAC and PACE-MRZ keys from (not the printed one under `wrongAccessKey`). */
  readonly mrzInformation: string;
  /** The CAN the chip accepts, if PACE is offered and the profile has one. */
  readonly can: string | undefined;
  readonly paceOffers: readonly PaceOfferOnChip[];
  readonly masterFiles: ReadonlyMap<number, ChipFile>;
  readonly applicationFiles: ReadonlyMap<number, ChipFile>;
  /** Data groups as the chip holds them. */
  readonly dataGroups: ReadonlyMap<number, Buffer>;
  /** Data groups as EF.SOD hashes them (they differ only under `tamperedDataGroup`). */
  readonly signedDataGroups: ReadonlyMap<number, Buffer>;
  readonly sod: Buffer;
  readonly activeAuthentication: ActiveAuthenticationKey | undefined;
  readonly chipAuthentication: ChipAuthenticationKey | undefined;
  readonly face: FaceImageInfo & { readonly placeholder: boolean };
  readonly trust: TrustMaterial;
  /** The Document Signer certificate EF.SOD carries (DER). */
  readonly dsCertificateDer: Buffer;
}

export interface PersonaliseOptions {
  /** The moment validity periods are computed from (default: now). */
  readonly now?: number;
}

const CURVES: Record<CurveName, CurveParams> = { 'P-256': NIST_P256, brainpoolP256r1: BRAINPOOL_P256R1 };
const PACE_CURVES: Record<number, CurveParams> = { 12: NIST_P256, 13: BRAINPOOL_P256R1 };

const paceProtocol = (cipher: PaceCipher): string => (cipher === 'AES-128' ? SECURITY_OID.paceEcdhGmAes128 : SECURITY_OID.paceEcdhGm3Des);

/** The placeholder as a JP2 file: grey, lossy at 1:20, about the size of the JPEG placeholder. */
const PLACEHOLDER_JP2_RATIO = 20;

async function faceImage(profile: TravellerProfile): Promise<FaceImageInfo & { placeholder: boolean }> {
  const placeholder = profile.faceImage === undefined;
  if (profile.faceImageFormat === 'jp2') {
    const image = profile.faceImage ? await readFile(profile.faceImage) : await encodeJp2({ ...placeholderFacePixels(), channels: 1 }, { compressionRatio: PLACEHOLDER_JP2_RATIO });
    const size = jpeg2000Dimensions(image);
    if (!size) throw new Error(`${profile.faceImage ?? 'the placeholder'} is not a JPEG 2000 file (JP2) or codestream (faceImageFormat is "jp2")`);
    return { image, format: 'jp2', ...size, placeholder };
  }
  const image = profile.faceImage ? await readFile(profile.faceImage) : placeholderFace();
  const size = jpegDimensions(image);
  if (!size) throw new Error(`${profile.faceImage ?? 'the placeholder'} is not a JPEG with a baseline or progressive frame header`);
  return { image, format: 'jpeg', ...size, placeholder };
}

/** Changes one byte in the middle of the largest primitive value: the TLV structure stays readable. */
export function tamperWith(file: Buffer): Buffer {
  let target: TlvNode | undefined;
  const visit = (n: TlvNode): void => {
    if (n.children) n.children.forEach(visit);
    else if (!target || n.length > target.length) target = n;
  };
  visit(parseTlv(file));
  const out = Buffer.from(file);
  if (!target || target.length === 0) throw new Error('nothing to tamper with: the file has no primitive value');
  const at = target.offset + target.headerLength + Math.floor(target.length / 2);
  out[at] = (out[at] as number) ^ 0x01;
  return out;
}

function otherMrzInformation(info: string): string {
  return `${info[0] === 'X' ? 'Y' : 'X'}${info.slice(1)}`;
}

function otherCan(can: string): string {
  return `${can.slice(0, 5)}${(Number(can[5]) + 1) % 10}`;
}

function aaKeys(profile: TravellerProfile): { genuine: KeyObject; chip: ActiveAuthenticationKey; spki: Buffer } | undefined {
  const aa = profile.activeAuthentication;
  if (!aa) return undefined;
  const generate = () =>
    aa.algorithm === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: aa.modulusBits }) : generateKeyPairSync('ec', { namedCurve: CURVES[aa.curve].nodeName });
  const genuine = generate();
  const used = profile.faults.clonedChip ? generate() : genuine;
  const chip: ActiveAuthenticationKey =
    aa.algorithm === 'rsa' ? { algorithm: 'rsa', privateKey: used.privateKey, modulusBytes: aa.modulusBits / 8 } : { algorithm: 'ecdsa', privateKey: used.privateKey };
  return { genuine: genuine.publicKey, chip, spki: genuine.publicKey.export({ type: 'spki', format: 'der' }) };
}

function caKeys(profile: TravellerProfile): { chip: ChipAuthenticationKey; spki: Buffer } | undefined {
  const ca = profile.chipAuthentication;
  if (!ca) return undefined;
  const curve = CURVES[ca.curve];
  const genuine = createECDH(curve.nodeName);
  genuine.generateKeys();
  let used = genuine;
  if (profile.faults.clonedChip) {
    used = createECDH(curve.nodeName);
    used.generateKeys();
  }
  const protocol = ca.cipher === 'AES-128' ? SECURITY_OID.caEcdhAes128 : SECURITY_OID.caEcdh3Des;
  return {
    chip: { protocol, cipher: ca.cipher, curve, privateKey: used.getPrivateKey() },
    spki: ecSpki(curve.oid, genuine.getPublicKey()),
  };
}

export async function personaliseChip(profile: TravellerProfile, options: PersonaliseOptions = {}): Promise<PersonalisedChip> {
  const now = options.now ?? Date.now();
  const faults = profile.faults;
  const face = await faceImage(profile);
  const pki = createIssuerPki(profile, now);
  const aa = aaKeys(profile);
  const ca = caKeys(profile);
  const paceOffers: PaceOfferOnChip[] = profile.accessControl.pace.map((o) => ({
    protocol: paceProtocol(o.cipher),
    parameterId: o.parameterId,
    curve: PACE_CURVES[o.parameterId] as CurveParams,
    cipher: o.cipher,
  }));
  const paceInfos = paceOffers.map((o) => ({ protocol: o.protocol, parameterId: o.parameterId }));

  const signed = new Map<number, Buffer>();
  signed.set(1, encodeDg1(profile.mrz));
  signed.set(2, encodeDg2(face));
  if (profile.personalDetails) signed.set(11, encodeDg11(profile.personalDetails));
  if (profile.documentDetails) signed.set(12, encodeDg12(profile.documentDetails));
  if (ca || paceInfos.length > 0 || aa?.chip.algorithm === 'ecdsa') {
    signed.set(
      14,
      encodeDg14({
        chipAuthentication: ca ? { protocol: ca.chip.protocol, spki: ca.spki } : undefined,
        pace: paceInfos,
        activeAuthenticationAlgorithm: aa?.chip.algorithm === 'ecdsa' ? SECURITY_OID.ecdsaPlainSha256 : undefined,
      }),
    );
  }
  if (aa) signed.set(15, encodeDg15(aa.spki));
  const sod = signSecurityObject(pki.documentSigner, signed);

  const dataGroups = new Map(signed);
  if (faults.tamperedDataGroup !== undefined) {
    const original = dataGroups.get(faults.tamperedDataGroup);
    if (!original) throw new Error(`faults.tamperedDataGroup: DG${faults.tamperedDataGroup} is not on this chip`);
    dataGroups.set(faults.tamperedDataGroup, tamperWith(original));
  }

  const secured = (data: Buffer): ChipFile => ({ data, access: 'secure-messaging' });
  const applicationFiles = new Map<number, ChipFile>();
  const tags = [...dataGroups.keys()].map((n) => LDS_TAG[n as keyof typeof LDS_TAG] as number);
  applicationFiles.set(EF.COM, secured(encodeEfCom(tags)));
  for (const [n, bytes] of dataGroups) applicationFiles.set(EF.dg(n), secured(bytes));
  applicationFiles.set(EF.SOD, secured(sod));
  const masterFiles = new Map<number, ChipFile>();
  if (paceInfos.length > 0) masterFiles.set(EF.CARD_ACCESS, { data: encodeCardAccess(paceInfos), access: 'always' });

  const printed = mrzInformationFromLines(profile.mrz);
  return {
    profile,
    mrzInformation: faults.wrongAccessKey ? otherMrzInformation(printed) : printed,
    can: profile.can === undefined ? undefined : faults.wrongAccessKey ? otherCan(profile.can) : profile.can,
    paceOffers,
    masterFiles,
    applicationFiles,
    dataGroups,
    signedDataGroups: signed,
    sod,
    activeAuthentication: aa?.chip,
    chipAuthentication: ca?.chip,
    face,
    trust: pki.trust,
    dsCertificateDer: pki.documentSigner.certificateDer,
  };
}
