import { describe, expect, it } from 'vitest';
import { toCplexLp } from '../../../src/domain/lp/cplex-lp.js';
import { LpModelBuilder, lpNameFragment, modelSize, objectiveAt, rowActivities } from '../../../src/domain/lp/linear-model.js';

describe('the solver-neutral LP builder', () => {
  it('when variables and rows are added, then the model keeps them in order with their bounds, senses and sizes', () => {
    const b = new LpModelBuilder('m');
    const x = b.addVariable('x', 3);
    const y = b.addVariable('y', -1, { upper: 4, integer: true });
    b.addRow('r1', 'le', 10, [x, y], [2, 1]);
    b.addRow('r2', 'ge', 1, [y], [1]);
    const m = b.build();
    expect(m.variables).toEqual([
      { name: 'x', cost: 3, lower: 0, upper: Infinity, integer: false },
      { name: 'y', cost: -1, lower: 0, upper: 4, integer: true },
    ]);
    expect(modelSize(m)).toEqual({ rows: 2, variables: 2, nonZeros: 3, integerVariables: 1 });
    expect(objectiveAt(m, [1, 2])).toBe(1);
    expect([...rowActivities(m, [1, 2])]).toEqual([4, 2]);
  });

  it('when a name is unsafe for the LP format or repeated, then adding it throws', () => {
    const b = new LpModelBuilder('m', { checkUniqueNames: true });
    b.addVariable('x', 1);
    expect(() => b.addVariable('x', 1)).toThrow('duplicate');
    const unchecked = new LpModelBuilder('m');
    unchecked.addVariable('x', 1);
    unchecked.addVariable('x', 1);
    expect(() => toCplexLp(unchecked.build())).toThrow('duplicate LP variable name: x');
    expect(() => b.addVariable('a-b', 1)).toThrow('not safe');
    expect(() => b.addVariable('e1', 1)).toThrow('not safe');
    expect(() => b.addVariable('1x', 1)).toThrow('not safe');
    expect(lpNameFragment('srp-135125-asd')).toBe('srp_135125_asd');
  });

  it('when a row repeats a variable, has a non-finite coefficient or names a missing variable, then it throws', () => {
    const b = new LpModelBuilder('m');
    const x = b.addVariable('x', 1);
    expect(() => b.addRow('r', 'le', 1, [x, x], [1, 1])).toThrow('appears twice');
    expect(() => b.addRow('r2', 'le', 1, [x], [NaN])).toThrow('not finite');
    expect(() => b.addRow('r3', 'le', 1, [7], [1])).toThrow('no variable 7');
    expect(() => b.addRow('r4', 'le', Infinity, [x], [1])).toThrow('right-hand side');
  });

  it('when a model as wide as Kent\'s MSOA plan over 2026-2028 is exported (927,281 variables, nearly all with a cost, and 6,228 bounded), then the LP text is written, every term in it', () => {
    // The real model (1.2 million rows) exports to 478 MB of text; its width is what overflowed the stack.
    const b = new LpModelBuilder('wide');
    const n = 927_281;
    const vars = Array.from({ length: n }, (_, j) => b.addVariable(`x${j}`, 1 + (j % 7), j < 6_228 ? { upper: 3, integer: true } : {}));
    b.addRow('total', 'ge', 1, vars.slice(0, 1000), vars.slice(0, 1000).map(() => 1));
    const text = toCplexLp(b.build(), ['wide']);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['\\ wide', 'Minimize', ' objective: x0 + 2 x1 + 3 x2 + 4 x3 + 5 x4']);
    expect(lines.filter((l) => / x927280\b/.test(l))).toHaveLength(1);
    expect(lines.indexOf('Bounds')).toBeGreaterThan(lines.indexOf('Subject To'));
    expect(lines.filter((l) => /^ x\d+ <= 3$/.test(l))).toHaveLength(6_228);
    expect(lines.slice(-2)).toEqual(['End', '']);
  });
});
