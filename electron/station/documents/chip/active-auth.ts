/**
 * Active Authentication, terminal side (ICAO 9303-11 §6.1): the terminal sends an 8-byte challenge
 * in INTERNAL AUTHENTICATE and checks the chip's answer with the public key in DG15. A chip that
 * cannot produce the answer does not hold the private key, so its data were copied onto another chip.
 *
 * RSA: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery. The RSA public
 * operation gives the message representative F = 6A ‖ M1 ‖ H ‖ trailer, where M1 is the chip's own
 * nonce, H = hash(M1 ‖ challenge), and the trailer is BC (SHA-1, implicit) or (hash id) ‖ CC with the
 * ISO/IEC 10118-3 hash identifiers. ISO/IEC 9796-2 lets the signer publish n − J instead of J; a
 * representative that does not end in nibble C is therefore retried as n − J.
 *
 * ECDSA: a plain r‖s signature (BSI TR-03111) over the challenge, with the hash that DG14's
 * ActiveAuthenticationInfo names; SHA-256 when DG14 names none.
 *
 * Whatever the chip's answer is, the outcome is `pass` or `fail`. `not_possible` comes only from
 * inputs the answer cannot choose (the challenge, the DG15 key, DG14's algorithm), so a forged
 * answer can never downgrade a failure to "could not check".
 */
import { constants, createHash, publicDecrypt } from 'node:crypto';
import { ChipDataError } from './errors.js';
import { HASH_LENGTH, signatureScheme, type HashName, type SignatureScheme } from './algorithms.js';
import { importPublicKey, type ImportedPublicKey } from './public-key.js';
import { verifySignature } from './signature.js';
import { oidName } from './oid.js';
import type { ActiveAuthenticationInfo } from './chip-auth-info.js';

export type ActiveAuthStatus = 'pass' | 'fail' | 'not_possible';

export interface ActiveAuthResult {
  readonly status: ActiveAuthStatus;
  /** A stable reason code: `verified`, `signature_mismatch`, `bad_header`, `bad_trailer`, … */
  readonly code: string;
  /** Plain words for the officer's screen and the audit log. */
  readonly detail: string;
  /** What was checked, e.g. "RSA 1024-bit, ISO/IEC 9796-2 scheme 1, SHA-1". */
  readonly mechanism: string | undefined;
}

export interface ActiveAuthInput {
  /** DG15's SubjectPublicKeyInfo (DER), or the key parseDg15 already imported. */
  readonly publicKey: Buffer | ImportedPublicKey;
  /** The 8 bytes the terminal sent in INTERNAL AUTHENTICATE. */
  readonly challenge: Buffer;
  /** The chip's response data (status word removed). */
  readonly response: Buffer;
  /** DG14's ActiveAuthenticationInfo, when DG14 has one (required for ECDSA by 9303-11 §6.1). */
  readonly activeAuthenticationInfo?: ActiveAuthenticationInfo;
}

/** ISO/IEC 10118-3 hash-function identifiers used in the two-byte ISO/IEC 9796-2 trailer. */
const HASH_BY_ID: Readonly<Record<number, HashName>> = { 0x33: 'sha1', 0x34: 'sha256', 0x35: 'sha512', 0x36: 'sha384', 0x38: 'sha224' };

const CLONE_WARNING = "the chip's answer does not verify with the key in DG15: it may be a cloned chip";

const result = (status: ActiveAuthStatus, code: string, detail: string, mechanism?: string): ActiveAuthResult => ({ status, code, detail, mechanism });

function bigFrom(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`);
}

function bytesOf(n: bigint, length: number): Buffer {
  return Buffer.from(n.toString(16).padStart(length * 2, '0'), 'hex');
}

function rsaModulus(key: ImportedPublicKey): bigint {
  const jwk = key.key.export({ format: 'jwk' });
  return bigFrom(Buffer.from(jwk.n ?? '', 'base64url'));
}

/** s^e mod n through OpenSSL (raw RSA, no padding). Undefined when s is not below n. */
function rsaPublic(key: ImportedPublicKey, signature: Buffer, n: bigint): Buffer | undefined {
  const k = Math.ceil(key.bits / 8);
  if (signature.length > k) return undefined;
  if (bigFrom(signature) >= n) return undefined;
  const padded = Buffer.concat([Buffer.alloc(k - signature.length), signature]);
  return publicDecrypt({ key: key.key, padding: constants.RSA_NO_PADDING }, padded);
}

/** Ends in nibble C, as every ISO/IEC 9796-2 representative does (trailer BC or ..CC). */
const endsInC = (b: Buffer): boolean => ((b[b.length - 1] as number) & 0x0f) === 0x0c;

/**
 * Checks a recovered representative F. Every failure here is a `fail`, never `not_possible`: a
 * forger picks the answer, so an outcome weaker than `fail` must not be reachable by choosing it.
 */
function checkRepresentative(f: Buffer, challenge: Buffer, base: string): ActiveAuthResult {
  const last = f[f.length - 1] as number;
  let hash: HashName;
  let trailerLength: number;
  if (last === 0xbc) {
    hash = 'sha1';
    trailerLength = 1;
  } else if (last === 0xcc) {
    const id = f[f.length - 2] as number;
    const named = HASH_BY_ID[id];
    if (!named) return result('fail', 'unsupported_hash', `${CLONE_WARNING} (the trailer names hash identifier 0x${id.toString(16).toUpperCase()}, which ICAO 9303 does not use)`, base);
    hash = named;
    trailerLength = 2;
  } else {
    return result('fail', 'bad_trailer', `${CLONE_WARNING} (the recovered message ends in 0x${last.toString(16).toUpperCase()}, not the ISO/IEC 9796-2 trailer BC or CC)`, base);
  }
  const mechanism = `${base}, ${hash.toUpperCase()}`;
  if (f[0] !== 0x6a) {
    return result('fail', 'bad_header', `${CLONE_WARNING} (the recovered message starts with 0x${(f[0] as number).toString(16).toUpperCase()}, not 0x6A for partial message recovery)`, mechanism);
  }
  const hLen = HASH_LENGTH[hash];
  const m1End = f.length - trailerLength - hLen;
  if (m1End <= 1) return result('fail', 'bad_length', `${CLONE_WARNING} (the modulus is too short to carry a ${hash.toUpperCase()} digest and a nonce)`, mechanism);
  const m1 = f.subarray(1, m1End);
  const h = f.subarray(m1End, f.length - trailerLength);
  const expected = createHash(hash).update(m1).update(challenge).digest();
  if (!expected.equals(h)) return result('fail', 'signature_mismatch', CLONE_WARNING, mechanism);
  return result('pass', 'verified', `the chip proved it holds the private key of DG15 (${mechanism})`, mechanism);
}

function verifyRsa(key: ImportedPublicKey, challenge: Buffer, response: Buffer): ActiveAuthResult {
  const base = `RSA ${key.bits}-bit, ISO/IEC 9796-2 scheme 1`;
  const n = rsaModulus(key);
  const k = Math.ceil(key.bits / 8);
  let j: Buffer | undefined;
  try {
    j = rsaPublic(key, response, n);
  } catch (e) {
    return result('fail', 'rsa_error', `${CLONE_WARNING} (the RSA operation refused the answer: ${(e as Error).message})`, base);
  }
  if (!j) return result('fail', 'not_a_signature', `${CLONE_WARNING} (the answer is not a number below the DG15 modulus)`, base);
  // F has one bit less than the modulus: a modulus of 8m+1 bits leaves a leading zero byte to drop.
  const fLen = Math.ceil((key.bits - 1) / 8);
  const asF = (x: Buffer): Buffer | undefined => (x.subarray(0, x.length - fLen).some((b) => b !== 0) ? undefined : x.subarray(x.length - fLen));
  const direct = asF(j);
  if (direct && endsInC(direct)) return checkRepresentative(direct, challenge, base);
  // ISO/IEC 9796-2 lets the signer publish min(J, n − J). n is odd and F even, so only one can fit.
  const complement = asF(bytesOf(n - bigFrom(j), k));
  if (complement && endsInC(complement)) {
    const r = checkRepresentative(complement, challenge, base);
    if (r.status === 'pass') return r;
  }
  if (!direct) return result('fail', 'bad_header', `${CLONE_WARNING} (the recovered message is longer than the modulus allows)`, base);
  return checkRepresentative(direct, challenge, base);
}

function verifyEc(key: ImportedPublicKey, challenge: Buffer, response: Buffer, info: ActiveAuthenticationInfo | undefined): ActiveAuthResult {
  let scheme: SignatureScheme;
  let assumed = '';
  if (info) {
    try {
      scheme = signatureScheme({ oid: info.signatureAlgorithm, parameters: undefined });
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
      return result('not_possible', 'unsupported_algorithm', `DG14 names the Active Authentication algorithm ${oidName(info.signatureAlgorithm)}, which this station cannot check`);
    }
    if (scheme.kind !== 'ecdsa') {
      return result('not_possible', 'algorithm_mismatch', `DG14 names ${oidName(info.signatureAlgorithm)} for Active Authentication, but the DG15 key is an EC key`);
    }
  } else {
    scheme = { kind: 'ecdsa', hash: 'sha256', encoding: 'plain' };
    assumed = '; DG14 names no algorithm, SHA-256 assumed';
  }
  const mechanism = `ECDSA ${key.curve?.name ?? key.curveName ?? `${key.bits}-bit`}, ${scheme.hash.toUpperCase()}${scheme.kind === 'ecdsa' && scheme.encoding === 'plain' ? ' (plain r‖s)' : ''}`;
  const size = key.curve?.size ?? Math.ceil(key.bits / 8);
  if (scheme.kind === 'ecdsa' && scheme.encoding === 'plain' && key.bits > 0 && response.length !== 2 * size) {
    return result('fail', 'bad_length', `${CLONE_WARNING} (the answer has ${response.length} bytes; a plain signature on this curve has ${2 * size})`, mechanism);
  }
  const v = verifySignature(scheme, key, challenge, response);
  return v.valid
    ? result('pass', 'verified', `the chip proved it holds the private key of DG15 (${mechanism}${assumed})`, mechanism)
    : result('fail', 'signature_mismatch', `${CLONE_WARNING}${assumed ? ` (${assumed.slice(2)})` : ''}`, mechanism);
}

/** Checks the chip's answer to INTERNAL AUTHENTICATE. Never throws for bad chip data: it reports it. */
export function verifyActiveAuthentication(input: ActiveAuthInput): ActiveAuthResult {
  if (input.challenge.length !== 8) {
    return result('not_possible', 'bad_challenge', `the terminal's challenge has ${input.challenge.length} bytes; Active Authentication uses 8 (9303-11 §6.1)`);
  }
  let key: ImportedPublicKey;
  if (Buffer.isBuffer(input.publicKey)) {
    try {
      key = importPublicKey(input.publicKey);
    } catch (e) {
      if (!(e instanceof ChipDataError)) throw e;
      return result('not_possible', 'bad_key', `the public key in DG15 cannot be used: ${e.message}`);
    }
  } else {
    key = input.publicKey;
  }
  if (input.response.length === 0) return result('fail', 'no_answer', "the chip gave no answer to the challenge although DG15 announces Active Authentication: it may be a cloned chip");
  return key.type === 'rsa' ? verifyRsa(key, input.challenge, input.response) : verifyEc(key, input.challenge, input.response, input.activeAuthenticationInfo);
}
