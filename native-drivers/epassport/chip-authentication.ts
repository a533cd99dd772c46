/**
 * Chip Authentication v1 with ECDH, terminal side (ICAO 9303-11 §6.2): proves the chip holds the
 * private key whose public half DG14 carries (DG14 itself is vouched for by passive authentication),
 * and replaces the BAC/PACE session keys with stronger ones.
 *
 *   3DES:  MSE:Set KAT  0C 22 41 A6  91 <ephemeral public key> [84 key id]
 *   AES:   MSE:Set AT   0C 22 41 A4  80 <CA OID> [84 key id]
 *          GENERAL AUTHENTICATE 0C 86 00 00  7C { 80 <ephemeral public key> }
 *   K = x(SK_PCD · PK_IC);  KSenc = KDF(K, 1), KSmac = KDF(K, 2);  secure messaging restarts, SSC = 0
 *
 * The commands go through the current session (`transmit` is its `wrap`); the answer to the last one
 * still comes under the old keys. A chip without the private key cannot compute K, so the first
 * command under the new keys fails: this function does not send one, the caller's next read does.
 */
import { createECDH } from 'node:crypto';
import { exchange, type Transmit } from './apdu.js';
import type { CurveParams } from './ec-curves.js';
import { ChipDataError } from './errors.js';
import { KDF_COUNTER, kdf, type KeyAlgorithm } from './key-derivation.js';
import { encodeOidValue } from './object-identifier.js';
import { AesSmCipher, DesSmCipher, SecureMessaging } from './secure-messaging.js';
import { encodeTlv } from './tlv.js';

const ID_CA_ECDH = '0.4.0.127.0.7.2.2.3.2';

/** id-CA-ECDH-* (9303-11 §9.2.6 / TR-03110-3 A.1.1.2): the cipher each OID implies. */
const CA_ECDH: Readonly<Record<string, KeyAlgorithm>> = {
  [`${ID_CA_ECDH}.1`]: '3DES',
  [`${ID_CA_ECDH}.2`]: 'AES-128',
  [`${ID_CA_ECDH}.3`]: 'AES-192',
  [`${ID_CA_ECDH}.4`]: 'AES-256',
};

export function chipAuthenticationCipherFor(protocolOid: string): KeyAlgorithm | undefined {
  return CA_ECDH[protocolOid];
}

export class ChipAuthenticationError extends ChipDataError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'ChipAuthenticationError';
  }
}

export interface ChipAuthenticationOptions {
  /** id-CA-ECDH-* from DG14's ChipAuthenticationInfo. */
  readonly protocol: string;
  readonly curve: CurveParams;
  /** The chip's static public key from DG14 (uncompressed point). */
  readonly chipPublicKey: Buffer;
  /** DG14 keyId, when the chip has several CA keys. */
  readonly keyId?: number;
}

export interface ChipAuthenticationResult {
  /** The new session: wrap the raw transmit with it for every later command. */
  readonly sm: SecureMessaging;
  readonly terminalPublicKey: Buffer;
}

/** Runs Chip Authentication over `transmit`, which must be the current session's `wrap`. */
export async function performChipAuthentication(transmit: Transmit, options: ChipAuthenticationOptions): Promise<ChipAuthenticationResult> {
  const cipher = chipAuthenticationCipherFor(options.protocol);
  if (!cipher) throw new ChipAuthenticationError('unsupported_protocol', `Chip Authentication protocol ${options.protocol} is not id-CA-ECDH-*`);
  const ephemeral = createECDH(options.curve.nodeName);
  const terminalPublicKey = ephemeral.generateKeys();
  let secret: Buffer;
  try {
    secret = ephemeral.computeSecret(options.chipPublicKey);
  } catch (e) {
    throw new ChipAuthenticationError('bad_public_key', `the DG14 public key is not a point on ${options.curve.name}: ${(e as Error).message}`);
  }
  const keyRef = options.keyId === undefined ? [] : [encodeTlv(0x84, Buffer.from([options.keyId]))];
  if (cipher === '3DES') {
    await exchange(transmit, 'MSE:Set KAT', { cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa6, data: Buffer.concat([encodeTlv(0x91, terminalPublicKey), ...keyRef]) });
  } else {
    await exchange(transmit, 'MSE:Set AT (Chip Authentication)', { cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa4, data: Buffer.concat([encodeTlv(0x80, encodeOidValue(options.protocol)), ...keyRef]) });
    await exchange(transmit, 'GENERAL AUTHENTICATE (Chip Authentication)', { cla: 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: encodeTlv(0x7c, encodeTlv(0x80, terminalPublicKey)), le: 256 });
  }
  const ksEnc = kdf(secret, KDF_COUNTER.enc, cipher);
  const ksMac = kdf(secret, KDF_COUNTER.mac, cipher);
  const smCipher = cipher === '3DES' ? new DesSmCipher(ksEnc, ksMac) : new AesSmCipher(ksEnc, ksMac);
  return { sm: new SecureMessaging(smCipher, Buffer.alloc(smCipher.blockSize)), terminalPublicKey };
}
