/**
 * Reading an ePassport chip, terminal side, in the order ICAO 9303-11 prescribes for an inspection
 * system, and judging what it gave:
 *
 *   1. EF.CardAccess (plain, from the MF). PACE when it offers a PACEInfo this station can run (with
 *      the MRZ information or the CAN), otherwise BAC with the MRZ information.      → chip.access
 *   2. Under secure messaging, with the largest reads the chip allows: EF.COM, DG1, DG2, DG11/DG12,
 *      DG14 and DG15 when EF.COM lists them, EF.SOD.                                  → chip.read
 *   3. DG1 against the optically read MRZ.                                           → chip.mrz_match
 *   4. Passive authentication (passive-auth.ts): sod_parse, dg_hash_DG<n>, …, ds_revocation.
 *   5. Active Authentication: INTERNAL AUTHENTICATE with a random 8-byte challenge, verified with the
 *      DG15 key (and DG14's ActiveAuthenticationInfo for ECDSA).                      → chip.active_auth
 *   6. Chip Authentication v1 (ECDH) with DG14's key, proven by one protected read under the new
 *      session keys: a chip without the private key cannot answer it.               → chip.chip_auth
 *
 * Nothing here throws because of what the chip does: a refused access key, a card pulled off the
 * reader, a broken file all become a failed step and the read ends there. Only unusable input (no
 * access key, an MRZ that is no MRZ, a CAN that is not digits) is thrown, as `ChipReadInputError`,
 * before the chip is touched.
 */
import { randomBytes } from 'node:crypto';
import {
  ApduError,
  ChipDataError,
  ChipStatusError,
  PaceTerminal,
  SW,
  curveByPaceParameterId,
  exchange,
  paceCipherFor,
  parseCardAccess,
  performBac,
  performChipAuthentication,
  readBinary,
  swHex,
  type CardAccess,
  type PaceInfo as CardAccessPaceInfo,
  type PacePassword,
  type SecureMessaging,
  type Transmit,
} from '../../../../native-drivers/epassport/index.js';
import { BinaryFileReader } from '../../../../native-drivers/pcsc/binary-file-reader.js';
import { detectCardCapabilities, readLimitsFor, type ReadLimits } from '../../../../native-drivers/pcsc/card-capabilities.js';
import { PcscError } from '../../../../native-drivers/pcsc/pcsc-error.js';
import { verifyActiveAuthentication } from './active-auth.js';
import { activeAuthenticationInfo, chipAuthenticationOffers } from './chip-auth-info.js';
import { step, verdictOf, type CheckStep, type Verdict } from './check-step.js';
import { compareChipMrz, parseDg1, parseDg14, parseDg15, parseEfCom, type Dg14 } from './data-groups.js';
import { extractFaceImage } from './dg2-image.js';
import { mrzInformation } from './mrz-information.js';
import { passiveAuthenticate } from './passive-auth.js';
import { importPublicKey } from './public-key.js';
import type { TrustStore } from './trust-store.js';

export interface ChipAccessKey {
  /** The MRZ lines as read optically from the data page (TD3 2 × 44, TD2 2 × 36, TD1 3 × 30). */
  readonly mrz?: readonly string[];
  /** The six-digit Card Access Number printed on the data page (PACE only). */
  readonly can?: string;
}

export interface ChipReadOptions {
  readonly trust: TrustStore;
  /** The inspection time certificates are checked at. Default: now. */
  readonly now?: Date;
  /** Called with each step as soon as it is decided (for a live display). */
  readonly onStep?: (step: CheckStep) => void;
  /** The card's ATR: its historical bytes may announce extended length. */
  readonly atr?: Buffer;
  /** Read sizes to use instead of asking the card (ATR and EF.ATR/INFO). Under secure messaging. */
  readonly readLimits?: ReadLimits;
}

export interface ChipFace {
  readonly mime: 'image/jpeg' | 'image/jp2';
  readonly base64: string;
  readonly width: number | null;
  readonly height: number | null;
}

export interface ChipReadResult {
  readonly steps: readonly CheckStep[];
  readonly verdict: Verdict;
  /** DG1's MRZ lines, once DG1 was read and parsed. */
  readonly dg1Lines: readonly string[] | null;
  readonly face: ChipFace | null;
  /** Command APDUs sent on the wire (secure messaging wraps each into one). */
  readonly apduCount: number;
  readonly elapsedMs: number;
  /** Why the read stopped early (card removed, refused key, …); absent when it ran to the end. */
  readonly stoppedBy?: { readonly code: ChipReadErrorCode; readonly message: string };
}

/** Unusable input: nothing was sent to the chip. */
export class ChipReadInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChipReadInputError';
  }
}

export type ChipReadErrorCode = 'card_removed' | 'no_card' | 'transport' | 'timeout' | 'no_service' | 'no_reader' | 'access_refused' | 'chip_error';

/** Why a read could not go on; readChip turns it into a failed step. */
export class ChipReadError extends Error {
  constructor(
    readonly code: ChipReadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChipReadError';
  }
}

export const ACCESS_REFUSED = 'the chip refused the access key: check the MRZ or CAN';

const EMRTD_AID = Buffer.from('A0000002471001', 'hex');
const FID = { CARD_ACCESS: 0x011c, COM: 0x011e, SOD: 0x011d, dg: (n: number) => 0x0100 + n } as const;
/** ICAO 9303-10 Table 34: the short EF identifier is the low five bits of the FID. */
const sfiOf = (fid: number): number => fid & 0x1f;
/** Data groups read besides DG1 and DG2, when EF.COM lists them. */
const OPTIONAL_DGS = [11, 12, 14, 15] as const;

const PCSC_CODES: Readonly<Record<PcscError['code'], { code: ChipReadErrorCode; words: string }>> = {
  REMOVED: { code: 'card_removed', words: 'the document left the reader during the read: place it back, hold it still and read again' },
  NO_CARD: { code: 'no_card', words: 'no document is on the reader' },
  TRANSMIT_FAILED: { code: 'transport', words: 'the reader could not exchange data with the chip' },
  TIMEOUT: { code: 'timeout', words: 'the chip did not answer in time' },
  NO_SERVICE: { code: 'no_service', words: 'the smart card service (pcscd) went away' },
  NO_READER: { code: 'no_reader', words: 'the reader went away' },
};

/** Transport failures become ChipReadError; chip-data errors and bugs pass through. */
function asReadError(e: unknown): ChipReadError | undefined {
  if (e instanceof ChipReadError) return e;
  if (e instanceof PcscError) {
    const m = PCSC_CODES[e.code];
    return new ChipReadError(m.code, `${m.words} (${e.message})`, { cause: e });
  }
  return undefined;
}

function isRefusal(e: unknown): boolean {
  // 6300 (or 63Cx, tries left) at EXTERNAL AUTHENTICATE / the PACE token step: wrong password.
  return e instanceof ChipStatusError && (e.sw & 0xff00) === 0x6300;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------------------------------------
// Input

/** MRZ_information from optical MRZ lines, check digits recomputed (the chip's key uses correct ones). */
export function mrzInformationFromOptical(lines: readonly string[]): string {
  const clean = lines.map((l) => l.replace(/\s+$/, '').toUpperCase());
  const shape = clean.map((l) => l.length).join('×');
  const td = clean.length === 3 && clean.every((l) => l.length === 30) ? 'TD1' : clean.length === 2 && clean.every((l) => l.length === 44 || l.length === 36) && clean[0]?.length === clean[1]?.length ? 'TD23' : undefined;
  if (!td) throw new ChipReadInputError(`the MRZ must be 2 lines of 44 (TD3) or 36 (TD2) characters, or 3 lines of 30 (TD1); got ${clean.length ? shape : 'no lines'}`);
  const bad = clean.find((l) => /[^A-Z0-9<]/.test(l));
  if (bad !== undefined) throw new ChipReadInputError(`an MRZ line may contain only A–Z, 0–9 and <: "${bad}"`);
  let documentNumber: string;
  let dateOfBirth: string;
  let dateOfExpiry: string;
  if (td === 'TD1') {
    const [l1, l2] = clean as [string, string, string];
    documentNumber = l1.slice(5, 14);
    // A '<' in the check digit position: the number continues in the optional data, its check digit last.
    if (l1[14] === '<') documentNumber += l1.slice(15, 30).replace(/<.*$/, '').slice(0, -1);
    dateOfBirth = l2.slice(0, 6);
    dateOfExpiry = l2.slice(8, 14);
  } else {
    const l2 = clean[1] as string;
    documentNumber = l2.slice(0, 9);
    dateOfBirth = l2.slice(13, 19);
    dateOfExpiry = l2.slice(21, 27);
  }
  try {
    return mrzInformation({ documentNumber: documentNumber.replace(/<+$/, ''), dateOfBirth, dateOfExpiry });
  } catch (e) {
    if (e instanceof ChipDataError) throw new ChipReadInputError(`the MRZ cannot open a chip: ${e.message}`);
    throw e;
  }
}

function checkInput(key: ChipAccessKey): { mrzInfo: string | undefined; can: string | undefined } {
  const mrz = key.mrz && key.mrz.length > 0 ? key.mrz : undefined;
  if (!mrz && key.can === undefined) throw new ChipReadInputError('give the MRZ lines or the CAN: the chip opens only with one of them');
  if (key.can !== undefined && !/^\d{6}$/.test(key.can)) throw new ChipReadInputError(`the CAN is the six digits printed on the data page, got "${key.can}"`);
  return { mrzInfo: mrz ? mrzInformationFromOptical(mrz) : undefined, can: key.can };
}

// ---------------------------------------------------------------------------------------------
// The read

interface Session {
  readonly protocol: string;
  readonly sm: SecureMessaging;
  readonly transmit: Transmit;
  readonly files: BinaryFileReader;
}

const usablePace = (p: CardAccessPaceInfo): boolean => paceCipherFor(p.protocol) !== undefined && p.parameterId !== undefined && curveByPaceParameterId(p.parameterId) !== undefined;

function paceName(p: CardAccessPaceInfo): string {
  const curve = p.parameterId === undefined ? undefined : curveByPaceParameterId(p.parameterId);
  return `PACE (ECDH generic mapping, ${curve?.name ?? `parameters ${p.parameterId}`}, ${paceCipherFor(p.protocol) ?? '?'})`;
}

export async function readChip(transmitRaw: Transmit, key: ChipAccessKey, options: ChipReadOptions): Promise<ChipReadResult> {
  const input = checkInput(key);
  const started = performance.now();
  const now = options.now ?? new Date();
  let apduCount = 0;
  const wire: Transmit = (apdu) => {
    apduCount++;
    return transmitRaw(apdu);
  };
  const steps: CheckStep[] = [];
  const add = (s: CheckStep): void => {
    steps.push(s);
    options.onStep?.(s);
  };
  let dg1Lines: string[] | null = null;
  let face: ChipFace | null = null;
  let stoppedBy: ChipReadResult['stoppedBy'];
  const finish = (): ChipReadResult => ({ steps, verdict: verdictOf(steps), dg1Lines, face, apduCount, elapsedMs: Math.round(performance.now() - started), ...(stoppedBy ? { stoppedBy } : {}) });

  /** Ends the read with `id` failed, the later chip steps left not possible. */
  const stop = (id: string, error: ChipReadError): ChipReadResult => {
    stoppedBy = { code: error.code, message: error.message };
    add(step(id, 'fail', error.message));
    const reason = id === 'chip.access' ? 'the chip was not opened' : 'the chip could not be read to the end';
    for (const later of ['chip.read', 'chip.mrz_match', 'passive_authentication', 'chip.active_auth', 'chip.chip_auth']) {
      if (!steps.some((s) => s.id === later)) add(step(later, 'not_possible', reason));
    }
    return finish();
  };
  const describeError = (e: unknown, doing: string): ChipReadError => {
    const transport = asReadError(e);
    if (transport) return transport;
    if (e instanceof ChipDataError) return new ChipReadError('chip_error', `${doing}: ${e.message}`, { cause: e });
    throw e;
  };

  // 1. Capabilities, EF.CardAccess, access control --------------------------------------------
  let session: Session;
  let limits: ReadLimits;
  try {
    let plainLimits: ReadLimits;
    if (options.readLimits) {
      limits = options.readLimits;
      plainLimits = { shortLe: 256, ...(limits.extendedLe ? { extendedLe: 65534 } : {}) };
    } else {
      const caps = await detectCardCapabilities(wire, options.atr);
      limits = readLimitsFor(caps, { secureMessaging: true });
      plainLimits = readLimitsFor(caps, { secureMessaging: false });
    }
    let cardAccess: CardAccess | undefined;
    let cardAccessNote = '';
    try {
      await exchange(wire, 'SELECT MF', { cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: Buffer.from([0x3f, 0x00]) });
      cardAccess = parseCardAccess(await new BinaryFileReader(wire, plainLimits).readFile({ fid: FID.CARD_ACCESS, sfi: sfiOf(FID.CARD_ACCESS) }));
    } catch (e) {
      // No EF.CardAccess (6A82), or one this station cannot read: 9303-11 §4.2 falls back to BAC.
      if (!(e instanceof ChipDataError) || asReadError(e)) throw e;
      cardAccessNote = e instanceof ChipStatusError && e.sw === SW.FILE_NOT_FOUND ? '' : ` (EF.CardAccess unreadable: ${e.message})`;
    }
    const pace = cardAccess?.paceInfos.find(usablePace);
    const password: PacePassword | undefined = input.mrzInfo ? { kind: 'mrz', mrzInformation: input.mrzInfo } : input.can ? { kind: 'can', can: input.can } : undefined;
    if (pace && password) {
      try {
        const terminal = new PaceTerminal(wire, { password, protocol: pace.protocol, parameterId: pace.parameterId as number, sendParameterId: (cardAccess?.paceInfos.length ?? 0) > 1 });
        const { sm } = await terminal.run();
        const transmit = sm.wrap(wire);
        session = { protocol: `${paceName(pace)} with the ${password.kind === 'mrz' ? 'MRZ' : 'CAN'}`, sm, transmit, files: new BinaryFileReader(transmit, limits) };
        await session.files.selectApplication(EMRTD_AID);
      } catch (e) {
        if (isRefusal(e)) return stop('chip.access', new ChipReadError('access_refused', ACCESS_REFUSED, { cause: e }));
        return stop('chip.access', describeError(e, `${paceName(pace)} failed`));
      }
    } else if (input.mrzInfo) {
      try {
        await exchange(wire, 'SELECT eMRTD application', { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
        const { sm } = await performBac(wire, input.mrzInfo);
        const transmit = sm.wrap(wire);
        const why = cardAccess ? 'the chip offers no PACE this station can run' : 'the chip offers no PACE';
        session = { protocol: `BAC with the MRZ (${why}${cardAccessNote})`, sm, transmit, files: new BinaryFileReader(transmit, limits) };
      } catch (e) {
        if (isRefusal(e)) return stop('chip.access', new ChipReadError('access_refused', ACCESS_REFUSED, { cause: e }));
        return stop('chip.access', describeError(e, 'BAC failed'));
      }
    } else {
      add(step('chip.access', 'not_possible', 'the chip offers only BAC, which needs the MRZ; the CAN opens only chips with PACE'));
      for (const later of ['chip.read', 'chip.mrz_match', 'passive_authentication', 'chip.active_auth', 'chip.chip_auth']) add(step(later, 'not_possible', 'the chip was not opened'));
      return finish();
    }
  } catch (e) {
    return stop('chip.access', describeError(e, 'the chip could not be opened'));
  }
  add(step('chip.access', 'pass', `opened with ${session.protocol}; secure messaging ${session.sm.cipher.name}`));

  // 2. Files under secure messaging -------------------------------------------------------------
  const dataGroups = new Map<number, Buffer>();
  let sod: Buffer;
  let listed: readonly number[] = [];
  const apdusBeforeRead = apduCount;
  try {
    const readEf = (fid: number) => session.files.readFile({ fid, sfi: sfiOf(fid) });
    const readOptional = async (fid: number): Promise<Buffer | undefined> => {
      try {
        return await readEf(fid);
      } catch (e) {
        if (e instanceof ChipStatusError && e.sw === SW.FILE_NOT_FOUND) return undefined;
        throw e;
      }
    };
    const com = await readOptional(FID.COM);
    let comNote = '';
    if (com) {
      try {
        listed = parseEfCom(com).dataGroups;
      } catch (e) {
        if (!(e instanceof ChipDataError)) throw e;
        comNote = `; EF.COM is unreadable (${e.message}), so every optional data group was tried`;
      }
    } else {
      comNote = '; the chip has no EF.COM, so every optional data group was tried';
    }
    const wanted = comNote ? [1, 2, ...OPTIONAL_DGS] : [1, 2, ...OPTIONAL_DGS.filter((n) => listed.includes(n))];
    for (const n of wanted) {
      const bytes = n <= 2 ? await readEf(FID.dg(n)) : await readOptional(FID.dg(n));
      if (bytes) dataGroups.set(n, bytes);
    }
    sod = await readEf(FID.SOD);
    const sizes = [...dataGroups].map(([n, b]) => `DG${n} (${b.length} B)`);
    add(step('chip.read', 'pass', `read ${com ? 'EF.COM, ' : ''}${sizes.join(', ')} and EF.SOD (${sod.length} B) in ${plural(apduCount - apdusBeforeRead, 'APDU')}${limits.extendedLe ? ', extended length' : ', short reads'}${comNote}`));
  } catch (e) {
    if (e instanceof ChipStatusError && e.sw === SW.FILE_NOT_FOUND) return stop('chip.read', new ChipReadError('chip_error', `a mandatory file is missing: ${e.message}`, { cause: e }));
    return stop('chip.read', describeError(e, 'reading the chip failed'));
  }

  // 3. DG1 against the printed MRZ, and the face ------------------------------------------------
  try {
    dg1Lines = [...parseDg1(dataGroups.get(1) as Buffer).lines];
  } catch (e) {
    if (!(e instanceof ChipDataError)) throw e;
    add(step('chip.mrz_match', 'fail', `DG1 cannot be read: ${e.message}`));
  }
  if (dg1Lines) {
    if (key.mrz && key.mrz.length > 0) {
      const c = compareChipMrz(dg1Lines, key.mrz);
      add(step('chip.mrz_match', c.status, c.detail));
    } else {
      add(step('chip.mrz_match', 'not_possible', 'no printed MRZ was given to compare with (the chip was opened with the CAN)'));
    }
  }
  try {
    const image = extractFaceImage(dataGroups.get(2) as Buffer);
    face = { mime: image.mime, base64: image.bytes.toString('base64'), width: image.width ?? null, height: image.height ?? null };
  } catch (e) {
    if (!(e instanceof ChipDataError)) throw e;
    face = null; // DG2's hash step says whether the file is genuine; an unreadable image just shows no face.
  }

  // 4. Passive authentication -------------------------------------------------------------------
  const passive = passiveAuthenticate({ sod, dataGroups }, { trustStore: options.trust, at: now });
  for (const s of passive.steps) add(s);

  // 5. Active Authentication --------------------------------------------------------------------
  let dg14: Dg14 | undefined;
  let dg14Problem: string | undefined;
  const dg14Bytes = dataGroups.get(14);
  if (dg14Bytes) {
    try {
      dg14 = parseDg14(dg14Bytes);
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
      dg14Problem = e.message;
    }
  }
  const dg15Bytes = dataGroups.get(15);
  if (!dg15Bytes) {
    add(step('chip.active_auth', 'not_possible', 'the chip has no DG15, so it offers no Active Authentication: a copy of its data on another chip cannot be told apart this way'));
  } else {
    try {
      let spki: Buffer | undefined;
      let bits = 0;
      try {
        const dg15 = parseDg15(dg15Bytes);
        spki = dg15.spki;
        bits = dg15.algorithm === 'rsa' ? dg15.bits : 0;
      } catch (e) {
        if (!(e instanceof ChipDataError)) throw e;
        add(step('chip.active_auth', 'not_possible', `the Active Authentication key in DG15 cannot be used: ${e.message}`));
      }
      if (spki) {
        const challenge = randomBytes(8);
        // An RSA signature above 1024 bits does not fit a protected short response: ask for extended.
        const le = bits > 1024 && limits.extendedLe ? 65536 : 256;
        let response: Buffer | undefined;
        try {
          response = await exchange(session.transmit, 'INTERNAL AUTHENTICATE', { cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, le });
        } catch (e) {
          if (!(e instanceof ChipStatusError)) throw e;
          add(step('chip.active_auth', 'fail', `the chip refused INTERNAL AUTHENTICATE (SW ${swHex(e.sw)}) although DG15 announces Active Authentication: it may be a cloned chip`));
        }
        if (response) {
          const r = verifyActiveAuthentication({ publicKey: spki, challenge, response, ...(dg14 ? { activeAuthenticationInfo: activeAuthenticationInfo(dg14.securityInfos) } : {}) });
          add(step('chip.active_auth', r.status, r.detail));
        }
      }
    } catch (e) {
      return stop('chip.active_auth', describeError(e, 'Active Authentication failed'));
    }
  }

  // 6. Chip Authentication ----------------------------------------------------------------------
  if (!dg14Bytes) {
    add(step('chip.chip_auth', 'not_possible', 'the chip has no DG14, so it offers no Chip Authentication'));
  } else if (!dg14) {
    add(step('chip.chip_auth', 'not_possible', `DG14 cannot be read: ${dg14Problem}`));
  } else {
    const offer = chipAuthenticationOffers(dg14.securityInfos).find((o) => o.info.agreement === 'ECDH' && o.key !== undefined);
    const key = offer?.key;
    const curve = (() => {
      if (!key) return undefined;
      try {
        return importPublicKey(key.spki).curve;
      } catch {
        return undefined;
      }
    })();
    if (!offer || !key) {
      add(step('chip.chip_auth', 'not_possible', 'DG14 offers no Chip Authentication with an EC key (DH Chip Authentication is not implemented)'));
    } else if (!curve) {
      add(step('chip.chip_auth', 'not_possible', `the Chip Authentication key in DG14 is on a curve this station does not know (${key.curve ?? 'explicit parameters'})`));
    } else {
      try {
        const { sm } = await performChipAuthentication(session.transmit, { protocol: offer.info.protocol, curve, chipPublicKey: key.publicKey, ...(offer.info.keyId !== undefined ? { keyId: offer.info.keyId } : {}) });
        // Implicit authentication: only a chip holding DG14's private key derives these keys, so a
        // protected answer under them proves it.
        const fresh = sm.wrap(wire);
        await exchange(fresh, 'READ BINARY DG1 under the Chip Authentication keys', readBinary(0, 4, sfiOf(FID.dg(1))));
        add(step('chip.chip_auth', 'pass', `the chip proved it holds the private key of DG14 (${offer.info.protocolName}, ${curve.name}): secure messaging continues under the new keys`));
      } catch (e) {
        const transport = asReadError(e);
        if (transport) return stop('chip.chip_auth', transport);
        if (!(e instanceof ChipDataError)) throw e;
        add(step('chip.chip_auth', 'fail', `the chip could not continue under the keys agreed with the DG14 key (${e instanceof ApduError && e.sw !== undefined ? `SW ${swHex(e.sw)}` : e.message}): it may be a cloned chip`));
      }
    }
  }
  return finish();
}
