/**
 * AES-CMAC (NIST SP 800-38B §6.1–6.2; RFC 4493 for AES-128). ICAO 9303-11 §9.8.6.2 uses it, truncated
 * to 8 bytes, as the secure-messaging and PACE authentication-token MAC.
 */
import { createCipheriv } from 'node:crypto';
import { ChipDataError } from './errors.js';

const BLOCK = 16;
/** R_128 from SP 800-38B §5.3: the constant folded into the doubled subkey. */
const RB = 0x87;

function aesEcbCipherName(key: Buffer): string {
  if (key.length === 16) return 'aes-128-ecb';
  if (key.length === 24) return 'aes-192-ecb';
  if (key.length === 32) return 'aes-256-ecb';
  throw new ChipDataError('bad_key', `AES key must be 16, 24 or 32 bytes, got ${key.length}`);
}

export function aesEncryptBlock(key: Buffer, block: Buffer): Buffer {
  const c = createCipheriv(aesEcbCipherName(key), key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/** Doubling in GF(2^128): shift left by one bit, and XOR Rb into the last byte if a bit fell off. */
function dbl(b: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = (((b[i] as number) << 1) | ((b[i + 1] ?? 0) >> 7)) & 0xff;
  if (((b[0] as number) & 0x80) !== 0) out[BLOCK - 1] = (out[BLOCK - 1] as number) ^ RB;
  return out;
}

/** The two subkeys K1, K2 of SP 800-38B §6.1. */
export function cmacSubkeys(key: Buffer): { k1: Buffer; k2: Buffer } {
  const l = aesEncryptBlock(key, Buffer.alloc(BLOCK));
  const k1 = dbl(l);
  return { k1, k2: dbl(k1) };
}

/** Full 16-byte AES-CMAC of `message` (SP 800-38B §6.2). */
export function aesCmac(key: Buffer, message: Buffer): Buffer {
  const { k1, k2 } = cmacSubkeys(key);
  const n = Math.max(1, Math.ceil(message.length / BLOCK));
  const complete = message.length > 0 && message.length % BLOCK === 0;
  const lastStart = (n - 1) * BLOCK;
  const last = Buffer.alloc(BLOCK);
  message.copy(last, 0, lastStart);
  if (!complete) last[message.length - lastStart] = 0x80;
  const subkey = complete ? k1 : k2;
  for (let i = 0; i < BLOCK; i++) last[i] = (last[i] as number) ^ (subkey[i] as number);
  let c: Buffer = Buffer.alloc(BLOCK);
  for (let i = 0; i < n; i++) {
    const block = i === n - 1 ? last : message.subarray(i * BLOCK, (i + 1) * BLOCK);
    const x = Buffer.alloc(BLOCK);
    for (let j = 0; j < BLOCK; j++) x[j] = (c[j] as number) ^ (block[j] as number);
    c = aesEncryptBlock(key, x);
  }
  return c;
}
