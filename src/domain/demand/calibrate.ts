/**
 * Calibrates the pathway matrix to Kent's January 2025 placements (`npm run calibrate-pathways`
 * writes models/kent/pathway-matrix.csv with this). DfE publishes three two-way tables for the same
 * 20,635 plans: need x age, need x placement and age x placement, but not the three-way table
 * need x phase x placement the matrix needs. Step by step:
 *
 * 1. Placement by need and phase. Iterative proportional fitting (IPF) from a uniform start finds the
 *    table T(need, phase, placement group) that matches all three published margins exactly (the
 *    maximum-entropy table: no need-phase-placement interaction beyond what the margins show).
 *    Plans with no recorded need are fitted as a need of their own, then shared over the known needs
 *    of each phase as the demand model shares them (pro rata within age).
 *    q(n, p, k) = T(n, p, k) / sum_k T(n, p, k).
 * 2. Special school -> proposed designation. No table gives designation by need, so a second IPF fits
 *    X(need, designation) to (a) state-funded special placements by need and (b) the pupils on roll
 *    of Kent's state special schools, each mapped to its proposed designation by the mapping rules,
 *    starting from the weights in pathway-assumptions.json (zero where a designation does not admit
 *    the need). D(n, d) = X(n, d) / sum_d X(n, d), applied to independent and non-maintained special
 *    placements too (the same pupil needs the same kind of school).
 * 3. SEN unit / resourced provision -> SRP need type S(n, t), and the outreach share o(n) of mainstream
 *    pupils, are assumptions from pathway-assumptions.json.
 *
 *   special(d) = q(special) x D(n, d)          srp(t) = q(srp) x S(n, t)
 *   outreach(d) = q(mainstream) x o(n) x D(n, d)   mainstream = q(mainstream) x (1 - o(n))
 *   fe = q(fe)                                  other = q(other)
 */
import { proposeAllMappings } from '../designation-mapping.js';
import { NEED_CODES, PROPOSED_DESIGNATIONS, SRP_NEED_TYPES, type NeedCode, type ProposedDesignation, type SrpNeedType } from '../needs.js';
import type { Registry } from '../registry/registry.js';
import { countyBaseByAge } from './ehcp-counts.js';
import { DEMAND_PHASES, demandPhaseOfAge, type DemandPhase } from './phases.js';
import { PLACEMENT_GROUPS, type DemandInputs, type NeedOrUnknown, type PathwayAssumptions, type PathwayMatrix, type PathwayMatrixRow } from './types.js';

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

/** Pupils on roll at Kent's state special schools, by the proposed designation each is mapped to. */
export function specialRollsByProposedDesignation(registry: Registry): Record<ProposedDesignation, number> {
  const rolls = Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [d, 0])) as Record<ProposedDesignation, number>;
  for (const m of proposeAllMappings(registry)) rolls[m.proposed] += registry.schoolByUrn.get(m.urn)?.pupils ?? 0;
  return rolls;
}

export interface CalibrationReport {
  placementFit: { iterations: number; maxError: number };
  designationFit: { iterations: number; maxError: number };
  /** D(n, d): share of special placements with primary need n that need designation d. */
  designationSplit: Record<NeedCode, Record<ProposedDesignation, number>>;
  /** S(n, t). */
  srpSplit: Record<NeedCode, Record<SrpNeedType, number>>;
  /** Proposed-designation shares of the state special rolls the split was fitted to. */
  rollShares: Record<ProposedDesignation, number>;
}

export function calibratePathwayMatrix(
  inputs: DemandInputs,
  rolls: Record<ProposedDesignation, number>,
  assumptions: PathwayAssumptions,
): { matrix: PathwayMatrix; report: CalibrationReport } {
  const needs: NeedOrUnknown[] = [...NEED_CODES, 'UNKNOWN'];
  const phaseOfGroup = inputs.ageGroups.map((g) => DEMAND_PHASES.indexOf(demandPhaseOfAge(g.low)));
  const P = DEMAND_PHASES.length;
  const K = PLACEMENT_GROUPS.length;

  // 1. need x phase x placement group
  const needPhase = needs.map((n) => {
    const row = new Array<number>(P).fill(0);
    inputs.needByAge.forEach((g, i) => (row[phaseOfGroup[i]!]! += g[n]));
    return row;
  });
  const needPlacement = needs.map((n) => PLACEMENT_GROUPS.map((k) => inputs.needByPlacement[k][n]));
  const phasePlacement = Array.from({ length: P }, () => new Array<number>(K).fill(0));
  inputs.placementByAge.forEach((g, i) => PLACEMENT_GROUPS.forEach((k, c) => (phasePlacement[phaseOfGroup[i]!]![c]! += g[k])));
  const fit = fitThreeWay(needPhase, needPlacement, phasePlacement);
  if (fit.maxError > 1e-6) throw new Error(`the placement fit did not converge (max error ${fit.maxError})`);

  // Share the unknown-need slice over known needs exactly as countyBaseByAge shares the counts.
  const distributed = countyBaseByAge(inputs, 'distribute');
  const u = needs.length - 1;
  const folded = NEED_CODES.map((n, i) =>
    Array.from({ length: P }, (_, p) => {
      const unknown = needPhase[u]![p]!;
      let extra = 0;
      distributed.forEach((g, gi) => {
        if (phaseOfGroup[gi] === p) extra += g[n] - inputs.needByAge[gi]![n];
      });
      const w = unknown > 0 ? extra / unknown : 0;
      return fit.table[i]![p]!.map((x, k) => x + w * fit.table[u]![p]![k]!);
    }),
  );

  // 2. special school -> proposed designation
  const prior = NEED_CODES.map((n) => {
    const w = assumptions.designationPrior.byNeed.find((e) => e.need === n)?.weights;
    if (!w) throw new Error(`pathway-assumptions.json gives no designation weights for need ${n}`);
    return PROPOSED_DESIGNATIONS.map((d) => w[d] ?? 0);
  });
  const stateSpecial = NEED_CODES.map((n) => inputs.needByPlacement['special-state'][n]);
  const rollTotal = sumK(PROPOSED_DESIGNATIONS.map((d) => rolls[d]));
  const rollShares = Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [d, rolls[d] / rollTotal])) as Record<ProposedDesignation, number>;
  const designationFit = fitTwoWay(
    prior,
    stateSpecial,
    PROPOSED_DESIGNATIONS.map((d) => rollShares[d] * sumK(stateSpecial)),
  );
  if (designationFit.maxError > 1e-6) throw new Error(`the designation fit did not converge (max error ${designationFit.maxError})`);
  const designationSplit = {} as Record<NeedCode, Record<ProposedDesignation, number>>;
  NEED_CODES.forEach((n, i) => {
    const row = sumK(designationFit.table[i]!) > 0 ? designationFit.table[i]! : prior[i]!;
    const total = sumK(row);
    designationSplit[n] = Object.fromEntries(PROPOSED_DESIGNATIONS.map((d, j) => [d, row[j]! / total])) as Record<ProposedDesignation, number>;
  });

  // 3. SRP need types and outreach
  const srpSplit = {} as Record<NeedCode, Record<SrpNeedType, number>>;
  for (const n of NEED_CODES) {
    const rule = assumptions.srpTypes.find((s) => s.need === n);
    if (!rule) throw new Error(`pathway-assumptions.json gives no SRP type for need ${n}`);
    const weights = rule.shares ?? Object.fromEntries(rule.proRata!.map((t) => [t, inputs.needByPlacement.srp[t as NeedCode] ?? 0]));
    const total = sumK(Object.values(weights).map((x) => x ?? 0));
    srpSplit[n] = Object.fromEntries(SRP_NEED_TYPES.map((t) => [t, total > 0 ? (weights[t] ?? 0) / total : 0])) as Record<SrpNeedType, number>;
  }
  const outreachShare = (n: NeedCode) => assumptions.outreach.byNeed.find((o) => o.need === n)?.share ?? assumptions.outreach.defaultShare;

  const col = (k: (typeof PLACEMENT_GROUPS)[number]) => PLACEMENT_GROUPS.indexOf(k);
  const rows: PathwayMatrixRow[] = [];
  NEED_CODES.forEach((need, i) => {
    DEMAND_PHASES.forEach((phase: DemandPhase, p) => {
      let cells = folded[i]![p]!;
      let basis = 'calibrated to DfE SEN2 January 2025 (IPF); designation, SRP type and outreach splits per pathway-assumptions.json';
      if (sumK(cells) <= 1e-9) {
        cells = phasePlacement[p]!;
        basis = `no ${need} plans at these ages in January 2025: the phase's all-needs placement shares`;
      }
      const total = sumK(cells);
      const q = (k: (typeof PLACEMENT_GROUPS)[number]) => cells[col(k)]! / total;
      const special = q('special-state') + q('special-non-maintained') + q('special-independent');
      const o = outreachShare(need);
      rows.push({
        need,
        phase,
        shares: {
          special: Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [d, special * designationSplit[need][d]])) as Record<ProposedDesignation, number>,
          srp: Object.fromEntries(SRP_NEED_TYPES.map((t) => [t, q('srp') * srpSplit[need][t]])) as Record<SrpNeedType, number>,
          outreach: Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [d, q('mainstream') * o * designationSplit[need][d]])) as Record<ProposedDesignation, number>,
          mainstream: q('mainstream') * (1 - o),
          fe: q('fe'),
          other: q('other'),
        },
        specialIndependentFraction: special > 0 ? q('special-independent') / special : 0,
        basis,
      });
    });
  });

  return {
    matrix: { rows },
    report: {
      placementFit: { iterations: fit.iterations, maxError: fit.maxError },
      designationFit: { iterations: designationFit.iterations, maxError: designationFit.maxError },
      designationSplit,
      srpSplit,
      rollShares,
    },
  };
}
