/**
 * Point arithmetic on short Weierstrass curves with BigInt, in Jacobian coordinates
 * (x = X/Z², y = Y/Z³; formulas from SEC 1 v2 §2.2.1 and the usual Jacobian doubling/addition for
 * general a). PACE Generic Mapping needs full points (G' = s·G + H, ICAO 9303-11 §4.4.3.3.1), which
 * Node's ECDH does not expose: it returns only the x-coordinate of a shared secret.
 *
 * BigInt arithmetic is not constant-time. The scalars used here are the terminal's one-shot
 * ephemeral keys of a PACE run, which live for one session; that trade-off is accepted here.
 */
import { ChipDataError } from './errors.js';
import type { CurveParams } from './ec-curves.js';

export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}
/** `null` is the point at infinity. */
export type EcPoint = AffinePoint | null;

interface Jacobian {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

export class EcPointError extends ChipDataError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'EcPointError';
  }
}

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Modular inverse by the extended Euclidean algorithm; m must be prime to a. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new EcPointError('not_invertible', 'value has no inverse modulo m');
  return mod(oldS, m);
}

export function generator(c: CurveParams): AffinePoint {
  return { x: c.gx, y: c.gy };
}

export function isOnCurve(c: CurveParams, P: EcPoint): boolean {
  if (P === null) return true;
  if (P.x < 0n || P.x >= c.p || P.y < 0n || P.y >= c.p) return false;
  return mod(P.y * P.y - (P.x * P.x * P.x + c.a * P.x + c.b), c.p) === 0n;
}

function toJacobian(P: EcPoint): Jacobian {
  return P === null ? { X: 1n, Y: 1n, Z: 0n } : { X: P.x, Y: P.y, Z: 1n };
}

function toAffine(c: CurveParams, J: Jacobian): EcPoint {
  if (J.Z === 0n) return null;
  const zi = modInverse(J.Z, c.p);
  const zi2 = mod(zi * zi, c.p);
  return { x: mod(J.X * zi2, c.p), y: mod(J.Y * zi2 * zi, c.p) };
}

function jDouble(c: CurveParams, P: Jacobian): Jacobian {
  const p = c.p;
  if (P.Z === 0n || P.Y === 0n) return { X: 1n, Y: 1n, Z: 0n };
  const Y2 = mod(P.Y * P.Y, p);
  const S = mod(4n * P.X * Y2, p);
  const Z2 = mod(P.Z * P.Z, p);
  const M = mod(3n * P.X * P.X + c.a * Z2 * Z2, p);
  const X3 = mod(M * M - 2n * S, p);
  const Y3 = mod(M * (S - X3) - 8n * Y2 * Y2, p);
  const Z3 = mod(2n * P.Y * P.Z, p);
  return { X: X3, Y: Y3, Z: Z3 };
}

function jAdd(c: CurveParams, P: Jacobian, Q: Jacobian): Jacobian {
  const p = c.p;
  if (P.Z === 0n) return Q;
  if (Q.Z === 0n) return P;
  const Z1Z1 = mod(P.Z * P.Z, p);
  const Z2Z2 = mod(Q.Z * Q.Z, p);
  const U1 = mod(P.X * Z2Z2, p);
  const U2 = mod(Q.X * Z1Z1, p);
  const S1 = mod(P.Y * Q.Z * Z2Z2, p);
  const S2 = mod(Q.Y * P.Z * Z1Z1, p);
  if (U1 === U2) return S1 === S2 ? jDouble(c, P) : { X: 1n, Y: 1n, Z: 0n };
  const H = mod(U2 - U1, p);
  const R = mod(S2 - S1, p);
  const H2 = mod(H * H, p);
  const H3 = mod(H2 * H, p);
  const U1H2 = mod(U1 * H2, p);
  const X3 = mod(R * R - H3 - 2n * U1H2, p);
  const Y3 = mod(R * (U1H2 - X3) - S1 * H3, p);
  const Z3 = mod(H * P.Z * Q.Z, p);
  return { X: X3, Y: Y3, Z: Z3 };
}

export function pointAdd(c: CurveParams, P: EcPoint, Q: EcPoint): EcPoint {
  return toAffine(c, jAdd(c, toJacobian(P), toJacobian(Q)));
}

export function pointDouble(c: CurveParams, P: EcPoint): EcPoint {
  return toAffine(c, jDouble(c, toJacobian(P)));
}

export function pointNegate(c: CurveParams, P: EcPoint): EcPoint {
  return P === null ? null : { x: P.x, y: mod(-P.y, c.p) };
}

/** k·P by left-to-right double-and-add. k may be any non-negative integer (it is not reduced mod n). */
export function scalarMultiply(c: CurveParams, k: bigint, P: EcPoint): EcPoint {
  if (k < 0n) throw new EcPointError('negative_scalar', 'scalar must not be negative');
  if (P === null || k === 0n) return null;
  const base = toJacobian(P);
  let acc: Jacobian = { X: 1n, Y: 1n, Z: 0n };
  for (let i = k.toString(2).length - 1; i >= 0; i--) {
    acc = jDouble(c, acc);
    if ((k >> BigInt(i)) & 1n) acc = jAdd(c, acc, base);
  }
  return toAffine(c, acc);
}

export function bigintFromBytes(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`);
}

export function bigintToBytes(n: bigint, size: number): Buffer {
  if (n < 0n) throw new EcPointError('negative_value', 'cannot encode a negative integer');
  const hex = n.toString(16).padStart(size * 2, '0');
  if (hex.length > size * 2) throw new EcPointError('value_too_large', `integer does not fit in ${size} bytes`);
  return Buffer.from(hex, 'hex');
}

/** Uncompressed SEC 1 encoding 04‖x‖y. */
export function encodePoint(c: CurveParams, P: EcPoint): Buffer {
  if (P === null) throw new EcPointError('point_at_infinity', 'the point at infinity has no uncompressed encoding');
  return Buffer.concat([Buffer.from([0x04]), bigintToBytes(P.x, c.size), bigintToBytes(P.y, c.size)]);
}

/** Decodes 04‖x‖y and checks the point lies on the curve (an invalid-curve point would leak the key). */
export function decodePoint(c: CurveParams, data: Buffer): AffinePoint {
  if (data.length !== 1 + 2 * c.size || data[0] !== 0x04) {
    throw new EcPointError('bad_point', `expected an uncompressed ${c.name} point of ${1 + 2 * c.size} bytes`);
  }
  const P = { x: bigintFromBytes(data.subarray(1, 1 + c.size)), y: bigintFromBytes(data.subarray(1 + c.size)) };
  if (!isOnCurve(c, P)) throw new EcPointError('point_not_on_curve', `point is not on ${c.name}`);
  return P;
}
