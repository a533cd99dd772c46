import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dedupeSortedPairs, sortKeyPairs } from './key-sort.js';

const toBig = (pairs: Uint32Array, n: number) => Array.from({ length: n }, (_, i) => (BigInt(pairs[2 * i + 1]!) << 32n) | BigInt(pairs[2 * i]!));

describe('key sort', () => {
  it('sorts 63-bit keys as SQLite orders rowids, and removes duplicates', () => {
    const key = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(fc.array(fc.oneof(key, fc.constantFrom(0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n)), { maxLength: 3000 }), (keys) => {
        const pairs = new Uint32Array(keys.length * 2 + 6);
        keys.forEach((k, i) => {
          pairs[2 * i] = Number(k & 0xffffffffn);
          pairs[2 * i + 1] = Number(k >> 32n);
        });
        const sorted = sortKeyPairs(pairs, keys.length);
        const want = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(toBig(sorted, keys.length)).toEqual(want);
        const n = dedupeSortedPairs(sorted, keys.length);
        expect(toBig(sorted, n)).toEqual([...new Set(want)]);
      }),
    );
  });

  it('binds as a BigInt64Array without copying', () => {
    const pairs = Uint32Array.from([5, 1, 3, 0, 4, 1]);
    const sorted = sortKeyPairs(pairs, 3);
    expect([...new BigInt64Array(sorted.buffer, sorted.byteOffset, 3)]).toEqual([3n, (1n << 32n) | 4n, (1n << 32n) | 5n]);
  });
});
