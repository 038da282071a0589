/**
 * One year of a path in the council's terms: the pupils who kept their placements and those the
 * year's stages placed, together, as a single-year result (rows per locality, category and phase;
 * provisions; totals) with what was kept shown beside what was new. Whole pupils are rounded as in
 * a single-year run (whole-pupils.ts): rows add up to the county, parts to their row.
 */
import type { Phase } from '../../phases.js';
import { placesInPhase } from '../build-model.js';
import type { Category, SupplyProvision } from '../inputs.js';
import { weightedMean, weightedQuantile, type InterpretedSolution } from '../interpret.js';
import type { LocalityRow } from '../result.js';
import { MODEL_VERSION, type RunMeta } from '../run-identity.js';
import { largestRemainder, wholeRow } from '../whole-pupils.js';
import { sumOf } from './carry.js';
import { cellKey, type PathInputs } from './path-inputs.js';
import type { PathLocalityRow, PathProvisionRow, PathSupplyChange, PathYear, PathYearResult } from './path-result.js';
import type { PathStep } from './path-step.js';

const EPS = 1e-6;
const r4 = (x: number) => {
  const v = Math.round(x * 1e4) / 1e4;
  return Object.is(v, -0) ? 0 : v;
};
const nullableR4 = (x: number | null) => (x === null || Number.isNaN(x) ? null : r4(x));

export interface YearFigures {
  year: Omit<PathYear, 'band'>;
  /** Whole shortfall per cell key, for the band. */
  rowShortfall: Map<string, number>;
  /** Whole shortfall per locality, for the band. */
  localityShortfall: Map<string, number>;
  supplyChanges: PathSupplyChange[];
}

/** Places opened and closed from one year's admitting provisions to the next, provision by provision. */
export function supplyChangesBetween(year: number, before: SupplyProvision[] | null, after: SupplyProvision[], staying: Map<string, number>): PathSupplyChange[] {
  if (!before) return [];
  const prior = new Map(before.map((p) => [p.id, p]));
  const now = new Map(after.map((p) => [p.id, p]));
  const out: PathSupplyChange[] = [];
  for (const id of new Set([...prior.keys(), ...now.keys()])) {
    const b = prior.get(id);
    const a = now.get(id);
    const p = (a ?? b)!;
    const phases = [...new Set([...(b?.phases ?? []), ...(a?.phases ?? [])])];
    const placesBefore = b ? phases.reduce((s, ph) => s + placesInPhase(b, ph), 0) : 0;
    const placesAfter = a ? phases.reduce((s, ph) => s + placesInPhase(a, ph), 0) : 0;
    if (Math.abs(placesAfter - placesBefore) < 1e-9 && !!a === !!b) continue;
    const change = !b ? 'opened' : !a ? 'closed' : placesAfter > placesBefore ? 'more-places' : 'fewer-places';
    out.push({
      year,
      provision: id,
      name: p.name,
      kind: p.kind,
      locality: p.locality,
      change,
      phases,
      placesBefore: r4(placesBefore),
      placesAfter: r4(placesAfter),
      staying: r4(change === 'closed' || change === 'fewer-places' ? (staying.get(id) ?? 0) : 0),
      // A year is assembled from the register up, so a provision's own change text counts from the register's places: keep its reason only.
      note:
        change === 'closed'
          ? 'closed to admissions: pupils placed earlier stay until their next transition'
          : (a ?? b)!.changes.map((c) => c.replace(/^places [\d.]+ -> [\d.]+ ?/, '').replace(/^opened ?/, '').replace(/^\((.*)\)$/, '$1')).filter(Boolean).join('; '),
    });
  }
  return out.sort((x, y) => x.change.localeCompare(y.change) || x.name.localeCompare(y.name));
}

interface ExactRow {
  key: string;
  locality: string;
  localityName: string;
  category: Category;
  phase: Phase;
  demand: number;
  stayed: number;
  stayedIndependent: number;
  newDemand: number;
  entering: number;
  placedLocal: number;
  placedElsewhere: number;
  placedBeyondLimit: number;
  placedIndependent: number;
  placedOutOfArea: number;
  unmet: number;
  notCommissioned: number;
  km: { value: number; weight: number }[];
  minutes: { value: number; weight: number }[];
  independentMinutes: { value: number; weight: number }[];
  interpreted: LocalityRow | null;
}

export function combineYear(
  path: PathInputs,
  step: PathStep,
  interpreted: InterpretedSolution,
  previousProvisions: SupplyProvision[] | null,
  options: { meta: RunMeta; inputsHash: string; full: boolean },
): { result: PathYearResult | null; figures: YearFigures } {
  const y = path.years[step.t]!;
  const names = new Map(path.localities.map((l) => [l.code, l.name]));
  const { solved } = step;
  const { model } = solved;
  const residualIndex = new Map(model.cells.map((c, i) => [cellKey(c), i]));
  const stateArcs = model.cells.map(() => [] as number[]);
  solved.state.net.arcs.forEach((a, k) => stateArcs[a.cell]!.push(k));
  const independentArcs = model.cells.map(() => [] as number[]);
  solved.independent.net.arcs.forEach((a, k) => independentArcs[a.cell]!.push(k));
  const provisions = step.residualInputs.provisions;

  // Rows: every cell with demand this year, kept and new placements together.
  const rows: ExactRow[] = step.demand.map((cell) => {
    const key = cellKey(cell);
    const row: ExactRow = {
      key,
      locality: cell.locality,
      localityName: names.get(cell.locality) ?? cell.locality,
      category: cell.category,
      phase: cell.phase,
      demand: cell.count,
      stayed: 0,
      stayedIndependent: 0,
      newDemand: 0,
      entering: cell.byAge[0] ?? 0,
      placedLocal: 0,
      placedElsewhere: 0,
      placedBeyondLimit: 0,
      placedIndependent: 0,
      placedOutOfArea: 0,
      unmet: 0,
      notCommissioned: 0,
      km: [],
      minutes: [],
      independentMinutes: [],
      interpreted: null,
    };
    const kept = step.staying.get(key);
    if (kept) {
      for (const p of kept.state.values()) {
        const n = sumOf(p.byAge);
        row.stayed += n;
        if (p.locality === cell.locality) row.placedLocal += n;
        else row.placedElsewhere += n;
        row.placedBeyondLimit += n * p.beyond;
        row.km.push({ value: p.km, weight: n });
        row.minutes.push({ value: p.minutes, weight: n });
      }
      for (const p of kept.independent.values()) {
        const n = sumOf(p.byAge);
        row.stayedIndependent += n;
        row.independentMinutes.push({ value: p.minutes, weight: n });
      }
      const outside = sumOf(kept.outOfArea);
      row.stayedIndependent += outside;
      row.placedOutOfArea += outside;
    }
    row.placedIndependent = row.stayedIndependent;
    const i = residualIndex.get(key);
    if (i !== undefined) {
      row.newDemand = model.cells[i]!.count;
      for (const k of stateArcs[i]!) {
        const flow = solved.state.flow[k]!;
        if (flow <= 1e-9) continue;
        const a = solved.state.net.arcs[k]!;
        if (provisions[a.target]!.locality === cell.locality) row.placedLocal += flow;
        else row.placedElsewhere += flow;
        row.placedBeyondLimit += flow * a.beyond;
        row.km.push({ value: a.km, weight: flow });
        row.minutes.push({ value: a.minutes, weight: flow });
      }
      let inArea = 0;
      for (const k of independentArcs[i]!) {
        const flow = solved.independent.flow[k]!;
        inArea += flow;
        row.independentMinutes.push({ value: solved.independent.net.arcs[k]!.minutes, weight: flow });
      }
      const independent = solved.independentByCell[i]!;
      row.placedIndependent += independent;
      row.placedOutOfArea += Math.max(0, independent - inArea);
      row.unmet = solved.unmetByCell[i]!;
      row.notCommissioned = model.notCommissioned[i] ? model.cells[i]!.count : 0;
      row.interpreted = interpreted.byLocality[i]!;
    }
    return row;
  });

  // Whole pupils: row demands by largest remainder over all rows, then each row's parts within it.
  const wholeDemand = largestRemainder(rows.map((r) => r.demand));
  const byLocality: PathLocalityRow[] = rows.map((e, i) => {
    const whole = wholeRow(e, wholeDemand[i]!);
    const [stayed] = largestRemainder([e.stayed, e.placedLocal + e.placedElsewhere - e.stayed], whole.placedLocal + whole.placedElsewhere);
    const [stayedIndependent] = largestRemainder([e.stayedIndependent, e.placedIndependent - e.stayedIndependent], whole.placedIndependent);
    const [newDemand] = largestRemainder([e.newDemand, e.demand - e.newDemand], wholeDemand[i]!);
    const shortfall = e.placedIndependent + e.unmet;
    const placed = e.placedLocal + e.placedElsewhere;
    const eligible = e.demand - e.notCommissioned;
    const own = e.interpreted;
    const newShortfall = own ? own.shortfall : 0;
    const basis: PathLocalityRow['shortfallBasis'] = own && (newShortfall > 1e-4 || own.shortfallBasis === 'not-commissioned') ? own.shortfallBasis : shortfall > 1e-4 ? 'placed-earlier' : 'none';
    return {
      locality: e.locality,
      localityName: e.localityName,
      category: e.category,
      phase: e.phase,
      year: y.year,
      demand: r4(e.demand),
      placedLocal: r4(e.placedLocal),
      placedElsewhere: r4(e.placedElsewhere),
      placedBeyondLimit: r4(e.placedBeyondLimit),
      placedIndependent: r4(e.placedIndependent),
      placedOutOfArea: r4(e.placedOutOfArea),
      unmet: r4(e.unmet),
      notCommissioned: r4(e.notCommissioned),
      shortfall: r4(shortfall),
      placedShare: eligible > EPS ? nullableR4(placed / eligible) : null,
      reachShare: own?.reachShare ?? null,
      meanKm: nullableR4(weightedMean(e.km)),
      p95Km: nullableR4(weightedQuantile(e.km, 0.95)),
      meanMinutes: nullableR4(weightedMean(e.minutes)),
      p95Minutes: nullableR4(weightedQuantile(e.minutes, 0.95)),
      independentMeanMinutes: nullableR4(weightedMean(e.independentMinutes)),
      valueOfLocalPlace: own && newShortfall > EPS ? own.valueOfLocalPlace : 0,
      valueOfLocalPlaceMeaning:
        own && newShortfall > EPS ? own.valueOfLocalPlaceMeaning : 'none: every pupil of this row needing a place this year has one in reach (pupils placed earlier keep theirs)',
      shortfallBasis: basis,
      stayed: r4(e.stayed),
      stayedIndependent: r4(e.stayedIndependent),
      newDemand: r4(e.newDemand),
      entering: r4(e.entering),
      band: null,
      whole: {
        ...whole,
        stayed: stayed!,
        stayedIndependent: stayedIndependent!,
        newDemand: newDemand!,
      },
    };
  });

  // Provisions: those admitting (places open to admissions), those closed with pupils staying, independent schools.
  const stayedAt = new Map<string, Partial<Record<Phase, number>>>();
  const stayedIndependentAt = new Map<string, number>();
  for (const c of step.staying.values()) {
    for (const p of c.state.values()) {
      const at = stayedAt.get(p.id) ?? stayedAt.set(p.id, {}).get(p.id)!;
      at[c.phase] = (at[c.phase] ?? 0) + sumOf(p.byAge);
    }
    for (const p of c.independent.values()) stayedIndependentAt.set(p.id, (stayedIndependentAt.get(p.id) ?? 0) + sumOf(p.byAge));
  }
  const stayedTotal = (id: string) => Object.values(stayedAt.get(id) ?? {}).reduce((s, v) => s + (v ?? 0), 0);
  const stateCount = y.provisions.length;
  const admittingRows: PathProvisionRow[] = interpreted.provisions.slice(0, stateCount).map((row, j) => {
    const p = y.provisions[j]!;
    const kept = stayedAt.get(p.id) ?? {};
    const usedByPhase = Object.fromEntries(p.phases.map((ph) => [ph, r4((row.usedByPhase[ph] ?? 0) + (kept[ph] ?? 0))]));
    const used = row.used + stayedTotal(p.id);
    const known = p.placesBasis !== 'estimate';
    return { ...row, used: r4(used), usedByPhase, utilisation: known && p.places > 0 ? r4(used / p.places) : null, admitting: true, stayed: r4(stayedTotal(p.id)) };
  });
  const closedRows: PathProvisionRow[] = step.closed.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    locality: p.locality,
    categories: p.categories,
    phases: p.phases,
    capacity: 0,
    capacityByPhase: Object.fromEntries(p.phases.map((ph) => [ph, 0])),
    capacityBasis: p.placesBasis,
    capacityNote: `closed to admissions in ${y.year}: no places for new pupils; ${p.placesNote}`,
    used: r4(stayedTotal(p.id)),
    usedByPhase: Object.fromEntries(p.phases.map((ph) => [ph, r4(stayedAt.get(p.id)?.[ph] ?? 0)])),
    usedWhole: 0,
    utilisation: null,
    utilisationNote: 'closed to admissions: its pupils stay until their next transition',
    valuePerPlace: 0,
    valueMeaning: 'none: closed to admissions',
    outreachCapacity: 0,
    outreachUsed: 0,
    designationNote: p.designationNote ?? null,
    s41: null,
    changes: [...p.changes, `closed to admissions in ${y.year}; pupils placed earlier stay until their next transition`],
    admitting: false,
    stayed: r4(stayedTotal(p.id)),
  }));
  const independentRows: PathProvisionRow[] = interpreted.provisions.slice(stateCount).map((row) => {
    const kept = stayedIndependentAt.get(row.id) ?? 0;
    return { ...row, used: r4(row.used + kept), admitting: true, stayed: r4(kept) };
  });
  const allProvisions = [...admittingRows, ...closedRows, ...independentRows];
  const usedWhole = largestRemainder(allProvisions.map((p) => p.used));
  allProvisions.forEach((p, i) => (p.usedWhole = usedWhole[i]!));

  // Totals and the year's figures.
  const sum = (f: (r: ExactRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const wsum = (f: (r: PathLocalityRow) => number) => byLocality.reduce((s, r) => s + f(r), 0);
  const placedIndependent = sum((r) => r.placedIndependent);
  const outOfArea = sum((r) => r.placedOutOfArea);
  const allKm = rows.flatMap((r) => r.km);
  const allMinutes = rows.flatMap((r) => r.minutes);
  const stateUsed = [...admittingRows, ...closedRows].reduce((s, p) => s + p.used, 0);
  const stateUsedWhole = usedWhole.slice(0, admittingRows.length + closedRows.length).reduce((s, u) => s + u, 0);
  const shortfallWhere = (basis: string) => r4(byLocality.reduce((s, r) => s + (r.shortfallBasis === basis ? r.shortfall : 0), 0));
  const it = interpreted.totals;
  const totals: PathYearResult['totals'] = {
    demand: r4(sum((r) => r.demand)),
    placedLocal: r4(sum((r) => r.placedLocal)),
    placedElsewhere: r4(sum((r) => r.placedElsewhere)),
    placedBeyondLimit: r4(sum((r) => r.placedBeyondLimit)),
    placedIndependent: r4(placedIndependent),
    placedOutOfArea: r4(outOfArea),
    unmet: r4(sum((r) => r.unmet)),
    notCommissioned: r4(sum((r) => r.notCommissioned)),
    shortfall: r4(placedIndependent + sum((r) => r.unmet)),
    independentCost: Math.round(placedIndependent * path.independent.costPerPlace),
    places: r4(y.provisions.reduce((s, p) => s + p.places, 0)),
    placesUsed: r4(stateUsed),
    outreachDemand: it.outreachDemand,
    outreachSupplied: it.outreachSupplied,
    outreachUnmet: it.outreachUnmet,
    meanKm: nullableR4(weightedMean(allKm)),
    meanMinutes: nullableR4(weightedMean(allMinutes)),
    p95Minutes: nullableR4(weightedQuantile(allMinutes, 0.95)),
    shortfallOnAssumedPlaces: shortfallWhere('assumed-places'),
    shortfallWithNoProvisionInReach: shortfallWhere('no-provision-in-reach'),
    whole: {
      demand: wsum((r) => r.whole.demand),
      placedLocal: wsum((r) => r.whole.placedLocal),
      placedElsewhere: wsum((r) => r.whole.placedElsewhere),
      placedBeyondLimit: wsum((r) => r.whole.placedBeyondLimit),
      placedIndependent: wsum((r) => r.whole.placedIndependent),
      placedOutOfArea: wsum((r) => r.whole.placedOutOfArea),
      unmet: wsum((r) => r.whole.unmet),
      notCommissioned: wsum((r) => r.whole.notCommissioned),
      placesUsed: stateUsedWhole,
      outreachDemand: it.whole.outreachDemand,
      outreachSupplied: it.whole.outreachSupplied,
      outreachUnmet: it.whole.outreachUnmet,
    },
  };
  const byCategory = new Map<string, { category: Category; phase: Phase; placements: number }>();
  for (const r of rows) {
    if (r.placedIndependent <= EPS) continue;
    const k = `${r.category}|${r.phase}`;
    const entry = byCategory.get(k) ?? byCategory.set(k, { category: r.category, phase: r.phase, placements: 0 }).get(k)!;
    entry.placements += r.placedIndependent;
  }

  const stayingInClosed = closedRows.reduce((s, p) => s + p.used, 0);
  const stayedAll = new Map([...stayedAt].map(([id, ph]) => [id, Object.values(ph).reduce((s, v) => s + (v ?? 0), 0)]));
  const supplyChanges = supplyChangesBetween(y.year, previousProvisions, y.provisions, stayedAll);
  const placesOf = (list: SupplyProvision[]) => new Map(list.flatMap((p) => p.phases.map((ph) => [`${p.id}|${ph}`, placesInPhase(p, ph)] as const)));
  let placesOpened = 0;
  let placesClosed = 0;
  if (previousProvisions) {
    const before = placesOf(previousProvisions);
    const after = placesOf(y.provisions);
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const d = (after.get(key) ?? 0) - (before.get(key) ?? 0);
      if (d > 0) placesOpened += d;
      else placesClosed -= d;
    }
  }
  const exact = {
    demand: sum((r) => r.demand),
    placedState: sum((r) => r.placedLocal + r.placedElsewhere),
    stayed: sum((r) => r.stayed),
    placedNew: sum((r) => r.placedLocal + r.placedElsewhere - r.stayed),
    placedIndependent,
    stayedIndependent: sum((r) => r.stayedIndependent),
    placedOutOfArea: outOfArea,
    unmet: sum((r) => r.unmet),
    notCommissioned: sum((r) => r.notCommissioned),
    shortfall: placedIndependent + sum((r) => r.unmet),
    entering: sum((r) => r.entering),
    leftAtTransition: step.leftAtTransition,
    plansCeased: step.plansCeased,
    stayingInClosed,
  };
  const wholeYear = {
    demand: totals.whole.demand,
    placedState: totals.whole.placedLocal + totals.whole.placedElsewhere,
    stayed: wsum((r) => r.whole.stayed),
    placedNew: totals.whole.placedLocal + totals.whole.placedElsewhere - wsum((r) => r.whole.stayed),
    placedIndependent: totals.whole.placedIndependent,
    stayedIndependent: wsum((r) => r.whole.stayedIndependent),
    placedOutOfArea: totals.whole.placedOutOfArea,
    unmet: totals.whole.unmet,
    notCommissioned: totals.whole.notCommissioned,
    shortfall: totals.whole.placedIndependent + totals.whole.unmet,
    entering: Math.round(exact.entering),
    leftAtTransition: Math.round(exact.leftAtTransition),
    plansCeased: Math.round(exact.plansCeased),
    stayingInClosed: usedWhole.slice(admittingRows.length, admittingRows.length + closedRows.length).reduce((s, u) => s + u, 0),
  };
  const year: YearFigures['year'] = {
    year: y.year,
    designationSet: y.designationSet,
    ...(Object.fromEntries(Object.entries(exact).map(([k, v]) => [k, r4(v)])) as typeof exact),
    independentCost: totals.independentCost,
    places: totals.places,
    placesUsed: totals.placesUsed,
    placesOpened: r4(placesOpened),
    placesClosed: r4(placesClosed),
    whole: wholeYear,
  };
  const rowShortfall = new Map(byLocality.map((r) => [cellKey(r), r.whole.placedIndependent + r.whole.unmet]));
  const localityShortfall = new Map<string, number>();
  for (const r of byLocality) localityShortfall.set(r.locality, (localityShortfall.get(r.locality) ?? 0) + r.whole.placedIndependent + r.whole.unmet);
  const figures: YearFigures = { year, rowShortfall, localityShortfall, supplyChanges };
  if (!options.full) return { result: null, figures };

  const stages = solved.stages;
  const buildMs = stages.find((s) => s.stage === 'build')?.ms ?? 0;
  const { meta } = options;
  const result: PathYearResult = {
    scenarioId: meta.scenarioId,
    scenarioName: meta.scenarioName,
    year: y.year,
    level: path.level,
    designationSet: y.designationSet,
    solver: {
      name: solved.journeyLp.decision?.solver ?? 'highs',
      reason: solved.journeyLp.decision?.reason ?? 'nothing to solve',
      buildMs,
      solveMs: Math.round((step.ms - buildMs) * 10) / 10,
      rows: solved.journeyLp.size.rows,
      variables: solved.journeyLp.size.variables,
      nonZeros: solved.journeyLp.size.nonZeros,
      stages,
    },
    inputsHash: options.inputsHash,
    modelVersion: MODEL_VERSION,
    totals,
    byLocality,
    provisions: allProvisions,
    placeValues: interpreted.placeValues,
    outreach: interpreted.outreach,
    independent: {
      placements: r4(placedIndependent),
      inArea: r4(placedIndependent - outOfArea),
      outOfArea: r4(outOfArea),
      cost: totals.independentCost,
      costPerPlace: path.independent.costPerPlace,
      capacity: y.independentCapacity,
      byCategory: [...byCategory.values()].map((e) => ({ ...e, placements: r4(e.placements) })),
    },
    calibration: null,
    scenarioInputs: meta.scenarioInputs,
    assumptions: meta.assumptions,
    notes: [],
    warnings: solved.fallbacks > 0 ? [`fair share: ${solved.fallbacks} step(s) kept a maximum flow's own values where rounding hid the cut (differences below 1e-6 pupils)`] : [],
  };
  return { result, figures };
}
