/**
 * A linear programme in solver-neutral form: variables with bounds and objective coefficients,
 * sparse rows with a sense and a right-hand side, always minimised. Builders write this; solver
 * adapters read it; the CPLEX LP writer prints it. Nothing here knows about schools.
 */

export type RowSense = 'eq' | 'le' | 'ge';

export interface LpVariable {
  /** Unique name, safe for the CPLEX LP format (letters, digits, `_` and `.`; not starting with a digit or `e`). */
  name: string;
  /** Objective coefficient (the model is minimised). */
  cost: number;
  lower: number;
  /** Infinity for no upper bound. */
  upper: number;
  integer: boolean;
}

export interface LpRow {
  name: string;
  sense: RowSense;
  rhs: number;
  /** Indices into `variables`, each at most once per row. */
  vars: number[];
  coefs: number[];
}

export interface LpModel {
  name: string;
  variables: LpVariable[];
  rows: LpRow[];
}

export interface LpModelSize {
  rows: number;
  variables: number;
  nonZeros: number;
  integerVariables: number;
}

/** Names in the CPLEX LP format: no operators, spaces or brackets; never starting with a digit, '.' or 'e'/'E'. */
const SAFE_NAME = /^[A-DF-Za-df-z_][A-Za-z0-9_.]*$/;

/** Turns an identifier such as "srp-135125-asd" into an LP-safe name fragment ("srp_135125_asd"). */
export function lpNameFragment(text: string): string {
  return text.replace(/[^A-Za-z0-9_.]/g, '_');
}

/**
 * Collects variables and rows, checking names and coefficients as they arrive so a malformed
 * model fails where it is built rather than inside a solver. Names are checked for uniqueness only
 * when asked (tests do; the CPLEX LP writer always does): hashing every name costs more than the
 * rest of a large build, and the sufficiency builders make names unique by construction.
 */
export class LpModelBuilder {
  private readonly variables: LpVariable[] = [];
  private readonly rows: LpRow[] = [];
  private readonly names: Set<string> | null;
  /** Per-variable mark of the last addRow call that used it, to catch a variable twice in one row. */
  private stamp = new Int32Array(1024).fill(-1);
  private stampCount = 0;

  constructor(
    private readonly name: string,
    options: { checkUniqueNames?: boolean } = {},
  ) {
    this.names = options.checkUniqueNames ? new Set() : null;
  }

  private claim(name: string) {
    if (!SAFE_NAME.test(name)) throw new Error(`LP name not safe for the CPLEX LP format: ${name}`);
    if (!this.names) return;
    if (this.names.has(name)) throw new Error(`duplicate LP name: ${name}`);
    this.names.add(name);
  }

  /** Adds a variable and returns its index. */
  addVariable(name: string, cost: number, options: { lower?: number; upper?: number; integer?: boolean } = {}): number {
    this.claim(name);
    if (!Number.isFinite(cost)) throw new Error(`objective coefficient of ${name} is not finite`);
    const lower = options.lower ?? 0;
    const upper = options.upper ?? Infinity;
    if (!(lower <= upper)) throw new Error(`bounds of ${name} are inverted`);
    this.variables.push({ name, cost, lower, upper, integer: options.integer ?? false });
    return this.variables.length - 1;
  }

  /** Adds a row `sum(coefs[k] * x[vars[k]]) <sense> rhs` and returns its index. */
  addRow(name: string, sense: RowSense, rhs: number, vars: number[], coefs: number[]): number {
    this.claim(name);
    if (vars.length !== coefs.length) throw new Error(`row ${name}: ${vars.length} variables but ${coefs.length} coefficients`);
    if (!Number.isFinite(rhs)) throw new Error(`row ${name}: right-hand side is not finite`);
    if (this.stamp.length < this.variables.length) {
      const grown = new Int32Array(Math.max(this.variables.length, 2 * this.stamp.length)).fill(-1);
      grown.set(this.stamp);
      this.stamp = grown;
    }
    const mark = this.stampCount++;
    for (let k = 0; k < vars.length; k++) {
      const v = vars[k]!;
      if (!(v >= 0 && v < this.variables.length)) throw new Error(`row ${name}: no variable ${v}`);
      if (this.stamp[v] === mark) throw new Error(`row ${name}: variable ${this.variables[v]!.name} appears twice`);
      if (!Number.isFinite(coefs[k]!)) throw new Error(`row ${name}: coefficient of ${this.variables[v]!.name} is not finite`);
      this.stamp[v] = mark;
    }
    this.rows.push({ name, sense, rhs, vars, coefs });
    return this.rows.length - 1;
  }

  get variableCount() {
    return this.variables.length;
  }

  build(): LpModel {
    return { name: this.name, variables: this.variables, rows: this.rows };
  }
}

/** Throws on the first name used twice (among variables, or among rows). */
export function assertUniqueNames(model: LpModel): void {
  for (const [what, list] of [['variable', model.variables], ['row', model.rows]] as const) {
    const seen = new Set<string>();
    for (const item of list) {
      if (seen.has(item.name)) throw new Error(`duplicate LP ${what} name: ${item.name}`);
      seen.add(item.name);
    }
  }
}

export function modelSize(model: LpModel): LpModelSize {
  let nonZeros = 0;
  for (const row of model.rows) nonZeros += row.vars.length;
  return {
    rows: model.rows.length,
    variables: model.variables.length,
    nonZeros,
    integerVariables: model.variables.reduce((n, v) => n + (v.integer ? 1 : 0), 0),
  };
}

/** Objective value of a point: sum of cost x value. */
export function objectiveAt(model: LpModel, values: ArrayLike<number>): number {
  let total = 0;
  model.variables.forEach((v, i) => (total += v.cost * values[i]!));
  return total;
}

/** Left-hand side of every row at a point. */
export function rowActivities(model: LpModel, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(model.rows.length);
  model.rows.forEach((row, r) => {
    let s = 0;
    for (let k = 0; k < row.vars.length; k++) s += row.coefs[k]! * values[row.vars[k]!]!;
    out[r] = s;
  });
  return out;
}
