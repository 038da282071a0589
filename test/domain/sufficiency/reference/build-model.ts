/**
 * REFERENCE, not product code: the network building of build-model.ts as it was before the speed
 * work on the LSOA-level model (commit 2a8e002), kept only so that same-results.test.ts can show
 * that the faster code gives the same answer, bit for bit, in the same test run. Only imports (and
 * a type or two) are changed. When the model's answer is changed on purpose, delete this folder
 * and that test.
 */
import { PHASES, type Phase } from '../../../../src/domain/phases.js';
import { mergeDemand, placesInPhase, validateInputs, type ArcInfo, type NodeInfo, type OutreachSupplier, type PlacementNetwork, type SufficiencyModel } from '../../../../src/domain/sufficiency/build-model.js';
import type { NetworkArc, NetworkNode, NetworkRow } from '../../../../src/domain/sufficiency/flow-network.js';
import { isSrpCategory, type OutreachDemand, type SufficiencyInputs, type TravelLimit } from '../../../../src/domain/sufficiency/inputs.js';
import { Reach } from './reach.js';

const PHASE_INDEX: Record<Phase, number> = { primary: 0, secondary: 1, post16: 2 };

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
  private readonly reachNodes = new Map<number, number>();
  /** Reach of a locality's children of a phase to one list of targets, computed once for all its rows. */
  private readonly reachCache = new Map<string, { reached: ReturnType<Reach['toAll']>; share: number }>();

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
    /** Names the list of targets: rows with the same list (and locality and phase) share the reach computed. */
    listKey: string,
  ) {
    const demand = this.rows[row]!.demand;
    const cell = this.rowCell[row]!;
    const cacheKey = `${l}|${phase}|${listKey}`;
    let cached = this.reachCache.get(cacheKey);
    if (!cached) {
      const reached = reach.toAll(
        l,
        targets.map((t) => t.location),
        phase,
        limit,
        nearestAlways,
      );
      // Each point's reach to the best of the targets: the row's children in reach of anything.
      const union = new Float64Array(reach.localities[l]!.points.length);
      for (const to of reached) for (let i = 0; i < union.length; i++) if (to.within[i]! > union[i]!) union[i] = to.within[i]!;
      cached = { reached, share: reach.share(l, phase, union) };
      this.reachCache.set(cacheKey, cached);
    }
    const { reached, share } = cached;
    targets.forEach((t, ti) => {
      const to = reached[ti]!;
      if (to.fraction <= 0) return;
      let node = t.node;
      if (to.fraction < 1) {
        // One number per (locality, phase, node): nodes stay far below 2^20 (Kent at LSOA level: about 110,000).
        const key = (l * 3 + PHASE_INDEX[phase]) * 1_048_576 + t.node;
        let rn = this.reachNodes.get(key);
        if (rn === undefined) {
          this.nodes.push({ capacity: 0, parent: t.node });
          this.nodeInfo.push({ kind: 'reach', locality, phase, target: t.target });
          rn = this.nodes.length - 1;
          this.reachNodes.set(key, rn);
        }
        this.nodes[rn]!.capacity += to.fraction * demand;
        node = rn;
      }
      this.arcs.push({ row, node });
      this.arcInfo.push({ cell, target: t.target, phase, km: to.km, minutes: to.minutes, cost: weight * to.minutes, reach: to.fraction, beyond: to.beyond });
    });
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
export type ReferenceModel = Omit<SufficiencyModel, 'reach'> & { reach: Reach };

export function buildSufficiencyModel(inputs: SufficiencyInputs): ReferenceModel {
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
  cells.forEach((cell, i) => {
    const candidates = fitting.get(`${cell.category}|${cell.phase}`) ?? [];
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
      candidates.map((j) => ({ target: j, location: inputs.provisions[j]!.location, node: placesNode[cell.phase][j]! })),
      true,
      cell.category,
    );
  });

  return { cells, stateRow, notCommissioned, state: b.build(), placesNode, outreach: buildOutreach(inputs, reach, localityIndex), reach };
}

/**
 * The independent network for the given shortfall per cell: rows are the designation cells the
 * fallback covers with a shortfall; nodes are the located independent schools' places.
 */
export function buildIndependentNetwork(inputs: SufficiencyInputs, model: ReferenceModel, shortfall: ArrayLike<number>): PlacementNetwork {
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
  rows.forEach((q, i) => {
    const l = localityIndex.get(q.locality)!;
    const row = b.addRow(i, q.count, l);
    const schools = suppliers
      .map((s, si) => ({ s, si }))
      .filter(({ s }) => s.kind === 'special-school' && (q.category === null || inputs.provisions[s.provision]!.categories.includes(q.category)));
    b.connect(
      row,
      reach,
      l,
      q.locality,
      'primary',
      inputs.travel.outreach,
      weight,
      schools.map(({ s, si }) => ({ target: si, location: inputs.provisions[s.provision]!.location, node: node[si]! })),
      false,
      `outreach|${q.category ?? 'any'}`,
    );
    suppliers.forEach((s, si) => {
      if (s.kind === 'locality-team' && s.locality === q.locality) b.connectDirect(row, si, node[si]!, 'primary');
    });
    // A team serves its whole locality, so a row with a team is not limited by the schools' reach.
    if (suppliers.some((s) => s.kind === 'locality-team' && s.locality === q.locality)) b.rows[row]!.limit = q.count;
  });
  return { rows, suppliers, net: b.build() };
}

