/**
 * What scoring one name against the traveller's will cost, estimated before doing it, so that a
 * search can stop at a fixed amount of work rather than a fixed number of names.
 *
 * names/score.ts aligns every Latin reading of every element (and of adjacent pairs joined) of one
 * name with every reading of the other's, so its cost grows with the product of the two names'
 * reading counts: a Latin name has one reading per element, an Arabic-script one up to eight.
 * Measured on the benchmark machine (2 cores, shared; 6 400 name pairs from the synthetic list):
 *
 *   reading-unit product   0–20    20–40   40–80   80–160   160–320   > 320
 *   mean µs per pair         82      140     252      468       664    1 270
 *
 * i.e. about COST_BASE + COST_PER_UNIT × product µs. The estimate uses the cached tokenisation
 * (names/normalise.ts nameTokens), which the scorer then reuses, so estimating costs nothing extra.
 */
import { nameTokens } from '../names/index.js';

export const COST_BASE = 60;
export const COST_PER_UNIT = 3.5;

/** Readings of a name as the alignment sees them: each element's forms, and adjacent pairs joined. */
export function readingUnits(name: string): number {
  const t = nameTokens(name);
  let units = 0;
  for (const token of t) units += token.forms.length;
  for (let i = 0; i + 1 < t.length; i++) units += Math.min(2, t[i]!.forms.length) * Math.min(2, t[i + 1]!.forms.length);
  return units;
}

/** Estimated µs (on the benchmark machine) to score a name of `units` against a query of `queryUnits`. */
export function scoringCost(queryUnits: number, units: number): number {
  return COST_BASE + COST_PER_UNIT * queryUnits * units;
}
