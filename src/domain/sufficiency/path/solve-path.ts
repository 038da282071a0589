/**
 * A path: the sufficiency model year by year over a horizon, each year linked to the one before by
 * the pupils who keep their placements. Its mathematics is written here, once; each year's stages
 * are the single-year model's (build-model.ts), solved on what is left when the pupils staying are
 * taken out (carry.ts applies the rules; combine-year.ts reports a year).
 *
 * ## Why year by year with carried placements, not one multi-period LP
 * 1. It is how placements happen: each year's admissions are made with the places free that year,
 *    without foresight. A multi-period LP would hold a place empty in 2025 for a pupil of 2027, or
 *    place a child further away now to suit a later cohort: an optimum no council can act out.
 * 2. Issue 12's principle holds every year unchanged: among the pupils needing a place that year,
 *    the fewest without a suitable state place, an unavoidable shortfall shared in proportion to
 *    demand among rows competing for the same places, then the shortest journeys. Each year's stages
 *    have one answer, and what a year carries is a function of the years before, so a path has one
 *    answer too (same inputs, same rows, whichever LP solver).
 * 3. It costs one single-year solve per year (on smaller demand after the first), not a model Y
 *    times larger.
 * What it gives up is looking ahead; the capital plan (issue 15) does, with its own multi-period
 * mixed-integer model on the same demand and supply timelines (timeline.ts).
 *
 * ## Data, per model year t (January of year Y_t)
 * - Cells r = (l, c, p) as in build-model.ts; ages a of phase p (primary 4-10, secondary 11-15,
 *   post-16 16-19, at the start of the school year); D_t(r, a) pupils, from the demand model's single
 *   years of age. A cohort keeps the designation set it was admitted under until its next transition
 *   (assemble-path.ts), so only cohorts at a transition take new admission rules.
 * - Provisions j admitting pupils in t, with places C_t(j, p): the scenario's supply changes in place
 *   in t applied, under the designation set t's admissions follow. A provision closed to admissions
 *   in t (a `close`, an SRP type no longer commissioned, an `open` that has ended) admits no one but
 *   keeps its pupils.
 * - Independent and non-maintained schools k with places Q_k; a cap K_t on independent placements.
 *
 * ## What year t-1 leaves to year t
 * x(r, a, j): pupils of cell r aged a at state provision j in January t-1; z(r, a, k) at independent
 * school k; o(r, a) placed independently outside the area. By January t each is a year older:
 * - at a transition, a = last age of p (10, 15, 19): they leave the placement. They are new demand of
 *   the next phase (Year 7, Year 12) or leave school at 19; Reception entrants have no placement.
 * - otherwise they keep it, in the proportion of their cohort whose plan continues:
 *     kappa_t(r, a) = min(1, D_t(r, a) / D_{t-1}(r, a - 1))      (0 when D_{t-1}(r, a - 1) = 0)
 *     s_t(r, a, j) = kappa_t(r, a) x(r, a - 1, j);   likewise for z and o.
 *   kappa is the demand model's change for the cohort: where its plans fall (plans ceasing), places
 *   are freed pro rata; where they grow (new plans), the growth is new demand.
 * - pupils with no place in t-1 (unmet) have none to keep: they are new demand again.
 * Independent placements move only at transitions, like state ones: a state place freed later does
 * not bring a pupil back from an independent school.
 *
 * ## Year t's stages, on what is left
 *   D'_t(r, a) = D_t(r, a) - sum_j s_t(r, a, j) - sum_k s^z_t(r, a, k) - s^o_t(r, a)     (>= 0)
 *   D'_t(r)    = sum_a D'_t(r, a)                                    the rows' demand
 *   C'_t(j, p) = max(0, C_t(j, p) - sum_{r of phase p, a} s_t(r, a, j))  places free for admissions
 *   Q'_t(k)    = max(0, Q_k - sum s^z_t(., ., k));   K'_t = K_t - sum (s^z + s^o)
 * then stages 1-5 of build-model.ts on (D', C', Q', K'): new and freed places serve new demand and
 * pupils at a transition first. The pupils row r places at j are shared over its ages in proportion
 * to D'_t(r, a) (the fair share does not know ages, so each age gets the row's placed share):
 *   x_t(r, a, j) = s_t(r, a, j) + y_t(r, j) D'_t(r, a) / D'_t(r)
 * A school's categories in t are those of t's designation set; a pupil placed under another set keeps
 * the school. Journeys do not change between years (one travel model), so a kept place keeps its
 * journey. Outreach is support, not a place: it is solved afresh each year.
 *
 * ## What a year reports
 * Per row: demand D_t(r); stayed (sum_j s_t) and placed new (y_t) in state places, locally or
 * elsewhere; independent (stayed + new, in and out of the area); unmet; not commissioned; journeys
 * over stayed and new placements. Per provision: places C_t (open to admissions) and used (staying +
 * new); a provision closed to admissions shows its pupils staying. The value of one more place is
 * that of the year's admissions (the minimum cut of t's stage 2). Places opened and closed: the sums
 * over j and p of the increases and decreases of C_t(j, p) from t-1. A locality's shortfall starts in
 * the first year its rows' shortfall (independent + unmet) reaches a whole pupil.
 *
 * ## Uncertainty
 * With horizon.band the path is solved three times, with the projection's central, low and high
 * demand and the same supply; each figure gives the low and high variants' values beside the central
 * one as a range (the smaller and larger of the two: a row's shortfall need not follow demand).
 */
import type { SolverChoice } from '../../lp/solvers/solver.js';
import { buildSufficiencyModel } from '../build-model.js';
import { calibrate } from '../calibration.js';
import type { SufficiencyInputs, SupplyProvision } from '../inputs.js';
import { interpretSolution, type InterpretedSolution } from '../interpret.js';
import { SolveFailedError, type RunMeta } from '../run-identity.js';
import { solveStages } from '../solve-sufficiency.js';
import { addPlacements, carryForward, copyState, independentPlacesFree, keptAt, placesFree, residualDemand, type PathState } from './carry.js';
import { combineYear, type YearFigures } from './combine-year.js';
import { cellKey, validatePathInputs, yearInputs, type PathDemandCell, type PathInputs } from './path-inputs.js';
import { PATH_MODEL_VERSION, type PathLocality, type PathResult, type PathYearResult } from './path-result.js';
import type { PathStep } from './path-step.js';
import { identifyPathInputs } from './path-identity.js';

export interface PathTask {
  inputs: PathInputs;
  meta: RunMeta;
  solver: SolverChoice;
  inputsHash?: string;
  timeLimitMs?: number;
  maxVariables?: number;
}

export type PathProgress = (stage: 'building' | 'solving' | 'interpreting', detail: string) => void;

const since = (t: number) => Math.round((performance.now() - t) * 10) / 10;

/**
 * Walks the path year by year with the given demand (the central projection's, or a variant's),
 * calling `onYear` after each year. Stops early after `untilYear` when given (an LP export of a year).
 */
export async function walkPath(
  path: PathInputs,
  demandByYear: PathDemandCell[][],
  solver: SolverChoice,
  onYear: (step: PathStep) => void | Promise<void>,
  options: { timeLimitMs?: number; untilYear?: number } = {},
): Promise<void> {
  let placed: PathState = new Map();
  /** Every provision seen admitting, by id, as last seen (for provisions closed later). */
  const seen = new Map<string, SupplyProvision>();
  for (let t = 0; t < path.years.length; t++) {
    const started = performance.now();
    const y = path.years[t]!;
    const demand = demandByYear[t]!;
    const index = new Map(demand.map((c) => [cellKey(c), c]));
    const previous = t > 0 ? new Map(demandByYear[t - 1]!.map((c) => [cellKey(c), c])) : new Map<string, PathDemandCell>();
    const carried = t > 0 ? carryForward(placed, previous, index) : { staying: new Map() as PathState, leftAtTransition: 0, plansCeased: 0 };
    const staying = carried.staying;
    const residual = residualDemand(demand, staying);
    const kept = keptAt(staying);
    const free = placesFree(y.provisions, kept.state);
    for (const p of y.provisions) seen.set(p.id, p);
    const admitting = new Set(y.provisions.map((p) => p.id));
    const closed = [...kept.state.keys()].filter((id) => !admitting.has(id)).map((id) => seen.get(id)!);
    const keptIndependent = [...kept.independent.values()].reduce((s, v) => s + v, 0) + kept.outOfArea;
    const base = yearInputs(path, t, residual, free);
    const residualInputs: SufficiencyInputs = {
      ...base,
      independent: {
        ...base.independent,
        schools: independentPlacesFree(path.independent.schools, kept.independent),
        capacity: y.independentCapacity === null ? null : Math.max(0, y.independentCapacity - keptIndependent),
      },
    };
    const solved = await solveStages(residualInputs, solver, options.timeLimitMs);

    // Year t's placements: those staying, and the new ones shared over ages as D'.
    const next = copyState(staying);
    const residualByKey = new Map(residual.map((c) => [cellKey(c), c]));
    const { model } = solved;
    const stateArcs = model.cells.map(() => [] as number[]);
    solved.state.net.arcs.forEach((a, k) => stateArcs[a.cell]!.push(k));
    const independentArcs = model.cells.map(() => [] as number[]);
    solved.independent.net.arcs.forEach((a, k) => independentArcs[a.cell]!.push(k));
    model.cells.forEach((cell, i) => {
      const r = residualByKey.get(cellKey(cell))!;
      const ageShare = r.byAge.map((v) => v / r.count);
      let inArea = 0;
      const independent = independentArcs[i]!.map((k) => {
        const a = solved.independent.net.arcs[k]!;
        inArea += solved.independent.flow[k]!;
        return { p: { id: path.independent.schools[a.target]!.id, minutes: a.minutes }, pupils: solved.independent.flow[k]! };
      });
      addPlacements(next, cell, ageShare, {
        state: stateArcs[i]!.map((k) => {
          const a = solved.state.net.arcs[k]!;
          const p = free[a.target]!;
          return { p: { id: p.id, locality: p.locality, phase: cell.phase, km: a.km, minutes: a.minutes, beyond: a.beyond }, pupils: solved.state.flow[k]! };
        }),
        independent,
        outOfArea: Math.max(0, solved.independentByCell[i]! - inArea),
      });
    });
    await onYear({ t, year: y.year, demand, staying, residual, residualInputs, solved, closed, leftAtTransition: carried.leftAtTransition, plansCeased: carried.plansCeased, placed: next, ms: since(started) });
    placed = next;
    if (options.untilYear !== undefined && y.year >= options.untilYear) return;
  }
}

/** The residual (single-year) inputs of one year of the path: what that year's stages solve, for LP exports. */
export async function pathYearInputs(path: PathInputs, year: number, solver: SolverChoice): Promise<SufficiencyInputs> {
  let found: SufficiencyInputs | undefined;
  await walkPath(path, path.years.map((y) => y.demand), solver, (step) => {
    if (step.year === year) found = step.residualInputs;
  }, { untilYear: year });
  if (!found) throw new RangeError(`year ${year} is not in the path (${path.years[0]!.year}-${path.years.at(-1)!.year})`);
  return found;
}

interface Walked {
  results: PathYearResult[];
  figures: YearFigures[];
  ms: number[];
}

async function walk(task: PathTask, demandByYear: PathDemandCell[][], full: boolean, progress: PathProgress, label: string): Promise<Walked> {
  const { inputs: path, meta } = task;
  const out: Walked = { results: [], figures: [], ms: [] };
  let previous: SupplyProvision[] | null = path.provisionsBefore ?? null;
  await walkPath(
    path,
    demandByYear,
    task.solver,
    (step) => {
      progress('solving', `${label}${step.year}: ${step.residual.length} rows with new demand, ${step.staying.size} keeping placements`);
      const interpreted = interpretSolution(
        { ...step.residualInputs, provisions: path.years[step.t]!.provisions, independent: { ...step.residualInputs.independent, schools: path.independent.schools, capacity: path.years[step.t]!.independentCapacity } },
        step.solved,
      );
      const combined = combineYear(path, step, interpreted, previous, { meta, inputsHash: task.inputsHash ?? '', full });
      if (combined.result && full && step.t === 0 && meta.observed && meta.observed.year === step.year) {
        // The first year carries no one: its rows are a single-year run's (no 'placed-earlier' basis).
        combined.result.calibration = calibrate(combined.result as unknown as InterpretedSolution, meta.observed, meta.scenarioInputs);
      }
      if (combined.result) out.results.push(combined.result);
      out.figures.push(combined.figures);
      out.ms.push(step.ms);
      previous = path.years[step.t]!.provisions;
    },
    { ...(task.timeLimitMs !== undefined ? { timeLimitMs: task.timeLimitMs } : {}) },
  );
  return out;
}

export async function solvePath(task: PathTask, progress: PathProgress = () => {}): Promise<PathResult> {
  const { inputs: path, meta } = task;
  validatePathInputs(path);
  const started = performance.now();
  const inputsHash = task.inputsHash ?? identifyPathInputs(path).inputsHash;
  progress('building', `a ${path.years.length}-year path by ${path.level}`);
  if (task.maxVariables !== undefined) {
    const arcs = buildSufficiencyModel(yearInputs(path, 0)).state.network.arcs.length;
    if (arcs > task.maxVariables) {
      throw new SolveFailedError(
        `the model has ${arcs.toLocaleString('en-GB')} placement variables, more than the limit of ${task.maxVariables.toLocaleString('en-GB')} ` +
          '(SCENARIO_MAX_VARIABLES): use a coarser locality level or tighter travel limits',
      );
    }
  }
  const central = await walk({ ...task, inputsHash }, path.years.map((y) => y.demand), true, progress, '');
  const low = path.band ? await walk({ ...task, inputsHash }, path.band.low, false, progress, 'low variant, ') : null;
  const high = path.band ? await walk({ ...task, inputsHash }, path.band.high, false, progress, 'high variant, ') : null;
  progress('interpreting', `solved in ${Math.round(performance.now() - started)} ms`);

  const range = (a: number, b: number) => ({ low: Math.min(a, b), high: Math.max(a, b) });
  const years = central.figures.map((f, t) => {
    const l = low?.figures[t];
    const h = high?.figures[t];
    return {
      ...f.year,
      band:
        l && h
          ? {
              demand: range(l.year.whole.demand, h.year.whole.demand),
              shortfall: range(l.year.whole.shortfall, h.year.whole.shortfall),
              placedIndependent: range(l.year.whole.placedIndependent, h.year.whole.placedIndependent),
              unmet: range(l.year.whole.unmet, h.year.whole.unmet),
              independentCost: { low: Math.min(l.year.independentCost, h.year.independentCost), high: Math.max(l.year.independentCost, h.year.independentCost) },
            }
          : null,
    };
  });
  // Rows and localities: the variants' whole shortfall beside the central figure.
  if (low && high) {
    central.results.forEach((r, t) => {
      for (const row of r.byLocality) {
        const key = cellKey(row);
        row.band = { shortfall: range(low.figures[t]!.rowShortfall.get(key) ?? 0, high.figures[t]!.rowShortfall.get(key) ?? 0) };
      }
    });
  }
  const localities = pathLocalities(central.results, low, high);
  const supplyChanges = central.figures.flatMap((f) => f.supplyChanges);
  const first = central.results[0]!;
  const firstDecision = first.solver;
  const warnings = [...(meta.warnings ?? [])];
  const fallbacks = central.results.reduce((s, r) => s + r.warnings.filter((w) => w.startsWith('fair share')).length, 0);
  if (fallbacks) warnings.push(`fair share: in ${fallbacks} year(s) a step kept a maximum flow's own values where rounding hid the cut (differences below 1e-6 pupils)`);
  const horizonInputs = (meta.scenarioInputs.horizon ?? {}) as { admissionsFrom?: number };
  return {
    kind: 'path',
    scenarioId: meta.scenarioId,
    scenarioName: meta.scenarioName,
    level: path.level,
    horizon: { from: path.years[0]!.year, to: path.years.at(-1)!.year, admissionsFrom: horizonInputs.admissionsFrom ?? path.years[0]!.year },
    designationSet: meta.designationSet,
    modelVersion: PATH_MODEL_VERSION,
    inputsHash,
    solver: {
      name: firstDecision.name,
      solveMs: Math.round((performance.now() - started) * 10) / 10,
      years: [
        ...central.ms.map((ms, t) => ({ year: path.years[t]!.year, variant: 'central' as const, ms })),
        ...(low?.ms ?? []).map((ms, t) => ({ year: path.years[t]!.year, variant: 'low' as const, ms })),
        ...(high?.ms ?? []).map((ms, t) => ({ year: path.years[t]!.year, variant: 'high' as const, ms })),
      ],
    },
    years,
    localities,
    supplyChanges,
    yearResults: central.results,
    band: low && high ? { variants: ['low', 'central', 'high'], note: "The projection's low and high variants (10th and 90th percentiles of its backtest record, models/kent/DEMAND.md), same supply; ranges give the smaller and larger of the two" } : null,
    scenarioInputs: meta.scenarioInputs,
    assumptions: meta.assumptions,
    notes: meta.notes,
    warnings,
  };
}

/** Each locality's shortfall year by year (whole pupils), the year it starts, and its categories' first short years. */
function pathLocalities(results: PathYearResult[], low: Walked | null, high: Walked | null): PathLocality[] {
  const byLocality = new Map<string, PathLocality & { categoryStarts: Map<string, number> }>();
  results.forEach((r, t) => {
    const sums = new Map<string, { demand: number; shortfall: number; independent: number; unmet: number; name: string }>();
    for (const row of r.byLocality) {
      const s = sums.get(row.locality) ?? sums.set(row.locality, { demand: 0, shortfall: 0, independent: 0, unmet: 0, name: row.localityName }).get(row.locality)!;
      s.demand += row.whole.demand;
      s.independent += row.whole.placedIndependent;
      s.unmet += row.whole.unmet;
      s.shortfall += row.whole.placedIndependent + row.whole.unmet;
      if (row.whole.placedIndependent + row.whole.unmet >= 1) {
        const entry = byLocality.get(row.locality) ?? byLocality.set(row.locality, { locality: row.locality, localityName: row.localityName, shortfallStartsIn: null, byYear: [], categories: [], categoryStarts: new Map() }).get(row.locality)!;
        if (!entry.categoryStarts.has(row.category)) entry.categoryStarts.set(row.category, r.year);
      }
    }
    for (const [code, s] of sums) {
      const entry = byLocality.get(code) ?? byLocality.set(code, { locality: code, localityName: s.name, shortfallStartsIn: null, byYear: [], categories: [], categoryStarts: new Map() }).get(code)!;
      const l = low?.figures[t]!.localityShortfall.get(code) ?? 0;
      const h = high?.figures[t]!.localityShortfall.get(code) ?? 0;
      entry.byYear.push({ year: r.year, demand: s.demand, shortfall: s.shortfall, placedIndependent: s.independent, unmet: s.unmet, band: low && high ? { shortfall: { low: Math.min(l, h), high: Math.max(l, h) } } : null });
      if (entry.shortfallStartsIn === null && s.shortfall >= 1) entry.shortfallStartsIn = r.year;
    }
  });
  return [...byLocality.values()].map(({ categoryStarts, ...l }) => ({
    ...l,
    categories: [...categoryStarts].map(([category, year]) => ({ category: category as PathLocality['categories'][number]['category'], shortfallStartsIn: year })).sort((a, b) => a.shortfallStartsIn - b.shortfallStartsIn || a.category.localeCompare(b.category)),
  }));
}

export { PATH_MODEL_VERSION };
export type { PathStep };
