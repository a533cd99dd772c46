/**
 * Signature verification for SOD SignerInfos, certificates, CRLs and master lists.
 *
 * RSA PKCS#1 v1.5 and RSASSA-PSS with the same hash for the message and MGF1 go to Node's crypto.
 * PSS with a different MGF1 hash (allowed by RFC 8017, not expressible through Node's API) is checked
 * here by EMSA-PSS-VERIFY (RFC 8017 §9.1.2) over the raw RSA public operation. ECDSA signatures are
 * re-encoded as r‖s before Node checks them, so signatures with non-minimal DER integers (which some
 * issuers produce) and BSI TR-03111 plain signatures both work.
 */
import { constants, createHash, publicDecrypt, verify as nodeVerify } from 'node:crypto';
import { ChipDataError } from './errors.js';
import { HASH_LENGTH, describeScheme, signatureScheme, type AlgorithmIdentifier, type HashName, type SignatureScheme } from './algorithms.js';
import { SequenceReader, TAG, parseDer } from './der.js';
import type { ImportedPublicKey } from './public-key.js';
import { KNOWN_CURVES } from '../../../../native-drivers/epassport/index.js';

export interface SignatureResult {
  readonly valid: boolean;
  /** Plain words: what was checked and, when it failed, why. */
  readonly detail: string;
}

function mgf1(hash: HashName, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let produced = 0;
  for (let counter = 0; produced < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    out.push(block);
    produced += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/**
 * EMSA-PSS-VERIFY (RFC 8017 §9.1.2) on the result of the RSA public operation. Returns undefined when
 * consistent, or the reason it is not.
 */
export function emsaPssVerify(em: Buffer, mHash: Buffer, emBits: number, hash: HashName, mgfHash: HashName, saltLength: number): string | undefined {
  const hLen = HASH_LENGTH[hash];
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen) return 'encoded message has the wrong length';
  if (emLen < hLen + saltLength + 2) return 'modulus too short for this hash and salt length';
  if (em[emLen - 1] !== 0xbc) return 'encoded message does not end in 0xBC';
  const maskedDB = em.subarray(0, emLen - hLen - 1);
  const H = em.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 8 * emLen - emBits;
  const topMask = (0xff << (8 - topBits)) & 0xff;
  if (((maskedDB[0] as number) & topMask) !== 0) return 'leftmost bits of the encoded message are not zero';
  const db = mgf1(mgfHash, H, maskedDB.length);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (maskedDB[i] as number);
  db[0] = (db[0] as number) & ~topMask & 0xff;
  const psLen = emLen - hLen - saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return 'padding before the salt is not zero';
  if (db[psLen] !== 0x01) return 'salt separator byte is not 0x01';
  const salt = db.subarray(db.length - saltLength);
  const h2 = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return h2.equals(H) ? undefined : 'hash in the encoded message does not match';
}

function rsaPublicOperation(key: ImportedPublicKey, signature: Buffer): Buffer {
  const k = Math.ceil(key.bits / 8);
  if (signature.length > k) throw new ChipDataError('bad_signature', 'signature is longer than the modulus');
  const padded = signature.length < k ? Buffer.concat([Buffer.alloc(k - signature.length), signature]) : signature;
  return publicDecrypt({ key: key.key, padding: constants.RSA_NO_PADDING }, padded);
}

function ecdsaRawSignature(signature: Buffer, encoding: 'der' | 'plain', size: number): Buffer | string {
  let r: Buffer;
  let s: Buffer;
  if (encoding === 'plain') {
    if (signature.length % 2 !== 0 || signature.length === 0) return 'plain ECDSA signature has an odd length';
    r = signature.subarray(0, signature.length / 2);
    s = signature.subarray(signature.length / 2);
  } else {
    try {
      const seq = new SequenceReader(parseDer(signature), 'ECDSA-Sig-Value');
      r = seq.next(TAG.INTEGER, 'r').value;
      s = seq.next(TAG.INTEGER, 's').value;
      seq.end();
    } catch (e) {
      if (e instanceof ChipDataError) return `ECDSA signature is not a DER SEQUENCE of two INTEGERs (${e.message})`;
      throw e;
    }
  }
  const fit = (x: Buffer): Buffer | undefined => {
    let v = x;
    while (v.length > 0 && v[0] === 0) v = v.subarray(1);
    return v.length > size ? undefined : Buffer.concat([Buffer.alloc(size - v.length), v]);
  };
  const rr = fit(r);
  const ss = fit(s);
  if (!rr || !ss) return 'ECDSA signature values are larger than the curve order';
  return Buffer.concat([rr, ss]);
}

function curveSize(key: ImportedPublicKey): number | undefined {
  if (key.curve) return key.curve.size;
  return KNOWN_CURVES.find((c) => c.nodeName === key.curveName)?.size;
}

/** Verifies `signature` over `data`. Never throws for a bad signature: it reports it. */
export function verifySignature(scheme: SignatureScheme, key: ImportedPublicKey, data: Buffer, signature: Buffer): SignatureResult {
  const what = describeScheme(scheme);
  try {
    switch (scheme.kind) {
      case 'rsa-pkcs1': {
        if (key.type !== 'rsa') return { valid: false, detail: `${what} needs an RSA key, but the key is ${key.type.toUpperCase()}` };
        const ok = nodeVerify(scheme.hash, data, { key: key.key, padding: constants.RSA_PKCS1_PADDING }, signature);
        return { valid: ok, detail: ok ? `${what} signature is valid` : `${what} signature does not match` };
      }
      case 'rsa-pss': {
        if (key.type !== 'rsa') return { valid: false, detail: `${what} needs an RSA key, but the key is ${key.type.toUpperCase()}` };
        const { hash, mgf1Hash, saltLength } = scheme.pss;
        if (hash === mgf1Hash) {
          const ok = nodeVerify(hash, data, { key: key.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
          return { valid: ok, detail: ok ? `${what} signature is valid` : `${what} signature does not match` };
        }
        const em = rsaPublicOperation(key, signature);
        const emBits = key.bits - 1;
        const emLen = Math.ceil(emBits / 8);
        if (em.length > emLen && em.subarray(0, em.length - emLen).some((b) => b !== 0)) {
          return { valid: false, detail: `${what} signature does not match: encoded message is too long` };
        }
        const reason = emsaPssVerify(em.subarray(em.length - emLen), createHash(hash).update(data).digest(), emBits, hash, mgf1Hash, saltLength);
        return reason ? { valid: false, detail: `${what} signature does not match: ${reason}` } : { valid: true, detail: `${what} signature is valid` };
      }
      case 'ecdsa': {
        if (key.type !== 'ec') return { valid: false, detail: `${what} needs an EC key, but the key is ${key.type.toUpperCase()}` };
        const size = curveSize(key);
        if (size === undefined) {
          if (scheme.encoding === 'plain') return { valid: false, detail: `${what}: curve ${key.curveName ?? '?'} is unknown, cannot split r‖s` };
          const ok = nodeVerify(scheme.hash, data, key.key, signature);
          return { valid: ok, detail: ok ? `${what} signature is valid` : `${what} signature does not match` };
        }
        const raw = ecdsaRawSignature(signature, scheme.encoding, size);
        if (typeof raw === 'string') return { valid: false, detail: `${what}: ${raw}` };
        const ok = nodeVerify(scheme.hash, data, { key: key.key, dsaEncoding: 'ieee-p1363' }, raw);
        return { valid: ok, detail: ok ? `${what} signature is valid (${key.curveName ?? key.curve?.name})` : `${what} signature does not match` };
      }
    }
  } catch (e) {
    // OpenSSL rejects some malformed inputs by throwing; that is a failed check, not a crash.
    return { valid: false, detail: `${what} signature could not be checked: ${(e as Error).message}` };
  }
}

/** Checks the issuer's signature on a certificate or CRL (the same three fields in both). */
export function verifySignedObject(
  signed: { readonly tbsDer: Buffer; readonly signatureAlgorithm: AlgorithmIdentifier; readonly signatureValue: Buffer },
  issuerKey: ImportedPublicKey,
): SignatureResult {
  let scheme: SignatureScheme;
  try {
    scheme = signatureScheme(signed.signatureAlgorithm);
  } catch (e) {
    if (e instanceof ChipDataError) return { valid: false, detail: e.message };
    throw e;
  }
  return verifySignature(scheme, issuerKey, signed.tbsDer, signed.signatureValue);
}
