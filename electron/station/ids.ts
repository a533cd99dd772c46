import { randomBytes } from 'node:crypto';

let lastMs = -1;
let seq = 0;

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit counter that keeps ids minted
 * in the same millisecond ordered (method 1 of the RFC), then random bits. Ids sort by creation
 * time on this station, and are unique across stations without coordination.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  let ms = Math.max(nowMs, lastMs);
  if (ms === lastMs) {
    seq += 1;
    if (seq > 0xfff) {
      ms = lastMs + 1;
      seq = 0;
    }
  } else {
    seq = randomBytes(1)[0]! & 0x3f;
  }
  lastMs = ms;
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
