/**
 * The in-memory prefilter that answers most checks (the misses) without touching SQLite.
 *
 * A blocked Bloom filter: 512-bit blocks (one 64-byte cache line), k bits per key inside the block.
 * Why this and not a xor/binary-fuse filter, which has a lower false-positive rate per bit: on this
 * class of machine (a VM, 4 KiB pages) a random memory access costs ~80–90 ns, so the 3 independent
 * accesses of a fuse filter measured ~350 ns per probe at 10 M keys against one access here; its
 * construction (peeling) took seconds in JavaScript for the same reason; and duplicate keys, which
 * a fuse filter must remove first, cost a Bloom filter nothing.
 *
 * The block is chosen by the OCR-folded key (document-number.ts) and the bits by the key itself,
 * so a document's exact spelling and all its OCR-confusion spellings share one cache line: a query
 * tests "anything listed that folds like this?" first (a miss ends there), and only then tests its
 * exact spelling and up to 64 variants, all within the same line, before asking SQLite.
 *
 * False-positive rate: for a block holding j keys, a query's k bits are all set with probability
 * (1 − (1 − 1/512)^(k·j))^k; block loads are Poisson with mean 512/bitsPerKey. With the defaults
 * (16 bits per key, k = 8) that is 0.089 % (`designFalsePositiveRate`); `predictedFalsePositiveRate`
 * computes it from the bits actually set, which is what a built list stores in its meta table.
 */
import type { PrefilterMeta } from './document-list-format.js';

export const BLOCK_WORDS = 16;
const BLOCK_BITS = 512;
export const DEFAULT_BITS_PER_KEY = 16;
export const DEFAULT_HASHES = 8;
export const DEFAULT_BLOCK_SEED = 0x2c1b3c6d;
export const DEFAULT_PATTERN_SEED = 0x297a2d39;

/** Odd multipliers: bit i of a key's pattern is the top 9 bits of (pattern hash × SALT[i]) mod 2^32. */
const SALT = new Int32Array([
  0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d, 0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31,
  0x3c6ef372, 0xa54ff53b, 0x510e527f, 0x9b05688d, 0x1f83d9ab, 0x5be0cd19, 0x6a09e667, 0xbb67ae85,
].map((s) => s | 1));

/** MurmurHash3's 32-bit finaliser: a bijection with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A row key (document-list-format.ts) that has a details row (a reference, another source) is added
 * to the prefilter as (hi ^ DETAILS_TAG, lo), in its number's block, so that a hit looks the details
 * up only when the filter says there may be some, instead of joining every hit to the details table.
 */
export const DETAILS_TAG = 0x40000000;

/** Filter key of a compact (state, value): the 57-bit number stateId·2^47 + value as two words. */
export const compactHi = (stateId: number, value: number): number => ((stateId << 15) | Math.floor(value / 4294967296)) >>> 0;
export const compactLo = (value: number): number => value >>> 0;

/**
 * Filter key of a long number (10+ characters): a 63-bit hash of the state and the symbols, with
 * bit 63 set so it never equals a compact key. A collision between two long numbers only makes the
 * filter say "maybe" for both; SQLite has the final word.
 */
export function longKeyWords(stateId: number, symbols: Uint8Array, length: number, fold: Uint8Array | null, out: Uint32Array): void {
  let a = 0x9e3779b9 ^ stateId;
  let b = 0x7f4a7c15 ^ Math.imul(stateId, 0x85ebca6b);
  for (let i = 0; i < length; i++) {
    const s = fold ? fold[symbols[i]!]! : symbols[i]!;
    a = Math.imul(a ^ (s + 1), 0x01000193);
    b = Math.imul(b ^ (s + 1), 0x5bd1e995) ^ (b >>> 15);
  }
  a = fmix32(a ^ length);
  b = fmix32(b ^ a);
  out[0] = (a | 0x80000000) >>> 0;
  out[1] = b >>> 0;
}

export class DocumentPrefilter {
  readonly words: Uint32Array;
  readonly blocks: number;
  readonly hashes: number;
  readonly bitsPerKey: number;
  readonly blockSeed: number;
  readonly patternSeed: number;
  /** Keys added (counted by the builder; stored in meta). */
  keys: number;

  private constructor(words: Uint32Array, p: { blocks: number; hashes: number; bitsPerKey: number; blockSeed: number; patternSeed: number; keys: number }) {
    if (words.length !== p.blocks * BLOCK_WORDS) throw new RangeError(`prefilter has ${words.length} words, expected ${p.blocks * BLOCK_WORDS}`);
    if (!(p.hashes >= 1 && p.hashes <= SALT.length)) throw new RangeError(`prefilter hashes must be 1..${SALT.length}`);
    this.words = words;
    this.blocks = p.blocks;
    this.hashes = p.hashes;
    this.bitsPerKey = p.bitsPerKey;
    this.blockSeed = p.blockSeed | 0;
    this.patternSeed = p.patternSeed | 0;
    this.keys = p.keys;
  }

  /** An empty filter sized for `expectedKeys` at `bitsPerKey`. */
  static create(expectedKeys: number, bitsPerKey = DEFAULT_BITS_PER_KEY, hashes = DEFAULT_HASHES, blockSeed = DEFAULT_BLOCK_SEED, patternSeed = DEFAULT_PATTERN_SEED): DocumentPrefilter {
    const blocks = Math.max(1, Math.ceil((Math.max(1, expectedKeys) * bitsPerKey) / BLOCK_BITS));
    return new DocumentPrefilter(new Uint32Array(blocks * BLOCK_WORDS), { blocks, hashes, bitsPerKey, blockSeed, patternSeed, keys: 0 });
  }

  static fromWords(words: Uint32Array, meta: PrefilterMeta): DocumentPrefilter {
    if (meta.kind !== 'blocked-bloom-512') throw new RangeError(`unknown prefilter kind ${String(meta.kind)}`);
    return new DocumentPrefilter(words, meta);
  }

  /** Word offset of the block that holds the keys folding to (hi, lo). */
  block(hi: number, lo: number): number {
    const h = fmix32(lo ^ fmix32(hi ^ this.blockSeed)) >>> 0;
    return Math.floor((h * this.blocks) / 4294967296) * BLOCK_WORDS;
  }

  private pattern(hi: number, lo: number): number {
    return fmix32(hi ^ 0x5bd1e995 ^ fmix32(lo ^ this.patternSeed));
  }

  add(block: number, hi: number, lo: number): void {
    this.keys++;
    const h = this.pattern(hi, lo);
    const w = this.words;
    for (let i = 0; i < this.hashes; i++) {
      const p = Math.imul(h, SALT[i]!) >>> 23;
      w[block + (p >>> 5)]! |= 1 << (p & 31);
    }
  }

  /**
   * Adds many keys in the order of the bit array rather than the order of the keys. With the bit
   * array much larger than the CPU caches, adding keys one by one costs a cache and TLB miss each
   * (measured ~215 ns per key at 10 M keys here). The (block, pattern) pairs are collected, put in
   * order of 64 KiB regions of the array in place (American flag sort), and the bits set region by
   * region, each region staying in the L2 cache. Memory: 8 bytes per key, transient.
   */
  addInBlockOrder(maxKeys: number, enumerate: (emit: (block: number, hi: number, lo: number) => void) => void): number {
    const shift = 14; // 2^14 words × 4 bytes = 64 KiB per region
    const regions = (this.words.length >>> shift) + 1;
    const blocks = new Uint32Array(maxKeys);
    const patterns = new Int32Array(maxKeys);
    const count = new Uint32Array(regions + 1);
    let n = 0;
    enumerate((block, hi, lo) => {
      if (n === maxKeys) throw new RangeError(`addInBlockOrder: more than the ${maxKeys} keys announced`);
      blocks[n] = block;
      patterns[n++] = this.pattern(hi, lo);
      count[block >>> shift]!++;
    });
    const at = new Uint32Array(regions + 1);
    for (let r = 0, sum = 0; r <= regions; r++) {
      at[r] = sum;
      sum += count[r]!;
      count[r] = sum; // now: end of region r
    }
    for (let r = 0; r < regions; r++) {
      const end = count[r]!;
      while (at[r]! < end) {
        const i = at[r]!;
        let b = blocks[i]!;
        let h = patterns[i]!;
        let home = b >>> shift;
        while (home !== r) {
          const j = at[home]!++;
          const b2 = blocks[j]!;
          const h2 = patterns[j]!;
          blocks[j] = b;
          patterns[j] = h;
          b = b2;
          h = h2;
          home = b >>> shift;
        }
        blocks[i] = b;
        patterns[i] = h;
        at[r]!++;
      }
    }
    const w = this.words;
    const k = this.hashes;
    for (let i = 0; i < n; i++) {
      const block = blocks[i]!;
      const h = patterns[i]!;
      for (let j = 0; j < k; j++) {
        const p = Math.imul(h, SALT[j]!) >>> 23;
        w[block + (p >>> 5)]! |= 1 << (p & 31);
      }
    }
    this.keys += n;
    return n;
  }

  has(block: number, hi: number, lo: number): boolean {
    const h = this.pattern(hi, lo);
    const w = this.words;
    for (let i = 0; i < this.hashes; i++) {
      const p = Math.imul(h, SALT[i]!) >>> 23;
      if ((w[block + (p >>> 5)]! & (1 << (p & 31))) === 0) return false;
    }
    return true;
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  /** Mean over blocks of (bits set / 512)^k: the false-positive rate of a uniformly random query. */
  predictedFalsePositiveRate(): number {
    const w = this.words;
    let sum = 0;
    for (let b = 0; b < this.blocks; b++) {
      let set = 0;
      for (let i = b * BLOCK_WORDS, end = i + BLOCK_WORDS; i < end; i++) set += popcount32(w[i]!);
      sum += (set / BLOCK_BITS) ** this.hashes;
    }
    return sum / this.blocks;
  }

  /** The false-positive rate the design promises for `bitsPerKey` and `hashes` (Poisson block loads). */
  static designFalsePositiveRate(bitsPerKey: number = DEFAULT_BITS_PER_KEY, hashes: number = DEFAULT_HASHES): number {
    const mean = BLOCK_BITS / bitsPerKey;
    const miss = 1 - 1 / BLOCK_BITS;
    let p = Math.exp(-mean);
    let sum = 0;
    const upTo = Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
    for (let j = 0; j <= upTo; j++) {
      if (j > 0) p *= mean / j;
      sum += p * (1 - miss ** (hashes * j)) ** hashes;
    }
    return sum;
  }

  meta(): PrefilterMeta {
    return {
      kind: 'blocked-bloom-512',
      blocks: this.blocks,
      hashes: this.hashes,
      bitsPerKey: this.bitsPerKey,
      keys: this.keys,
      blockSeed: this.blockSeed,
      patternSeed: this.patternSeed,
      designFalsePositiveRate: DocumentPrefilter.designFalsePositiveRate(this.bitsPerKey, this.hashes),
      predictedFalsePositiveRate: this.predictedFalsePositiveRate(),
      byteOrder: 'LE',
    };
  }
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
