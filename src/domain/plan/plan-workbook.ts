/**
 * A capital plan as a workbook (GET /plans/{id}?format=xlsx): the About sheet (the plan, what it was
 * asked, its status and proven gap, the candidates' costs with their basis, every assumption with
 * its grade), the builds with their reasons (the CSV's table), the plan year by year (the plan's own
 * placements, the resulting path and the path without the builds), why special places, the
 * resulting path's years, and the greedy heuristic's builds when asked.
 */
import { aboutSheet, assumptionRows, factRows, flatRow, type AboutRow, type WorkbookSpec } from '../workbook.js';
import { pathTable } from '../sufficiency/path/path-tables.js';
import type { PlanResult } from './plan-result.js';
import { PLAN_BUILD_COLUMNS, planBuildRows } from './plan-tables.js';

export interface StoredPlan {
  id: string;
  scenarioId: string;
  scenarioName: string;
  createdAt: string;
  request: unknown;
  result: PlanResult;
}

export function planWorkbook(plan: StoredPlan): WorkbookSpec {
  const r = plan.result;
  const about: AboutRow[] = [
    ...factRows('Workbook', {
      what: `A capital plan, ${r.horizon.from} to ${r.horizon.to}: which places to build, where and when`,
      units: "pounds (capital once; running costs a year), places, and the plan's pupils and pupil-years (model figures, one decimal)",
      api: `/plans/${plan.id}`,
    }),
    ...factRows('Plan', {
      id: plan.id,
      createdAt: plan.createdAt,
      scenarioId: plan.scenarioId,
      scenarioName: plan.scenarioName,
      level: r.level,
      designationSet: r.designationSet,
      status: r.status,
      gap: r.gap,
      gapPupilYears: r.gapPupilYears,
      solveMs: Math.round(r.solveMs),
      modelVersion: r.modelVersion,
    }),
    ...factRows('Asked', (plan.request ?? {}) as Record<string, unknown>, 'the plan request as stored'),
    ...Object.entries(r.candidates.costs).flatMap(([kind, c]) => [
      { section: 'Candidate cost', item: `${kind}.capitalPerPlace`, value: c.capitalPerPlace, basis: c.capitalBasis, grade: gradeOf(c.capitalBasis) },
      { section: 'Candidate cost', item: `${kind}.runningPerPlace`, value: c.runningPerPlace, basis: c.runningBasis, grade: gradeOf(c.runningBasis) },
    ]),
    ...(r.capitalValue ? factRows('Value of capital', r.capitalValue, r.capitalValue.method) : []),
    ...assumptionRows(r.assumptions),
    ...r.warnings.map((w, i) => ({ section: 'Warning', item: String(i + 1), value: w, basis: '', grade: '' })),
    ...r.notes.map((n, i) => ({ section: 'Note', item: String(i + 1), value: n, basis: '', grade: '' })),
  ];
  return {
    filename: `plan-${plan.id}.xlsx`,
    sheets: [
      aboutSheet(about),
      { name: 'Builds', columns: PLAN_BUILD_COLUMNS, rows: planBuildRows(r) },
      { name: 'By year', rows: r.byYear.map((y) => flatRow(y)) },
      { name: 'Totals', rows: [flatRow(r.totals)] },
      {
        name: 'Special places',
        rows: r.specialPlaces.map((s) => ({
          locality: s.locality,
          localityName: s.localityName,
          category: s.category,
          phase: s.phase,
          kind: s.kind,
          pupilYears: Math.round(s.years.reduce((t, y) => t + y.pupils, 0) * 10) / 10,
          inNewPlaces: Math.round(s.years.reduce((t, y) => t + y.inNewPlaces, 0) * 10) / 10,
          text: s.text,
        })),
      },
      ...(r.resultingPath ? [{ name: 'Resulting path years', rows: pathTable(r.resultingPath, 'years').map((x) => flatRow(x)) }] : []),
      ...(r.greedy ? [{ name: 'Greedy builds', rows: r.greedy.builds.map((b) => flatRow(b)) }] : []),
    ],
  };
}

const gradeOf = (basis: string) => assumptionRows([{ name: '', value: null, basis }])[0]!.grade;
