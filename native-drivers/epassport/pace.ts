/**
 * PACE v2 with ECDH Generic Mapping, terminal side (ICAO 9303-11 §4.4; encodings §4.4.4, keys §9.7).
 *
 *   1. MSE:Set AT      00 22 C1 A4  80 <protocol OID> 83 <password ref> [84 <parameter id>]
 *   2. GA (nonce)      10 86 00 00  7C 00                → 7C (80 z);     s = D(K_pi, z)
 *   3. GA (map nonce)  10 86 00 00  7C (81 PK_map,PCD)   → 7C (82 PK_map,IC)
 *                      H = SK_map,PCD · PK_map,IC;  G' = s·G + H
 *   4. GA (agreement)  10 86 00 00  7C (83 PK_PCD)       → 7C (84 PK_IC)   on G'
 *                      K = x(SK_PCD · PK_IC);  KSenc = KDF(K, 1), KSmac = KDF(K, 2)
 *   5. GA (tokens)     00 86 00 00  7C (85 T_PCD)        → 7C (86 T_IC)
 *                      T_PCD = MAC(KSmac, 7F49{06 OID, 86 PK_IC}); T_IC = MAC(KSmac, 7F49{06 OID, 86 PK_PCD})
 *   then secure messaging starts with SSC = 0.
 *
 * K_pi = KDF(f(π), 3) where f(π) = SHA-1(MRZ_information) for the MRZ and the ISO 8859-1 bytes of the
 * CAN (§9.7.3). The terminal runs as an explicit state machine over an injected Transmit.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ChipDataError } from './errors.js';
import { exchange, type Transmit } from './apdu.js';
import { aesCmac } from './cmac.js';
import { retailMac, tdesDecrypt } from './des.js';
import { encodeOid, encodeOidValue } from './object-identifier.js';
import { curveByPaceParameterId, type CurveParams } from './ec-curves.js';
import { bigintFromBytes, bigintToBytes, decodePoint, encodePoint, generator, pointAdd, scalarMultiply, type AffinePoint } from './ec-point.js';
import { KDF_COUNTER, kdf, type KeyAlgorithm } from './key-derivation.js';
import { pad } from './padding.js';
import { AesSmCipher, DesSmCipher, SecureMessaging } from './secure-messaging.js';
import { encodeTlv, findChild, parseTlv } from './tlv.js';
import { ID_PACE } from './card-access.js';

export class PaceError extends ChipDataError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'PaceError';
  }
}

/** id-PACE-ECDH-GM-* (ICAO 9303-11 §9.2.1): the cipher and key length that follow from the OID. */
const ECDH_GM: Readonly<Record<string, KeyAlgorithm>> = {
  [`${ID_PACE}.2.1`]: '3DES',
  [`${ID_PACE}.2.2`]: 'AES-128',
  [`${ID_PACE}.2.3`]: 'AES-192',
  [`${ID_PACE}.2.4`]: 'AES-256',
};

export function paceCipherFor(protocolOid: string): KeyAlgorithm | undefined {
  return ECDH_GM[protocolOid];
}

export type PacePassword = { readonly kind: 'mrz'; readonly mrzInformation: string } | { readonly kind: 'can'; readonly can: string };

/** Password reference for MSE:Set AT (9303-11 §4.4.4.1): 1 = MRZ, 2 = CAN. */
export function passwordReference(p: PacePassword): number {
  return p.kind === 'mrz' ? 1 : 2;
}

export function derivePasswordKey(p: PacePassword, algorithm: KeyAlgorithm): Buffer {
  const f = p.kind === 'mrz' ? createHash('sha1').update(p.mrzInformation, 'latin1').digest() : Buffer.from(p.can, 'latin1');
  return kdf(f, KDF_COUNTER.pace, algorithm);
}

/** s = D(K_pi, z): block-cipher decryption with a zero IV (9303-11 §4.4.3.1). */
export function decryptNonce(kPi: Buffer, encryptedNonce: Buffer, algorithm: KeyAlgorithm): Buffer {
  if (algorithm === '3DES') return tdesDecrypt(kPi, encryptedNonce);
  if (encryptedNonce.length === 0 || encryptedNonce.length % 16 !== 0) throw new PaceError('bad_nonce', 'encrypted nonce is not a whole number of AES blocks');
  const d = createDecipheriv(`aes-${kPi.length * 8}-cbc`, kPi, Buffer.alloc(16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(encryptedNonce), d.final()]);
}

/** z = E(K_pi, s): what the chip does; the inverse of decryptNonce (used by simulators and tests). */
export function encryptNonce(kPi: Buffer, nonce: Buffer, algorithm: KeyAlgorithm): Buffer {
  const name = algorithm === '3DES' ? 'des-ede3-cbc' : `aes-${kPi.length * 8}-cbc`;
  const key = algorithm === '3DES' ? Buffer.concat([kPi, kPi.subarray(0, 8)]) : kPi;
  const c = createCipheriv(name, key, Buffer.alloc(algorithm === '3DES' ? 8 : 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(nonce), c.final()]);
}

/** Generic Mapping (9303-11 §4.4.3.3.1): G' = s·G + H. */
export function mapGenerator(curve: CurveParams, nonce: Buffer, sharedPoint: AffinePoint): AffinePoint {
  const mapped = pointAdd(curve, scalarMultiply(curve, bigintFromBytes(nonce), generator(curve)), sharedPoint);
  if (mapped === null) throw new PaceError('bad_mapping', 'the mapped generator is the point at infinity');
  return mapped;
}

/** Public key data object for the authentication token (9303-11 §4.4.5.3 / TR-03110 D.3.3, ECDH). */
export function publicKeyDataObject(protocolOid: string, encodedPoint: Buffer): Buffer {
  return encodeTlv(0x7f49, [encodeOid(protocolOid), encodeTlv(0x86, encodedPoint)]);
}

/** Authentication token: an 8-byte MAC over the other party's public key data object (§4.4.3.4). */
export function authenticationToken(algorithm: KeyAlgorithm, ksMac: Buffer, protocolOid: string, encodedPoint: Buffer): Buffer {
  const input = publicKeyDataObject(protocolOid, encodedPoint);
  return algorithm === '3DES' ? retailMac(ksMac, pad(input, 8)) : aesCmac(ksMac, input).subarray(0, 8);
}

/** A private key in [1, n−1] by rejection sampling. */
export function randomScalar(curve: CurveParams, random: (n: number) => Buffer = randomBytes): bigint {
  const size = Math.ceil(curve.n.toString(2).length / 8);
  for (let i = 0; i < 1000; i++) {
    const k = bigintFromBytes(random(size));
    if (k >= 1n && k < curve.n) return k;
  }
  throw new PaceError('random_failure', 'could not draw a private key in range');
}

export type PaceState = 'idle' | 'at_set' | 'nonce_received' | 'generator_mapped' | 'keys_agreed' | 'established' | 'failed';

export interface PaceOptions {
  readonly password: PacePassword;
  /** id-PACE-ECDH-GM-* OID from EF.CardAccess. */
  readonly protocol: string;
  /** Standardized domain parameter ID (9303-11 §9.5.1): 12 = NIST P-256, 13 = brainpoolP256r1, … */
  readonly parameterId: number;
  /** Send the parameter ID in MSE:Set AT (needed when EF.CardAccess offers several). Default false. */
  readonly sendParameterId?: boolean;
  /** Fixed ephemeral private keys, for reproducing a worked example; random otherwise. */
  readonly privateKeys?: { readonly mapping?: bigint; readonly agreement?: bigint };
  readonly random?: (length: number) => Buffer;
}

export interface PaceResult {
  readonly ksEnc: Buffer;
  readonly ksMac: Buffer;
  readonly sharedSecret: Buffer;
  readonly chipPublicKey: Buffer;
  readonly terminalPublicKey: Buffer;
  readonly sm: SecureMessaging;
}

function dynamicAuthenticationData(tag: number, value: Buffer): Buffer {
  return encodeTlv(0x7c, value.length === 0 && tag === 0 ? [] : [encodeTlv(tag, value)]);
}

function responseObject(data: Buffer, tag: number, step: string): Buffer {
  let root;
  try {
    root = parseTlv(data);
  } catch (e) {
    throw new PaceError('bad_response', `${step}: response is not a data object (${(e as Error).message})`);
  }
  const value = root.tag === 0x7c ? findChild(root, tag)?.value : undefined;
  if (!value) throw new PaceError('bad_response', `${step}: response lacks data object 0x${tag.toString(16).toUpperCase()}`);
  return value;
}

/** Terminal side of PACE as a state machine: each step may only run from the state before it. */
export class PaceTerminal {
  private current: PaceState = 'idle';
  private readonly curve: CurveParams;
  private readonly algorithm: KeyAlgorithm;
  private nonce: Buffer | undefined;
  private mappedGenerator: AffinePoint | undefined;
  private terminalPublicKey: Buffer | undefined;
  private chipPublicKey: Buffer | undefined;
  private keys: { ksEnc: Buffer; ksMac: Buffer; sharedSecret: Buffer } | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly transmit: Transmit,
    private readonly options: PaceOptions,
  ) {
    const algorithm = paceCipherFor(options.protocol);
    if (!algorithm) throw new PaceError('unsupported_protocol', `PACE protocol ${options.protocol} is not ECDH Generic Mapping`);
    const curve = curveByPaceParameterId(options.parameterId);
    if (!curve) throw new PaceError('unsupported_parameters', `PACE standardized domain parameters ${options.parameterId} are not supported`);
    this.algorithm = algorithm;
    this.curve = curve;
  }

  get state(): PaceState {
    return this.current;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  private expect(state: PaceState, step: string): void {
    if (this.current !== state) throw new PaceError('wrong_state', `${step} cannot run in state ${this.current}`);
  }

  private async guarded<T>(from: PaceState, to: PaceState, step: string, body: () => Promise<T>): Promise<T> {
    this.expect(from, step);
    try {
      const r = await body();
      this.current = to;
      return r;
    } catch (e) {
      this.current = 'failed';
      this.failure = e as Error;
      throw e;
    }
  }

  /** Step 1: select PACE with this protocol, password and domain parameters. */
  setAuthenticationTemplate(): Promise<void> {
    return this.guarded('idle', 'at_set', 'MSE:Set AT', async () => {
      const oidValue = encodeOidValue(this.options.protocol);
      const parts = [encodeTlv(0x80, oidValue), encodeTlv(0x83, Buffer.from([passwordReference(this.options.password)]))];
      if (this.options.sendParameterId) parts.push(encodeTlv(0x84, Buffer.from([this.options.parameterId])));
      await exchange(this.transmit, 'MSE:Set AT', { cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data: Buffer.concat(parts) });
    });
  }

  /** Step 2: get the encrypted nonce and decrypt it with K_pi. */
  receiveNonce(): Promise<void> {
    return this.guarded('at_set', 'nonce_received', 'GENERAL AUTHENTICATE (nonce)', async () => {
      const data = await exchange(this.transmit, 'GENERAL AUTHENTICATE (nonce)', {
        cla: 0x10, ins: 0x86, p1: 0x00, p2: 0x00, data: dynamicAuthenticationData(0, Buffer.alloc(0)), le: 256,
      });
      const z = responseObject(data, 0x80, 'GENERAL AUTHENTICATE (nonce)');
      this.nonce = decryptNonce(derivePasswordKey(this.options.password, this.algorithm), z, this.algorithm);
    });
  }

  /** Step 3: exchange mapping keys and compute G' = s·G + H. */
  mapNonce(): Promise<void> {
    return this.guarded('nonce_received', 'generator_mapped', 'GENERAL AUTHENTICATE (map nonce)', async () => {
      const c = this.curve;
      const sk = this.options.privateKeys?.mapping ?? randomScalar(c, this.options.random);
      const pk = encodePoint(c, scalarMultiply(c, sk, generator(c)));
      const data = await exchange(this.transmit, 'GENERAL AUTHENTICATE (map nonce)', {
        cla: 0x10, ins: 0x86, p1: 0x00, p2: 0x00, data: dynamicAuthenticationData(0x81, pk), le: 256,
      });
      const chipPk = responseObject(data, 0x82, 'GENERAL AUTHENTICATE (map nonce)');
      if (chipPk.equals(pk)) throw new PaceError('bad_public_key', 'the chip returned the terminal mapping key');
      const H = scalarMultiply(c, sk, decodePoint(c, chipPk));
      if (H === null) throw new PaceError('bad_mapping', 'the mapping shared secret is the point at infinity');
      this.mappedGenerator = mapGenerator(c, this.nonce as Buffer, H);
    });
  }

  /** Step 4: ephemeral key agreement on G' and session key derivation. */
  agreeKeys(): Promise<void> {
    return this.guarded('generator_mapped', 'keys_agreed', 'GENERAL AUTHENTICATE (key agreement)', async () => {
      const c = this.curve;
      const G = this.mappedGenerator as AffinePoint;
      const sk = this.options.privateKeys?.agreement ?? randomScalar(c, this.options.random);
      const pk = encodePoint(c, scalarMultiply(c, sk, G));
      const data = await exchange(this.transmit, 'GENERAL AUTHENTICATE (key agreement)', {
        cla: 0x10, ins: 0x86, p1: 0x00, p2: 0x00, data: dynamicAuthenticationData(0x83, pk), le: 256,
      });
      const chipPk = responseObject(data, 0x84, 'GENERAL AUTHENTICATE (key agreement)');
      // §4.4.3.3: the terminal must check that the chip's ephemeral key differs from its own.
      if (chipPk.equals(pk)) throw new PaceError('bad_public_key', 'the chip returned the terminal ephemeral key');
      const K = scalarMultiply(c, sk, decodePoint(c, chipPk));
      if (K === null) throw new PaceError('bad_key_agreement', 'the shared secret is the point at infinity');
      const sharedSecret = bigintToBytes(K.x, c.size);
      this.keys = {
        sharedSecret,
        ksEnc: kdf(sharedSecret, KDF_COUNTER.enc, this.algorithm),
        ksMac: kdf(sharedSecret, KDF_COUNTER.mac, this.algorithm),
      };
      this.terminalPublicKey = pk;
      this.chipPublicKey = chipPk;
    });
  }

  /** Step 5: exchange and check authentication tokens; start secure messaging. */
  authenticate(): Promise<PaceResult> {
    return this.guarded('keys_agreed', 'established', 'GENERAL AUTHENTICATE (tokens)', async () => {
      const keys = this.keys as NonNullable<typeof this.keys>;
      const chipPk = this.chipPublicKey as Buffer;
      const terminalPk = this.terminalPublicKey as Buffer;
      const tPcd = authenticationToken(this.algorithm, keys.ksMac, this.options.protocol, chipPk);
      const data = await exchange(this.transmit, 'GENERAL AUTHENTICATE (tokens)', {
        cla: 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: dynamicAuthenticationData(0x85, tPcd), le: 256,
      });
      const tIc = responseObject(data, 0x86, 'GENERAL AUTHENTICATE (tokens)');
      const expected = authenticationToken(this.algorithm, keys.ksMac, this.options.protocol, terminalPk);
      if (tIc.length !== expected.length || !timingSafeEqual(tIc, expected)) {
        throw new PaceError('token_mismatch', "the chip's authentication token is wrong: the password does not match this chip");
      }
      const cipher = this.algorithm === '3DES' ? new DesSmCipher(keys.ksEnc, keys.ksMac) : new AesSmCipher(keys.ksEnc, keys.ksMac);
      const sm = new SecureMessaging(cipher, Buffer.alloc(cipher.blockSize));
      return { ...keys, chipPublicKey: chipPk, terminalPublicKey: terminalPk, sm };
    });
  }

  /** Runs all five steps. */
  async run(): Promise<PaceResult> {
    await this.setAuthenticationTemplate();
    await this.receiveNonce();
    await this.mapNonce();
    await this.agreeKeys();
    return this.authenticate();
  }
}
