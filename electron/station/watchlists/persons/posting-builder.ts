/**
 * Gathers (blocking key, row) pairs during an import and hands out one posting list per key.
 *
 * A million-person list yields tens of millions of pairs and millions of distinct keys, so pairs go
 * into two growing Uint32Arrays (8 bytes a pair) rather than per-key JS arrays (≥ 8 bytes per entry
 * plus an object per key), and the lists are formed at the end by one counting sort on the key id.
 * Rows are added in ascending order, and the counting sort is stable, so every list comes out
 * sorted, ready for delta encoding.
 */

export interface PostingList {
  key: string;
  rows: Uint32Array;
}

export class PostingBuilder {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private keyOf = new Uint32Array(1 << 20);
  private rowOf = new Uint32Array(1 << 20);
  private size = 0;

  get pairs(): number {
    return this.size;
  }

  get distinctKeys(): number {
    return this.keys.length;
  }

  /** Adds the (distinct) keys of one entry; entries must be added in ascending order. */
  add(row: number, keys: Iterable<string>): void {
    for (const key of keys) {
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.keys.length;
        this.keys.push(key);
        this.ids.set(key, id);
      }
      if (this.size === this.keyOf.length) {
        const grow = (a: Uint32Array) => {
          const b = new Uint32Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.keyOf = grow(this.keyOf);
        this.rowOf = grow(this.rowOf);
      }
      this.keyOf[this.size] = id;
      this.rowOf[this.size] = row;
      this.size++;
    }
  }

  /**
   * The lists in key order (so that the B-tree of the `postings` table is written sequentially).
   * Frees the pair buffers: the builder cannot be used afterwards.
   */
  *lists(): Generator<PostingList> {
    const nKeys = this.keys.length;
    const start = new Uint32Array(nKeys + 1);
    for (let i = 0; i < this.size; i++) start[this.keyOf[i]! + 1]!++;
    for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, nKeys);
    const sorted = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) sorted[fill[this.keyOf[i]!]!++] = this.rowOf[i]!;
    this.keyOf = new Uint32Array(0);
    this.rowOf = new Uint32Array(0);
    this.ids.clear();

    const order = new Uint32Array(nKeys);
    for (let k = 0; k < nKeys; k++) order[k] = k;
    const keys = this.keys;
    order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    for (let i = 0; i < nKeys; i++) {
      const k = order[i]!;
      yield { key: keys[k]!, rows: sorted.subarray(start[k]!, start[k + 1]!) };
    }
  }
}
