/**
 * Two-key 3DES as ICAO 9303-11 uses it (§9.8.6.1 and BAC §4.3.3): encryption is DES-EDE3 in CBC mode
 * with the key K1‖K2‖K1 and a zero IV; the MAC is ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") with
 * single DES CBC under K1 and the last block processed as E_K1(D_K2(E_K1(·))).
 *
 * OpenSSL 3 keeps single DES in its legacy provider, so single DES is computed as DES-EDE3 with the
 * key K‖K‖K (E_K ∘ D_K ∘ E_K = E_K), which the default provider offers.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { ChipDataError } from './errors.js';

const ZERO_IV = Buffer.alloc(8);

function key3(key16: Buffer): Buffer {
  if (key16.length !== 16) throw new ChipDataError('bad_key', `3DES key must be 16 bytes, got ${key16.length}`);
  return Buffer.concat([key16, key16.subarray(0, 8)]);
}

function blocks(data: Buffer): void {
  if (data.length % 8 !== 0) throw new ChipDataError('bad_length', '3DES input must be a multiple of 8 bytes');
}

export function tdesEncrypt(key16: Buffer, data: Buffer, iv: Buffer = ZERO_IV): Buffer {
  blocks(data);
  const c = createCipheriv('des-ede3-cbc', key3(key16), iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function tdesDecrypt(key16: Buffer, data: Buffer, iv: Buffer = ZERO_IV): Buffer {
  blocks(data);
  const d = createDecipheriv('des-ede3-cbc', key3(key16), iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

function singleDesEncryptBlock(key8: Buffer, block: Buffer): Buffer {
  const c = createCipheriv('des-ede3-ecb', Buffer.concat([key8, key8, key8]), null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 with DES, output 8 bytes. The input must already be padded
 * (ICAO applies padding method 2 before the MAC).
 */
export function retailMac(key16: Buffer, paddedData: Buffer): Buffer {
  if (key16.length !== 16) throw new ChipDataError('bad_key', `MAC key must be 16 bytes, got ${key16.length}`);
  blocks(paddedData);
  if (paddedData.length === 0) throw new ChipDataError('bad_length', 'MAC input is empty');
  const k1 = key16.subarray(0, 8);
  let h: Buffer = Buffer.alloc(8);
  const last = paddedData.length - 8;
  for (let i = 0; i < last; i += 8) {
    const x = Buffer.alloc(8);
    for (let j = 0; j < 8; j++) x[j] = (h[j] as number) ^ (paddedData[i + j] as number);
    h = singleDesEncryptBlock(k1, x);
  }
  const x = Buffer.alloc(8);
  for (let j = 0; j < 8; j++) x[j] = (h[j] as number) ^ (paddedData[last + j] as number);
  // Final block: E_K1(D_K2(E_K1(x))) is exactly DES-EDE3 with K1‖K2‖K1.
  const c = createCipheriv('des-ede3-ecb', key3(key16), null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(x), c.final()]);
}
