/**
 * ISO/IEC 7816-4 padding (= ISO/IEC 9797-1 padding method 2): append 0x80, then zeros up to a
 * multiple of the block size. ICAO 9303-11 §9.8 uses it for secure messaging and MAC input.
 */
import { ChipDataError } from './errors.js';

export function pad(data: Buffer, blockSize: number): Buffer {
  const padLength = blockSize - (data.length % blockSize);
  const padding = Buffer.alloc(padLength);
  padding[0] = 0x80;
  return Buffer.concat([data, padding]);
}

export function unpad(data: Buffer): Buffer {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0) i--;
  if (i < 0 || data[i] !== 0x80) throw new ChipDataError('bad_padding', 'ISO 7816-4 padding is missing or malformed');
  return data.subarray(0, i);
}
