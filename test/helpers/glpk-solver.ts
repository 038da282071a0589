/**
 * GLPK adapter (glpk.js: GLPK 5 compiled to WebAssembly), reading the same solver-neutral LpModel as
 * the shipped adapters. It is a development dependency and lives with the tests: its job is to be
 * an independent second opinion, so that an LP or MIP the project builds, re-solved by a solver
 * that shares no code with HiGHS or jslp, is seen to give the same answer.
 *
 * Conventions match solver.ts: the model is minimised; for continuous models rowDuals[i] is
 * d(objective)/d(rhs_i) (GLPK's row dual for a minimisation, with the same sign); integer models
 * carry `mip` (GLPK's JSON interface gives no proven bound, so the bound is the objective when
 * GLPK proves optimality and -Infinity otherwise).
 */
import GLPK, { type LP } from 'glpk.js/node';
import { assertUniqueNames, type LpModel } from '../../src/domain/lp/linear-model.js';
import type { LpSolution, LpSolver, LpStatus, SolveOptions } from '../../src/domain/lp/solvers/solver.js';

type Glpk = Awaited<ReturnType<typeof GLPK>>;

let loading: Promise<LpSolver<'glpk'>> | undefined;

/** The GLPK solver, loaded once per thread. */
export function loadGlpkSolver(): Promise<LpSolver<'glpk'>> {
  return (loading ??= GLPK().then(glpkSolver));
}

/** The model in glpk.js's JSON form (its `write()` turns this into CPLEX LP text too). */
export function toGlpkLp(glpk: Glpk, model: LpModel): LP {
  assertUniqueNames(model);
  const name = (j: number) => model.variables[j]!.name;
  const bounds: NonNullable<LP['bounds']> = [];
  model.variables.forEach((v) => {
    if (v.lower === 0 && v.upper === Infinity) return; // GLPK's default for a column in glpk.js
    // GLPK refuses an integer column with a fractional bound (glp_intopt: GLP_EBOUND); rounding it
    // inwards leaves the same integer points.
    const lower = v.integer ? Math.ceil(v.lower) : v.lower;
    const upper = v.integer ? Math.floor(v.upper) : v.upper;
    const lowerFinite = lower > -Infinity;
    const upperFinite = upper < Infinity;
    const type =
      lowerFinite && upperFinite ? (lower === upper ? glpk.GLP_FX : glpk.GLP_DB) : lowerFinite ? glpk.GLP_LO : upperFinite ? glpk.GLP_UP : glpk.GLP_FR;
    bounds.push({ name: v.name, type, lb: lowerFinite ? lower : 0, ub: upperFinite ? upper : 0 });
  });
  return {
    name: model.name,
    objective: {
      direction: glpk.GLP_MIN,
      name: 'objective',
      vars: model.variables.map((v) => ({ name: v.name, coef: v.cost })),
    },
    subjectTo: model.rows.map((row) => ({
      name: row.name,
      vars: row.vars.map((j, k) => ({ name: name(j), coef: row.coefs[k]! })),
      bnds:
        row.sense === 'eq'
          ? { type: glpk.GLP_FX, lb: row.rhs, ub: row.rhs }
          : row.sense === 'le'
            ? { type: glpk.GLP_UP, lb: 0, ub: row.rhs }
            : { type: glpk.GLP_LO, lb: row.rhs, ub: 0 },
    })),
    bounds,
    generals: model.variables.filter((v) => v.integer).map((v) => v.name),
  };
}

export function glpkSolver(glpk: Glpk): LpSolver<'glpk'> {
  return {
    name: 'glpk',
    solve(model: LpModel, options: SolveOptions = {}): LpSolution & { solver: 'glpk' } {
      const started = performance.now();
      const integer = model.variables.some((v) => v.integer);
      const answer = glpk.solve(toGlpkLp(glpk, model), {
        msglev: glpk.GLP_MSG_OFF,
        presol: true,
        ...(options.timeLimitMs ? { tmlim: options.timeLimitMs / 1000 } : {}),
        ...(options.relativeGap !== undefined ? { mipgap: options.relativeGap } : {}),
      });
      const solveMs = performance.now() - started;
      const r = answer.result;
      const status: LpStatus =
        r.status === glpk.GLP_OPT
          ? 'optimal'
          : r.status === glpk.GLP_FEAS
            ? 'time-limit'
            : r.status === glpk.GLP_NOFEAS || r.status === glpk.GLP_INFEAS
              ? 'infeasible'
              : r.status === glpk.GLP_UNBND
                ? 'unbounded'
                : 'error';
      const feasible = status === 'optimal' || status === 'time-limit';
      const values = Float64Array.from(model.variables, (v) => (feasible ? (r.vars[v.name] ?? 0) : 0));
      const mip = integer
        ? { feasible, bound: status === 'optimal' ? r.z : -Infinity, gap: status === 'optimal' ? 0 : Infinity, nodes: 0 }
        : undefined;
      const rowDuals = !integer && status === 'optimal' && r.dual ? Float64Array.from(model.rows, (row) => r.dual![row.name] ?? 0) : null;
      return {
        status,
        objective: feasible ? r.z : NaN,
        values,
        rowDuals,
        solver: 'glpk',
        solveMs,
        ...(status === 'optimal' ? {} : { message: `GLPK: ${status}` }),
        ...(mip ? { mip } : {}),
      };
    },
  };
}
