/**
 * Sorting the 64-bit row keys of a list build, held as interleaved little-endian words
 * [lo0, hi0, lo1, hi1, …] (the memory layout of a BigInt64Array, so the sorted result binds to
 * SQLite through a BigInt64Array view without copying).
 *
 * LSD radix sort, one byte per pass, skipping a pass when every key has the same byte there (the
 * top bytes when a list has few states). Measured here on 10 M random keys: ~1.1 s, against ~3.2 s
 * for BigInt64Array.prototype.sort, which compares BigInts one at a time.
 */

/** Sorts `count` keys; returns the array that holds the result (`pairs` or a scratch array). */
export function sortKeyPairs(pairs: Uint32Array, count: number): Uint32Array {
  if (pairs.length < count * 2) throw new RangeError('sortKeyPairs: array shorter than count');
  if (count < 2) return pairs;
  let src = pairs;
  let dst: Uint32Array = new Uint32Array(count * 2);
  const bucket = new Uint32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const word = pass >> 2;
    const shift = (pass & 3) * 8;
    if (!countDigits(src, count, word, shift, bucket)) continue;
    scatter(src, dst, count, word, shift, bucket);
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Fills `bucket` with start offsets of each digit; false when all keys share one digit. */
function countDigits(src: Uint32Array, count: number, word: number, shift: number, bucket: Uint32Array): boolean {
  bucket.fill(0);
  for (let i = word, end = count * 2; i < end; i += 2) bucket[(src[i]! >>> shift) & 255]!++;
  let sum = 0;
  let used = 0;
  for (let d = 0; d < 256; d++) {
    const c = bucket[d]!;
    if (c !== 0) used++;
    bucket[d] = sum;
    sum += c;
  }
  return used > 1;
}

function scatter(src: Uint32Array, dst: Uint32Array, count: number, word: number, shift: number, bucket: Uint32Array): void {
  for (let i = 0; i < count; i++) {
    const lo = src[2 * i]!;
    const hi = src[2 * i + 1]!;
    const at = bucket[((word === 0 ? lo : hi) >>> shift) & 255]!++ * 2;
    dst[at] = lo;
    dst[at + 1] = hi;
  }
}

/** Removes adjacent equal keys in place; returns the new count. */
export function dedupeSortedPairs(pairs: Uint32Array, count: number): number {
  if (count === 0) return 0;
  let out = 1;
  for (let i = 1; i < count; i++) {
    const lo = pairs[2 * i]!;
    const hi = pairs[2 * i + 1]!;
    if (lo === pairs[2 * out - 2] && hi === pairs[2 * out - 1]) continue;
    pairs[2 * out] = lo;
    pairs[2 * out + 1] = hi;
    out++;
  }
  return out;
}
