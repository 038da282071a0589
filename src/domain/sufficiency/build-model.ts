/**
 * The sufficiency model: where each locality's children who need a specialist place can be placed,
 * and who is left without a suitable state place. Its mathematics is written here, once; the stages
 * are solved in solve-sufficiency.ts with fair-share.ts and journeys.ts.
 *
 * ## What a row means (for a commissioner)
 * A row is the children of one locality who need one category of place (a designation, or an SRP
 * need type) in one phase. "Placed" is how many of them Kent's state provisions within reach can
 * take when every row that competes for the same places gets the same share of its demand, as far
 * as the places in reach allow; "short" is the rest: they go to an independent or non-maintained
 * special school (the nearest with room, else outside Kent and Medway) or, needing an SRP place,
 * have none. Journeys are the shortest that placement allows.
 *
 * ## Sets
 * - L localities; each has points i (its LSOA centroids) with population weights w_li (ages 0-15 for
 *   primary and secondary, 16-24 for post-16), summing to 1 per locality and phase.
 * - R rows r = (l, c, p): locality, category (CLN, SEMH, NLD, or SRP-<need type>), phase; demand D_r.
 *   An SRP row whose need type no provision serves in its phase anywhere in the scenario is "not
 *   commissioned" (Kent commissions no post-16 SRP places: decision 25/00085) and is not a row of
 *   the networks: it is reported apart, not as a shortfall.
 * - J provisions j with places C_jp in each phase p they serve (special schools: the roll split
 *   over phases by the SEN2 age profile, an estimate) and the categories K_j they admit.
 * - Journeys: t_ij = minutes from point i to j by the one journey-time model (travel-model.json).
 * - Reach (reach.ts): phi_ij = 1 for t_ij <= (1 - tau) L_p, 0 from (1 + tau) L_p, linear between
 *   (L_p the phase's travel limit, a guideline; tau the taper, 0.3 by default), except that each
 *   point's nearest suitable provision is always in reach (phi = 1): the guideline narrows the choice
 *   between provisions but does not leave a child without the nearest suitable one. Then
 *   f_ljp = sum_i w_li phi_ij (the share of l's children in reach of j), u_r = sum_i w_li max_j phi_ij
 *   over the provisions the row can use (1 whenever there is one), and the arc's journey
 *   t_ljp = sum_i w_li phi_ij t_ij / f_ljp. A row can use j when j admits c, serves p and f_ljp > 0.
 * - K independent and non-maintained special schools k in Kent and Medway, with places Q_k (roll),
 *   admitting every designation and phase (the register holds neither their specialism nor ages);
 *   reach as above without the nearest rule (beyond reach they are out of the area).
 * - Outreach rows q = (l, d) and suppliers (special schools, d in K_j; locality teams, own l only);
 *   reach within the outreach limit, without the nearest rule.
 *
 * ## The state placement network (variables x_rj >= 0: pupils of row r placed at j)
 *   sum_j x_rj <= u_r D_r                                    row r (children in reach of anything)
 *   sum_{r: c(r) in K_j, p(r) = p} x_rj <= C_jp              places of j in phase p
 *   sum_{r in (l, ., p)} x_rj <= f_ljp sum_{r in (l, ., p), c(r) in K_j} D_r
 *                                                            reach of j from l (only where f < 1)
 * The reach rows let all categories of a locality share the part of it within reach of j; per
 * category they would be f_ljp D_r each (demand is apportioned by population, so every category is
 * spread like the children): a relaxation, stated.
 *
 * ## Stages (lexicographic: each fixes the previous optimum)
 * 1. Fewest children without a suitable state place: maximise sum_r y_r, y_r = sum_j x_rj. A maximum
 *    flow; the total is unique.
 * 2. How an unavoidable shortfall is shared: among the maximum flows, minimise
 *    sum_r s_r^2 / D_r, s_r = D_r - y_r. Strictly convex in s, so each row's shortfall is unique and
 *    continuous in the inputs; it shares shortfall in proportion to demand among rows that compete
 *    for the same places (fair-share.ts: computed exactly as Fujishige's lexicographically optimal
 *    base; the same point any QP solver finds, see `sharingQp`).
 * 3. Independent placements for the shortfall of designation rows: stages 1 and 2 on the network of
 *    independent schools (places Q_k), so each short row gets the same share of the independent
 *    places in reach; the rest is placed outside Kent and Medway (journey unknown). When the scenario
 *    caps independent placements in all, each row's share of the cap is proportional to its
 *    shortfall and the rest is unmet. SRP rows have no independent fallback: their shortfall is
 *    unmet (no SRP place).
 * 4. Shortest journeys: with every y_r fixed, minimise sum w_p t_ljp x_rj, w_p = 1 / the phase's
 *    guideline minutes (a primary minute counts 75/45 of a secondary one): an LP (journeys.ts).
 *    Its optimum is unique locality by locality; where two categories of one locality use the same
 *    provision (same journeys), they share it in proportion (journeys.ts, shareTies).
 * 5. Outreach: stages 1, 2 and 4 on the outreach network (suppliers' outreach capacity, the
 *    outreach travel limit; journeys in minutes).
 *
 * ## Marginal value of a place
 * One more place at j in phase p places one more child exactly when (j, p) is on the source side
 * of the final flow's minimum cut (reachable from a row with a shortfall): fair-share.ts, `binding`.
 * That is unique (it does not depend on which maximum flow is found). Its value in pounds a year is
 * the cost avoided: an independent place minus a special-school place for designations; a
 * special-school place minus an SRP place for SRP need types (assumption: a pupil with no SRP place
 * in reach needs a special-school place instead). Other places are worth no pounds: they only
 * shorten journeys.
 *
 * ## Extending it
 * Several years are a path (path/solve-path.ts has its mathematics): one year at a time, pupils
 * placed earlier carried by reducing C_jp by those staying (and D_r likewise) before the year's
 * stages; a build decision is extra places C_jp (or a new provision j) from the year it opens
 * (path/timeline.ts gives the demand and supply year by year). Nothing in the stages assumes a
 * single year.
 */
import { LpModelBuilder, lpNameFragment, type LpModel } from '../lp/linear-model.js';
import { PHASES, type Phase } from '../phases.js';
import type { FlowNetwork, NetworkArc, NetworkNode, NetworkRow } from './flow-network.js';
import { isSrpCategory, type Category, type DemandCell, type OutreachDemand, type SufficiencyInputs, type TravelLimit } from './inputs.js';
import { Reach } from './reach.js';

/** One arc of a network, in the council's terms. */
export interface ArcInfo {
  /** Demand cell (state, independent networks) or outreach row (outreach network). */
  cell: number;
  /** Provision, independent school or outreach supplier index. */
  target: number;
  phase: Phase;
  km: number;
  minutes: number;
  /** Objective coefficient of the journey stage: w_p x minutes. */
  cost: number;
  /** f_ljp: the share of the locality's children within reach. */
  reach: number;
  /** Of `reach`, the share reached only because j is their nearest suitable provision, beyond the limit. */
  beyond: number;
}

export type NodeInfo =
  | { kind: 'places'; target: number; phase: Phase | null }
  | { kind: 'reach'; locality: string; phase: Phase; target: number };

export interface PlacementNetwork {
  network: FlowNetwork;
  /** Demand cell (or outreach row) of each network row. */
  rowCell: number[];
  arcs: ArcInfo[];
  nodes: NodeInfo[];
}

export interface OutreachSupplier {
  id: string;
  kind: 'special-school' | 'locality-team';
  /** Provision index for a special school; -1 for a locality team. */
  provision: number;
  /** For a locality team, the only locality it serves. */
  locality: string | null;
  capacity: number;
}

export interface SufficiencyModel {
  /** Demand cells with positive count, merged per (locality, category, phase), in a stable order. */
  cells: DemandCell[];
  /** Per cell: its row in `state`, or -1 when not commissioned. */
  stateRow: Int32Array;
  /** Per cell: no provision anywhere serves its SRP need type in its phase. */
  notCommissioned: Uint8Array;
  state: PlacementNetwork;
  /** Node of each provision's places in each phase (-1 where it does not serve the phase). */
  placesNode: Record<Phase, Int32Array>;
  outreach: { rows: OutreachDemand[]; suppliers: OutreachSupplier[]; net: PlacementNetwork };
  reach: Reach;
}

const n = lpNameFragment;
const cellKey = (c: { locality: string; category: Category; phase: Phase }) => `${c.locality}|${c.category}|${c.phase}`;

/** Checks the inputs refer to known localities and hold finite, non-negative numbers. */
export function validateInputs(inputs: SufficiencyInputs): void {
  const localities = new Set(inputs.localities.map((l) => l.code));
  if (localities.size !== inputs.localities.length) throw new Error('duplicate locality code in the inputs');
  inputs.demand.forEach((d, i) => {
    if (!localities.has(d.locality)) throw new Error(`demand[${i}]: unknown locality ${d.locality}`);
    if (!Number.isFinite(d.count) || d.count < 0) throw new Error(`demand[${i}]: count must be a finite number >= 0`);
  });
  inputs.outreachDemand.forEach((d, i) => {
    if (!localities.has(d.locality)) throw new Error(`outreachDemand[${i}]: unknown locality ${d.locality}`);
    if (!Number.isFinite(d.count) || d.count < 0) throw new Error(`outreachDemand[${i}]: count must be a finite number >= 0`);
  });
  const ids = new Set<string>();
  inputs.provisions.forEach((p, i) => {
    if (ids.has(p.id)) throw new Error(`provisions[${i}]: duplicate id ${p.id}`);
    ids.add(p.id);
    if (!localities.has(p.locality)) throw new Error(`provisions[${i}]: unknown locality ${p.locality}`);
    if (!Number.isFinite(p.places) || p.places < 0) throw new Error(`provisions[${i}]: places must be a finite number >= 0`);
    for (const [phase, places] of Object.entries(p.placesByPhase)) {
      if (!p.phases.includes(phase as Phase)) throw new Error(`provisions[${i}]: places given for ${phase}, which it does not serve`);
      if (!Number.isFinite(places) || places < 0) throw new Error(`provisions[${i}]: placesByPhase.${phase} must be a finite number >= 0`);
    }
    if (!Number.isFinite(p.outreachCapacity) || p.outreachCapacity < 0) throw new Error(`provisions[${i}]: outreachCapacity must be >= 0`);
  });
  inputs.independent.schools.forEach((s, i) => {
    if (!Number.isFinite(s.places) || s.places < 0) throw new Error(`independent.schools[${i}]: places must be a finite number >= 0`);
  });
  inputs.outreachTeams.forEach((t, i) => {
    if (!localities.has(t.locality)) throw new Error(`outreachTeams[${i}]: unknown locality ${t.locality}`);
  });
}

/** Sums duplicate cells and drops empty ones, in order of first appearance. */
export function mergeDemand(demand: DemandCell[]): DemandCell[] {
  const merged = new Map<string, DemandCell>();
  for (const d of demand) {
    if (d.count <= 0) continue;
    const key = cellKey(d);
    const existing = merged.get(key);
    if (existing) existing.count += d.count;
    else merged.set(key, { ...d });
  }
  return [...merged.values()];
}

const PHASE_INDEX: Record<Phase, number> = { primary: 0, secondary: 1, post16: 2 };

/** Places of a provision in a phase: its phase split, or all its places when it serves one phase. */
export function placesInPhase(p: SufficiencyInputs['provisions'][number], phase: Phase): number {
  const split = p.placesByPhase[phase];
  if (split !== undefined) return split;
  return p.phases.length === 1 && p.phases[0] === phase ? p.places : 0;
}

/**
 * Collects a network: rows, places nodes, reach nodes made on first use, arcs. The capacity of a
 * reach node is f x the demand of the rows that use it, so it is summed as arcs arrive.
 */
class NetworkBuilder {
  readonly rows: NetworkRow[] = [];
  readonly nodes: NetworkNode[] = [];
  readonly arcs: NetworkArc[] = [];
  readonly arcInfo: ArcInfo[] = [];
  readonly nodeInfo: NodeInfo[] = [];
  readonly rowCell: number[] = [];
  /** Reach node of each places node, by locality and phase (l * 3 + phase). */
  private readonly reachNodes: Map<number, number>[] = [];
  /** Reach of a locality's children of a phase to one list of targets, computed once for all its rows. */
  private readonly reachCache = new Map<string, { reached: ReturnType<Reach['toAll']>; share: number }>();
  /** The locations of each list of targets (callers make each list once and pass it for many rows). */
  private readonly locationsOf = new Map<unknown[], { lat: number; lon: number }[]>();

  addPlaces(target: number, phase: Phase | null, capacity: number): number {
    this.nodes.push({ capacity, parent: -1 });
    this.nodeInfo.push({ kind: 'places', target, phase });
    return this.nodes.length - 1;
  }

  addRow(cell: number, demand: number, group: number): number {
    this.rows.push({ demand, limit: demand, group });
    this.rowCell.push(cell);
    return this.rows.length - 1;
  }

  /**
   * Adds the arcs of one row to every target it can use, with reach measured from the locality's
   * points, and limits the row to the children within reach of any of them.
   */
  connect(
    row: number,
    reach: Reach,
    l: number,
    locality: string,
    phase: Phase,
    limit: TravelLimit,
    weight: number,
    targets: { target: number; location: { lat: number; lon: number }; node: number }[],
    nearestAlways: boolean,
    /**
     * Names the list of targets: rows with the same list (and locality and phase) share the reach
     * computed. Null when no other row has this list, locality and phase (nothing to keep).
     */
    listKey: string | null,
  ) {
    const demand = this.rows[row]!.demand;
    const cell = this.rowCell[row]!;
    const cacheKey = listKey === null ? null : `${l}|${phase}|${listKey}`;
    let cached = cacheKey === null ? undefined : this.reachCache.get(cacheKey);
    if (!cached) {
      let locations = this.locationsOf.get(targets);
      if (!locations) this.locationsOf.set(targets, (locations = targets.map((t) => t.location)));
      const reached = reach.toAll(l, locations, phase, limit, nearestAlways);
      // Each point's reach to the best of the targets: the row's children in reach of anything.
      const union = new Float64Array(reach.localities[l]!.points.length);
      for (const to of reached) for (let i = 0; i < union.length; i++) if (to.within[i]! > union[i]!) union[i] = to.within[i]!;
      cached = { reached, share: reach.share(l, phase, union) };
      if (cacheKey !== null) this.reachCache.set(cacheKey, cached);
    }
    const { reached, share } = cached;
    const group = l * 3 + PHASE_INDEX[phase];
    for (let ti = 0; ti < targets.length; ti++) {
      const to = reached[ti]!;
      if (to.fraction <= 0) continue;
      const t = targets[ti]!;
      let node = t.node;
      if (to.fraction < 1) {
        // One reach node per (locality, phase, places node).
        const nodes = (this.reachNodes[group] ??= new Map());
        let rn = nodes.get(t.node);
        if (rn === undefined) {
          this.nodes.push({ capacity: 0, parent: t.node });
          this.nodeInfo.push({ kind: 'reach', locality, phase, target: t.target });
          rn = this.nodes.length - 1;
          nodes.set(t.node, rn);
        }
        this.nodes[rn]!.capacity += to.fraction * demand;
        node = rn;
      }
      this.arcs.push({ row, node });
      this.arcInfo.push({ cell, target: t.target, phase, km: to.km, minutes: to.minutes, cost: weight * to.minutes, reach: to.fraction, beyond: to.beyond });
    }
    if (share < 1) this.rows[row]!.limit = share * demand;
  }

  /** An arc that needs no reach (a locality team in its own locality). */
  connectDirect(row: number, target: number, node: number, phase: Phase) {
    this.arcs.push({ row, node });
    this.arcInfo.push({ cell: this.rowCell[row]!, target, phase, km: 0, minutes: 0, cost: 0, reach: 1, beyond: 0 });
  }

  build(): PlacementNetwork {
    return { network: { rows: this.rows, nodes: this.nodes, arcs: this.arcs }, rowCell: this.rowCell, arcs: this.arcInfo, nodes: this.nodeInfo };
  }
}

/** Builds the state placement network and the outreach network from the inputs. */
export function buildSufficiencyModel(inputs: SufficiencyInputs): SufficiencyModel {
  validateInputs(inputs);
  const cells = mergeDemand(inputs.demand);
  const reach = new Reach(inputs.localities, inputs.travel.model, inputs.travel.reachTaper);
  const localityIndex = new Map(inputs.localities.map((l, i) => [l.code, i]));

  // Places nodes: one per provision and phase served.
  const b = new NetworkBuilder();
  const placesNode = Object.fromEntries(PHASES.map((p) => [p, new Int32Array(inputs.provisions.length).fill(-1)])) as Record<Phase, Int32Array>;
  inputs.provisions.forEach((p, j) => {
    for (const phase of p.phases) placesNode[phase][j] = b.addPlaces(j, phase, placesInPhase(p, phase));
  });
  // Provisions by (category, phase), so each row only looks at the ones that fit it.
  const fitting = new Map<string, number[]>();
  inputs.provisions.forEach((p, j) => {
    for (const c of p.categories) for (const ph of p.phases) (fitting.get(`${c}|${ph}`) ?? fitting.set(`${c}|${ph}`, []).get(`${c}|${ph}`)!).push(j);
  });

  const stateRow = new Int32Array(cells.length).fill(-1);
  const notCommissioned = new Uint8Array(cells.length);
  // The targets of each (category, phase), made once for all its rows.
  const targetsOf = new Map<string, { target: number; location: { lat: number; lon: number }; node: number }[]>();
  const targetsFor = (key: string, phase: Phase, candidates: number[]) => {
    let list = targetsOf.get(key);
    if (!list) targetsOf.set(key, (list = candidates.map((j) => ({ target: j, location: inputs.provisions[j]!.location, node: placesNode[phase][j]! }))));
    return list;
  };
  cells.forEach((cell, i) => {
    const fitKey = `${cell.category}|${cell.phase}`;
    const candidates = fitting.get(fitKey) ?? [];
    if (isSrpCategory(cell.category) && candidates.length === 0) {
      notCommissioned[i] = 1;
      return;
    }
    const l = localityIndex.get(cell.locality)!;
    const row = b.addRow(i, cell.count, l * 3 + PHASE_INDEX[cell.phase]);
    stateRow[i] = row;
    b.connect(
      row,
      reach,
      l,
      cell.locality,
      cell.phase,
      inputs.travel.limits[cell.phase],
      inputs.travel.weights[cell.phase],
      targetsFor(fitKey, cell.phase, candidates),
      true,
      // Cells are merged per locality, category and phase: no other row has this list here.
      null,
    );
  });

  const outreach = buildOutreach(inputs, reach, localityIndex);
  // The answers kept so far were for the state and outreach networks, now built: the independent
  // network asks about other places, so they are let go (recomputed, identically, if ever asked again).
  reach.forgetAnswers();
  return { cells, stateRow, notCommissioned, state: b.build(), placesNode, outreach, reach };
}

/**
 * The independent network for the given shortfall per cell: rows are the designation cells the
 * fallback covers with a shortfall; nodes are the located independent schools' places.
 */
export function buildIndependentNetwork(inputs: SufficiencyInputs, model: SufficiencyModel, shortfall: ArrayLike<number>): PlacementNetwork {
  const b = new NetworkBuilder();
  const localityIndex = new Map(inputs.localities.map((l, i) => [l.code, i]));
  const covered = new Set(inputs.independent.categories);
  const schools = inputs.independent.schools.map((s, k) => ({ s, k })).filter(({ s }) => s.places > 0);
  const node = new Map(schools.map(({ s, k }) => [k, b.addPlaces(k, null, s.places)]));
  const targets = schools.map(({ s, k }) => ({ target: k, location: s.location, node: node.get(k)! }));
  model.cells.forEach((cell, i) => {
    if (!covered.has(cell.category) || !(shortfall[i]! > 1e-9)) return;
    const l = localityIndex.get(cell.locality)!;
    const row = b.addRow(i, shortfall[i]!, l * 3 + PHASE_INDEX[cell.phase]);
    b.connect(
      row,
      model.reach,
      l,
      cell.locality,
      cell.phase,
      inputs.travel.limits[cell.phase],
      inputs.travel.weights[cell.phase],
      targets,
      false,
      'independent',
    );
  });
  return b.build();
}

/** The outreach network: suppliers' capacity, reach within the outreach travel limit. */
function buildOutreach(inputs: SufficiencyInputs, reach: Reach, localityIndex: Map<string, number>): SufficiencyModel['outreach'] {
  const merged = new Map<string, OutreachDemand>();
  for (const d of inputs.outreachDemand) {
    if (d.count <= 0) continue;
    const key = `${d.locality}|${d.category ?? ''}`;
    const existing = merged.get(key);
    if (existing) existing.count += d.count;
    else merged.set(key, { ...d });
  }
  const rows = [...merged.values()];
  const suppliers: OutreachSupplier[] = [];
  inputs.provisions.forEach((p, j) => {
    if (p.kind === 'special-school' && p.outreachCapacity > 0) suppliers.push({ id: p.id, kind: 'special-school', provision: j, locality: null, capacity: p.outreachCapacity });
  });
  for (const t of inputs.outreachTeams) {
    if (t.capacity > 0) suppliers.push({ id: `team-${t.locality}`, kind: 'locality-team', provision: -1, locality: t.locality, capacity: t.capacity });
  }
  const b = new NetworkBuilder();
  const node = suppliers.map((s, si) => b.addPlaces(si, null, s.capacity));
  // Outreach staff travel to schools where children live: reach is weighted like primary and secondary pupils.
  const weight = 1 / (inputs.travel.outreach.minutes ?? 60);
  // The schools each designation (or any) can get outreach from, made once for all its rows.
  const schoolsOf = new Map<string, { target: number; location: { lat: number; lon: number }; node: number }[]>();
  const schoolsFor = (category: OutreachDemand['category']) => {
    const key = category ?? '';
    let list = schoolsOf.get(key);
    if (!list) {
      list = suppliers
        .map((s, si) => ({ s, si }))
        .filter(({ s }) => s.kind === 'special-school' && (category === null || inputs.provisions[s.provision]!.categories.includes(category)))
        .map(({ s, si }) => ({ target: si, location: inputs.provisions[s.provision]!.location, node: node[si]! }));
      schoolsOf.set(key, list);
    }
    return list;
  };
  rows.forEach((q, i) => {
    const l = localityIndex.get(q.locality)!;
    const row = b.addRow(i, q.count, l);
    b.connect(
      row,
      reach,
      l,
      q.locality,
      'primary',
      inputs.travel.outreach,
      weight,
      schoolsFor(q.category),
      false,
      // Outreach demand is merged per locality and designation: no other row has this list here.
      null,
    );
    suppliers.forEach((s, si) => {
      if (s.kind === 'locality-team' && s.locality === q.locality) b.connectDirect(row, si, node[si]!, 'primary');
    });
    // A team serves its whole locality, so a row with a team is not limited by the schools' reach.
    if (suppliers.some((s) => s.kind === 'locality-team' && s.locality === q.locality)) b.rows[row]!.limit = q.count;
  });
  return { rows, suppliers, net: b.build() };
}

/** LP names of a network's rows, nodes and arcs, for the exported stages. */
export function networkNames(inputs: SufficiencyInputs, model: SufficiencyModel, net: PlacementNetwork, what: 'state' | 'independent' | 'outreach') {
  const rowName = (r: number) => {
    if (what === 'outreach') {
      const q = model.outreach.rows[net.rowCell[r]!]!;
      return `${n(q.locality)}.${q.category ?? 'any'}`;
    }
    const c = model.cells[net.rowCell[r]!]!;
    return `${n(c.locality)}.${n(c.category)}.${c.phase}`;
  };
  const targetName = (t: number) =>
    what === 'state' ? n(inputs.provisions[t]!.id) : what === 'independent' ? n(inputs.independent.schools[t]!.id) : n(model.outreach.suppliers[t]!.id);
  const nodeName = (i: number) => {
    const info = net.nodes[i]!;
    return info.kind === 'places'
      ? `places.${targetName(info.target)}${info.phase ? `.${info.phase}` : ''}`
      : `reach.${n(info.locality)}.${info.phase}.${targetName(info.target)}`;
  };
  const prefix = what === 'state' ? 'place' : what === 'independent' ? 'independent' : 'support';
  return {
    row: (r: number) => `${what === 'outreach' ? 'supported' : 'placed'}.${rowName(r)}`,
    shortfall: (r: number) => `${what === 'outreach' ? 'unsupported' : 'short'}.${rowName(r)}`,
    node: nodeName,
    arc: (a: number) => `${prefix}.${rowName(net.network.arcs[a]!.row)}.${targetName(net.arcs[a]!.target)}`,
  };
}

/**
 * Stage 2 as a convex QP any QP solver reads (CPLEX LP format with a quadratic objective): minimise
 * sum_r s_r^2 / D_r over the flows, s_r the row's shortfall. Its unique s is the fair-share stage's
 * answer; tests solve it with HiGHS and compare row by row.
 */
export function sharingQp(net: PlacementNetwork, names: ReturnType<typeof networkNames>, modelName: string): { model: LpModel; quadratic: { vars: number[]; coefs: number[] } } {
  const b = new LpModelBuilder(modelName);
  const { network } = net;
  const rowVars: number[][] = network.rows.map(() => []);
  const nodeVars: number[][] = network.nodes.map(() => []);
  network.arcs.forEach((a, k) => {
    const v = b.addVariable(names.arc(k), 0);
    rowVars[a.row]!.push(v);
    for (let i = a.node; i >= 0; i = network.nodes[i]!.parent) nodeVars[i]!.push(v);
  });
  const shortVars = network.rows.map((row, r) => b.addVariable(names.shortfall(r), 0, { lower: row.demand - Math.min(row.limit, row.demand) }));
  network.rows.forEach((row, r) => {
    const vars = [...rowVars[r]!, shortVars[r]!];
    b.addRow(names.row(r), 'eq', row.demand, vars, vars.map(() => 1));
  });
  network.nodes.forEach((node, i) => {
    const vars = nodeVars[i]!;
    if (vars.length && node.capacity < Infinity) b.addRow(names.node(i), 'le', node.capacity, vars, vars.map(() => 1));
  });
  return { model: b.build(), quadratic: { vars: shortVars, coefs: network.rows.map((row) => 2 / row.demand) } };
}
