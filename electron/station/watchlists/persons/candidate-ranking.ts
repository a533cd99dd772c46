/**
 * The cheap first stage of a search: which of the persons sharing a blocking key with the query
 * are worth scoring (reading a person and scoring its names costs ~30–100 µs on the benchmark
 * machine, scoring-cost.ts, so a check can afford a hundred or two persons inside its latency
 * budget, not the thousands that share a key).
 *
 * Each shared key adds its inverse document frequency, ln(1 + N / n) for a key indexing n of N
 * names, to the name's pre-score, and a person takes its best name's: a person sharing the rare
 * pair key PP:BTN|FLTMR outranks the thousands sharing only P:FLTMR (VLADIMIR). A birth year that agrees with the query (±1) adds a
 * small tie-break (YEAR_TIE_BREAK, below any key's weight), so that among many persons with the
 * same name the ones born in the right year are scored first. Expired alerts are dropped here,
 * before they cost a row read.
 */

/** Far below the weight of any key (≥ ln 2), so it only orders persons with equal key evidence. */
export const YEAR_TIE_BREAK = 0.05;

export interface RankInput {
  /** Per row: accumulated key weight (0 = not touched). Reset by `rankCandidates` for touched rows. */
  acc: Float64Array;
  touched: Uint32Array;
  touchedCount: number;
  /** Per row, FACT_SLOTS Int32: earliest birth year, latest birth year, last valid day. */
  facts: Int32Array;
  factSlots: number;
  queryYear?: number;
  today: number;
  includeExpired: boolean;
  /** How many to keep. */
  keep: number;
}

export interface Ranked {
  rows: Uint32Array;
  preScores: Float64Array;
  count: number;
  expiredSkipped: number;
  /** Best pre-score among the persons left out (−Infinity when none was). */
  bestLeftOut: number;
}

/**
 * The `keep` best touched rows, best first (ties by row number, for reproducible answers).
 * A bounded min-heap: O(touched · log keep), no sort of the whole candidate set.
 */
export function rankCandidates(input: RankInput): Ranked {
  const { acc, touched, facts, factSlots, keep } = input;
  const heapRow = new Uint32Array(keep);
  const heapScore = new Float64Array(keep);
  let size = 0;
  let expiredSkipped = 0;
  let bestLeftOut = -Infinity;
  const worse = (sa: number, ra: number, sb: number, rb: number) => sa < sb || (sa === sb && ra > rb);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(heapScore[l]!, heapRow[l]!, heapScore[m]!, heapRow[m]!)) m = l;
      if (r < size && worse(heapScore[r]!, heapRow[r]!, heapScore[m]!, heapRow[m]!)) m = r;
      if (m === i) return;
      const s = heapScore[i]!;
      const w = heapRow[i]!;
      heapScore[i] = heapScore[m]!;
      heapRow[i] = heapRow[m]!;
      heapScore[m] = s;
      heapRow[m] = w;
      i = m;
    }
  };
  for (let t = 0; t < input.touchedCount; t++) {
    const row = touched[t]!;
    let score = acc[row]!;
    acc[row] = 0;
    const f = row * factSlots;
    if (!input.includeExpired && facts[f + 2]! < input.today) {
      expiredSkipped++;
      continue;
    }
    if (input.queryYear !== undefined) {
      const min = facts[f]!;
      if (min > 0 && input.queryYear >= min - 1 && input.queryYear <= facts[f + 1]! + 1) score += YEAR_TIE_BREAK;
    }
    if (size < keep) {
      // sift up
      let i = size++;
      heapScore[i] = score;
      heapRow[i] = row;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(heapScore[i]!, heapRow[i]!, heapScore[p]!, heapRow[p]!)) break;
        const s = heapScore[i]!;
        const w = heapRow[i]!;
        heapScore[i] = heapScore[p]!;
        heapRow[i] = heapRow[p]!;
        heapScore[p] = s;
        heapRow[p] = w;
        i = p;
      }
    } else if (keep > 0 && worse(heapScore[0]!, heapRow[0]!, score, row)) {
      if (heapScore[0]! > bestLeftOut) bestLeftOut = heapScore[0]!;
      heapScore[0] = score;
      heapRow[0] = row;
      siftDown(0);
    } else if (score > bestLeftOut) {
      bestLeftOut = score;
    }
  }
  // Pop everything: ascending, then reverse into best-first.
  const rows = new Uint32Array(size);
  const preScores = new Float64Array(size);
  const count = size;
  for (let k = count - 1; k >= 0; k--) {
    rows[k] = heapRow[0]!;
    preScores[k] = heapScore[0]!;
    size--;
    heapScore[0] = heapScore[size]!;
    heapRow[0] = heapRow[size]!;
    siftDown(0);
  }
  return { rows, preScores, count, expiredSkipped, bestLeftOut };
}
