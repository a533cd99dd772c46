// Curve data: RFC 5639 §3.4/3.6/3.7 (brainpoolP256r1/P384r1/P512r1), FIPS 186-4 Appendix D.1.2.3–5 and
// SEC 2 v2 §2.4.2/2.5.1/2.6.1 (P-256/P-384/P-521). These tests make a typo in any constant fail: the
// base point must lie on the curve and have order n. The arithmetic is cross-checked against Node's
// OpenSSL-backed ECDH (public keys d·G and shared secrets x(d_A·Q_B)).
import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BRAINPOOL_P256R1, KNOWN_CURVES, NIST_P256, curveByParameters } from './ec-curves.js';
import {
  EcPointError,
  bigintFromBytes,
  decodePoint,
  encodePoint,
  generator,
  isOnCurve,
  pointAdd,
  pointDouble,
  pointNegate,
  scalarMultiply,
} from './ec-point.js';

describe('curve parameters', () => {
  for (const c of KNOWN_CURVES) {
    it(`${c.name}: G is on the curve and n·G is the point at infinity`, () => {
      const G = generator(c);
      expect(isOnCurve(c, G)).toBe(true);
      expect(scalarMultiply(c, c.n, G)).toBeNull();
      expect(scalarMultiply(c, c.n - 1n, G)).toEqual(pointNegate(c, G));
      expect(curveByParameters(c)).toBe(c);
    });
  }
});

describe('point arithmetic', () => {
  const c = BRAINPOOL_P256R1;
  const G = generator(c);

  it('doubling equals adding a point to itself, and addition commutes', () => {
    const twoG = pointDouble(c, G);
    expect(pointAdd(c, G, G)).toEqual(twoG);
    const threeG = scalarMultiply(c, 3n, G);
    expect(pointAdd(c, twoG, G)).toEqual(threeG);
    expect(pointAdd(c, G, twoG)).toEqual(threeG);
    expect(isOnCurve(c, threeG)).toBe(true);
  });

  it('P + (−P) is the point at infinity, and infinity is the identity', () => {
    expect(pointAdd(c, G, pointNegate(c, G))).toBeNull();
    expect(pointAdd(c, null, G)).toEqual(G);
    expect(scalarMultiply(c, 0n, G)).toBeNull();
  });

  it('encodes and decodes uncompressed points, refusing points off the curve', () => {
    const enc = encodePoint(c, G);
    expect(enc).toHaveLength(65);
    expect(decodePoint(c, enc)).toEqual(G);
    const off = Buffer.from(enc);
    off[64] = (off[64] as number) ^ 1;
    expect(() => decodePoint(c, off)).toThrow(EcPointError);
    expect(() => decodePoint(c, enc.subarray(1))).toThrow(EcPointError);
  });

  for (const curve of [NIST_P256, BRAINPOOL_P256R1]) {
    it(`${curve.name}: d·G and ECDH agree with Node's OpenSSL for random keys`, () => {
      for (let i = 0; i < 8; i++) {
        const a = createECDH(curve.nodeName);
        const b = createECDH(curve.nodeName);
        const pubA = a.generateKeys();
        const pubB = b.generateKeys();
        const dA = bigintFromBytes(a.getPrivateKey());
        expect(encodePoint(curve, scalarMultiply(curve, dA, generator(curve))).equals(pubA)).toBe(true);
        const shared = scalarMultiply(curve, dA, decodePoint(curve, pubB));
        expect(shared).not.toBeNull();
        expect(encodePoint(curve, shared).subarray(1, 1 + curve.size).equals(a.computeSecret(pubB))).toBe(true);
      }
    });
  }
});
