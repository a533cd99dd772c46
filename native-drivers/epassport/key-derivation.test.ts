// ICAO 9303-11 §9.7.1 KDF. The 3DES and PACE/AES values are from the worked examples: Appendix D.2/D.3
// (BAC) and Appendix G.1 (PACE ECDH-GM: K = SHA-1(MRZ_information) → K_pi; shared secret → KSenc/KSmac).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { kdf } from './key-derivation.js';

const h = (s: string): Buffer => Buffer.from(s, 'hex');
const H = (b: Buffer): string => b.toString('hex').toUpperCase();

describe('ICAO KDF', () => {
  it('3DES keys with parity (Appendix D.2)', () => {
    expect(H(kdf(h('239AB9CB282DAF66231DC5A4DF6BFBAE'), 1, '3DES'))).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(H(kdf(h('239AB9CB282DAF66231DC5A4DF6BFBAE'), 2, '3DES'))).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('AES-128 keys (Appendix G.1): K_pi with counter 3, session keys with 1 and 2', () => {
    expect(H(kdf(h('7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD'), 3, 'AES-128'))).toBe('89DED1B26624EC1E634C1989302849DD');
    const k = h('28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925');
    expect(H(kdf(k, 1, 'AES-128'))).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    expect(H(kdf(k, 2, 'AES-128'))).toBe('FE251C7858B356B24514B3BD5F4297D1');
  });

  it('AES-192 and AES-256 switch to SHA-256 and take 24 and 32 bytes', () => {
    const k = h('28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925');
    const sha256 = createHash('sha256').update(k).update(h('00000001')).digest();
    expect(kdf(k, 1, 'AES-256').equals(sha256)).toBe(true);
    expect(kdf(k, 1, 'AES-192').equals(sha256.subarray(0, 24))).toBe(true);
  });
});
