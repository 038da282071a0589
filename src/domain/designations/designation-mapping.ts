/**
 * Proposes a new (three-designation) designation for each special school from its current one,
 * using the rule set in models/<la>/designation-mapping-rules.json. Pure: officers' decisions are
 * kept elsewhere and override these proposals.
 */
import { z } from 'zod';
import { CURRENT_DESIGNATIONS, PROPOSED_DESIGNATIONS, type CurrentDesignation, type ProposedDesignation } from '../needs.js';
import { PHASES, servesPhase, type Phase } from '../phases.js';
import { DataFileError } from '../registry/data-file-error.js';
import type { Registry, School, SpecialSchool } from '../registry/registry.js';

export const MAPPING_RULES_FILE = 'designation-mapping-rules.json';

const confidence = z.enum(['high', 'medium', 'low']);
export const mappingRulesFile = z.object({
  description: z.string(),
  sources: z.array(z.string()),
  rules: z
    .array(
      z.object({
        id: z.string().min(1),
        from: z.enum(CURRENT_DESIGNATIONS),
        when: z.object({ detailPattern: z.string().optional() }).strict(),
        proposed: z.enum(PROPOSED_DESIGNATIONS),
        alternatives: z.array(z.enum(PROPOSED_DESIGNATIONS)),
        ambiguous: z.boolean(),
        confidence,
        rationale: z.string().min(1),
      }),
    )
    .min(1),
});
export type MappingRules = z.infer<typeof mappingRulesFile>;
export type MappingRule = MappingRules['rules'][number];
type Confidence = z.infer<typeof confidence>;

/** Every current designation of the council needs a rule without conditions, so every school gets a proposal. */
export function checkMappingRules(rules: MappingRules, currentDesignations: readonly CurrentDesignation[] = CURRENT_DESIGNATIONS): MappingRules {
  for (const from of currentDesignations) {
    if (!rules.rules.some((r) => r.from === from && !r.when.detailPattern)) {
      throw new DataFileError(MAPPING_RULES_FILE, null, 'rules', `no rule without conditions for current designation ${from}`);
    }
  }
  rules.rules.forEach((r, i) => {
    // An ambiguous rule is only useful to officers if it names what else the school could become.
    if (r.ambiguous && r.alternatives.length === 0) {
      throw new DataFileError(MAPPING_RULES_FILE, `rules[${i}]`, 'alternatives', 'an ambiguous rule must offer at least one alternative');
    }
    if (r.alternatives.includes(r.proposed)) {
      throw new DataFileError(MAPPING_RULES_FILE, `rules[${i}]`, 'alternatives', `lists the proposed designation ${r.proposed} itself`);
    }
    if (r.when.detailPattern === undefined) return;
    try {
      new RegExp(r.when.detailPattern, 'i');
    } catch {
      throw new DataFileError(MAPPING_RULES_FILE, `rules[${i}]`, 'when.detailPattern', 'not a valid regular expression');
    }
  });
  return rules;
}

export interface ProposedMapping {
  urn: number;
  name: string;
  current: CurrentDesignation;
  proposed: ProposedDesignation;
  alternatives: ProposedDesignation[];
  ambiguous: boolean;
  /** The rule's confidence, lowered to the confidence of the source for the school's current designation. */
  confidence: Confidence;
  ruleId: string;
  /** The rule's reasoning, then the evidence about this school that qualifies it. */
  rationale: string[];
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const lower = (a: Confidence, b: Confidence): Confidence => (RANK[a] <= RANK[b] ? a : b);

const PHASE_NAMES: Record<Phase, string> = { primary: 'primary', secondary: 'secondary', post16: 'post-16' };

export function proposeMapping(rules: MappingRules, school: School, special: SpecialSchool, registerDate: string): ProposedMapping {
  const rule = rules.rules.find(
    (r) => r.from === special.designation && (!r.when.detailPattern || new RegExp(r.when.detailPattern, 'i').test(special.designationDetail)),
  );
  if (!rule) throw new Error(`no mapping rule for ${special.designation}`);
  const rationale = [rule.rationale, `Current designation detail: "${special.designationDetail}" (source: ${special.source}; confidence ${special.confidence}).`];
  const phases = PHASES.filter((p) => servesPhase(special.ageLow, special.ageHigh, p)).map((p) => PHASE_NAMES[p]);
  rationale.push(`Age range ${special.ageLow}-${special.ageHigh} (${special.ageBasis}): ${phases.length ? `${phases.join(', ')} phase${phases.length > 1 ? 's' : ''}` : 'no school phase'}.`);
  rationale.push(school.pupils === null ? 'No pupils on roll in the register yet.' : `${school.pupils} pupils on roll (register of ${registerDate}).`);
  if (special.notes) rationale.push(`Source notes: ${special.notes}.`);
  if (rule.ambiguous) {
    rationale.push(
      `Ambiguous: the evidence does not settle this school's designation. ${rule.proposed} is the nearest fit; the alternative${rule.alternatives.length > 1 ? 's are' : ' is'} ${rule.alternatives.join(' or ')}. Decide from the school's current intake.`,
    );
  } else if (rule.alternatives.length) {
    rationale.push(`Some pupils may fit ${rule.alternatives.join(' or ')} instead; the school as a whole fits ${rule.proposed}.`);
  }
  if (special.confidence !== 'high') rationale.push(`The current designation itself is known with ${special.confidence} confidence; verify it before deciding.`);
  return {
    urn: school.urn,
    name: school.name,
    current: special.designation,
    proposed: rule.proposed,
    alternatives: rule.alternatives,
    ambiguous: rule.ambiguous,
    confidence: lower(rule.confidence, special.confidence),
    ruleId: rule.id,
    rationale,
  };
}

/** Proposals for every special school, in URN order. */
export function proposeAllMappings(registry: Registry): ProposedMapping[] {
  return [...registry.specialSchools.values()]
    .sort((a, b) => a.urn - b.urn)
    .map((special) => proposeMapping(registry.mappingRules, registry.schoolByUrn.get(special.urn)!, special, registry.dataset.register.date));
}
