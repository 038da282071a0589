/**
 * The pathway matrix turns EHCP demand (need x phase) into demand for kinds of provision:
 *
 *   demand(locality, phase, pathway, category) = sum over needs of count(locality, need, phase) x share(need, phase, pathway, category)
 *
 * The shares come from designation-demand.ts, one matrix per designation set (need profiles run
 * through that set's admission rules); scenarios change them with applyPathwayOverride.
 */
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES, type NeedCode, type ProposedDesignation, type SrpNeedType } from '../needs.js';
import type { Phase } from '../phases.js';
import { DEMAND_PHASES, isSchoolPhase, type DemandPhase } from './demand-phases.js';
import type { EhcpCountRow, Pathway, PathwayMatrix, PathwayMatrixRow, PathwayShares, ProvisionDemandRow } from './types.js';

export const PATHWAYS = ['special', 'srp', 'outreach', 'mainstream'] as const satisfies readonly Pathway[];

/** One cell of a pathway-matrix row: a pathway, with its category where the pathway has them. */
export type PathwaySlot =
  | { pathway: 'special' | 'outreach'; category?: ProposedDesignation }
  | { pathway: 'srp'; category?: SrpNeedType }
  | { pathway: 'mainstream' | 'fe' | 'other' };

export function matrixRow(matrix: PathwayMatrix, need: NeedCode, phase: DemandPhase): PathwayMatrixRow {
  const row = matrix.rows.find((r) => r.need === need && r.phase === phase);
  if (!row) throw new RangeError(`the pathway matrix has no row for ${need} ${phase}`);
  return row;
}

function indexMatrix(matrix: PathwayMatrix): Map<string, PathwayMatrixRow> {
  return new Map(matrix.rows.map((r) => [`${r.need}|${r.phase}`, r]));
}

/** The (pathway, category, share) cells of a row that are school provision, in a fixed order. */
function provisionCells(shares: PathwayShares): { pathway: Pathway; category: ProposedDesignation | SrpNeedType | null; share: number }[] {
  return [
    ...PROPOSED_DESIGNATIONS.map((d) => ({ pathway: 'special' as const, category: d, share: shares.special[d] })),
    ...SRP_NEED_TYPES.map((t) => ({ pathway: 'srp' as const, category: t, share: shares.srp[t] })),
    ...PROPOSED_DESIGNATIONS.map((d) => ({ pathway: 'outreach' as const, category: d, share: shares.outreach[d] })),
    { pathway: 'mainstream' as const, category: null, share: shares.mainstream },
  ];
}

/**
 * Specialist-provision demand by locality x phase x pathway x category, for the school phases
 * (early years and post-19 are left out: they need no school places). Every locality and phase in
 * `counts` gets all 13 (pathway, category) rows, zeros included. The rows of a locality and phase sum
 * to its plans times (1 - fe - other): further education and non-school placements are not school
 * provision (see placementSplit for them).
 *
 * `overrides` are applied to the matrix first, in order (applyPathwayOverride); an inclusion target
 * is measured on `counts` summed over their localities.
 */
export function provisionDemand(counts: EhcpCountRow[], matrix: PathwayMatrix, overrides: readonly PathwayOverride[] = []): ProvisionDemandRow[] {
  if (overrides.length > 0) {
    const weights = countyWeights(counts);
    matrix = overrides.reduce((m, o) => applyPathwayOverride(m, o, weights), matrix);
  }
  const index = indexMatrix(matrix);
  const out = new Map<string, ProvisionDemandRow[]>();
  for (const c of counts) {
    if (!isSchoolPhase(c.phase)) continue;
    const row = index.get(`${c.need}|${c.phase}`);
    if (!row) throw new RangeError(`the pathway matrix has no row for ${c.need} ${c.phase}`);
    const key = `${c.locality}|${c.phase}`;
    let cells = out.get(key);
    if (!cells) {
      cells = provisionCells(row.shares).map((cell) => ({ locality: c.locality, phase: c.phase as Phase, pathway: cell.pathway, category: cell.category, count: 0 }));
      out.set(key, cells);
    }
    provisionCells(row.shares).forEach((cell, i) => (cells[i]!.count += c.count * cell.share));
  }
  return [...out.values()].flat();
}

/** County totals by placement kind, for checking the matrix against DfE's published split. */
export interface PlacementSplit {
  special: number;
  /** Of `special`: placed in independent special schools (the January 2025 fraction). */
  specialIndependent: number;
  srp: number;
  outreach: number;
  mainstream: number;
  /** srp + outreach + mainstream: DfE's "mainstream" (it counts SEN units and resourced provision in mainstream). */
  mainstreamTotal: number;
  fe: number;
  other: number;
  total: number;
}

export function placementSplit(counts: EhcpCountRow[], matrix: PathwayMatrix, phases: readonly DemandPhase[] = DEMAND_PHASES): PlacementSplit {
  const index = indexMatrix(matrix);
  const s: PlacementSplit = { special: 0, specialIndependent: 0, srp: 0, outreach: 0, mainstream: 0, mainstreamTotal: 0, fe: 0, other: 0, total: 0 };
  for (const c of counts) {
    if (!phases.includes(c.phase)) continue;
    const row = index.get(`${c.need}|${c.phase}`);
    if (!row) throw new RangeError(`the pathway matrix has no row for ${c.need} ${c.phase}`);
    const sh = row.shares;
    const special = sum(Object.values(sh.special));
    s.special += c.count * special;
    s.specialIndependent += c.count * special * row.specialIndependentFraction;
    s.srp += c.count * sum(Object.values(sh.srp));
    s.outreach += c.count * sum(Object.values(sh.outreach));
    s.mainstream += c.count * sh.mainstream;
    s.fe += c.count * sh.fe;
    s.other += c.count * sh.other;
    s.total += c.count;
  }
  s.mainstreamTotal = s.srp + s.outreach + s.mainstream;
  return s;
}

/**
 * A scenario's change to the pathway matrix.
 *
 * - `shift`: in every row matching `needs` and `phases` (all when omitted), move `fraction` of each
 *   `from` share to `to`. A special share moved to outreach keeps its designation (the pupil is
 *   supported by outreach from schools of that designation); any other share moved to outreach
 *   without a category is spread over designations like the row's special shares.
 * - `inclusion-target`: move the same fraction of every special share (in `phases`) to outreach so
 *   that the mainstream share (SRP + outreach + mainstream, as DfE counts it) of the plans in
 *   `phases`, weighted by `weights`, reaches `mainstreamShare`. The fraction is capped at 1; a target
 *   at or below today's share changes nothing.
 */
export type PathwayOverride =
  | { kind: 'shift'; from: PathwaySlot[]; to: PathwaySlot; fraction: number; needs?: NeedCode[]; phases?: DemandPhase[] }
  | { kind: 'inclusion-target'; mainstreamShare: number; phases?: DemandPhase[] };

/** Plans by need and phase (e.g. county totals for the scenario's year), for weighting matrix rows. */
export type PathwayWeights = { need: NeedCode; phase: DemandPhase; count: number }[];

/** Sums EHCP count rows over localities into weights for applyPathwayOverride and mainstreamShare. */
export function countyWeights(counts: EhcpCountRow[]): PathwayWeights {
  const byKey = new Map<string, { need: NeedCode; phase: DemandPhase; count: number }>();
  for (const c of counts) {
    const key = `${c.need}|${c.phase}`;
    const w = byKey.get(key);
    if (w) w.count += c.count;
    else byKey.set(key, { need: c.need, phase: c.phase, count: c.count });
  }
  return [...byKey.values()];
}

/** Share of the weighted plans in `phases` that the matrix puts in mainstream schools (incl. SRPs). */
export function mainstreamShare(matrix: PathwayMatrix, weights: PathwayWeights, phases: readonly DemandPhase[] = DEMAND_PHASES): number {
  const split = placementSplit(weights.map((w) => ({ ...w, locality: '', year: 0 })), matrix, phases);
  return split.total > 0 ? split.mainstreamTotal / split.total : 0;
}

export function applyPathwayOverride(matrix: PathwayMatrix, override: PathwayOverride, weights?: PathwayWeights): PathwayMatrix {
  if (override.kind === 'shift') {
    if (!(override.fraction >= 0 && override.fraction <= 1)) throw new RangeError('fraction must be between 0 and 1');
    return {
      rows: matrix.rows.map((row) =>
        (override.needs === undefined || override.needs.includes(row.need)) && (override.phases === undefined || override.phases.includes(row.phase))
          ? shiftRow(row, override.from, override.to, override.fraction)
          : row,
      ),
    };
  }
  if (!(override.mainstreamShare >= 0 && override.mainstreamShare <= 1)) throw new RangeError('mainstreamShare must be between 0 and 1');
  if (!weights) throw new RangeError('an inclusion target needs weights (plans by need and phase)');
  const phases = override.phases ?? [...DEMAND_PHASES];
  const split = placementSplit(weights.map((w) => ({ ...w, locality: '', year: 0 })), matrix, phases);
  if (split.total === 0 || split.special === 0) return matrix;
  // The mainstream share is linear in the moved fraction: share(f) = (mainstreamTotal + f x special) / total.
  const fraction = Math.min(1, Math.max(0, (override.mainstreamShare * split.total - split.mainstreamTotal) / split.special));
  if (fraction === 0) return matrix;
  return applyPathwayOverride(matrix, { kind: 'shift', from: [{ pathway: 'special' }], to: { pathway: 'outreach' }, fraction, phases });
}

function shiftRow(row: PathwayMatrixRow, from: PathwaySlot[], to: PathwaySlot, fraction: number): PathwayMatrixRow {
  const shares = cloneShares(row.shares);
  const specialBefore = { ...row.shares.special };
  for (const slot of from) {
    for (const { category, take } of takeFrom(shares, slot, fraction)) {
      if (to.pathway === 'outreach' && !('category' in to && to.category) && slot.pathway === 'special' && category) {
        shares.outreach[category as ProposedDesignation] += take;
      } else {
        give(shares, to, take, specialBefore);
      }
    }
  }
  // Moving independent special places elsewhere leaves the independent fraction of what remains unchanged.
  return { ...row, shares, basis: `${row.basis}; changed by a scenario override` };
}

/** Removes `fraction` of a slot's share(s); returns what was taken, per category. */
function takeFrom(shares: PathwayShares, slot: PathwaySlot, fraction: number): { category: string | null; take: number }[] {
  if (slot.pathway === 'mainstream' || slot.pathway === 'fe' || slot.pathway === 'other') {
    const take = shares[slot.pathway] * fraction;
    shares[slot.pathway] -= take;
    return [{ category: null, take }];
  }
  const record = shares[slot.pathway] as Record<string, number>;
  const category = 'category' in slot ? slot.category : undefined;
  const categories = category ? [category] : Object.keys(record);
  return categories.map((c) => {
    const take = record[c]! * fraction;
    record[c] = record[c]! - take;
    return { category: c, take };
  });
}

function give(shares: PathwayShares, to: PathwaySlot, amount: number, specialBefore: Record<ProposedDesignation, number>) {
  if (to.pathway === 'mainstream' || to.pathway === 'fe' || to.pathway === 'other') {
    shares[to.pathway] += amount;
    return;
  }
  const record = shares[to.pathway] as Record<string, number>;
  if ('category' in to && to.category) {
    record[to.category] = record[to.category]! + amount;
    return;
  }
  // No category given: spread like the row's special shares (designations), or evenly over SRP types in use.
  const weights: Record<string, number> =
    to.pathway === 'srp' ? { ...shares.srp } : sum(Object.values(specialBefore)) > 0 ? specialBefore : { ...shares.outreach };
  const total = sum(Object.values(weights));
  const keys = Object.keys(record);
  for (const k of keys) record[k] = record[k]! + (total > 0 ? (amount * (weights[k] ?? 0)) / total : amount / keys.length);
}

function cloneShares(s: PathwayShares): PathwayShares {
  return { special: { ...s.special }, srp: { ...s.srp }, outreach: { ...s.outreach }, mainstream: s.mainstream, fe: s.fe, other: s.other };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The sum of a row's shares (1 for a well-formed row). */
export function rowTotal(shares: PathwayShares): number {
  return sum(Object.values(shares.special)) + sum(Object.values(shares.srp)) + sum(Object.values(shares.outreach)) + shares.mainstream + shares.fe + shares.other;
}


/** The matrix as rows of pathway-matrix.csv (shares to 6 decimal places), e.g. to write or download it. */
export function pathwayMatrixCsvRows(matrix: PathwayMatrix): Record<string, string | number>[] {
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return matrix.rows.map((row) => ({
    need: row.need,
    phase: row.phase,
    ...Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [`special_${d.toLowerCase()}`, r6(row.shares.special[d])])),
    ...Object.fromEntries(SRP_NEED_TYPES.map((t) => [`srp_${t.toLowerCase()}`, r6(row.shares.srp[t])])),
    ...Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [`outreach_${d.toLowerCase()}`, r6(row.shares.outreach[d])])),
    mainstream: r6(row.shares.mainstream),
    fe: r6(row.shares.fe),
    other: r6(row.shares.other),
    special_independent_fraction: r6(row.specialIndependentFraction),
    basis: row.basis,
  }));
}
