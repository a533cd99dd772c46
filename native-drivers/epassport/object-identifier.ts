/**
 * OBJECT IDENTIFIER content octets (X.690 §8.19): the protocol needs them in MSE:Set AT (DO 80 holds
 * the bare content octets), in PACE's public key data object and in EF.CardAccess / DG14. The
 * station's DER reader and the simulator's DER writer use the same codec.
 */
import { ChipDataError } from './errors.js';
import { encodeTlv } from './tlv.js';

export class OidError extends ChipDataError {
  constructor(message: string, offset?: number) {
    super('bad_oid', message, offset);
    this.name = 'OidError';
  }
}

/** The content octets of a dotted OID ("0.4.0.127.0.7.2.2.4.2.2" → 04 00 7F 00 07 02 02 04 02 02). */
export function encodeOidValue(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => {
    if (!/^\d+$/.test(p)) throw new OidError(`"${dotted}" is not a dotted OID`);
    return BigInt(p);
  });
  if (parts.length < 2) throw new OidError(`"${dotted}" needs at least two arcs`);
  const [a, b, ...rest] = parts as [bigint, bigint, ...bigint[]];
  if (a > 2n || (a < 2n && b > 39n)) throw new OidError(`"${dotted}" has an impossible first pair of arcs`);
  const out: number[] = [];
  for (const arc of [a * 40n + b, ...rest]) {
    const groups: number[] = [];
    let x = arc;
    do {
      groups.unshift(Number(x & 0x7fn));
      x >>= 7n;
    } while (x > 0n);
    for (let i = 0; i < groups.length - 1; i++) groups[i] = (groups[i] as number) | 0x80;
    out.push(...groups);
  }
  return Buffer.from(out);
}

/** A complete DER OBJECT IDENTIFIER (tag 06). */
export function encodeOid(dotted: string): Buffer {
  return encodeTlv(0x06, encodeOidValue(dotted));
}

/** Dotted form of OID content octets. `offset` is only used in error messages. */
export function decodeOidValue(value: Buffer, what = 'OBJECT IDENTIFIER', offset?: number): string {
  if (value.length === 0) throw new OidError(`${what} is empty`, offset);
  if (((value[value.length - 1] as number) & 0x80) !== 0) throw new OidError(`${what} ends inside a sub-identifier`, offset);
  const arcs: bigint[] = [];
  let acc = 0n;
  let started = false;
  for (let i = 0; i < value.length; i++) {
    const b = value[i] as number;
    if (!started && b === 0x80) throw new OidError(`${what} has a sub-identifier with a leading zero group`, offset);
    started = true;
    acc = (acc << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(acc);
      acc = 0n;
      started = false;
    }
    if (arcs.length > 64) throw new OidError(`${what} has more than 64 arcs`, offset);
  }
  const first = arcs[0] as bigint;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].map(String).join('.');
}
