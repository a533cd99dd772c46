/**
 * Reading an ePassport chip, terminal side, in the order ICAO 9303-11 gives an inspection system (§7,
 * with Chip Authentication as §6.2 describes it), and judging what it gave:
 *
 *   1. EF.CardAccess (plain, from the MF). PACE when it offers a PACEInfo this station can run (with
 *      the MRZ information or the CAN), otherwise BAC with the MRZ information. When PACE fails for a
 *      reason other than a refused password (the chip rejects MSE:Set AT or a GENERAL AUTHENTICATE
 *      with a status that is not 63xx, the mapping or the tokens go wrong), BAC with the MRZ instead:
 *      §4.2 has inspection systems keep BAC as the fallback while chips carry both. A refused
 *      password is final (BAC's keys come from the same MRZ), and with only a CAN there is no
 *      fallback: BAC needs the MRZ.                                                 → chip.access
 *   2. Under the access-control session: EF.COM (when present) and DG14 (when EF.COM lists it, or
 *      there is no readable EF.COM).
 *   3. Chip Authentication v1 (ECDH) with DG14's key, when DG14 offers it: secure messaging restarts
 *      under the keys agreed with that key, before anything else is read. It authenticates implicitly:
 *      only a chip holding DG14's private key derives the same keys, so its first protected answer
 *      under them (the DG1 read) is the proof. A chip that cannot answer fails the step ("it may be
 *      a cloned chip") and the read ends there, the later steps not possible.        → chip.chip_auth
 *   4. DG1, DG2, DG11/DG12 and DG15 when EF.COM lists them, EF.SOD, with the largest reads the chip
 *      allows, under the Chip Authentication keys when it ran (strong secure messaging), otherwise
 *      under the PACE or BAC keys.                                                  → chip.read
 *   5. DG1 against the optically read MRZ.                                           → chip.mrz_match
 *   6. Passive authentication (passive-auth.ts): sod_parse, dg_hash_DG<n> (DG14 included), …,
 *      ds_revocation. DG14's key was used before DG14 could be checked, so Chip Authentication is
 *      judged only now: `pass` needs dg_hash_DG14 to pass (the issuer signed that key), a failed
 *      DG14 hash fails it, and a DG14 passive authentication could not check leaves it not possible.
 *   7. Active Authentication: INTERNAL AUTHENTICATE with a random 8-byte challenge, verified with the
 *      DG15 key (and DG14's ActiveAuthenticationInfo for ECDSA).                      → chip.active_auth
 *
 * Active Authentication after Chip Authentication: 9303-11 lets an inspection system skip AA once CA
 * succeeded, since both prove the chip holds a private key the issuer signed. This station still runs
 * AA whenever DG15 is present, CA or not: it costs one APDU, it checks a second, independent key
 * (a chip whose DG14 fails passive authentication still gets a clone check through DG15), and a step
 * skipped as `not_possible` would leave a genuine chip's verdict incomplete. A chip with DG15 and no
 * usable CA gets AA as its only clone check, as before.
 *
 * `steps` lists the steps in the order they were performed: chip.access, chip.chip_auth, chip.read,
 * chip.mrz_match, the passive-authentication steps, chip.active_auth. `onStep` reports each as soon
 * as it is decided, which is the same order except for a Chip Authentication that ran: it is decided
 * only after passive authentication (see 6), so it is reported then, and stands after chip.access in
 * `steps`.
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
  decodeCommandApdu,
  encodeResponseApdu,
  performChipAuthentication,
  swHex,
  type CardAccess,
  type CurveParams,
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
  /**
   * Called with each step as soon as it is decided (for a live display). A Chip Authentication that
   * ran is decided after passive authentication, so it is reported then, though `steps` lists it
   * where it was performed (after chip.access).
   */
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
/** Data groups read after DG1 and DG2 (and after Chip Authentication), when EF.COM lists them; DG14 is read before. */
const LATER_DGS = [11, 12, 15] as const;

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
  /** PACE, BAC or Chip Authentication: whose keys protect the session. */
  readonly kind: 'PACE' | 'BAC' | 'Chip Authentication';
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

/** The chip steps readChip reports besides passive authentication's, in the order it performs them. */
const CHIP_STEPS = ['chip.access', 'chip.chip_auth', 'chip.read', 'chip.mrz_match', 'passive_authentication', 'chip.active_auth'] as const;

/**
 * Secure messaging over `wire` like `sm.wrap`, and `onProof` called at the first response whose MAC
 * verified under `sm`'s keys: after Chip Authentication, that answer is the chip's proof that it holds
 * DG14's private key (a plain status word, as a chip sends on a secure-messaging error, proves nothing).
 */
function provingWrap(sm: SecureMessaging, wire: Transmit, onProof: () => void): Transmit {
  return async (apdu) => {
    const response = sm.unprotect(await wire(sm.protect(decodeCommandApdu(apdu))));
    if (response.protected) onProof();
    return encodeResponseApdu(response);
  };
}

const listNames = (names: readonly string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

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
  /** Reports a step; `at` puts it in `steps` where it was performed rather than at the end. */
  const add = (s: CheckStep, at?: number): void => {
    if (at === undefined) steps.push(s);
    else steps.splice(at, 0, s);
    options.onStep?.(s);
  };
  let dg1Lines: string[] | null = null;
  let face: ChipFace | null = null;
  let stoppedBy: ChipReadResult['stoppedBy'];
  const finish = (): ChipReadResult => ({ steps, verdict: verdictOf(steps), dg1Lines, face, apduCount, elapsedMs: Math.round(performance.now() - started), ...(stoppedBy ? { stoppedBy } : {}) });

  /**
   * Chip Authentication that ran and whose proof may be in, waiting for passive authentication to
   * vouch for DG14: its step goes to `steps[at]`, right after chip.access, where it was performed.
   */
  let pendingCa: { at: number; name: string; proven: boolean } | undefined;

  /** Ends the read with `id` failed, the later chip steps left not possible. */
  const stop = (id: string, error: ChipReadError, reason?: string): ChipReadResult => {
    stoppedBy = { code: error.code, message: error.message };
    add(step(id, 'fail', error.message));
    if (pendingCa) {
      const ca = pendingCa;
      pendingCa = undefined;
      add(
        step('chip.chip_auth', 'not_possible', ca.proven ? `the chip answered under the keys agreed with DG14's key (${ca.name}), but the read ended before passive authentication could vouch for DG14` : `the read ended before the chip answered under the keys agreed with DG14's key (${ca.name})`),
        ca.at,
      );
    }
    const why = reason ?? (id === 'chip.access' ? 'the chip was not opened' : 'the chip could not be read to the end');
    for (const later of CHIP_STEPS) {
      if (!steps.some((s) => s.id === later)) add(step(later, 'not_possible', why));
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
    const openWithBac = async (mrzInfo: string, protocol: string): Promise<Session> => {
      await exchange(wire, 'SELECT eMRTD application', { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
      const { sm } = await performBac(wire, mrzInfo);
      const transmit = sm.wrap(wire);
      return { kind: 'BAC', protocol, sm, transmit, files: new BinaryFileReader(transmit, limits) };
    };
    const pace = cardAccess?.paceInfos.find(usablePace);
    const password: PacePassword | undefined = input.mrzInfo ? { kind: 'mrz', mrzInformation: input.mrzInfo } : input.can ? { kind: 'can', can: input.can } : undefined;
    if (pace && password) {
      const paceWith = `${paceName(pace)} with the ${password.kind === 'mrz' ? 'MRZ' : 'CAN'}`;
      let paceSession: Session | undefined;
      let paceFailure: ChipDataError | undefined;
      try {
        const terminal = new PaceTerminal(wire, { password, protocol: pace.protocol, parameterId: pace.parameterId as number, sendParameterId: (cardAccess?.paceInfos.length ?? 0) > 1 });
        const { sm } = await terminal.run();
        const transmit = sm.wrap(wire);
        paceSession = { kind: 'PACE', protocol: paceWith, sm, transmit, files: new BinaryFileReader(transmit, limits) };
      } catch (e) {
        // A refused password (63xx at the token step) is final: BAC's keys come from the same
        // MRZ_information (and a CAN opens no BAC), so BAC would be refused as well, and every wrong
        // try may count against the chip's retry counter. Transport failures end the read too.
        if (isRefusal(e)) return stop('chip.access', new ChipReadError('access_refused', ACCESS_REFUSED, { cause: e }));
        if (asReadError(e) || !(e instanceof ChipDataError)) throw e;
        paceFailure = e;
      }
      if (paceSession) {
        try {
          await paceSession.files.selectApplication(EMRTD_AID);
        } catch (e) {
          return stop('chip.access', describeError(e, `${paceWith} succeeded but the eMRTD application could not be selected`));
        }
        session = paceSession;
      } else {
        // PACE itself is broken (MSE:Set AT or GENERAL AUTHENTICATE refused with a status that is not
        // 63xx, a failed mapping, a bad token): 9303-11 §4.2 has inspection systems fall back to BAC
        // while chips support both. The chip's BAC mutual authentication then vouches for it as usual.
        const failed = `${paceWith} failed: ${(paceFailure as ChipDataError).message}`;
        if (!input.mrzInfo) {
          return stop('chip.access', new ChipReadError('chip_error', `${failed}; BAC cannot be tried instead: it needs the MRZ, and only the CAN was given — read the MRZ and try again`, { cause: paceFailure }));
        }
        try {
          session = await openWithBac(input.mrzInfo, `BAC with the MRZ, the fallback ICAO 9303-11 §4.2 keeps, because ${failed}`);
        } catch (e) {
          if (isRefusal(e)) return stop('chip.access', new ChipReadError('access_refused', `${ACCESS_REFUSED} (${failed}; BAC, tried instead, was refused)`, { cause: e }));
          return stop('chip.access', describeError(e, `${failed}; BAC, tried instead, failed as well`));
        }
      }
    } else if (input.mrzInfo) {
      try {
        session = await openWithBac(input.mrzInfo, `BAC with the MRZ (${cardAccess ? 'the chip offers no PACE this station can run' : 'the chip offers no PACE'}${cardAccessNote})`);
      } catch (e) {
        if (isRefusal(e)) return stop('chip.access', new ChipReadError('access_refused', ACCESS_REFUSED, { cause: e }));
        return stop('chip.access', describeError(e, 'BAC failed'));
      }
    } else {
      add(step('chip.access', 'not_possible', 'the chip offers only BAC, which needs the MRZ; the CAN opens only chips with PACE'));
      for (const later of CHIP_STEPS.slice(1)) add(step(later, 'not_possible', 'the chip was not opened'));
      return finish();
    }
  } catch (e) {
    return stop('chip.access', describeError(e, 'the chip could not be opened'));
  }
  add(step('chip.access', 'pass', `opened with ${session.protocol}; secure messaging ${session.sm.cipher.name}`));
  const accessSession = session;

  const dataGroups = new Map<number, Buffer>();
  const readEf = (fid: number) => session.files.readFile({ fid, sfi: sfiOf(fid) });
  const readOptional = async (fid: number): Promise<Buffer | undefined> => {
    try {
      return await readEf(fid);
    } catch (e) {
      if (e instanceof ChipStatusError && e.sw === SW.FILE_NOT_FOUND) return undefined;
      throw e;
    }
  };
  /** What chip.read names, in the order read. */
  const readNames: string[] = [];
  let readApdus = 0;

  // 2. EF.COM and DG14 under the access-control keys ---------------------------------------------
  let listed: readonly number[] = [];
  let comNote = '';
  let com: Buffer | undefined;
  try {
    const before = apduCount;
    com = await readOptional(FID.COM);
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
    if (comNote || listed.includes(14)) {
      const bytes = await readOptional(FID.dg(14));
      if (bytes) dataGroups.set(14, bytes);
    }
    readApdus += apduCount - before;
    if (com) readNames.push('EF.COM');
    const dg14Read = dataGroups.get(14);
    if (dg14Read) readNames.push(`DG14 (${dg14Read.length} B)`);
  } catch (e) {
    return stop('chip.read', describeError(e, 'reading the chip failed'));
  }

  // 3. Chip Authentication, before anything else is read -----------------------------------------
  let dg14: Dg14 | undefined;
  const dg14Bytes = dataGroups.get(14);
  let caNote = '';
  if (!dg14Bytes) {
    add(step('chip.chip_auth', 'not_possible', 'the chip has no DG14, so it offers no Chip Authentication'));
  } else {
    let dg14Problem = '';
    try {
      dg14 = parseDg14(dg14Bytes);
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
      dg14Problem = e.message;
    }
    const offer = dg14 ? chipAuthenticationOffers(dg14.securityInfos).find((o) => o.info.agreement === 'ECDH' && o.key !== undefined) : undefined;
    const caKey = offer?.key;
    let curve: CurveParams | undefined;
    let keyProblem = '';
    if (caKey) {
      try {
        curve = importPublicKey(caKey.spki).curve;
      } catch (e) {
        if (!(e instanceof ChipDataError)) throw e;
        keyProblem = e.message;
      }
    }
    if (!dg14) {
      add(step('chip.chip_auth', 'not_possible', `DG14 cannot be read: ${dg14Problem}`));
    } else if (!offer || !caKey) {
      add(step('chip.chip_auth', 'not_possible', 'DG14 offers no Chip Authentication with an EC key (DH Chip Authentication is not implemented)'));
    } else if (keyProblem) {
      // Passive authentication tells whether the issuer signed this DG14 (dg_hash_DG14).
      add(step('chip.chip_auth', 'not_possible', `the Chip Authentication key in DG14 cannot be used: ${keyProblem}`));
    } else if (!curve) {
      add(step('chip.chip_auth', 'not_possible', `the Chip Authentication key in DG14 is on a curve this station does not know (${caKey.curve ?? 'explicit parameters'})`));
    } else {
      const name = `${offer.info.protocolName}, ${curve.name}`;
      try {
        const { sm } = await performChipAuthentication(session.transmit, { protocol: offer.info.protocol, curve, chipPublicKey: caKey.publicKey, ...(offer.info.keyId !== undefined ? { keyId: offer.info.keyId } : {}) });
        // Implicit authentication (9303-11 §6.2): only a chip holding DG14's private key derives these
        // keys, so its first protected answer under them (the DG1 read below) is the proof.
        const ca = { at: steps.length, name, proven: false };
        pendingCa = ca;
        const transmit = provingWrap(sm, wire, () => {
          ca.proven = true;
        });
        session = { kind: 'Chip Authentication', protocol: `Chip Authentication (${name})`, sm, transmit, files: new BinaryFileReader(transmit, session.files.currentLimits) };
      } catch (e) {
        const transport = asReadError(e);
        if (transport) return stop('chip.chip_auth', transport);
        if (!(e instanceof ChipDataError)) throw e;
        const why = `Chip Authentication with the key DG14 offers (${name}) failed: ${e.message}`;
        if (session.sm.isClosed) {
          return stop('chip.chip_auth', new ChipReadError('chip_error', `${why}; it may be a cloned chip`, { cause: e }), 'Chip Authentication ended the secure messaging session, so nothing more can be read');
        }
        // The chip answered under the access-control keys: read on under them, so that passive and
        // Active Authentication still say what they can.
        add(step('chip.chip_auth', 'fail', `${why}; it may be a cloned chip`));
        caNote = '; Chip Authentication failed, so everything was read under the access-control keys';
      }
    }
  }

  // 4. The other data groups and EF.SOD, under the Chip Authentication keys when it ran --------------
  let sod: Buffer;
  const underCa: string[] = [];
  try {
    const before = apduCount;
    const wanted = comNote ? [1, 2, ...LATER_DGS] : [1, 2, ...LATER_DGS.filter((n) => listed.includes(n))];
    for (const n of wanted) {
      const bytes = n <= 2 ? await readEf(FID.dg(n)) : await readOptional(FID.dg(n));
      if (bytes) {
        dataGroups.set(n, bytes);
        underCa.push(`DG${n} (${bytes.length} B)`);
      }
    }
    sod = await readEf(FID.SOD);
    underCa.push(`EF.SOD (${sod.length} B)`);
    readApdus += apduCount - before;
  } catch (e) {
    if (pendingCa && !pendingCa.proven && !asReadError(e) && e instanceof ChipDataError) {
      // The chip could not answer under the keys it should share with the terminal: it does not
      // hold DG14's private key. Its session is gone (it answered an SM error in plain), so the read ends.
      const name = pendingCa.name;
      pendingCa = undefined;
      return stop(
        'chip.chip_auth',
        new ChipReadError('chip_error', `the chip could not continue under the keys agreed with the DG14 key (${name}; ${e instanceof ApduError && e.sw !== undefined ? `SW ${swHex(e.sw)}` : e.message}): it may be a cloned chip`, { cause: e }),
        'Chip Authentication failed: the chip cannot answer under the agreed keys, so nothing more can be read from it',
      );
    }
    if (e instanceof ChipStatusError && e.sw === SW.FILE_NOT_FOUND) return stop('chip.read', new ChipReadError('chip_error', `a mandatory file is missing: ${e.message}`, { cause: e }));
    return stop('chip.read', describeError(e, 'reading the chip failed'));
  }
  const read =
    pendingCa !== undefined
      ? `read ${listNames(readNames)} under ${accessSession.kind}, then ${listNames(underCa)} under the Chip Authentication keys`
      : `read ${listNames([...readNames, ...underCa])}`;
  add(step('chip.read', 'pass', `${read} in ${plural(readApdus, 'APDU')}${limits.extendedLe ? ', extended length' : ', short reads'}${comNote}${caNote}`));

  // 5. DG1 against the printed MRZ, and the face ------------------------------------------------
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

  // 6. Passive authentication, then what it means for Chip Authentication ------------------------
  const passive = passiveAuthenticate({ sod, dataGroups }, { trustStore: options.trust, at: now });
  for (const s of passive.steps) add(s);
  if (pendingCa) {
    // DG14's key was used before DG14 could be checked. Chip Authentication proves only that the chip
    // holds the private half of whatever key DG14 carries; that this key is the issuer's comes from
    // passive authentication of DG14, so the step is decided now.
    const { at, name } = pendingCa;
    pendingCa = undefined;
    const dg14Hash = passive.steps.find((s) => s.id === 'dg_hash_DG14');
    const proved = `the chip proved it holds the private key of DG14 (${name}): ${listNames(underCa.map((n) => n.replace(/ \(.*$/, '')))} were read under the session keys agreed with it`;
    if (dg14Hash?.status === 'pass') {
      add(step('chip.chip_auth', 'pass', `${proved}; the key is authenticated by passive authentication (DG14 matches EF.SOD), so the proof holds as far as EF.SOD's signature and certificates do`), at);
    } else if (dg14Hash?.status === 'fail') {
      add(step('chip.chip_auth', 'fail', `${proved}, but DG14 is not the one the issuer signed (${dg14Hash.detail}): the key proves nothing about this document, it may be a cloned chip`), at);
    } else {
      add(step('chip.chip_auth', 'not_possible', `${proved}, but passive authentication could not vouch for DG14${dg14Hash ? ` (${dg14Hash.detail})` : ''}, so the key is not authenticated`), at);
    }
  }

  // 7. Active Authentication --------------------------------------------------------------------
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
  return finish();
}
