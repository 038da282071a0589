/**
 * A run, a path and a comparison of two runs as workbooks (GET /runs/{id}?format=xlsx,
 * /runs/{id}/compare/{other}?format=xlsx): the About sheet (the run, the scenario as asked, every
 * assumption with its basis and grade, the places by evidence grade, notes and warnings), then
 * every table the CSV downloads give, one sheet each, in whole pupils and pounds a year as the CSV
 * has them.
 */
import { aboutSheet, assumptionRows, factRows, flatRow, type AboutRow, type WorkbookSheet, type WorkbookSpec } from '../workbook.js';
import type { Comparison } from './compare.js';
import { isPathResult, type PathYearsComparison } from './path/compare-paths.js';
import type { PathResult } from './path/path-result.js';
import { pathTable } from './path/path-tables.js';
import type { SufficiencyResult } from './result.js';
import { comparisonTable, resultTable } from './tables.js';

export interface RunRef {
  id: string;
  scenarioId: string;
  scenarioName: string;
}

type Provision = { kind: string; capacity: number; capacityBasis: string };

/**
 * Places by kind of provision and evidence grade ("srp, estimate: 972 places at 41 provisions"),
 * so that a reader sees how much of the supply is stated and how much the model assumed.
 */
function placeGrades(provisions: readonly Provision[]): AboutRow[] {
  const groups = new Map<string, { places: number; provisions: number; kind: string; grade: string }>();
  for (const p of provisions) {
    const key = `${p.kind}|${p.capacityBasis}`;
    const g = groups.get(key) ?? { places: 0, provisions: 0, kind: p.kind, grade: p.capacityBasis };
    g.places += p.capacity;
    g.provisions += 1;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.places - a.places)
    .map((g) => ({ section: 'Evidence grades', item: `${g.kind} places graded ${g.grade}`, value: Math.round(g.places), basis: `${g.provisions} provisions`, grade: g.grade }));
}

function runFacts(run: RunRef, result: SufficiencyResult | PathResult): AboutRow[] {
  const path = isPathResult(result) ? result : null;
  const single = isPathResult(result) ? null : result;
  return [
    ...factRows('Workbook', {
      what: path ? `A sufficiency path, ${path.horizon.from} to ${path.horizon.to}` : `A sufficiency run, January ${single!.year}`,
      units: 'whole pupils (rounded so that totals are kept; the exact figures are in the run’s JSON) and pounds a year',
      api: `/runs/${run.id}`,
    }),
    ...factRows('Run', {
      id: run.id,
      scenarioId: run.scenarioId,
      scenarioName: run.scenarioName,
      level: result.level,
      designationSet: result.designationSet,
      ...(path ? { horizon: `${path.horizon.from}-${path.horizon.to}`, admissionsFrom: path.horizon.admissionsFrom } : { year: single!.year }),
      solver: result.solver.name,
      modelVersion: result.modelVersion,
      inputsHash: result.inputsHash,
    }),
    ...factRows('Scenario', result.scenarioInputs, 'as the run was asked'),
  ];
}

function notes(result: { notes: string[]; warnings: string[] }): AboutRow[] {
  return [
    ...result.warnings.map((w, i) => ({ section: 'Warning', item: String(i + 1), value: w, basis: '', grade: '' })),
    ...result.notes.map((n, i) => ({ section: 'Note', item: String(i + 1), value: n, basis: '', grade: '' })),
  ];
}

const sheet = (name: string, rows: readonly Record<string, unknown>[]): WorkbookSheet => ({ name, rows: rows.map((r) => flatRow(r)) });

export function runWorkbook(run: RunRef, result: SufficiencyResult | PathResult): WorkbookSpec {
  if (isPathResult(result)) return pathWorkbook(run, result);
  const about = [...runFacts(run, result), ...assumptionRows(result.assumptions), ...placeGrades(result.provisions), ...notes(result)];
  const totals = Object.entries(result.totals.whole).map(([measure, value]) => ({ measure, value, unit: 'pupils' }));
  totals.push({ measure: 'independentCost', value: Math.round(result.totals.independentCost), unit: 'pounds a year' });
  return {
    filename: `run-${run.id}.xlsx`,
    sheets: [
      aboutSheet(about),
      sheet('Totals', totals),
      sheet('By locality', resultTable(result, 'byLocality')),
      sheet('Provisions', resultTable(result, 'provisions')),
      sheet('Outreach', resultTable(result, 'outreach')),
      sheet('Place values', result.placeValues.map((v) => ({ ...v, provisions: v.provisions.join('; ') }))),
      sheet('Independent by category', result.independent.byCategory.map((c) => ({ ...c, placements: Math.round(c.placements * 10) / 10 }))),
      ...(result.calibration ? [sheet('Calibration', result.calibration.rows)] : []),
    ],
  };
}

function pathWorkbook(run: RunRef, result: PathResult): WorkbookSpec {
  const last = result.yearResults.at(-1);
  const about = [...runFacts(run, result), ...assumptionRows(result.assumptions), ...(last ? placeGrades(last.provisions) : []), ...notes(result)];
  return {
    filename: `path-${run.id}.xlsx`,
    sheets: [
      aboutSheet(about),
      sheet('Years', pathTable(result, 'years')),
      sheet('Localities by year', pathTable(result, 'localities')),
      sheet('Supply changes', pathTable(result, 'supplyChanges')),
      sheet('By locality', pathTable(result, 'byLocality')),
      sheet('Provisions', pathTable(result, 'provisions')),
      sheet('Outreach', pathTable(result, 'outreach')),
    ],
  };
}

/** Two runs compared (other minus base), at one year when either is a path; two paths also year by year. */
export function comparisonWorkbook(
  base: RunRef,
  other: RunRef,
  year: number | null,
  comparison: Comparison,
  years: PathYearsComparison | null,
  assumptions: { base: SufficiencyResult['assumptions']; other: SufficiencyResult['assumptions'] },
): WorkbookSpec {
  const about: AboutRow[] = [
    ...factRows('Workbook', {
      what: `${other.scenarioName} compared with ${base.scenarioName}: other minus base${year === null ? '' : `, January ${year}`}`,
      units: 'whole pupils and pounds a year',
      api: `/runs/${base.id}/compare/${other.id}`,
    }),
    ...factRows('Base run', base),
    ...factRows('Other run', other),
    ...factRows('Comparison', { likeForLike: comparison.likeForLike, warning: comparison.warning, level: comparison.level }),
    ...comparison.inputDifferences.map((d) => ({
      section: 'Input difference',
      item: d.input,
      value: `${JSON.stringify(d.base)} -> ${JSON.stringify(d.other)}`,
      basis: d.ownChange ? "the other run's own change" : 'differs beyond the what-if',
      grade: '',
    })),
    ...assumptionRows(assumptions.other).map((r) => ({ ...r, section: r.section === 'Assumption' ? 'Assumption (other run)' : r.section })),
  ];
  return {
    filename: `compare-${base.id}-${other.id}${year === null ? '' : `-${year}`}.xlsx`,
    sheets: [
      aboutSheet(about),
      sheet('Totals', comparison.totals),
      ...(years ? [sheet('Years', years as unknown as Record<string, unknown>[])] : []),
      sheet('By locality', comparisonTable(comparison, 'byLocality')),
      sheet('Provisions', comparisonTable(comparison, 'provisions')),
      sheet('Outreach', comparisonTable(comparison, 'outreach')),
    ],
  };
}
