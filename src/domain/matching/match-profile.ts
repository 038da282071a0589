/**
 * Scores a need profile against each designation's admission guidance and finds the level of
 * support on Kent's continuum. Everything designation-specific is data (admission-guidance.json);
 * this file only knows how to weigh criteria. The method, with worked examples, is in
 * models/kent/MATCHING.md:
 *
 *   score = (matched defining weight + present 'often' weight) / (all defining weight + present 'often' weight)
 *   score = score x requiredMissFactor  when a required criterion is missed (below the threshold, order kept)
 *   fits  = score >= fitThreshold
 *
 * 'often' criteria ("many have", "can expect to admit") raise a score when present and never lower
 * it when absent; the score stays within 0-1.
 */
import type { NeedCode, SrpNeedType } from '../needs.js';
import type { Registry } from '../registry/registry.js';
import { CONTINUUM_LEVELS, type AdmissionGuidance, type Clause, type ContinuumLevel, type ContinuumRule, type Criterion, type DesignationRules } from './admission-guidance.js';
import { compileCondition, profileBits, type CompiledCondition, type ProfileBits } from './compiled-condition.js';
import type { Ambiguity, CitedClause, ContinuumPlacement, CriterionOutcome, DecidingFact, DesignationScore } from './match-result.js';
import { PROFILE_AGE, needsOf, type NeedProfile } from './need-profile.js';

export type DesignationSetName = DesignationRules['set'];

// The shapes of a match's parts are defined once, as the API's schemas, in match-result.ts.
export type { Ambiguity, CitedClause, ContinuumPlacement, CriterionOutcome, DecidingFact, DesignationScore } from './match-result.js';

export interface SetMatch {
  set: DesignationSetName;
  /** Sorted by score, highest first (ties in the guidance file's order). */
  designations: DesignationScore[];
  bestFit: string | null;
  ambiguity: Ambiguity | null;
  continuum: ContinuumPlacement;
}

export interface MatchResult {
  /** The three proposed designations. */
  proposed: SetMatch;
  /** How Kent's five current designations would have placed the child. */
  current: SetMatch;
}

interface CompiledDesignation {
  set: DesignationSetName;
  code: string;
  name: string;
  order: number;
  criteria: (Criterion & { cited: CitedClause[]; test: CompiledCondition })[];
  definingWeight: number;
  /** A designation without guidance of its own ("all needs (not known)"): scored as the best designation of this set. */
  bestOf?: { set: DesignationSetName; describes: string };
}

/** The guidance compiled once per registry: clause texts resolved, names looked up, weights summed. */
export class Matcher {
  readonly scoring: AdmissionGuidance['scoring'];
  private readonly sets: Record<DesignationSetName, CompiledDesignation[]>;
  private readonly clauseById: Map<string, Clause>;
  private readonly criterionById: Map<string, Criterion>;
  private readonly orderOf: Record<DesignationSetName, Map<string, number>>;
  private readonly continuumRules: (ContinuumRule & { cited: CitedClause[]; test: CompiledCondition })[];
  private readonly srpCoverage: { code: SrpNeedType; needCodes: NeedCode[]; commissioned: boolean; note: string; clauses: CitedClause[] }[];

  constructor(registry: Registry) {
    const guidance = registry.admissionGuidance;
    this.scoring = guidance.scoring;
    this.clauseById = new Map(guidance.clauses.map((c) => [c.id, c]));
    const nameOf = (set: DesignationSetName, code: string) =>
      (set === 'proposed' ? registry.designations.proposed : registry.designations.current).find((d) => d.code === code)?.name ?? code;
    const compiled = guidance.designations.map((d, order) => ({
      set: d.set,
      code: d.code,
      name: nameOf(d.set, d.code),
      order,
      criteria: (d.criteria ?? []).map((c) => ({ ...c, cited: this.cite(c.clauses), test: compileCondition(c.when) })),
      definingWeight: (d.criteria ?? []).filter((c) => c.kind === 'defining').reduce((s, c) => s + c.weight, 0),
      ...(d.set === 'current' && d.bestOf ? { bestOf: { set: d.bestOf, describes: d.describes ?? '' } } : {}),
    }));
    this.continuumRules = guidance.continuum.rules.map((r) => ({ ...r, cited: this.cite(r.clauses), test: compileCondition(r.when) }));
    this.criterionById = new Map(guidance.designations.flatMap((d) => (d.criteria ?? []).map((c) => [c.id, c] as const)));
    this.sets = { proposed: compiled.filter((d) => d.set === 'proposed'), current: compiled.filter((d) => d.set === 'current') };
    this.orderOf = {
      proposed: new Map(this.sets.proposed.map((d) => [d.code, d.order])),
      current: new Map(this.sets.current.map((d) => [d.code, d.order])),
    };
    this.srpCoverage = guidance.srpNeedTypes.map((t) => ({
      code: t.code,
      needCodes: registry.srpNeedTypes.find((s) => s.code === t.code)?.needCodes ?? [t.code as NeedCode],
      commissioned: t.commissioned,
      note: t.note,
      clauses: this.cite(t.clauses),
    }));
  }

  cite(ids: string[]): CitedClause[] {
    return ids.map((id) => {
      const c = this.clauseById.get(id)!;
      return { id: c.id, source: c.source, text: c.text };
    });
  }

  match(profile: NeedProfile): MatchResult {
    return { proposed: this.matchSet('proposed', profile), current: this.matchSet('current', profile) };
  }

  /**
   * Scores every designation of a set. With explain = false, `reasons` are left empty and `summary`
   * blank, and the continuum's notes are left out (placement search needs only the scores); an
   * ambiguity still explains itself.
   */
  matchSet(set: DesignationSetName, profile: NeedProfile, explain = true): SetMatch {
    const bits = profileBits(profile);
    const designations = this.sets[set].map((d) => (d.bestOf ? this.scoreBestOf(d, d.bestOf, bits, explain) : this.score(d, bits, explain)));
    const order = this.orderOf[set];
    designations.sort((a, b) => b.score - a.score || order.get(a.code)! - order.get(b.code)!);
    const fitting = designations.filter((d) => d.fits);
    const bestFit = fitting[0]?.code ?? null;
    const ambiguity = this.ambiguity(fitting, bits, explain);
    return { set, designations, bestFit, ambiguity, continuum: this.continuum(profile, bits, designations, bestFit, explain) };
  }

  /**
   * The score of designation d when criterion i's outcomes are `outcomes` (true = matched): the
   * method in the file header, decided on the score as shown (two decimals), so a shown 0.65 never
   * 'does not fit' a 0.65 threshold.
   */
  private scoreOutcomes(d: CompiledDesignation, outcomes: ArrayLike<boolean>): { score: number; missedRequired: string[] } {
    let matchedDefining = 0;
    let presentOften = 0;
    const missedRequired: string[] = [];
    for (let i = 0; i < d.criteria.length; i++) {
      const c = d.criteria[i]!;
      if (outcomes[i]) {
        if (c.kind === 'defining') matchedDefining += c.weight;
        else presentOften += c.weight;
      } else if (c.required) missedRequired.push(c.id);
    }
    let raw = (matchedDefining + presentOften) / (d.definingWeight + presentOften);
    if (missedRequired.length > 0) raw *= this.scoring.requiredMissFactor;
    return { score: Math.round(raw * 100) / 100, missedRequired };
  }

  private score(d: CompiledDesignation, profile: ProfileBits, explain: boolean, summarise = explain): DesignationScore {
    const outcomes = d.criteria.map((c) => c.test(profile));
    const { score, missedRequired } = this.scoreOutcomes(d, outcomes);
    const fits = score >= this.scoring.fitThreshold;
    const margin = Math.round((score - this.scoring.fitThreshold) * 100) / 100;
    if (!explain) return { set: d.set, code: d.code, name: d.name, score, fits, margin, missedRequired, decidingFacts: [], summary: '', reasons: [] };
    // Flip each criterion on its own and see whether the designation's fit changes.
    const decidingFacts: DecidingFact[] = [];
    d.criteria.forEach((c, i) => {
      const flipped = [...outcomes];
      flipped[i] = !flipped[i];
      if (this.scoreOutcomes(d, flipped).score >= this.scoring.fitThreshold === fits) return;
      decidingFacts.push({ criterion: c.id, describes: c.describes, clauses: c.clauses, effect: fits ? 'would-no-longer-fit' : 'would-fit' });
    });
    const reasons: CriterionOutcome[] = d.criteria.map((c, i) => ({
      criterion: c.id,
      kind: c.kind,
      required: c.required,
      weight: c.weight,
      outcome: outcomes[i] ? 'matched' : c.kind === 'often' ? 'absent' : 'missed',
      describes: c.describes,
      clauses: c.cited,
    }));
    const summary = summarise ? this.summary(d, score, fits, margin, reasons, decidingFacts) : '';
    return { set: d.set, code: d.code, name: d.name, score, fits, margin, missedRequired, decidingFacts, summary, reasons };
  }

  /** A designation that admits whoever fits one of another set's: that set's best score, under this designation's code. */
  private scoreBestOf(d: CompiledDesignation, of: NonNullable<CompiledDesignation['bestOf']>, profile: ProfileBits, explain: boolean): DesignationScore {
    const order = this.orderOf[of.set];
    const scores = this.sets[of.set].map((o) => this.score(o, profile, explain));
    const top = scores.sort((a, b) => b.score - a.score || order.get(a.code)! - order.get(b.code)!)[0]!;
    const summary = explain
      ? `${d.code} (${d.name}) has no admission guidance of its own: ${of.describes}; it takes its score from ${top.code}, the best fit. ${top.summary}`
      : '';
    return { ...top, set: d.set, code: d.code, name: d.name, summary };
  }

  /** What a criterion describes, by id (for messages about missed criteria). */
  describe(criterionId: string): string {
    return this.criterionById.get(criterionId)?.describes ?? criterionId;
  }

  private summary(d: CompiledDesignation, score: number, fits: boolean, margin: number, reasons: CriterionOutcome[], deciding: DecidingFact[]): string {
    const list = (rs: CriterionOutcome[]) => rs.map((r) => `${r.describes} (${r.clauses.map((c) => c.id).join(', ')})`).join('; ');
    const facts = (fs: DecidingFact[]) => fs.map((f) => `${f.describes} (${f.clauses.join(', ')})`).join('; or ');
    const matched = reasons.filter((r) => r.outcome === 'matched');
    const missedRequired = reasons.filter((r) => r.outcome === 'missed' && r.required);
    const missed = reasons.filter((r) => r.outcome === 'missed' && !r.required);
    const signed = `${margin >= 0 ? '+' : ''}${margin.toFixed(2)}`;
    const parts = [`${d.code} ${fits ? 'fits' : 'does not fit'} (score ${score.toFixed(2)}, fit threshold ${this.scoring.fitThreshold}, margin ${signed}).`];
    if (missedRequired.length) parts.push(`Misses what the guidance requires: ${list(missedRequired)}.`);
    if (matched.length) parts.push(`Matches: ${list(matched)}.`);
    if (missed.length) parts.push(`Misses: ${list(missed)}.`);
    if (fits && deciding.length) parts.push(`It would no longer fit without ${facts(deciding)}.`);
    else if (!fits && deciding.length) parts.push(`It would fit with ${facts(deciding)}.`);
    else if (!fits) parts.push(`No single fact would make it fit: it would need all of ${list(missedRequired.length ? missedRequired : missed)}.`);
    return parts.join(' ');
  }

  /** Two fitting designations within the margin: say so, and what would separate them. */
  private ambiguity(fitting: DesignationScore[], profile: ProfileBits, explained: boolean): Ambiguity | null {
    let [a, b] = fitting;
    if (!a || !b || a.score - b.score > this.scoring.ambiguityMargin + 1e-9) return null;
    if (!explained) {
      const set = this.sets[a.set];
      a = this.score(set.find((d) => d.code === a!.code)!, profile, true, false);
      b = this.score(set.find((d) => d.code === b!.code)!, profile, true, false);
    }
    const matched = (d: DesignationScore) =>
      d.reasons.filter((r) => r.outcome === 'matched').map((r) => `${r.describes} (${r.clauses.map((c) => c.id).join(', ')})`);
    const missing = (d: DesignationScore) =>
      d.reasons.filter((r) => r.outcome !== 'matched').map((r) => `${r.describes} (${r.clauses.map((c) => c.id).join(', ')})`);
    const higherWith = (d: DesignationScore) => {
      const m = missing(d);
      return m.length ? `${d.code} would be the clearer fit with ${m.join('; ')}` : `${d.code} already matches every criterion`;
    };
    const why =
      `${a.code} (${a.score.toFixed(2)}) and ${b.code} (${b.score.toFixed(2)}) both fit and are within ${this.scoring.ambiguityMargin} of each other: ` +
      `the guidance does not separate them for this profile. ${a.code} matches ${matched(a).join('; ')}. ${b.code} matches ${matched(b).join('; ')}. ` +
      `${higherWith(a)}; ${higherWith(b)}. Decide on the child's evidence.`;
    return { between: [a.code, b.code], scores: [a.score, b.score], why };
  }

  /**
   * The level of support on the continuum: the first rule that applies. With explain = false the
   * notes (why earlier levels did not apply) are left out. `from` skips the rules of higher levels,
   * for a child already known to need no more than that level (the demand model starts pupils placed
   * in SEN units at 'srp'); /match always starts at the top.
   */
  private continuum(
    profile: NeedProfile,
    bits: ProfileBits,
    designations: DesignationScore[],
    bestFit: string | null,
    explain: boolean,
    from: ContinuumLevel = 'special',
  ): ContinuumPlacement {
    const notes: string[] = [];
    const start = CONTINUUM_LEVELS.indexOf(from);
    for (const rule of this.continuumRules) {
      if (CONTINUUM_LEVELS.indexOf(rule.level) < start) continue;
      if (!rule.test(bits)) {
        const ages = rule.when.age;
        if (explain && rule.level === 'special' && bestFit && ages) {
          notes.push(
            `${bestFit} fits the needs, but the special-school level applies at ages ${ages.min ?? PROFILE_AGE.min}-${ages.max ?? PROFILE_AGE.max} ` +
              `(the ages special schools serve; rule ${rule.id}), not at ${profile.age}.`,
          );
        }
        continue;
      }
      const at = (designation: string | null, srpNeedType: SrpNeedType | null): ContinuumPlacement => ({
        level: rule.level,
        designation,
        srpNeedType,
        rule: rule.id,
        explanation: rule.explanation,
        clauses: rule.cited,
        notes,
      });
      if (rule.level === 'special') {
        if (bestFit) return at(bestFit, null);
        if (!explain) continue;
        const top = designations[0]!;
        notes.push(
          `No special-school designation fits: the highest score is ${top.code} at ${top.score.toFixed(2)}, below the fit threshold ${this.scoring.fitThreshold}` +
            (top.missedRequired.length ? ` (it misses the required ${top.missedRequired.map((id) => this.describe(id)).join('; ')}).` : '.'),
        );
        continue;
      }
      if (rule.level === 'srp') {
        const needs = rule.srpNeedFrom === 'primaryNeed' ? [profile.primaryNeed] : needsOf(profile);
        for (const need of needs) {
          for (const type of this.srpCoverage) {
            if (!type.needCodes.includes(need)) continue;
            if (type.commissioned) return at(null, type.code);
            if (!explain) continue;
            const note = `${type.note} (${type.clauses.map((c) => c.id).join(', ')})`;
            if (!notes.includes(note)) notes.push(note);
          }
        }
        continue;
      }
      return at(null, null);
    }
    // checkAdmissionGuidance guarantees the last rule always applies.
    throw new Error('continuum rules ended without a level');
  }

  /**
   * The continuum from a given level down, with the set's scores: for the demand model, which knows a
   * pupil's current level of need from where DfE SEN2 says they are placed (models/kent/DEMAND.md).
   */
  continuumFrom(set: DesignationSetName, profile: NeedProfile, from: ContinuumLevel): { match: SetMatch; continuum: ContinuumPlacement } {
    const match = this.matchSet(set, profile, false);
    if (from === 'special') return { match, continuum: match.continuum };
    return { match, continuum: this.continuum(profile, profileBits(profile), match.designations, match.bestFit, false, from) };
  }

  /** Which SRP need types (commissioned or not) cover any of the profile's needs. */
  srpNeedTypesFor(profile: NeedProfile): { code: SrpNeedType; commissioned: boolean; forPrimaryNeed: boolean }[] {
    const needs = needsOf(profile);
    return this.srpCoverage
      .filter((t) => needs.some((n) => t.needCodes.includes(n)))
      .map((t) => ({ code: t.code, commissioned: t.commissioned, forPrimaryNeed: t.needCodes.includes(profile.primaryNeed) }));
  }
}

const matchers = new WeakMap<Registry, Matcher>();
/** The registry's matcher, compiled on first use. */
export function matcherFor(registry: Registry): Matcher {
  let m = matchers.get(registry);
  if (!m) matchers.set(registry, (m = new Matcher(registry)));
  return m;
}

export function matchProfile(registry: Registry, profile: NeedProfile): MatchResult {
  return matcherFor(registry).match(profile);
}
