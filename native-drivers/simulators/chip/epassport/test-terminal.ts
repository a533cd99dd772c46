/**
 * A terminal for testing simulated chips: the inspection-system side of ICAO 9303-11 reduced to what
 * exercises every chip protocol — EF.CardAccess, BAC or PACE, reads under secure messaging, Active
 * Authentication with its signature checked, Chip Authentication. It is built from the protocol's
 * own terminal functions (`performBac`, `PaceTerminal`, `SecureMessaging.wrap`,
 * `performChipAuthentication`) and the PC/SC driver's `BinaryFileReader`. The station's verification
 * (passive authentication, DG parsing) is not here: drivers do not import the station.
 */
import { constants, createHash, createPublicKey, publicDecrypt, randomBytes, verify, type KeyObject } from 'node:crypto';
import {
  ChipStatusError,
  PaceTerminal,
  SW,
  curveByOid,
  decodeOidValue,
  decodeCommandApdu,
  exchange,
  parseCardAccess,
  parseTlv,
  performBac,
  performChipAuthentication,
  type CardAccess,
  type CurveParams,
  type PacePassword,
  type SecureMessaging,
  type Transmit,
} from '../../../epassport/index.js';
import { BinaryFileReader } from '../../../pcsc/binary-file-reader.js';
import { SM_SAFE_SHORT_LE, type ReadLimits } from '../../../pcsc/card-capabilities.js';
import { EF, EMRTD_AID } from '../plain-epassport-applet.js';

export interface TerminalSession {
  readonly protocol: 'bac' | 'pace' | 'chip-authentication';
  readonly sm: SecureMessaging;
  /** Plain APDUs in, protected on the wire. */
  readonly transmit: Transmit;
  readonly files: BinaryFileReader;
}

export interface TestTerminalOptions {
  /** Read sizes under secure messaging (default: extended reads of up to 65470 bytes, short 223). */
  readonly limits?: ReadLimits;
}

/** Short EF identifiers of the LDS files (ICAO 9303-10 Table 34). */
const SFI_OF = (fid: number): number => fid & 0x1f;

export class TestTerminal {
  /** Command APDUs sent on the wire. */
  apdus = 0;
  private readonly raw: Transmit;
  private readonly limits: ReadLimits;

  constructor(transmit: Transmit, options: TestTerminalOptions = {}) {
    this.raw = (apdu) => {
      this.apdus++;
      return transmit(apdu);
    };
    this.limits = options.limits ?? { extendedLe: 65536 - 2 - 64, shortLe: SM_SAFE_SHORT_LE };
  }

  /** The wire, counted. */
  get transmit(): Transmit {
    return this.raw;
  }

  /** EF.CardAccess from the MF, in plain (it is readable before access control); undefined when absent. */
  async readCardAccess(): Promise<CardAccess | undefined> {
    await exchange(this.raw, 'SELECT MF', { cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: Buffer.from([0x3f, 0x00]) });
    const files = new BinaryFileReader(this.raw, { shortLe: 256, ...(this.limits.extendedLe ? { extendedLe: 65536 - 2 } : {}) });
    try {
      return parseCardAccess(await files.readFile({ fid: EF.CARD_ACCESS, sfi: SFI_OF(EF.CARD_ACCESS) }));
    } catch (e) {
      if (e instanceof ChipStatusError && e.sw === SW.FILE_NOT_FOUND) return undefined;
      throw e;
    }
  }

  /** SELECT the eMRTD application in plain (allowed before access control, as for BAC). */
  async selectApplication(): Promise<void> {
    await exchange(this.raw, 'SELECT eMRTD application', { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
  }

  private session(protocol: TerminalSession['protocol'], sm: SecureMessaging): TerminalSession {
    const transmit = sm.wrap(this.raw);
    return { protocol, sm, transmit, files: new BinaryFileReader(transmit, this.limits) };
  }

  /** BAC with the given MRZ information; selects the eMRTD application first. */
  async bac(mrzInformation: string): Promise<TerminalSession> {
    await this.selectApplication();
    const { sm } = await performBac(this.raw, mrzInformation);
    return this.session('bac', sm);
  }

  /**
   * PACE with the first (or the chosen) PACEInfo of EF.CardAccess, then SELECT of the eMRTD
   * application under secure messaging.
   */
  async pace(password: PacePassword, choose?: { parameterId?: number; protocol?: string }): Promise<TerminalSession> {
    const cardAccess = await this.readCardAccess();
    if (!cardAccess || cardAccess.paceInfos.length === 0) throw new Error('the chip offers no PACE (no PACEInfo in EF.CardAccess)');
    const info = cardAccess.paceInfos.find((p) => (choose?.parameterId === undefined || p.parameterId === choose.parameterId) && (choose?.protocol === undefined || p.protocol === choose.protocol));
    if (!info || info.parameterId === undefined) throw new Error(`no PACEInfo matches ${JSON.stringify(choose)}`);
    const pace = new PaceTerminal(this.raw, { password, protocol: info.protocol, parameterId: info.parameterId, sendParameterId: cardAccess.paceInfos.length > 1 });
    const { sm } = await pace.run();
    const session = this.session('pace', sm);
    await session.files.selectApplication(EMRTD_AID);
    return session;
  }

  /** Reads an LDS file by FID (its SFI selects it) inside a session. */
  readFile(session: TerminalSession, fid: number): Promise<Buffer> {
    return session.files.readFile({ fid, sfi: SFI_OF(fid) });
  }

  /**
   * INTERNAL AUTHENTICATE with a fresh challenge, and the signature checked against DG15's public key:
   * ISO/IEC 9796-2 scheme 1 with SHA-1 for RSA, plain ECDSA with SHA-256 for EC keys.
   */
  async activeAuthenticate(session: TerminalSession, dg15: Buffer, challenge: Buffer = randomBytes(8)): Promise<{ valid: boolean; signature: Buffer; algorithm: 'rsa' | 'ecdsa' }> {
    const publicKey = createPublicKey({ key: parseTlv(dg15).value, format: 'der', type: 'spki' });
    const rsa = publicKey.asymmetricKeyType === 'rsa';
    // An RSA-2048 signature under secure messaging does not fit a short response: ask for extended.
    const le = rsa && (publicKey.asymmetricKeyDetails?.modulusLength ?? 0) > 1024 ? 65536 : 256;
    const signature = await exchange(session.transmit, 'INTERNAL AUTHENTICATE', { cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, le });
    return { valid: rsa ? verifyIso9796Scheme1(publicKey, signature, challenge) : verify('sha256', challenge, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature), signature, algorithm: rsa ? 'rsa' : 'ecdsa' };
  }

  /** Chip Authentication with DG14's key; the returned session uses the new keys. */
  async chipAuthenticate(session: TerminalSession, dg14: Buffer): Promise<TerminalSession> {
    const info = chipAuthenticationInfo(dg14);
    const { sm } = await performChipAuthentication(session.transmit, info);
    return this.session('chip-authentication', sm);
  }
}

/** Verifies an ISO/IEC 9796-2 scheme 1 (SHA-1, partial recovery) signature over `m2` with an RSA key. */
export function verifyIso9796Scheme1(publicKey: KeyObject, signature: Buffer, m2: Buffer): boolean {
  let f: Buffer;
  try {
    f = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  if (f.length < 22 || f[0] !== 0x6a || f[f.length - 1] !== 0xbc) return false;
  const m1 = f.subarray(1, f.length - 21);
  const hash = f.subarray(f.length - 21, f.length - 1);
  return createHash('sha1').update(m1).update(m2).digest().equals(hash);
}

/** The Chip Authentication parameters in DG14: protocol, curve and public point of the first key. */
export function chipAuthenticationInfo(dg14: Buffer): { protocol: string; curve: CurveParams; chipPublicKey: Buffer } {
  const infos = parseTlv(dg14).children?.[0]?.children ?? [];
  let protocol: string | undefined;
  let key: { curve: CurveParams; point: Buffer } | undefined;
  for (const info of infos) {
    const [oidNode, second] = info.children ?? [];
    if (!oidNode || oidNode.tag !== 0x06) continue;
    const oid = decodeOidValue(oidNode.value);
    if (oid.startsWith('0.4.0.127.0.7.2.2.3.2.')) protocol = oid;
    if (oid === '0.4.0.127.0.7.2.2.1.2' && second) {
      // SubjectPublicKeyInfo { { id-ecPublicKey, namedCurve }, BIT STRING point }
      const [algorithm, bits] = second.children ?? [];
      const curveOid = algorithm?.children?.[1];
      const curve = curveOid ? curveByOid(decodeOidValue(curveOid.value)) : undefined;
      if (curve && bits) key = { curve, point: bits.value.subarray(1) };
    }
  }
  if (!protocol || !key) throw new Error('DG14 has no ChipAuthenticationInfo with an EC public key');
  return { protocol, curve: key.curve, chipPublicKey: key.point };
}

/** Sends one protected command by hand (for tests that corrupt the MAC). */
export function protectedCommand(session: TerminalSession, apdu: string): Buffer {
  return session.sm.protect(decodeCommandApdu(Buffer.from(apdu, 'hex')));
}
