/**
 * The ICAO key derivation function (ICAO 9303-11 §9.7.1): KDF(K, c) = H(K ‖ c) with c a 32-bit
 * big-endian counter — 1 for encryption keys, 2 for MAC keys, 3 for the PACE password key — and
 * H = SHA-1 for 3DES and AES-128, SHA-256 for AES-192 and AES-256. 3DES keys get DES odd parity.
 */
import { createHash } from 'node:crypto';

export type KeyAlgorithm = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

export const KDF_COUNTER = { enc: 1, mac: 2, pace: 3 } as const;

/** Sets the low bit of every byte so each byte has an odd number of one bits (FIPS 46-3 key parity). */
export function adjustDesParity(key: Buffer): Buffer {
  const out = Buffer.from(key);
  for (let i = 0; i < out.length; i++) {
    const b = out[i] as number;
    let ones = 0;
    for (let bit = 1; bit < 0x100; bit <<= 1) if (b & bit & 0xfe) ones++;
    out[i] = (b & 0xfe) | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

export function kdf(sharedSecret: Buffer, counter: number, algorithm: KeyAlgorithm): Buffer {
  const c = Buffer.alloc(4);
  c.writeUInt32BE(counter);
  const hash = algorithm === 'AES-192' || algorithm === 'AES-256' ? 'sha256' : 'sha1';
  const h = createHash(hash).update(sharedSecret).update(c).digest();
  switch (algorithm) {
    case '3DES':
      return adjustDesParity(h.subarray(0, 16));
    case 'AES-128':
      return h.subarray(0, 16);
    case 'AES-192':
      return h.subarray(0, 24);
    case 'AES-256':
      return h.subarray(0, 32);
  }
}
