/**
 * Whole pupils for tables, CSVs and maps, rounded so that totals are kept (largest-remainder
 * rounding): the whole figures sum to the rounded exact total, and each part is its exact value
 * rounded down or up. Ties in the remainder go to the earlier item, so the rounding is the same on
 * every run.
 */

/** Whole numbers summing to round(sum of values), each floor(v) or floor(v) + 1 (values >= 0). */
export function largestRemainder(values: readonly number[], total = Math.round(values.reduce((s, v) => s + Math.max(0, v), 0))): number[] {
  const clean = values.map((v) => (v > 0 ? v : 0));
  const out = clean.map((v) => Math.floor(v + 1e-9));
  let left = total - out.reduce((s, v) => s + v, 0);
  if (left <= 0) {
    // Only when total was given below the floors' sum: take from the smallest remainders.
    const order = clean.map((v, i) => i).sort((a, b) => clean[a]! - out[a]! - (clean[b]! - out[b]!) || a - b);
    for (const i of order) {
      if (left >= 0) break;
      if (out[i]! > 0) {
        out[i]!--;
        left++;
      }
    }
    return out;
  }
  const order = clean.map((v, i) => i).sort((a, b) => clean[b]! - out[b]! - (clean[a]! - out[a]!) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

/** A row's exact figures, as both a single-year row and a path row carry them. */
export interface RowParts {
  placedLocal: number;
  placedElsewhere: number;
  placedBeyondLimit: number;
  placedIndependent: number;
  placedOutOfArea: number;
  unmet: number;
  notCommissioned: number;
}

/**
 * A row in whole pupils, given its whole demand (rows' demands are rounded together first): its parts
 * split by largest remainder within that demand (independent in Kent and out of area apart, so both
 * add up), and pupils placed beyond the journey limit rounded on their own (they are part of the
 * placed, not a further part of the demand).
 */
export function wholeRow(e: RowParts, demand: number) {
  const [placedLocal, placedElsewhere, inArea, placedOutOfArea, unmet, notCommissioned] = largestRemainder(
    [e.placedLocal, e.placedElsewhere, e.placedIndependent - e.placedOutOfArea, e.placedOutOfArea, e.unmet, e.notCommissioned],
    demand,
  ) as [number, number, number, number, number, number];
  return {
    demand,
    placedLocal,
    placedElsewhere,
    placedBeyondLimit: Math.round(e.placedBeyondLimit),
    placedIndependent: inArea + placedOutOfArea,
    placedOutOfArea,
    unmet,
    notCommissioned,
  };
}

