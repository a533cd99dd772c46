import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DocumentPrefilter, compactHi, compactLo, fmix32, longKeyWords } from './document-prefilter.js';

/** Deterministic 32-bit stream (counter hashed), so rate tests are reproducible. */
const stream = (seed: number) => {
  let i = 0;
  return () => fmix32(Math.imul(seed, 0x9e3779b1) ^ fmix32(i++)) >>> 0;
};

describe('document prefilter', () => {
  it('never forgets a key it was given (no false negatives)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 2 ** 25 - 1 }), fc.nat({ max: 2 ** 32 - 1 })), { minLength: 1, maxLength: 2000 }),
        fc.integer({ min: 4, max: 24 }),
        fc.integer({ min: 1, max: 12 }),
        (keys, bitsPerKey, hashes) => {
          const f = DocumentPrefilter.create(keys.length, bitsPerKey, hashes);
          for (const [hi, lo] of keys) f.add(f.block(hi, lo), hi, lo);
          for (const [hi, lo] of keys) expect(f.has(f.block(hi, lo), hi, lo)).toBe(true);
        },
      ),
    );
  });

  it('sets the same bits adding in block order as adding one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 2 ** 25 - 1 }), fc.nat({ max: 2 ** 32 - 1 })), { maxLength: 3000 }), (keys) => {
        const one = DocumentPrefilter.create(keys.length);
        const bulk = DocumentPrefilter.create(keys.length);
        for (const [hi, lo] of keys) one.add(one.block(hi, lo), hi, lo);
        const added = bulk.addInBlockOrder(keys.length, (emit) => {
          for (const [hi, lo] of keys) emit(bulk.block(hi, lo), hi, lo);
        });
        expect(added).toBe(keys.length);
        expect(bulk.words).toEqual(one.words);
        expect(bulk.keys).toBe(one.keys);
      }),
    );
  });

  it('keeps a folded key and its exact spellings in one block, and finds both', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1023 }), fc.integer({ min: 1, max: 2 ** 46 }), fc.integer({ min: 1, max: 2 ** 46 }), (state, folded, exact) => {
        const f = DocumentPrefilter.create(10);
        const block = f.block(compactHi(state, folded), compactLo(folded));
        f.add(block, compactHi(state, folded), compactLo(folded));
        f.add(block, compactHi(state, exact), compactLo(exact));
        expect(f.has(block, compactHi(state, exact), compactLo(exact))).toBe(true);
        expect(f.has(f.block(compactHi(state, folded), compactLo(folded)), compactHi(state, folded), compactLo(folded))).toBe(true);
      }),
    );
  });

  it('has the false-positive rate it predicts on random misses', () => {
    const n = 100_000;
    const f = DocumentPrefilter.create(n);
    const next = stream(7);
    // Listed keys have bit 24 of hi clear, queries have it set: no query is a member.
    for (let i = 0; i < n; i++) {
      const hi = next() & 0xffffff;
      const lo = next();
      f.add(f.block(hi, lo), hi, lo);
    }
    const queries = 1_000_000;
    let positives = 0;
    for (let i = 0; i < queries; i++) {
      const hi = (next() & 0xffffff) | 0x1000000;
      const lo = next();
      if (f.has(f.block(hi, lo), hi, lo)) positives++;
    }
    const measured = positives / queries;
    const predicted = f.predictedFalsePositiveRate();
    const design = DocumentPrefilter.designFalsePositiveRate();
    // ≈ 900 expected positives: a binomial standard deviation of ≈ 30; allow 5.
    const sd = Math.sqrt(predicted * queries) / queries;
    expect(Math.abs(measured - predicted)).toBeLessThan(5 * sd);
    expect(predicted / design).toBeGreaterThan(0.9);
    expect(predicted / design).toBeLessThan(1.1);
    expect(design).toBeGreaterThan(0.0007);
    expect(design).toBeLessThan(0.0011);
  });

  it('sizes itself at the bits per key asked for', () => {
    const f = DocumentPrefilter.create(1_000_000, 16);
    expect(f.bytes).toBeGreaterThanOrEqual(2_000_000);
    expect(f.bytes).toBeLessThan(2_000_000 + 64);
  });

  it('gives long numbers keys that cannot equal a compact key, and depend on every symbol', () => {
    const out = new Uint32Array(2);
    const other = new Uint32Array(2);
    const symbols = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    longKeyWords(5, symbols, symbols.length, null, out);
    expect(out[0]! >>> 31).toBe(1);
    expect(compactHi(1023, 2 ** 47 - 1) >>> 31).toBe(0);
    for (let i = 0; i < symbols.length; i++) {
      const changed = symbols.slice();
      changed[i] = 20;
      longKeyWords(5, changed, changed.length, null, other);
      expect([other[0], other[1]]).not.toEqual([out[0], out[1]]);
    }
    longKeyWords(6, symbols, symbols.length, null, other);
    expect([other[0], other[1]]).not.toEqual([out[0], out[1]]);
  });
});
