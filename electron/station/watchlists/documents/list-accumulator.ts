/**
 * What a list import has read so far: every good row as its 63-bit key (document-list-format.ts)
 * in a growable typed array, rows with details or long numbers on the side, the state and source
 * dictionaries, and the bad rows. Filled by the CSV and row readers, consumed by the builder.
 */
import { MAX_STATES, keyHi, keyLo } from './document-list-format.js';
import { MAX_COMPACT_LENGTH, PACKED_STATE_LIMIT, newNumberScan, scanToString, type NumberScan } from './document-number.js';

export interface BadRow {
  /** CSV: physical line (the header is line 1). Rows: 1-based position. */
  line: number;
  reason: string;
  text: string;
}

export interface LongRow {
  stateId: number;
  number: string;
  ts: number;
  sourceId: number;
  reference: string | null;
  symbols: Uint8Array;
}

/** Rows read so far, as keys and side tables. */
export class ListAccumulator {
  pairs: Uint32Array = new Uint32Array(1 << 16);
  count = 0;
  readonly stateIdOfPacked = new Int16Array(PACKED_STATE_LIMIT).fill(-1);
  statePacked: number[] = [];
  readonly stateRows = new Float64Array(MAX_STATES);
  readonly sourceNames: string[];
  private readonly sourceIds = new Map<string, number>();
  detKeys: Uint32Array = new Uint32Array(1 << 12);
  detSource: number[] = [];
  detReference: Array<string | null> = [];
  detCount = 0;
  readonly longs: LongRow[] = [];
  rowsRead = 0;
  badRows = 0;
  readonly badRowSamples: BadRow[] = [];
  /** Compact rows whose OCR-folded spelling differs (sizes the prefilter). */
  foldedDiffers = 0;
  readonly scan: NumberScan = newNumberScan();

  constructor(
    listSource: string,
    private readonly maxSamples: number,
  ) {
    this.sourceNames = [listSource];
    this.sourceIds.set(listSource, 0);
  }

  bad(line: number, reason: string, text: () => string): void {
    this.badRows++;
    if (this.badRowSamples.length < this.maxSamples) this.badRowSamples.push({ line, reason, text: text().slice(0, 160) });
  }

  sourceId(name: string | null): number {
    if (name === null || name === '') return 0;
    let id = this.sourceIds.get(name);
    if (id === undefined) {
      id = this.sourceNames.length;
      this.sourceNames.push(name);
      this.sourceIds.set(name, id);
    }
    return id;
  }

  /** The id of a packed issuing state, numbering it if it is new; -1 when the state table is full. */
  stateIdFor(packedState: number): number {
    let stateId = this.stateIdOfPacked[packedState]!;
    if (stateId < 0) {
      if (this.statePacked.length >= MAX_STATES) return -1;
      stateId = this.statePacked.length;
      this.statePacked.push(packedState);
      this.stateIdOfPacked[packedState] = stateId;
    }
    return stateId;
  }

  /**
   * Starts from the dictionaries of an existing list (a delta: document-list-delta.ts), so that its
   * keys keep their state ids and its details their source ids. `sources[0]` is the list's source.
   */
  seed(statePacked: readonly number[], sources: readonly string[]): void {
    statePacked.forEach((packed, id) => {
      this.statePacked[id] = packed;
      this.stateIdOfPacked[packed] = id;
    });
    this.sourceNames.length = 0;
    this.sourceIds.clear();
    sources.forEach((name, id) => {
      this.sourceNames[id] = name;
      this.sourceIds.set(name, id);
    });
  }

  /** Adds the number in `this.scan`; false (and nothing added) when the state table is full. */
  add(packedState: number, ts: number, source: string | null, reference: string | null): boolean {
    const stateId = this.stateIdFor(packedState);
    if (stateId < 0) return false;
    this.stateRows[stateId]!++;
    const scan = this.scan;
    const sourceId = this.sourceId(source);
    const ref = reference === null || reference === '' ? null : reference;
    if (scan.length <= MAX_COMPACT_LENGTH) {
      if (this.count * 2 === this.pairs.length) this.pairs = grow(this.pairs);
      const hi = keyHi(stateId, scan.exact);
      const lo = keyLo(scan.exact, ts);
      this.pairs[2 * this.count] = lo;
      this.pairs[2 * this.count + 1] = hi;
      this.count++;
      if (scan.folded !== scan.exact) this.foldedDiffers++;
      if (sourceId !== 0 || ref !== null) {
        if (this.detCount * 2 === this.detKeys.length) this.detKeys = grow(this.detKeys);
        this.detKeys[2 * this.detCount] = lo;
        this.detKeys[2 * this.detCount + 1] = hi;
        this.detSource.push(sourceId);
        this.detReference.push(ref);
        this.detCount++;
      }
    } else {
      this.longs.push({ stateId, number: scanToString(scan), ts, sourceId, reference: ref, symbols: scan.symbols.slice(0, scan.length) });
    }
    return true;
  }

  /**
   * Renumbers states by descending row count. A key below 2^56 (state id < 8) is an 8-byte rowid
   * varint instead of 9, so the states with most records save a byte per row.
   */
  renumberStatesByFrequency(): void {
    const n = this.statePacked.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.stateRows[b]! - this.stateRows[a]! || a - b);
    const newId = new Uint32Array(MAX_STATES);
    order.forEach((old, id) => (newId[old] = id));
    const rewrite = (pairs: Uint32Array, count: number) => {
      for (let i = 1; i < count * 2; i += 2) {
        const hi = pairs[i]!;
        pairs[i] = ((newId[hi >>> 21]! << 21) | (hi & 0x1fffff)) >>> 0;
      }
    };
    rewrite(this.pairs, this.count);
    rewrite(this.detKeys, this.detCount);
    for (const l of this.longs) l.stateId = newId[l.stateId]!;
    this.statePacked = order.map((old) => this.statePacked[old]!);
    this.stateIdOfPacked.fill(-1);
  }
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
