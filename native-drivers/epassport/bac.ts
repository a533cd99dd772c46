/**
 * Basic Access Control (ICAO 9303-11 §4.3): document basic access keys from the MRZ, the mutual
 * authentication exchange, and the session keys and send sequence counter it establishes.
 *
 *   MRZ_information = document number ‖ check digit ‖ date of birth ‖ check digit ‖ expiry ‖ check digit
 *     (composed by the caller from the MRZ it read: the station from its parsed MRZ, the simulated
 *     chip from its profile; this module never computes check digits)
 *   Kseed = first 16 bytes of SHA-1(MRZ_information);  Kenc = KDF(Kseed, 1), Kmac = KDF(Kseed, 2)
 *   S = RND.IFD ‖ RND.IC ‖ K.IFD;  E.IFD = 3DES(Kenc, S);  M.IFD = MAC(Kmac, pad(E.IFD))
 *   the chip answers E.IC ‖ M.IC with R = RND.IC ‖ RND.IFD ‖ K.IC inside
 *   KSseed = K.IFD ⊕ K.IC;  KSenc = KDF(KSseed, 1), KSmac = KDF(KSseed, 2)
 *   SSC = last 4 bytes of RND.IC ‖ last 4 bytes of RND.IFD
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ChipDataError } from './errors.js';
import { exchange, type Transmit } from './apdu.js';
import { retailMac, tdesDecrypt, tdesEncrypt } from './des.js';
import { KDF_COUNTER, kdf } from './key-derivation.js';
import { pad } from './padding.js';
import { DesSmCipher, SecureMessaging } from './secure-messaging.js';

export class BacError extends ChipDataError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'BacError';
  }
}

/**
 * The shape of MRZ_information (ICAO 9303-11 §9.7.2): a document number of at least nine MRZ
 * characters (longer ones are the TD1 overflow case, used whole), then three check digits around the
 * two YYMMDD dates. Check digits are not verified here: a wrong one simply gives keys the chip refuses.
 */
const MRZ_INFORMATION = /^[0-9A-Z<]{9,}[0-9<][0-9]{6}[0-9][0-9]{6}[0-9]$/;

export function isMrzInformation(text: string): boolean {
  return MRZ_INFORMATION.test(text);
}

export interface BacKeys {
  readonly kSeed: Buffer;
  readonly kEnc: Buffer;
  readonly kMac: Buffer;
}

export function deriveBacKeys(mrzInfo: string): BacKeys {
  if (!isMrzInformation(mrzInfo)) throw new BacError('bad_mrz_information', 'MRZ information must be document number, birth date and expiry date, each with its check digit');
  const kSeed = createHash('sha1').update(mrzInfo, 'latin1').digest().subarray(0, 16);
  return { kSeed, kEnc: kdf(kSeed, KDF_COUNTER.enc, '3DES'), kMac: kdf(kSeed, KDF_COUNTER.mac, '3DES') };
}

export interface MutualAuthCommand {
  readonly eIfd: Buffer;
  readonly mIfd: Buffer;
  /** E.IFD ‖ M.IFD: the EXTERNAL AUTHENTICATE data field. */
  readonly data: Buffer;
}

function need(b: Buffer, n: number, what: string): void {
  if (b.length !== n) throw new BacError('bad_length', `${what} must be ${n} bytes, got ${b.length}`);
}

export function buildMutualAuthentication(keys: BacKeys, rndIc: Buffer, rndIfd: Buffer, kIfd: Buffer): MutualAuthCommand {
  need(rndIc, 8, 'RND.IC');
  need(rndIfd, 8, 'RND.IFD');
  need(kIfd, 16, 'K.IFD');
  const eIfd = tdesEncrypt(keys.kEnc, Buffer.concat([rndIfd, rndIc, kIfd]));
  const mIfd = retailMac(keys.kMac, pad(eIfd, 8));
  return { eIfd, mIfd, data: Buffer.concat([eIfd, mIfd]) };
}

/** Checks the chip's EXTERNAL AUTHENTICATE response and returns K.IC. */
export function checkMutualAuthenticationResponse(keys: BacKeys, response: Buffer, rndIc: Buffer, rndIfd: Buffer): Buffer {
  if (response.length !== 40) throw new BacError('bad_response', `EXTERNAL AUTHENTICATE returned ${response.length} bytes, expected 40`);
  const eIc = response.subarray(0, 32);
  const mIc = response.subarray(32);
  const mac = retailMac(keys.kMac, pad(eIc, 8));
  if (!timingSafeEqual(mac, mIc)) throw new BacError('mac_mismatch', 'the chip response MAC is wrong: the MRZ keys do not match this chip');
  const r = tdesDecrypt(keys.kEnc, eIc);
  if (!r.subarray(0, 8).equals(rndIc)) throw new BacError('nonce_mismatch', 'the chip did not return its own challenge RND.IC');
  if (!r.subarray(8, 16).equals(rndIfd)) throw new BacError('nonce_mismatch', 'the chip did not return the terminal challenge RND.IFD');
  return r.subarray(16, 32);
}

export interface BacSession {
  readonly ksEnc: Buffer;
  readonly ksMac: Buffer;
  readonly ssc: Buffer;
}

export function deriveBacSession(kIfd: Buffer, kIc: Buffer, rndIc: Buffer, rndIfd: Buffer): BacSession {
  need(kIfd, 16, 'K.IFD');
  need(kIc, 16, 'K.IC');
  const seed = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) seed[i] = (kIfd[i] as number) ^ (kIc[i] as number);
  return {
    ksEnc: kdf(seed, KDF_COUNTER.enc, '3DES'),
    ksMac: kdf(seed, KDF_COUNTER.mac, '3DES'),
    ssc: Buffer.concat([rndIc.subarray(4, 8), rndIfd.subarray(4, 8)]),
  };
}

export interface BacOptions {
  /** Source of RND.IFD (8 bytes, first call) and K.IFD (16 bytes, second call). Default: crypto.randomBytes. */
  readonly random?: (length: number) => Buffer;
}

/** Runs BAC over `transmit` and returns a 3DES secure messaging session. */
export async function performBac(transmit: Transmit, mrzInfo: string, options: BacOptions = {}): Promise<{ session: BacSession; sm: SecureMessaging }> {
  const random = options.random ?? randomBytes;
  const keys = deriveBacKeys(mrzInfo);
  const rndIc = await exchange(transmit, 'GET CHALLENGE', { cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 8 });
  need(rndIc, 8, 'GET CHALLENGE response');
  const rndIfd = random(8);
  const kIfd = random(16);
  const cmd = buildMutualAuthentication(keys, rndIc, rndIfd, kIfd);
  const response = await exchange(transmit, 'EXTERNAL AUTHENTICATE', { cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: cmd.data, le: 40 });
  const kIc = checkMutualAuthenticationResponse(keys, response, rndIc, rndIfd);
  const session = deriveBacSession(kIfd, kIc, rndIc, rndIfd);
  return { session, sm: new SecureMessaging(new DesSmCipher(session.ksEnc, session.ksMac), session.ssc) };
}
