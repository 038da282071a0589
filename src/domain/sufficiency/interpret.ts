/**
 * Reads the solved stages back into the council's terms: per locality x category x phase, how many
 * pupils are placed locally, elsewhere, independently or not at all, how far they travel and what one
 * more place there would save in pounds a year; per provision, how full it is (where its places are
 * known) and what one more place would save; per locality, outreach. Every table carries whole
 * pupils rounded so that it adds up (whole-pupils.ts); exact values stay alongside.
 */
import type { Phase } from '../phases.js';
import { pounds } from '../units.js';
import { isSrpCategory, type Category, type SufficiencyInputs, type SupplyProvision } from './inputs.js';
import type { LocalityRow, OutreachRow, ProvisionRow, SufficiencyResult } from './result.js';
import type { SolvedStages } from './solved-stages.js';
import { largestRemainder, wholeRow } from './whole-pupils.js';

const EPS = 1e-6;
/** Rounds for presentation. */
const r4 = (x: number) => {
  const v = Math.round(x * 1e4) / 1e4;
  return Object.is(v, -0) ? 0 : v;
};
const nullableR4 = (x: number | null) => (x === null || Number.isNaN(x) ? null : r4(x));

export function weightedQuantile(pairs: { value: number; weight: number }[], q: number): number | null {
  const total = pairs.reduce((s, p) => s + p.weight, 0);
  if (total <= EPS) return null;
  const sorted = [...pairs].sort((a, b) => a.value - b.value);
  let cumulative = 0;
  for (const p of sorted) {
    cumulative += p.weight;
    if (cumulative >= q * total - 1e-9) return p.value;
  }
  return sorted[sorted.length - 1]!.value;
}

export function weightedMean(pairs: { value: number; weight: number }[]): number | null {
  const total = pairs.reduce((s, p) => s + p.weight, 0);
  return total <= EPS ? null : pairs.reduce((s, p) => s + p.value * p.weight, 0) / total;
}

/** Pounds a year one more place of a category saves when it places a child who has none. */
export function valueOfPlace(category: Category, inputs: SufficiencyInputs): { value: number; meaning: string } {
  const { specialSchoolPlace, srpPlace } = inputs.costs;
  const independent = inputs.independent.costPerPlace;
  if (isSrpCategory(category)) {
    return {
      value: specialSchoolPlace - srpPlace,
      meaning: `places a pupil who has no SRP place in reach: ${pounds(specialSchoolPlace)} (a special-school place, taken to be the alternative) less ${pounds(srpPlace)} (an SRP place) a year`,
    };
  }
  if (!inputs.independent.categories.includes(category)) {
    return { value: 0, meaning: 'places a pupil who otherwise has no suitable place (no independent fallback for this category, so no saving in pounds is counted)' };
  }
  return {
    value: independent - specialSchoolPlace,
    meaning: `avoids an independent placement: ${pounds(independent)} less ${pounds(specialSchoolPlace)} (a special-school place) a year`,
  };
}

const NO_VALUE = 'none: no pupil in reach of these places is without one (another place would only shorten journeys)';

export type InterpretedSolution = Pick<SufficiencyResult, 'totals' | 'byLocality' | 'provisions' | 'placeValues' | 'outreach' | 'independent'>;

export function interpretSolution(inputs: SufficiencyInputs, solved: SolvedStages): InterpretedSolution {
  const { model } = solved;
  const names = new Map(inputs.localities.map((l) => [l.code, l.name]));
  const provisions = inputs.provisions;

  // State placements by cell, and use of each provision by phase.
  const state = solved.state;
  const arcsByCell: number[][] = model.cells.map(() => []);
  state.net.arcs.forEach((a, k) => arcsByCell[a.cell]!.push(k));
  const usedBy = provisions.map(() => ({ primary: 0, secondary: 0, post16: 0 }) as Record<Phase, number>);
  state.net.arcs.forEach((a, k) => (usedBy[a.target]![a.phase] += state.flow[k]!));
  const independentArcsByCell: number[][] = model.cells.map(() => []);
  solved.independent.net.arcs.forEach((a, k) => independentArcsByCell[a.cell]!.push(k));
  const independentUsed = new Float64Array(inputs.independent.schools.length);
  solved.independent.net.arcs.forEach((a, k) => (independentUsed[a.target]! += solved.independent.flow[k]!));

  const rows = model.cells.map((cell, i) => {
    let placedLocal = 0;
    let placedElsewhere = 0;
    let placedBeyondLimit = 0;
    const km: { value: number; weight: number }[] = [];
    const minutes: { value: number; weight: number }[] = [];
    for (const k of arcsByCell[i]!) {
      const flow = state.flow[k]!;
      if (flow <= 1e-9) continue;
      const a = state.net.arcs[k]!;
      if (provisions[a.target]!.locality === cell.locality) placedLocal += flow;
      else placedElsewhere += flow;
      placedBeyondLimit += flow * a.beyond;
      km.push({ value: a.km, weight: flow });
      minutes.push({ value: a.minutes, weight: flow });
    }
    const independentMinutes = independentArcsByCell[i]!.map((k) => ({ value: solved.independent.net.arcs[k]!.minutes, weight: solved.independent.flow[k]! }));
    const inArea = independentArcsByCell[i]!.reduce((s, k) => s + solved.independent.flow[k]!, 0);
    const notCommissioned = model.notCommissioned[i] ? cell.count : 0;
    const stateRow = model.stateRow[i]!;
    const placed = stateRow >= 0 ? state.placed[stateRow]! : 0;
    const independent = solved.independentByCell[i]!;
    const unmet = solved.unmetByCell[i]!;
    const shortfall = independent + unmet;
    const reachShare = stateRow >= 0 ? Math.min(1, state.net.network.rows[stateRow]!.limit / cell.count) : null;
    const reachable = stateRow >= 0 ? arcsByCell[i]!.map((k) => provisions[state.net.arcs[k]!.target]!) : [];
    const shortfallBasis: LocalityRow['shortfallBasis'] = notCommissioned
      ? 'not-commissioned'
      : shortfall <= 1e-4
        ? 'none'
        : reachable.length === 0
          ? 'no-provision-in-reach'
          : reachable.some((p) => p.placesBasis === 'assumption')
            ? 'assumed-places'
            : 'known-places';
    const value = shortfall > EPS ? valueOfPlace(cell.category, inputs) : { value: 0, meaning: notCommissioned ? 'none: not commissioned' : 'none: every pupil of this row has a place in reach' };
    const eligible = cell.count - notCommissioned;
    return {
      exact: {
        locality: cell.locality,
        localityName: names.get(cell.locality) ?? cell.locality,
        category: cell.category,
        phase: cell.phase,
        demand: cell.count,
        placedLocal,
        placedElsewhere,
        placedBeyondLimit,
        placedIndependent: independent,
        placedOutOfArea: Math.max(0, independent - inArea),
        unmet,
        notCommissioned,
        shortfall,
        placedShare: eligible > EPS ? placed / eligible : null,
        reachShare,
        meanKm: weightedMean(km),
        p95Km: weightedQuantile(km, 0.95),
        meanMinutes: weightedMean(minutes),
        p95Minutes: weightedQuantile(minutes, 0.95),
        independentMeanMinutes: weightedMean(independentMinutes),
        valueOfLocalPlace: value.value,
        valueOfLocalPlaceMeaning: value.meaning,
        shortfallBasis,
      },
    };
  });

  // Whole pupils: row demands by largest remainder over all rows, then each row's parts within it.
  const wholeDemand = largestRemainder(rows.map((r) => r.exact.demand));
  const byLocality: LocalityRow[] = rows.map(({ exact: e }, i) => {
    return {
      ...e,
      demand: r4(e.demand),
      placedLocal: r4(e.placedLocal),
      placedElsewhere: r4(e.placedElsewhere),
      placedBeyondLimit: r4(e.placedBeyondLimit),
      placedIndependent: r4(e.placedIndependent),
      placedOutOfArea: r4(e.placedOutOfArea),
      unmet: r4(e.unmet),
      notCommissioned: r4(e.notCommissioned),
      shortfall: r4(e.shortfall),
      placedShare: nullableR4(e.placedShare),
      reachShare: nullableR4(e.reachShare),
      meanKm: nullableR4(e.meanKm),
      p95Km: nullableR4(e.p95Km),
      meanMinutes: nullableR4(e.meanMinutes),
      p95Minutes: nullableR4(e.p95Minutes),
      independentMeanMinutes: nullableR4(e.independentMeanMinutes),
      valueOfLocalPlace: Math.round(e.valueOfLocalPlace),
      whole: wholeRow(e, wholeDemand[i]!),
    };
  });

  // Provisions: state ones, then the independent schools.
  const provisionValue = (p: SupplyProvision, j: number): { value: number; meaning: string; phases: Phase[] } => {
    const phases = p.phases.filter((ph) => {
      const node = model.placesNode[ph][j]!;
      return node >= 0 && state.binding[node] === 1;
    });
    if (!phases.length) return { value: 0, meaning: NO_VALUE, phases };
    const v = valueOfPlace(p.categories[0]!, inputs);
    return { value: v.value, meaning: `${v.meaning} (${phases.join(', ')})`, phases };
  };
  const usedTotals = [...usedBy.map((u) => u.primary + u.secondary + u.post16), ...independentUsed];
  const usedWhole = largestRemainder(usedTotals);
  const stateRows: ProvisionRow[] = provisions.map((p, j) => {
    const used = usedTotals[j]!;
    const v = provisionValue(p, j);
    const known = p.placesBasis !== 'estimate';
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      locality: p.locality,
      categories: p.categories,
      phases: p.phases,
      capacity: r4(p.places),
      capacityByPhase: Object.fromEntries(p.phases.map((ph) => [ph, r4(placesOf(p, ph))])),
      capacityBasis: p.placesBasis,
      capacityNote: p.placesByPhaseNote ? `${p.placesNote}; ${p.placesByPhaseNote}` : p.placesNote,
      used: r4(used),
      usedByPhase: Object.fromEntries(p.phases.map((ph) => [ph, r4(usedBy[j]![ph])])),
      usedWhole: usedWhole[j]!,
      utilisation: known && p.places > 0 ? r4(used / p.places) : null,
      utilisationNote: !known
        ? 'unknown: places are taken to be the pupils on roll (an estimate), so a full school would show 100% by construction'
        : p.placesBasis === 'assumption'
          ? 'against assumed places'
          : 'against published places',
      valuePerPlace: Math.round(v.value),
      valueMeaning: v.meaning,
      outreachCapacity: r4(p.outreachCapacity),
      outreachUsed: 0,
      designationNote: p.designationNote ?? null,
      s41: null,
      changes: p.changes,
    };
  });
  const independentRows: ProvisionRow[] = inputs.independent.schools.map((s, k) => ({
    id: s.id,
    name: `${s.name}${s.la === 'Medway' ? ' (Medway)' : ''}`,
    kind: s.kind,
    locality: s.locality,
    categories: inputs.independent.categories,
    phases: ['primary', 'secondary', 'post16'],
    capacity: r4(s.places),
    capacityByPhase: {},
    capacityBasis: 'estimate',
    capacityNote: s.placesNote,
    used: r4(independentUsed[k]!),
    usedByPhase: {},
    usedWhole: usedWhole[provisions.length + k]!,
    utilisation: null,
    utilisationNote: "unknown: places are taken to be the school's roll, which includes other authorities' pupils",
    valuePerPlace: null,
    valueMeaning: 'none in pounds: an independent place in reach instead of one further away',
    outreachCapacity: 0,
    outreachUsed: 0,
    designationNote: null,
    s41: s.s41,
    changes: [],
  }));

  // Outreach.
  const o = solved.outreach;
  const outreachUsed = new Float64Array(model.outreach.suppliers.length);
  o.net.arcs.forEach((a, k) => (outreachUsed[a.target]! += o.flow[k]!));
  model.outreach.suppliers.forEach((s, si) => {
    if (s.provision >= 0) stateRows[s.provision]!.outreachUsed = r4(outreachUsed[si]!);
  });
  const suppliedByRow = new Float64Array(model.outreach.rows.length);
  o.net.rowCell.forEach((q, r) => (suppliedByRow[q] = o.placed[r]!));
  const outreachDemandWhole = largestRemainder(model.outreach.rows.map((q) => q.count));
  const outreach: OutreachRow[] = model.outreach.rows.map((q, i) => {
    const supplied = suppliedByRow[i]!;
    const [wSupplied, wUnmet] = largestRemainder([supplied, q.count - supplied], outreachDemandWhole[i]!) as [number, number];
    return {
      locality: q.locality,
      localityName: names.get(q.locality) ?? q.locality,
      category: q.category,
      demand: r4(q.count),
      supplied: r4(supplied),
      unmet: r4(Math.max(0, q.count - supplied)),
      whole: { demand: outreachDemandWhole[i]!, supplied: wSupplied, unmet: wUnmet },
    };
  });

  // Independent placements by category and phase.
  const independentBy = new Map<string, { category: Category; phase: Phase; placements: number }>();
  model.cells.forEach((cell, i) => {
    const v = solved.independentByCell[i]!;
    if (v <= EPS) return;
    const key = `${cell.category}|${cell.phase}`;
    const entry = independentBy.get(key) ?? independentBy.set(key, { category: cell.category, phase: cell.phase, placements: 0 }).get(key)!;
    entry.placements += v;
  });

  const sum = (f: (r: LocalityRow) => number) => byLocality.reduce((s, r) => s + f(r), 0);
  const exactSum = (f: (r: (typeof rows)[number]['exact']) => number) => rows.reduce((s, r) => s + f(r.exact), 0);
  const placedIndependent = exactSum((r) => r.placedIndependent);
  const outOfArea = exactSum((r) => r.placedOutOfArea);
  const allKm: { value: number; weight: number }[] = [];
  const allMinutes: { value: number; weight: number }[] = [];
  state.net.arcs.forEach((a, k) => {
    const flow = state.flow[k]!;
    if (flow <= 1e-9) return;
    allKm.push({ value: a.km, weight: flow });
    allMinutes.push({ value: a.minutes, weight: flow });
  });
  const shortfallWhere = (basis: LocalityRow['shortfallBasis']) => r4(rows.reduce((s, r) => s + (r.exact.shortfallBasis === basis ? r.exact.shortfall : 0), 0));
  const outreachDemand = model.outreach.rows.reduce((s, q) => s + q.count, 0);
  const outreachSupplied = suppliedByRow.reduce((s, v) => s + v, 0);

  return {
    byLocality,
    provisions: [...stateRows, ...independentRows],
    placeValues: groupPlaceValues(inputs, stateRows, (j) => provisionValue(provisions[j]!, j).phases),
    outreach,
    independent: {
      placements: r4(placedIndependent),
      inArea: r4(placedIndependent - outOfArea),
      outOfArea: r4(outOfArea),
      cost: Math.round(placedIndependent * inputs.independent.costPerPlace),
      costPerPlace: inputs.independent.costPerPlace,
      capacity: inputs.independent.capacity,
      byCategory: [...independentBy.values()].map((e) => ({ ...e, placements: r4(e.placements) })),
    },
    totals: {
      demand: r4(exactSum((r) => r.demand)),
      placedLocal: r4(exactSum((r) => r.placedLocal)),
      placedElsewhere: r4(exactSum((r) => r.placedElsewhere)),
      placedBeyondLimit: r4(exactSum((r) => r.placedBeyondLimit)),
      placedIndependent: r4(placedIndependent),
      placedOutOfArea: r4(outOfArea),
      unmet: r4(exactSum((r) => r.unmet)),
      notCommissioned: r4(exactSum((r) => r.notCommissioned)),
      shortfall: r4(exactSum((r) => r.shortfall)),
      independentCost: Math.round(placedIndependent * inputs.independent.costPerPlace),
      places: r4(provisions.reduce((s, p) => s + p.places, 0)),
      placesUsed: r4(usedTotals.slice(0, provisions.length).reduce((s, u) => s + u, 0)),
      outreachDemand: r4(outreachDemand),
      outreachSupplied: r4(outreachSupplied),
      outreachUnmet: r4(Math.max(0, outreachDemand - outreachSupplied)),
      meanKm: nullableR4(weightedMean(allKm)),
      meanMinutes: nullableR4(weightedMean(allMinutes)),
      p95Minutes: nullableR4(weightedQuantile(allMinutes, 0.95)),
      shortfallOnAssumedPlaces: shortfallWhere('assumed-places'),
      shortfallWithNoProvisionInReach: shortfallWhere('no-provision-in-reach'),
      whole: {
        demand: sum((r) => r.whole.demand),
        placedLocal: sum((r) => r.whole.placedLocal),
        placedElsewhere: sum((r) => r.whole.placedElsewhere),
        placedBeyondLimit: sum((r) => r.whole.placedBeyondLimit),
        placedIndependent: sum((r) => r.whole.placedIndependent),
        placedOutOfArea: sum((r) => r.whole.placedOutOfArea),
        unmet: sum((r) => r.whole.unmet),
        notCommissioned: sum((r) => r.whole.notCommissioned),
        placesUsed: usedWhole.slice(0, provisions.length).reduce((s, u) => s + u, 0),
        outreachDemand: outreach.reduce((s, q) => s + q.whole.demand, 0),
        outreachSupplied: outreach.reduce((s, q) => s + q.whole.supplied, 0),
        outreachUnmet: outreach.reduce((s, q) => s + q.whole.unmet, 0),
      },
    },
  };
}

const placesOf = (p: SupplyProvision, phase: Phase) => p.placesByPhase[phase] ?? (p.phases.length === 1 && p.phases[0] === phase ? p.places : 0);

const KIND_WORDS: Record<SupplyProvision['kind'], [string, string]> = {
  'special-school': ['special-school place', 'special-school places'],
  srp: ['SRP place', 'SRP places'],
  satellite: ['satellite place', 'satellite places'],
  'unlisted-srp': ['assumed SRP place', 'assumed SRP places'],
  'support-base': ['support-base place', 'support-base places'],
};

/**
 * Provisions where one more place saves money, grouped where they are alike (kind, locality,
 * categories, binding phases and value), largest saving first: "one more assumed SRP place in
 * Dartford (SRP-ASD; secondary; 40 now, all used, at 3 provisions): £8,252 a year".
 */
function groupPlaceValues(inputs: SufficiencyInputs, rows: ProvisionRow[], bindingPhases: (j: number) => Phase[]): SufficiencyResult['placeValues'] {
  const names = new Map(inputs.localities.map((l) => [l.code, l.name]));
  const groups = new Map<string, { kind: SupplyProvision['kind']; locality: string; categories: string; phases: Phase[]; value: number; ids: string[]; places: number; names: string[]; meaning: string }>();
  rows.forEach((row, j) => {
    if (!row.valuePerPlace || row.valuePerPlace <= 0) return;
    const p = inputs.provisions[j]!;
    const phases = bindingPhases(j);
    const key = [p.kind, p.locality, p.categories.join('+'), phases.join('+'), row.valuePerPlace, p.kind === 'special-school' ? p.id : ''].join('|');
    const g =
      groups.get(key) ??
      groups
        .set(key, { kind: p.kind, locality: p.locality, categories: p.categories.join(', '), phases, value: row.valuePerPlace, ids: [], places: 0, names: [], meaning: row.valueMeaning })
        .get(key)!;
    g.ids.push(p.id);
    g.names.push(p.name);
    g.places += phases.reduce((s, ph) => s + placesOf(p, ph), 0);
  });
  return [...groups.values()]
    .map((g) => {
      const places = Math.round(g.places);
      const where = names.get(g.locality) ?? g.locality;
      // "One more place" is what the value is of: the places already there are all in use.
      const what =
        g.kind === 'special-school'
          ? `one more ${KIND_WORDS[g.kind][0]} at ${g.names[0]} (${where}; ${g.categories}; ${g.phases.join(', ')}; ${places} now, all used)`
          : `one more ${KIND_WORDS[g.kind][0]} in ${where} (${g.categories}; ${g.phases.join(', ')}; ${places} now, all used${g.ids.length > 1 ? `, at ${g.ids.length} provisions` : ''})`;
      return {
        description: `${what}: ${pounds(g.value)} a year`,
        provisions: g.ids,
        places: r4(g.places),
        valuePerPlace: g.value,
        meaning: g.meaning.replace(/ \([^()]*\)$/, ''),
      };
    })
    .sort((a, b) => b.valuePerPlace - a.valuePerPlace || b.places - a.places || a.description.localeCompare(b.description));
}
