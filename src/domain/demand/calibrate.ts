/**
 * Iterative proportional fitting (IPF), used by the designation-demand model (designation-demand.ts):
 * DfE publishes three two-way tables of the same plans (need x age, need x placement, age x
 * placement) but not the three-way table, and special-school rolls by designation but not by need.
 * fitThreeWay finds the maximum-entropy table matching three two-way margins; fitTwoWay the table
 * closest to a prior with given row and column totals (zeros in the prior stay zero).
 */
export interface IpfResult {
  table: number[][][];
  iterations: number;
  /** Largest absolute difference between a fitted and a target margin cell. */
  maxError: number;
}

/**
 * Three-way IPF: the table t[i][j][k] >= 0 whose two-way margins are ij, ik and jk, starting from 1
 * everywhere. The margins must agree on their shared one-way totals.
 */
export function fitThreeWay(ij: number[][], ik: number[][], jk: number[][], tolerance = 1e-9, maxIterations = 10_000): IpfResult {
  const I = ij.length;
  const J = jk.length;
  const K = jk[0]!.length;
  const t = Array.from({ length: I }, () => Array.from({ length: J }, () => new Array<number>(K).fill(1)));
  const scale = (current: number, target: number) => (current > 0 ? target / current : 0);
  let maxError = Infinity;
  let iterations = 0;
  while (iterations < maxIterations && maxError > tolerance) {
    iterations++;
    for (let i = 0; i < I; i++)
      for (let j = 0; j < J; j++) {
        const f = scale(sumK(t[i]![j]!), ij[i]![j]!);
        for (let k = 0; k < K; k++) t[i]![j]![k]! *= f;
      }
    for (let i = 0; i < I; i++)
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < J; j++) s += t[i]![j]![k]!;
        const f = scale(s, ik[i]![k]!);
        for (let j = 0; j < J; j++) t[i]![j]![k]! *= f;
      }
    for (let j = 0; j < J; j++)
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let i = 0; i < I; i++) s += t[i]![j]![k]!;
        const f = scale(s, jk[j]![k]!);
        for (let i = 0; i < I; i++) t[i]![j]![k]! *= f;
      }
    maxError = 0;
    for (let i = 0; i < I; i++) for (let j = 0; j < J; j++) maxError = Math.max(maxError, Math.abs(sumK(t[i]![j]!) - ij[i]![j]!));
    for (let i = 0; i < I; i++)
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < J; j++) s += t[i]![j]![k]!;
        maxError = Math.max(maxError, Math.abs(s - ik[i]![k]!));
      }
  }
  return { table: t, iterations, maxError };
}

/** Two-way IPF from a prior (zeros stay zero): the table closest to the prior with these row and column totals. */
export function fitTwoWay(prior: number[][], rows: number[], cols: number[], tolerance = 1e-9, maxIterations = 10_000): { table: number[][]; iterations: number; maxError: number } {
  const t = prior.map((r) => [...r]);
  let maxError = Infinity;
  let iterations = 0;
  while (iterations < maxIterations && maxError > tolerance) {
    iterations++;
    t.forEach((r, i) => {
      const s = sumK(r);
      const f = s > 0 ? rows[i]! / s : 0;
      for (let j = 0; j < r.length; j++) r[j]! *= f;
    });
    for (let j = 0; j < cols.length; j++) {
      const s = t.reduce((acc, r) => acc + r[j]!, 0);
      const f = s > 0 ? cols[j]! / s : 0;
      for (const r of t) r[j]! *= f;
    }
    maxError = Math.max(...t.map((r, i) => Math.abs(sumK(r) - rows[i]!)));
  }
  return { table: t, iterations, maxError };
}

const sumK = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
