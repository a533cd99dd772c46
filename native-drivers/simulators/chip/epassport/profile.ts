/**
 * A traveller profile: everything a simulated eMRTD is personalised from (the JSON schema is
 * `../profiles/profile.schema.json`, the example `../profiles/eriksson.json`, and the fields are
 * explained in `README.md`). Validation is by hand because drivers import no schema library; every
 * problem is reported with its JSON path, all at once.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export type PaceCipher = 'AES-128' | '3DES';
export type FaceImageFormat = 'jpeg' | 'jp2';
/** Standardized domain parameters (ICAO 9303-11 §9.5.1): 12 = NIST P-256, 13 = brainpoolP256r1. */
export type PaceParameterId = 12 | 13;
export type CurveName = 'P-256' | 'brainpoolP256r1';

export interface PaceOffer {
  readonly parameterId: PaceParameterId;
  readonly cipher: PaceCipher;
}

export type ActiveAuthenticationProfile = { readonly algorithm: 'rsa'; readonly modulusBits: 1024 | 2048 } | { readonly algorithm: 'ecdsa'; readonly curve: CurveName };

export interface ChipAuthenticationProfile {
  readonly curve: CurveName;
  readonly cipher: PaceCipher;
}

export interface ChipFaults {
  /** The chip derives its access keys from another MRZ and CAN than the printed ones: BAC and PACE fail. */
  readonly wrongAccessKey?: boolean;
  /** This data group is changed after EF.SOD was signed: its hash no longer matches. */
  readonly tamperedDataGroup?: number;
  /** The Document Signer certificate expired (EF.SOD was signed while it was valid). */
  readonly expiredDsCertificate?: boolean;
  /** The CSCA's CRL lists the Document Signer certificate. */
  readonly revokedDsCertificate?: boolean;
  /** The Document Signer is issued by another CSCA than the one exported as trust material. */
  readonly unknownCsca?: boolean;
  /** The chip's AA and CA private keys are not the ones whose public keys DG15 and DG14 carry. */
  readonly clonedChip?: boolean;
  /**
   * Test only: the chip's PACE is broken although EF.CardAccess offers it. MSE:Set AT for PACE is
   * answered 6A80 (not a refused password, which is 63xx), so a terminal has to fall back to BAC.
   */
  readonly paceBroken?: boolean;
}

export interface TravellerProfile {
  /** The MRZ lines as printed: TD3 (2 × 44), TD2 (2 × 36) or TD1 (3 × 30). */
  readonly mrz: readonly string[];
  /** Card access number, six digits (needed when PACE is offered). */
  readonly can: string | undefined;
  readonly accessControl: { readonly bac: boolean; readonly pace: readonly PaceOffer[] };
  /** Absolute path of the image for DG2 (JPEG, or JPEG 2000 with `faceImageFormat` 'jp2'); absent: a generated placeholder. */
  readonly faceImage: string | undefined;
  /** How DG2 stores the face: JPEG (default) or JPEG 2000 (a JP2 file; the placeholder is encoded so). */
  readonly faceImageFormat: FaceImageFormat;
  readonly personalDetails: { readonly fullName?: string; readonly placeOfBirth?: string; readonly fullDateOfBirth?: string } | undefined;
  readonly documentDetails: { readonly issuingAuthority?: string; readonly dateOfIssue?: string } | undefined;
  /** How the issuer signs: CSCA, Document Signer and EF.SOD all use this family. */
  readonly pki: { readonly algorithm: 'rsa-pss' | 'ecdsa'; readonly country: string };
  readonly activeAuthentication: ActiveAuthenticationProfile | undefined;
  readonly chipAuthentication: ChipAuthenticationProfile | undefined;
  /** Whether the chip accepts extended length APDUs (default true). */
  readonly extendedLength: boolean;
  readonly faults: ChipFaults;
}

export class ProfileError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[], source?: string) {
    super(`${source ? `${source}: ` : ''}invalid traveller profile:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ProfileError';
    this.problems = problems;
  }
}

const MRZ_LINE = /^[A-Z0-9<]+$/;
const TOP_LEVEL = new Set(['$schema', 'mrz', 'can', 'accessControl', 'faceImage', 'faceImageFormat', 'personalDetails', 'documentDetails', 'pki', 'activeAuthentication', 'chipAuthentication', 'extendedLength', 'faults']);
const FAULTS = new Set(['wrongAccessKey', 'tamperedDataGroup', 'expiredDsCertificate', 'revokedDsCertificate', 'unknownCsca', 'clonedChip', 'paceBroken']);
/** Data groups a simulated chip carries (DG11/DG12 only when their details are given). */
export const PROFILE_DATA_GROUPS = [1, 2, 11, 12, 14, 15] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks a profile; `baseDir` resolves a relative `faceImage`. Throws `ProfileError`. */
export function parseTravellerProfile(input: unknown, options: { baseDir?: string; source?: string } = {}): TravellerProfile {
  const problems: string[] = [];
  const bad = (path: string, what: string) => problems.push(`${path}: ${what}`);
  if (!isObject(input)) throw new ProfileError(['the profile must be a JSON object'], options.source);
  for (const key of Object.keys(input)) if (!TOP_LEVEL.has(key)) bad(key, 'unknown field');

  const mrz = input.mrz;
  let lines: string[] = [];
  if (!Array.isArray(mrz) || !mrz.every((l) => typeof l === 'string')) {
    bad('mrz', 'must be an array of MRZ lines');
  } else {
    lines = mrz as string[];
    const shape = `${lines.length}×${lines[0]?.length ?? 0}`;
    if (!['2×44', '2×36', '3×30'].includes(shape) || lines.some((l) => l.length !== lines[0]?.length)) bad('mrz', `must be TD3 (2 × 44), TD2 (2 × 36) or TD1 (3 × 30) lines, got ${lines.map((l) => l.length).join(', ')}`);
    lines.forEach((l, i) => MRZ_LINE.test(l) || bad(`mrz[${i}]`, 'may contain only A-Z, 0-9 and <'));
  }

  const can = input.can;
  if (can !== undefined && (typeof can !== 'string' || !/^\d{6}$/.test(can))) bad('can', 'must be six digits, as a string');

  const access = input.accessControl ?? { bac: true, pace: [] };
  let bac = true;
  const pace: PaceOffer[] = [];
  if (!isObject(access)) {
    bad('accessControl', 'must be an object');
  } else {
    for (const key of Object.keys(access)) if (key !== 'bac' && key !== 'pace') bad(`accessControl.${key}`, 'unknown field');
    if (access.bac !== undefined && typeof access.bac !== 'boolean') bad('accessControl.bac', 'must be true or false');
    bac = access.bac !== false;
    const offers = access.pace ?? [];
    if (!Array.isArray(offers)) bad('accessControl.pace', 'must be an array of { parameterId, cipher }');
    else
      offers.forEach((o: unknown, i) => {
        const at = `accessControl.pace[${i}]`;
        if (!isObject(o)) return bad(at, 'must be an object');
        if (o.parameterId !== 12 && o.parameterId !== 13) bad(`${at}.parameterId`, 'must be 12 (P-256) or 13 (brainpoolP256r1)');
        if (o.cipher !== 'AES-128' && o.cipher !== '3DES') bad(`${at}.cipher`, 'must be "AES-128" or "3DES"');
        if (pace.some((p) => p.parameterId === o.parameterId && p.cipher === o.cipher)) bad(at, 'is offered twice');
        pace.push({ parameterId: o.parameterId as PaceParameterId, cipher: o.cipher as PaceCipher });
      });
    if (!bac && pace.length === 0) bad('accessControl', 'offers neither BAC nor PACE: the chip could never be read');
  }

  let faceImage: string | undefined;
  if (input.faceImage !== undefined) {
    if (typeof input.faceImage !== 'string' || input.faceImage.length === 0) bad('faceImage', 'must be a path to an image file (JPEG, or JPEG 2000 with faceImageFormat "jp2")');
    else faceImage = resolve(options.baseDir ?? process.cwd(), input.faceImage);
  }
  const faceImageFormat = input.faceImageFormat === undefined ? 'jpeg' : input.faceImageFormat;
  if (faceImageFormat !== 'jpeg' && faceImageFormat !== 'jp2') bad('faceImageFormat', 'must be "jpeg" or "jp2"');

  const personalDetails = optionalStrings(input.personalDetails, 'personalDetails', ['fullName', 'placeOfBirth', 'fullDateOfBirth'], bad);
  if (personalDetails?.fullDateOfBirth !== undefined && !/^\d{8}$/.test(personalDetails.fullDateOfBirth)) bad('personalDetails.fullDateOfBirth', 'must be YYYYMMDD');
  const documentDetails = optionalStrings(input.documentDetails, 'documentDetails', ['issuingAuthority', 'dateOfIssue'], bad);
  if (documentDetails?.dateOfIssue !== undefined && !/^\d{8}$/.test(documentDetails.dateOfIssue)) bad('documentDetails.dateOfIssue', 'must be YYYYMMDD');

  let pki: TravellerProfile['pki'] = { algorithm: 'ecdsa', country: 'UT' };
  if (input.pki !== undefined) {
    if (!isObject(input.pki)) bad('pki', 'must be an object');
    else {
      for (const key of Object.keys(input.pki)) if (key !== 'algorithm' && key !== 'country') bad(`pki.${key}`, 'unknown field');
      const algorithm = input.pki.algorithm ?? 'ecdsa';
      if (algorithm !== 'rsa-pss' && algorithm !== 'ecdsa') bad('pki.algorithm', 'must be "rsa-pss" or "ecdsa"');
      const country = input.pki.country ?? 'UT';
      if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) bad('pki.country', 'must be two capital letters (the C of the certificate names)');
      pki = { algorithm: algorithm as 'rsa-pss' | 'ecdsa', country: country as string };
    }
  }

  let activeAuthentication: ActiveAuthenticationProfile | undefined;
  const aa = input.activeAuthentication;
  if (aa !== undefined && aa !== null && aa !== false) {
    if (!isObject(aa)) bad('activeAuthentication', 'must be an object, null or false');
    else if (aa.algorithm === 'rsa') {
      if (aa.modulusBits !== 1024 && aa.modulusBits !== 2048) bad('activeAuthentication.modulusBits', 'must be 1024 or 2048');
      activeAuthentication = { algorithm: 'rsa', modulusBits: aa.modulusBits as 1024 | 2048 };
    } else if (aa.algorithm === 'ecdsa') {
      if (!isCurve(aa.curve)) bad('activeAuthentication.curve', 'must be "P-256" or "brainpoolP256r1"');
      activeAuthentication = { algorithm: 'ecdsa', curve: aa.curve as CurveName };
    } else bad('activeAuthentication.algorithm', 'must be "rsa" or "ecdsa"');
  }

  let chipAuthentication: ChipAuthenticationProfile | undefined;
  const ca = input.chipAuthentication;
  if (ca !== undefined && ca !== null && ca !== false) {
    if (!isObject(ca)) bad('chipAuthentication', 'must be an object, null or false');
    else {
      if (!isCurve(ca.curve)) bad('chipAuthentication.curve', 'must be "P-256" or "brainpoolP256r1"');
      if (ca.cipher !== 'AES-128' && ca.cipher !== '3DES') bad('chipAuthentication.cipher', 'must be "AES-128" or "3DES"');
      chipAuthentication = { curve: ca.curve as CurveName, cipher: ca.cipher as PaceCipher };
    }
  }

  if (input.extendedLength !== undefined && typeof input.extendedLength !== 'boolean') bad('extendedLength', 'must be true or false');

  const faults: Record<string, unknown> = {};
  if (input.faults !== undefined) {
    if (!isObject(input.faults)) bad('faults', 'must be an object');
    else
      for (const [key, value] of Object.entries(input.faults)) {
        if (!FAULTS.has(key)) bad(`faults.${key}`, 'unknown fault');
        else if (key === 'tamperedDataGroup') {
          if (value === null || value === false) continue;
          if (!PROFILE_DATA_GROUPS.includes(value as never)) bad('faults.tamperedDataGroup', `must be one of the data groups the chip carries: ${PROFILE_DATA_GROUPS.join(', ')}`);
          else faults[key] = value;
        } else if (typeof value !== 'boolean') bad(`faults.${key}`, 'must be true or false');
        else if (value) faults[key] = true;
      }
  }
  const tampered = faults.tamperedDataGroup as number | undefined;
  if (tampered === 11 && !personalDetails) bad('faults.tamperedDataGroup', 'DG11 is only written when personalDetails are given');
  if (tampered === 12 && !documentDetails) bad('faults.tamperedDataGroup', 'DG12 is only written when documentDetails are given');
  if (tampered === 15 && !activeAuthentication) bad('faults.tamperedDataGroup', 'DG15 is only written with activeAuthentication');
  if (tampered === 14 && !chipAuthentication && pace.length === 0 && activeAuthentication?.algorithm !== 'ecdsa') bad('faults.tamperedDataGroup', 'DG14 is only written with chipAuthentication, PACE or ECDSA active authentication');
  if (faults.clonedChip && !activeAuthentication && !chipAuthentication) bad('faults.clonedChip', 'needs activeAuthentication or chipAuthentication: a clone is only detectable through their keys');
  if (faults.paceBroken && pace.length === 0) bad('faults.paceBroken', 'needs accessControl.pace: a chip that offers no PACE cannot have a broken one');

  if (problems.length > 0) throw new ProfileError(problems, options.source);
  return {
    mrz: lines,
    can: can as string | undefined,
    accessControl: { bac, pace },
    faceImage,
    faceImageFormat: faceImageFormat as FaceImageFormat,
    personalDetails,
    documentDetails,
    pki,
    activeAuthentication,
    chipAuthentication,
    extendedLength: input.extendedLength !== false,
    faults: faults as ChipFaults,
  };
}

function isCurve(v: unknown): v is CurveName {
  return v === 'P-256' || v === 'brainpoolP256r1';
}

function optionalStrings<K extends string>(value: unknown, path: string, keys: readonly K[], bad: (path: string, what: string) => void): Partial<Record<K, string>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    bad(path, 'must be an object');
    return undefined;
  }
  const out: Partial<Record<K, string>> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!keys.includes(key as K)) bad(`${path}.${key}`, 'unknown field');
    else if (typeof v !== 'string' || v.length === 0 || v.length > 200) bad(`${path}.${key}`, 'must be a non-empty string');
    else out[key as K] = v;
  }
  return out;
}

/** Reads a profile from a JSON file; a relative `faceImage` is taken relative to that file. */
export async function loadTravellerProfile(path: string): Promise<TravellerProfile> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProfileError([`not JSON: ${(e as Error).message}`], path);
  }
  return parseTravellerProfile(json, { baseDir: dirname(resolve(path)), source: path });
}

/**
 * MRZ_information (ICAO 9303-11 §9.7.2) as printed in the MRZ: the document number, date of birth
 * and date of expiry, each with the check digit that follows it. Nothing is computed: the chip's
 * keys come from what is printed, check digits included.
 *   TD3/TD2 line 2: number 0–8, check 9, birth 13–18, check 19, expiry 21–26, check 27.
 *   TD1 line 1: number 5–13, check 14 (a '<' there means the number continues in the optional data
 *   15–29 up to the first '<', its last character being the check digit; 9303-11 Appendix D.1);
 *   line 2: birth 0–5, check 6, expiry 8–13, check 14.
 */
export function mrzInformationFromLines(lines: readonly string[]): string {
  if (lines.length === 3) {
    const [l1, l2] = lines as [string, string, string];
    let doc = l1.slice(5, 15);
    if (doc.endsWith('<')) {
      const rest = l1.slice(15, 30).replace(/<.*$/, '');
      doc = l1.slice(5, 14) + rest;
    }
    return `${doc}${l2.slice(0, 7)}${l2.slice(8, 15)}`;
  }
  const l2 = lines[1] ?? '';
  return `${l2.slice(0, 10)}${l2.slice(13, 20)}${l2.slice(21, 28)}`;
}
