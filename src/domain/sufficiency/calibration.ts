/**
 * The calibration table of a base-year run: the model against what Kent had in January of that year,
 * placement type by placement type, each observed figure with its source
 * (models/<la>/sufficiency-figures.json, written from DfE SEN2 and the register). Computed from the
 * run, so it follows whatever demand the demand model gives; the explanations say why a figure
 * differs by design (what the observation counts that the model does not, or the reverse).
 */
import { isSrpCategory, type SufficiencyInputs } from './inputs.js';
import type { InterpretedSolution } from './interpret.js';
import type { Calibration } from './result.js';
import type { ObservedFigures } from './run-identity.js';

/** Why model and observation may differ, by measure. */
const EXPLANATIONS: Record<string, string> = {
  'special-school-demand':
    "The model's demand for special-school places (the demand model's special pathway, ages 4-19) against all Kent EHCP pupils in special schools (every age, and pupils placed by other routes). Small differences come from the demand model's calibration.",
  'state-special-placed':
    "Pupils the model places in Kent's state special schools against their rolls. Places are taken to be the rolls (an estimate), so the model can place at most the rolls; it places fewer where a school's places in a phase are not all in reach of pupils of the categories it admits.",
  'independent-placed':
    "Independent and non-maintained placements (in reach, or out of the area) against SEN2. The model sends every child without a Kent state place there, so it also counts the Kent pupils SEN2 records in other authorities' state special schools (SEN2 state placements 6,427 against Kent rolls 6,257: about 170, net of other authorities' pupils in Kent's schools), whom it has no other way to place.",
  'srp-placed':
    'Pupils placed in SRPs against Kent pupils in SEN units and resourced provision. The model has no post-16 SRP places (Kent commissions SRP places for Years 7 to 11 only, decision 25/00085), so post-16 SRP-level demand is reported as not commissioned rather than placed; pupils the demand model sends to SRPs beyond the places in reach are unmet.',
  'srp-post16':
    'Post-16 SRP-level demand the model reports as not commissioned, against post-16 pupils SEN2 records in SEN units and resourced provision in January 2025.',
  'state-special-kent-pupils':
    "Kent pupils in state special schools anywhere (SEN2) against the model's Kent state special placements: SEN2 also counts Kent pupils in other authorities' state schools and leaves out other authorities' pupils in Kent's.",
};
const PHASE_EXPLANATION =
  "The model's state special placements in the phase (each school's roll split over phases by the SEN2 age profile of Kent pupils in state special schools, an estimate) against SEN2 Kent pupils of those ages in state special schools anywhere.";

export function calibrate(inputs: SufficiencyInputs, solution: InterpretedSolution, observed: ObservedFigures, scenarioInputs: Record<string, unknown>): Calibration {
  const rows = solution.byLocality;
  const special = rows.filter((r) => !isSrpCategory(r.category));
  const srp = rows.filter((r) => isSrpCategory(r.category));
  const specialUsed = (phase?: string) =>
    solution.provisions
      .filter((p) => p.kind === 'special-school')
      .reduce((s, p) => s + (phase ? ((p.usedByPhase as Record<string, number | undefined>)[phase] ?? 0) : p.used), 0);
  const model: Record<string, number> = {
    'special-school-demand': special.reduce((s, r) => s + r.demand, 0),
    'state-special-placed': specialUsed(),
    'state-special-kent-pupils': specialUsed(),
    'independent-placed': special.reduce((s, r) => s + r.placedIndependent, 0),
    'srp-placed': srp.reduce((s, r) => s + r.placedLocal + r.placedElsewhere, 0),
    'srp-post16': srp.filter((r) => r.phase === 'post16').reduce((s, r) => s + r.notCommissioned, 0),
    'state-special-primary': specialUsed('primary'),
    'state-special-secondary': specialUsed('secondary'),
    'state-special-post16': specialUsed('post16'),
  };
  const supply = (scenarioInputs.supply as unknown[] | undefined) ?? [];
  const asObserved = scenarioInputs.designationSet === 'current' && supply.length === 0;
  return {
    year: observed.year,
    note: asObserved
      ? `January ${observed.year}: current designations, no supply changes. A difference of more than 10% is explained.`
      : `This run changes ${[scenarioInputs.designationSet !== 'current' ? `the designations (${String(scenarioInputs.designationSet)})` : null, supply.length ? `supply (${supply.length} changes)` : null].filter(Boolean).join(' and ')}: the table compares a what-if with January ${observed.year}, so differences are expected.`,
    rows: observed.figures
      .filter((f) => f.measure in model)
      .map((f) => {
        const value = Math.round(model[f.measure]!);
        const difference = value - f.value;
        const relative = f.value > 0 ? difference / f.value : null;
        return {
          measure: f.measure,
          label: f.label,
          model: value,
          observed: f.value,
          difference,
          relativeDifference: relative === null ? null : Math.round(relative * 1000) / 1000,
          within10Percent: relative !== null && Math.abs(relative) <= 0.1,
          source: f.source,
          explanation: EXPLANATIONS[f.measure] ?? (f.measure.startsWith('state-special-') ? PHASE_EXPLANATION : ''),
        };
      }),
  };
}
