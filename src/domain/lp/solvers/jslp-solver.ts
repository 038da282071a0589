/**
 * javascript-lp-solver adapter. jslp runs a dense-tableau simplex: memory is about
 * 8 bytes x (rows + 1) x (columns + 1), with each equality row counted twice (it becomes two
 * inequalities), so it is only offered for small models (see choose-solver.ts).
 *
 * The model is built through jslp's programmatic API, not its JSON format, so each of our rows keeps
 * a handle on jslp's constraint(s) and the duals can be read from the final tableau: the cost-row
 * entry in the column of a non-basic slack is that constraint's dual (zero when the slack is basic).
 * jslp stores `>=` rows negated, so their dual changes sign; an equality is the sum of its two halves.
 * Presolve is switched off so that no row disappears before the tableau is read.
 */
import jslp from 'javascript-lp-solver';
import type { LpModel } from '../linear-model.js';
import type { LpSolution, LpSolver, SolveOptions } from './solver.js';

type JslpModel = InstanceType<typeof jslp.Model>;
type JslpConstraint = ReturnType<JslpModel['smallerThan']>;
type JslpTableau = JslpModel['tableau'];

const PRECISION = 1e-9;

/** Estimated bytes of jslp's dense tableau for a model. */
export function jslpTableauBytes(model: LpModel): number {
  let tableauRows = 1;
  for (const row of model.rows) tableauRows += row.sense === 'eq' ? 2 : 1;
  for (const v of model.variables) tableauRows += (v.upper < Infinity ? 1 : 0) + (v.lower > 0 ? 1 : 0);
  return 8 * tableauRows * (model.variables.length + 1);
}

function slackDual(tableau: JslpTableau, constraint: JslpConstraint): number {
  const col = tableau.colByVarIndex[constraint.slack.index];
  if (col === undefined || col < 0) return 0; // basic slack: the row is not binding
  const reduced = tableau.matrix[tableau.costRowIndex * tableau.width + col]!;
  return constraint.isUpperBound ? reduced : -reduced;
}

export const jslpSolver: LpSolver<'jslp'> = {
  name: 'jslp',
  solve(model: LpModel, options: SolveOptions = {}): LpSolution & { solver: 'jslp' } {
    const started = performance.now();
    const m: JslpModel = new jslp.Model(PRECISION, model.name);
    m.minimize();
    m.usePresolve = false;
    if (options.timeLimitMs) m.timeout = options.timeLimitMs;
    const vars = model.variables.map((v) => {
      const jv = m.addVariable(v.cost, v.name, v.integer);
      if (v.upper < Infinity) m.smallerThan(v.upper).addTerm(1, jv);
      if (v.lower > 0) m.greaterThan(v.lower).addTerm(1, jv);
      return jv;
    });
    const halves: JslpConstraint[][] = model.rows.map((row) => {
      if (row.sense === 'eq') {
        const eq = m.equal(row.rhs);
        for (let k = 0; k < row.vars.length; k++) eq.addTerm(row.coefs[k]!, vars[row.vars[k]!]!);
        return [eq.upperBound, eq.lowerBound];
      }
      const c = row.sense === 'le' ? m.smallerThan(row.rhs) : m.greaterThan(row.rhs);
      for (let k = 0; k < row.vars.length; k++) c.addTerm(row.coefs[k]!, vars[row.vars[k]!]!);
      return [c];
    });

    try {
      const solution = jslp.Solve(m, PRECISION, true) as { feasible: boolean; bounded: boolean; evaluation: number; _tableau: JslpTableau };
      const solveMs = performance.now() - started;
      const values = new Float64Array(model.variables.length);
      if (!solution.feasible) return { status: 'infeasible', objective: NaN, values, rowDuals: null, solver: 'jslp', solveMs, message: 'jslp: infeasible' };
      if (!solution.bounded) return { status: 'unbounded', objective: NaN, values, rowDuals: null, solver: 'jslp', solveMs, message: 'jslp: unbounded' };
      const t = solution._tableau;
      vars.forEach((jv, i) => {
        const row = t.rowByVarIndex[jv.index];
        values[i] = row !== undefined && row >= 0 ? t.matrix[row * t.width + t.rhsColumn]! : 0;
      });
      const integer = model.variables.some((v) => v.integer);
      const rowDuals = integer ? null : Float64Array.from(halves, (cs) => cs.reduce((s, c) => s + slackDual(t, c), 0));
      // jslp's branch and bound runs to the exact optimum (its tolerance is left at 0).
      const mip = integer ? { feasible: true, bound: solution.evaluation, gap: 0, nodes: 0 } : undefined;
      return { status: 'optimal', objective: solution.evaluation, values, rowDuals, solver: 'jslp', solveMs, ...(mip ? { mip } : {}) };
    } finally {
      // jslp keeps the last model (and its tableau, the big allocation) on the singleton: let it go.
      jslp.lastSolvedModel = null;
    }
  },
};
