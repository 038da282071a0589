/**
 * The calibration table of a base-year run: the model against what Kent had in January of that year,
 * placement type by placement type, each observed figure with its source
 * (models/<la>/sufficiency-figures.json, written from DfE SEN2 and the register). Computed from the
 * run, so it follows whatever demand the demand model gives; the explanations say why a figure
 * differs by design (what the observation counts that the model does not, or the reverse).
 */
import { wholeNumber as n } from '../units.js';
import { isSrpCategory } from './inputs.js';
import type { InterpretedSolution } from './interpret.js';
import type { Calibration } from './result.js';
import type { ObservedFigures } from './run-identity.js';

/** What the explanations quote from the run. */
interface Context {
  year: number;
  srpDemand: number;
  srpPlaced: number;
  srpUnmet: number;
  srpPost16NotCommissioned: number;
  unitPupils: number;
  unitPupilsPost16: number;
  specialPlaces: number;
  statedPlaces: string[];
  kentPupilsInStateSpecial: number;
  kentRolls: number;
}


/** Why model and observation may differ, by measure. */
const EXPLANATIONS: Record<string, (c: Context) => string> = {
  'special-school-demand': () =>
    "The model's demand for special-school places (the demand model's special pathway, ages 4-19) against all Kent EHCP pupils in special schools (every age, and pupils placed by other routes). Small differences come from the demand model's calibration.",
  'state-special-placed': (c) =>
    `Pupils the model places in Kent's state special schools against their rolls. Places are the rolls (an estimate) except where a source states places (${c.statedPlaces.join(', ') || 'none'}), so they total ${n(c.specialPlaces)}; the model fills them where pupils of the categories a school admits can reach them.`,
  'independent-placed': (c) =>
    `Independent and non-maintained placements (in reach, or out of the area) against SEN2. The model sends every child without a Kent state place there, so it also counts the Kent pupils SEN2 records in other authorities' state special schools (SEN2 state placements ${n(c.kentPupilsInStateSpecial)} against Kent rolls ${n(c.kentRolls)}: about ${n(c.kentPupilsInStateSpecial - c.kentRolls)}, net of other authorities' pupils in Kent's schools), whom it has no other way to place.`,
  'srp-placed': (c) =>
    `Pupils placed in SRPs (${n(c.srpPlaced)} of the ${n(c.srpDemand)} the demand model gives SRP places in ${c.year}${c.srpUnmet >= 0.5 ? `; ${n(c.srpUnmet)} have no SRP place in reach` : ''}) against Kent pupils in SEN units and resourced provision. ` +
    `SEN2's ${n(c.unitPupils)} include ${n(c.unitPupilsPost16)} aged 16 or over, for whom Kent commissions no SRP places (Years 7 to 11 only, decision 25/00085): ` +
    (c.srpPost16NotCommissioned >= 0.5
      ? `the ${n(c.srpPost16NotCommissioned)} post-16 pupils the demand model still sends to SRPs are reported as not commissioned, not placed.`
      : 'the demand model sends post-16 SRP-level need to special-school sixth forms or further education with support instead.') +
    ` The model has places for every school-age pupil in units (listed units, and assumed places filling each district's gap), so a difference beyond that is the demand model's reading of who needs an SRP place.`,
  'srp-post16': (c) =>
    `Post-16 SRP-level demand the model reports as not commissioned (${n(c.srpPost16NotCommissioned)}), against the post-16 pupils SEN2 recorded in SEN units and resourced provision in January ${c.year}. ` +
    (c.srpPost16NotCommissioned >= 0.5
      ? 'The demand model still sends them to SRPs; Kent commissions none for them.'
      : 'The demand model sends them to special-school sixth forms or further education with support (Kent commissions SRP places for Years 7 to 11 only, decision 25/00085), so none remain.'),
  'state-special-kent-pupils': () =>
    "Kent pupils in state special schools anywhere (SEN2) against the model's Kent state special placements: SEN2 also counts Kent pupils in other authorities' state schools and leaves out other authorities' pupils in Kent's.",
};
const PHASE_EXPLANATION = () =>
  "The model's state special placements in the phase (each school's roll split over phases by the SEN2 age profile of Kent pupils in state special schools, an estimate) against SEN2 Kent pupils of those ages in state special schools anywhere.";

export function calibrate(solution: InterpretedSolution, observed: ObservedFigures, scenarioInputs: Record<string, unknown>): Calibration {
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
  const observedValue = (measure: string) => observed.figures.find((f) => f.measure === measure)?.value ?? 0;
  const context: Context = {
    year: observed.year,
    srpDemand: srp.reduce((s, r) => s + r.demand - r.notCommissioned, 0),
    srpPlaced: model['srp-placed']!,
    srpUnmet: srp.reduce((s, r) => s + r.unmet, 0),
    srpPost16NotCommissioned: model['srp-post16']!,
    unitPupils: observedValue('srp-placed'),
    unitPupilsPost16: observedValue('srp-post16'),
    specialPlaces: solution.provisions.filter((p) => p.kind === 'special-school').reduce((s, p) => s + p.capacity, 0),
    statedPlaces: solution.provisions.filter((p) => p.kind === 'special-school' && p.capacityBasis === 'source').map((p) => `${p.name} ${n(p.capacity)}`),
    kentPupilsInStateSpecial: observedValue('state-special-kent-pupils'),
    kentRolls: observedValue('state-special-placed'),
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
          explanation: (EXPLANATIONS[f.measure] ?? (f.measure.startsWith('state-special-') ? PHASE_EXPLANATION : () => ''))(context),
        };
      }),
  };
}
