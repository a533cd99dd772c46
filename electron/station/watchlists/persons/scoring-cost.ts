/**
 * What a check's second stage will cost, estimated before doing the work, so that a search can stop
 * at a fixed amount of work rather than a fixed number of names.
 *
 * Per person: its row is read from the list file (one B-tree read inside the check's read
 * transaction; a page not in SQLite's cache is read and decrypted): PERSON_COST.
 * Per name scored: the name is tokenised and prepared (names/alignment.ts), then aligned with the
 * query. Unit pairs met before (given names, surname stems) cost a memo probe; new ones compare
 * every Latin reading of one unit with every reading of the other, so the cost grows with the
 * product of the two names' reading counts (a Latin name has one reading per element, an
 * Arabic- or Cyrillic-script one up to eight), but less than in proportion, as more of the pairs of
 * a many-reading name were met before. Measured on the benchmark machine (2 cores, shared; the
 * 333 000 names scored by 2 000 checks of the synthetic 1 M list, 200 persons each, in the search):
 *
 *   reading-unit product      12    27    54   108   204   437   755   (bucket means)
 *   mean µs per name          15    22    28    51    61    92   105
 *   COST_PER_ROOT × √product  16    24    34    48    66    96   126
 *   mean µs per person row read: 13.6 (PERSON_COST)
 *
 * Before the scorer worked on interned forms with memoised unit pairs, the same checks cost
 * 82 µs per name at products under 20 and 1 270 µs over 320 (then modelled as 60 + 3.5 × product).
 * The estimate prepares the name (cached for the check), which the scorer then reuses, so
 * estimating costs nothing extra.
 */
import { nameReadings } from '../names/index.js';

export const COST_PER_ROOT = 4.6;
export const PERSON_COST = 14;

/** Readings of a name as the alignment sees them: each element's forms, and adjacent pairs joined. */
export function readingUnits(name: string): number {
  return nameReadings(name);
}

/** Estimated µs (on the benchmark machine) to score a name of `units` against a query of `queryUnits`. */
export function scoringCost(queryUnits: number, units: number): number {
  return COST_PER_ROOT * Math.sqrt(queryUnits * units);
}
