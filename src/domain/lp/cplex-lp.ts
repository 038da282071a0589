/**
 * Writes an LpModel in the CPLEX LP text format, which GLPK (`glpsol --lp`), CBC, HiGHS, SCIP and
 * CPLEX all read, so anyone can re-solve a run's exact model with another solver. Numbers are
 * written with JavaScript's shortest round-trip form, so the text holds the same doubles as the model.
 */
import { assertUniqueNames, type LpModel, type LpRow } from './linear-model.js';

const TERMS_PER_LINE = 5;

function term(coef: number, name: string, first: boolean): string {
  const sign = coef < 0 ? '-' : '+';
  const abs = Math.abs(coef);
  const body = abs === 1 ? name : `${String(abs)} ${name}`;
  return first ? (coef < 0 ? `- ${body}` : body) : `${sign} ${body}`;
}

/** "label: t1 + t2 ..." wrapped over continuation lines (a line starting with a space continues the last). */
function expression(label: string, terms: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += TERMS_PER_LINE) {
    const chunk = terms.slice(i, i + TERMS_PER_LINE).join(' ');
    lines.push(i === 0 ? ` ${label}: ${chunk}` : `   ${chunk}`);
  }
  return lines;
}

const SENSE = { eq: '=', le: '<=', ge: '>=' } as const;

function rowLines(model: LpModel, row: LpRow): string[] {
  const terms = row.vars.map((v, k) => term(row.coefs[k]!, model.variables[v]!.name, k === 0));
  // An empty row would be invalid LP; write it as 0 x (any variable) so the sense and bound still read.
  if (terms.length === 0) terms.push(`0 ${model.variables[0]?.name ?? 'x'}`);
  const lines = expression(row.name, terms);
  lines[lines.length - 1] += ` ${SENSE[row.sense]} ${String(row.rhs)}`;
  return lines;
}

/** A separable quadratic objective term, sum_k coefs[k] x_vars[k]^2 / 2 (written `[ ... ] / 2`). */
export interface DiagonalQuadratic {
  vars: number[];
  coefs: number[];
}

/**
 * Appends lines one by one: `out.push(...lines)` passes every line as an argument, and an objective
 * of a million terms (Kent's MSOA plan over 2026-2028) is more arguments than the stack holds.
 */
function append(out: string[], lines: readonly string[]) {
  for (const line of lines) out.push(line);
}

/** The model as CPLEX LP text; `comments` become `\` lines at the top; `quadratic` makes it a QP. */
export function toCplexLp(model: LpModel, comments: string[] = [], quadratic?: DiagonalQuadratic): string {
  assertUniqueNames(model);
  const out: string[] = comments.map((c) => `\\ ${c.replace(/\n/g, ' ')}`);
  out.push('Minimize');
  const objective: string[] = [];
  model.variables.forEach((v) => {
    if (v.cost !== 0) objective.push(term(v.cost, v.name, objective.length === 0));
  });
  if (objective.length === 0 && model.variables.length > 0) objective.push(`0 ${model.variables[0]!.name}`);
  append(out, expression('objective', objective));
  if (quadratic?.vars.length) {
    const squares = quadratic.vars.map((v, k) => `${k === 0 ? '' : '+ '}${String(quadratic.coefs[k]!)} ${model.variables[v]!.name} ^ 2`);
    const lines = expression('q', squares).map((l, i) => (i === 0 ? `   + [ ${l.slice(' q: '.length)}` : l));
    lines[lines.length - 1] += ' ] / 2';
    append(out, lines);
  }
  out.push('Subject To');
  for (const row of model.rows) append(out, rowLines(model, row));
  const bounds: string[] = [];
  for (const v of model.variables) {
    if (v.lower === -Infinity && v.upper === Infinity) bounds.push(` ${v.name} free`);
    else if (v.lower !== 0 && v.upper !== Infinity) bounds.push(` ${String(v.lower)} <= ${v.name} <= ${String(v.upper)}`);
    else if (v.lower !== 0) bounds.push(v.lower === -Infinity ? ` -inf <= ${v.name}` : ` ${v.name} >= ${String(v.lower)}`);
    else if (v.upper !== Infinity) bounds.push(` ${v.name} <= ${String(v.upper)}`);
  }
  if (bounds.length) {
    out.push('Bounds');
    append(out, bounds);
  }
  const integers = model.variables.filter((v) => v.integer).map((v) => v.name);
  if (integers.length) {
    out.push('Generals');
    for (let i = 0; i < integers.length; i += TERMS_PER_LINE) out.push(` ${integers.slice(i, i + TERMS_PER_LINE).join(' ')}`);
  }
  out.push('End', '');
  return out.join('\n');
}
