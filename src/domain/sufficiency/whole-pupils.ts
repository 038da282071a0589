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
