/**
 * Inclusion bases (Schools White Paper, February 2026): a scenario adds specialist bases (Kent's SRPs,
 * commissioned by the council) or support bases (funded by schools and trusts) as well as
 * special-school places; stopping the council's commissioning of a need type closes its specialist
 * bases, not schools' own support bases.
 */
import { describe, expect, it } from 'vitest';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { scenarioSchema } from '../../../src/domain/sufficiency/scenario.js';
import { solveSufficiency } from '../../../src/domain/sufficiency/solve-sufficiency.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';
import { kentRegistry } from '../../helpers/app.js';

const registry = kentRegistry();
const demand = fixtureDemandSource(registry);
const base = { kind: 'support-base', needTypes: ['SEMH'], phases: ['secondary'], places: 12, hostUrn: 137687 } as const;

describe('inclusion bases', () => {
  it('when a scenario opens a support base and stops commissioning its need type, then the base stays (the council does not commission it) and its places are used', async () => {
    const scenario = scenarioSchema.parse({
      id: 'bases',
      name: 'bases',
      year: 2026,
      supply: [
        { action: 'open', id: 'support-base-semh', name: 'Support base (SEMH), The Sittingbourne School', ...base },
        { action: 'open', id: 'specialist-base-semh', name: 'Specialist base (SEMH), same school', ...base, kind: 'srp' },
        { action: 'stop-commissioning', needTypes: ['SEMH'] },
      ],
    });
    const { inputs, meta } = assembleInputs(scenario, registry, { demand });
    const support = inputs.provisions.find((p) => p.id === 'support-base-semh')!;
    expect(support).toMatchObject({ kind: 'support-base', categories: ['SRP-SEMH'], phases: ['secondary'], places: 12 });
    expect(inputs.provisions.find((p) => p.id === 'specialist-base-semh')).toBeUndefined();
    const result = await solveSufficiency({ inputs, meta, solver: 'highs' });
    const row = result.provisions.find((p) => p.id === 'support-base-semh')!;
    expect(row.kind).toBe('support-base');
    expect(row.used).toBeGreaterThan(11.9);
  });

  it('when a base is opened without need types, then it is refused at the field', () => {
    const parsed = scenarioSchema.safeParse({ id: 'x', name: 'x', year: 2026, supply: [{ action: 'open', id: 'b', name: 'b', kind: 'support-base', phases: ['primary'], places: 8, hostUrn: 118254 }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain('supply.0.needTypes');
  });
});
