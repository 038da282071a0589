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
});
