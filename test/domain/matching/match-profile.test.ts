import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holds } from '../../../src/domain/matching/conditions.js';
import { matchProfile, matcherFor, type DesignationScore, type SetMatch } from '../../../src/domain/matching/match-profile.js';
import { NEED_TRAITS } from '../../../src/domain/matching/need-profile.js';
import { kentRegistry } from '../../helpers/app.js';
import { profile, profileArbitrary } from '../../helpers/profiles.js';

const registry = kentRegistry();
const guidance = registry.admissionGuidance;
const { fitThreshold, ambiguityMargin } = guidance.scoring;

const scoreOf = (set: SetMatch, code: string): DesignationScore => set.designations.find((d) => d.code === code)!;
const citedClauses = (d: DesignationScore, outcome: 'matched' | 'missed' | 'absent') =>
  d.reasons.filter((r) => r.outcome === outcome).flatMap((r) => r.clauses.map((c) => c.id));

describe('the admission guidance data', () => {
  it('quotes each numbered clause of the three proposed designations verbatim from their guidance in designations.json', () => {
    const numbered = guidance.clauses.filter((c) => /^(CLN|SEMH|NLD)\.\d+$/.test(c.id));
    expect(numbered.length).toBe(11);
    for (const clause of numbered) {
      const code = clause.id.split('.')[0]!;
      const quoted = registry.proposedDesignationByCode.get(code as never)!.guidance;
      expect(quoted, clause.id).toContain(clause.text);
    }
  });

  it('cites every clause of the proposed guidance from at least one scoring criterion', () => {
    const cited = new Set(guidance.designations.filter((d) => d.set === 'proposed').flatMap((d) => d.criteria.flatMap((c) => c.clauses)));
    for (const clause of guidance.clauses.filter((c) => /^(CLN|SEMH|NLD)\./.test(c.id))) expect(cited.has(clause.id), clause.id).toBe(true);
  });

  it('gives rules to all three proposed and all five current designations', () => {
    expect(guidance.designations.filter((d) => d.set === 'proposed').map((d) => d.code).sort()).toEqual(['CLN', 'NLD', 'SEMH']);
    expect(guidance.designations.filter((d) => d.set === 'current').map((d) => d.code).sort()).toEqual(['CI', 'CIL', 'PDCM', 'PSCN', 'SEMH']);
  });
});

describe("when a profile is one of a designation's clear cases from the guidance", () => {
  it('then profound and multiple learning difficulties fit CLN, citing CLN.1', () => {
    const m = matchProfile(registry, profile('PMLD', 'profound', { traits: ['complex-medical'] })).proposed;
    expect(m.bestFit).toBe('CLN');
    expect(m.ambiguity).toBeNull();
    expect(scoreOf(m, 'CLN').score).toBe(1);
    expect(citedClauses(scoreOf(m, 'CLN'), 'matched')).toContain('CLN.1');
    expect(m.continuum).toMatchObject({ level: 'special', designation: 'CLN' });
    expect(scoreOf(m, 'SEMH').fits).toBe(false);
    expect(scoreOf(m, 'NLD').fits).toBe(false);
  });

  it('then severe learning difficulties with autism (which CLN schools can expect to admit) fit CLN, citing CLN.2', () => {
    const m = matchProfile(registry, profile('SLD', 'severe', { secondaryNeeds: ['ASD'] })).proposed;
    expect(m.bestFit).toBe('CLN');
    expect(citedClauses(scoreOf(m, 'CLN'), 'matched')).toEqual(expect.arrayContaining(['CLN.1', 'CLN.2']));
  });

  it('then SEMH difficulties with challenging behaviour and adverse childhood experiences fit SEMH, citing SEMH.1-3', () => {
    const m = matchProfile(registry, profile('SEMH', 'none', { traits: ['challenging-behaviour', 'adverse-childhood-experiences', 'adhd'] })).proposed;
    expect(m.bestFit).toBe('SEMH');
    expect(m.ambiguity).toBeNull();
    expect(scoreOf(m, 'SEMH').score).toBe(1);
    expect(citedClauses(scoreOf(m, 'SEMH'), 'matched')).toEqual(expect.arrayContaining(['SEMH.1', 'SEMH.2', 'SEMH.3', 'SEMH.4']));
    expect(m.continuum).toMatchObject({ level: 'special', designation: 'SEMH' });
  });

  it('then autism with learning difficulties and severe social communication difficulties fits NLD, citing NLD.2-4', () => {
    const m = matchProfile(registry, profile('ASD', 'moderate', { traits: ['severe-social-communication', 'severe-social-anxiety'] })).proposed;
    expect(m.bestFit).toBe('NLD');
    expect(m.ambiguity).toBeNull();
    expect(citedClauses(scoreOf(m, 'NLD'), 'matched')).toEqual(expect.arrayContaining(['NLD.2', 'NLD.3', 'NLD.4', 'NLD.5']));
    expect(scoreOf(m, 'CLN').fits).toBe(false);
    expect(scoreOf(m, 'CLN').missedRequired).toEqual(['cln-severe-learning']);
  });

  it('then ADHD (not autism) with moderate learning difficulties and severe social communication difficulties also fits NLD ("autism, ADHD, or other conditions")', () => {
    const m = matchProfile(registry, profile('MLD', 'moderate', { traits: ['adhd', 'severe-social-communication'] })).proposed;
    expect(m.bestFit).toBe('NLD');
  });
});

describe('when no special designation fits a profile, then none is forced', () => {
  it('a hearing-impaired child without learning difficulties: no designation fits, an HI SRP is the level of support, and no current designation fitted either', () => {
    const { proposed, current } = matchProfile(registry, profile('HI', 'none'));
    expect(proposed.bestFit).toBeNull();
    for (const d of proposed.designations) {
      expect(d.fits, d.code).toBe(false);
      expect(d.score, d.code).toBeLessThan(fitThreshold);
      expect(d.missedRequired.length, d.code).toBeGreaterThan(0);
    }
    expect(proposed.continuum).toMatchObject({ level: 'srp', srpNeedType: 'HI', designation: null });
    expect(proposed.continuum.notes.join(' ')).toMatch(/No special-school designation fits/);
    expect(current.bestFit).toBeNull();
  });

  it('an autistic child without learning difficulties: NLD misses its required learning difficulties (NLD.4), the level is an ASD SRP, and the current C&I designation would have taken the child', () => {
    const { proposed, current } = matchProfile(registry, profile('ASD', 'none', { traits: ['severe-social-communication', 'severe-social-anxiety'] }));
    expect(proposed.bestFit).toBeNull();
    const nld = scoreOf(proposed, 'NLD');
    expect(nld.fits).toBe(false);
    expect(nld.missedRequired).toEqual(['nld-learning-difficulty']);
    expect(nld.reasons.find((r) => r.criterion === 'nld-learning-difficulty')!.clauses.map((c) => c.id)).toEqual(['NLD.4']);
    expect(proposed.continuum).toMatchObject({ level: 'srp', srpNeedType: 'ASD' });
    expect(current.bestFit).toBe('CI');
    expect(current.continuum).toMatchObject({ level: 'special', designation: 'CI' });
  });

  it('a physically disabled child without learning difficulties: no proposed designation, a PD SRP; the current PDCM designation would have fitted', () => {
    const { proposed, current } = matchProfile(registry, profile('PD', 'none', { traits: ['complex-medical'] }));
    expect(proposed.bestFit).toBeNull();
    expect(proposed.continuum).toMatchObject({ level: 'srp', srpNeedType: 'PD' });
    expect(current.bestFit).toBe('PDCM');
  });

  it('a vision-impaired child: VI SRPs are no longer commissioned, so the level is mainstream with outreach, citing KCC decision 25/00085', () => {
    const { proposed } = matchProfile(registry, profile('VI', 'none'));
    expect(proposed.continuum.level).toBe('mainstream-outreach');
    expect(proposed.continuum.notes.join(' ')).toMatch(/KCC\.25-00085\.1/);
  });

  it('an SEMH child without challenging behaviour: SEMH misses SEMH.2, SEMH SRPs are not commissioned, so mainstream with outreach', () => {
    const { proposed, current } = matchProfile(registry, profile('SEMH', 'none', { traits: ['severe-social-anxiety'] }));
    const semh = scoreOf(proposed, 'SEMH');
    expect(semh.fits).toBe(false);
    expect(semh.missedRequired).toEqual(['semh-challenging-behaviour']);
    expect(proposed.continuum.level).toBe('mainstream-outreach');
    expect(proposed.continuum.notes.join(' ')).toMatch(/KCC\.25-00085\.2/);
    expect(current.bestFit).toBe('SEMH');
  });

  it('a child with a specific learning difficulty and nothing else: mainstream with the SEN Core Standards', () => {
    expect(matchProfile(registry, profile('SPLD', 'none')).proposed.continuum).toMatchObject({ level: 'mainstream', rule: 'mainstream-core-standards' });
  });

  it('an autistic 17-year-old without learning difficulties: past Year 11 no SRP place is commissioned, so mainstream with outreach', () => {
    expect(matchProfile(registry, profile('ASD', 'none', { age: 17 })).proposed.continuum.level).toBe('mainstream-outreach');
  });
});

describe('when a profile is ambiguous, then two close scores are shown with the reason', () => {
  it('autism with severe learning difficulties and severe social communication difficulties: NLD and CLN both fit within the margin, and the answer says what would separate them', () => {
    const m = matchProfile(registry, profile('ASD', 'severe', { traits: ['severe-social-communication'] })).proposed;
    expect(m.ambiguity).not.toBeNull();
    expect(m.ambiguity!.between.slice().sort()).toEqual(['CLN', 'NLD']);
    const [a, b] = m.ambiguity!.scores;
    expect(a - b).toBeLessThanOrEqual(ambiguityMargin);
    expect(a).toBeGreaterThanOrEqual(fitThreshold);
    expect(b).toBeGreaterThanOrEqual(fitThreshold);
    expect(m.ambiguity!.why).toMatch(/NLD .* and CLN .* both fit/);
    expect(m.ambiguity!.why).toContain('CLN.1'); // a recorded PMLD or SLD need would make CLN the clearer fit
    expect(m.continuum).toMatchObject({ level: 'special', designation: m.bestFit });
  });

  it('autism with severe learning difficulties but no severe social communication difficulties: CLN only, and NLD says the one fact that would make it fit (NLD.3)', () => {
    const m = matchProfile(registry, profile('ASD', 'severe')).proposed;
    expect(m.bestFit).toBe('CLN');
    expect(m.ambiguity).toBeNull();
    const nld = scoreOf(m, 'NLD');
    expect(nld.fits).toBe(false);
    expect(nld.decidingFacts).toEqual([expect.objectContaining({ criterion: 'nld-severe-social-communication', clauses: ['NLD.3'], effect: 'would-fit' })]);
    expect(nld.summary).toMatch(/would fit with severe social communication/);
  });

  it('SEMH with challenging behaviour and severe learning difficulties: SEMH and CLN both fit within the margin', () => {
    const m = matchProfile(registry, profile('SEMH', 'severe', { traits: ['challenging-behaviour'] })).proposed;
    expect(m.ambiguity?.between.slice().sort()).toEqual(['CLN', 'SEMH']);
    expect(m.ambiguity!.why).toContain('CLN.1');
  });

  it('autism with moderate learning difficulties under the current set: C&I and C&I-with-learning both fit (KsENT lists moderate learning difficulties for both)', () => {
    const { current } = matchProfile(registry, profile('ASD', 'moderate'));
    expect(current.ambiguity?.between.slice().sort()).toEqual(['CI', 'CIL']);
    expect(current.ambiguity!.why).toMatch(/KSENT\.2|KSENT\.3/);
  });

  it('a clear profile with a second fitting designation well behind is not called ambiguous', () => {
    const m = matchProfile(registry, profile('SLD', 'severe', { secondaryNeeds: ['SEMH'], traits: ['challenging-behaviour'] })).proposed;
    expect(m.designations.filter((d) => d.fits).map((d) => d.code)).toEqual(['CLN', 'SEMH']);
    expect(m.designations[0]!.score - m.designations[1]!.score).toBeGreaterThan(ambiguityMargin);
    expect(m.ambiguity).toBeNull();
  });
});

describe('at the edges the issue names', () => {
  it.each([2, 3, 20, 22, 25])('a child aged %i with profound and multiple learning difficulties gets no special-school level (special schools serve 4-19), and the answer says why', (age) => {
    for (const m of Object.values(matchProfile(registry, profile('PMLD', 'profound', { age })))) {
      expect(m.bestFit).not.toBeNull(); // the needs still fit a designation
      expect(m.continuum.level).not.toBe('special');
      expect(m.continuum.notes.join(' ')).toMatch(/special-school level applies at ages 4-19/);
    }
  });

  it.each([4, 19])('at age %i, the youngest and oldest special schools serve, the same child gets the special level', (age) => {
    expect(matchProfile(registry, profile('PMLD', 'profound', { age })).proposed.continuum).toMatchObject({ level: 'special', designation: 'CLN' });
  });

  it('SEMH with ADHD and a mild learning difficulty but no social communication difficulty is not NLD (NLD pupils "have severe social communication difficulties")', () => {
    const m = matchProfile(registry, profile('SEMH', 'mild', { traits: ['adhd'] })).proposed;
    const nld = scoreOf(m, 'NLD');
    expect(nld.fits).toBe(false);
    expect(nld.missedRequired).toEqual(['nld-severe-social-communication']);
    expect(nld.margin).toBeLessThan(0);
    expect(nld.decidingFacts.map((f) => f.criterion)).toEqual(['nld-severe-social-communication']);
    // with the social communication difficulty it would fit: the one fact that changes the answer
    const withIt = scoreOf(matchProfile(registry, profile('SEMH', 'mild', { traits: ['adhd', 'severe-social-communication'] })).proposed, 'NLD');
    expect(withIt.fits).toBe(true);
  });

  it('a fitting designation shows its margin and each fact without which it would no longer fit', () => {
    const m = matchProfile(registry, profile('ASD', 'mild', { traits: ['severe-social-communication'] })).proposed;
    const nld = scoreOf(m, 'NLD');
    expect(nld.fits).toBe(true);
    expect(nld.margin).toBe(Math.round((nld.score - fitThreshold) * 100) / 100);
    expect(nld.decidingFacts.map((f) => f.criterion).sort()).toEqual(['nld-learning-difficulty', 'nld-neurodivergent', 'nld-severe-social-communication']);
    expect(nld.decidingFacts.every((f) => f.effect === 'would-no-longer-fit')).toBe(true);
    expect(nld.summary).toMatch(/margin \+0\.\d\d.*would no longer fit without/);
  });

  it('a designation two facts away says no single fact would make it fit, and names both', () => {
    const nld = scoreOf(matchProfile(registry, profile('SLCN', 'none')).proposed, 'NLD');
    expect(nld.missedRequired.length).toBeGreaterThanOrEqual(2);
    expect(nld.decidingFacts).toEqual([]);
    expect(nld.summary).toMatch(/No single fact would make it fit/);
  });

  it("the threshold's stated basis holds for every designation: meeting only the required criteria reaches the threshold", () => {
    for (const d of guidance.designations) {
      // Kent's designations all have guidance of their own (a 'bestOf' designation is a council without published ones)
      if (!d.criteria) throw new Error(`${d.code} has no criteria in Kent's guidance`);
      const defining = d.criteria.filter((c) => c.kind === 'defining').reduce((s, c) => s + c.weight, 0);
      const required = d.criteria.filter((c) => c.required).reduce((s, c) => s + c.weight, 0);
      expect(required / defining, `${d.set} ${d.code}`).toBeGreaterThanOrEqual(fitThreshold);
    }
    expect(guidance.scoring.basis.fitThreshold).toMatch(/^assumption/);
    expect(guidance.scoring.basis.weights).toMatch(/^assumption/);
  });
});

describe('for any need profile', () => {
  const matcher = matcherFor(registry);

  it('scores lie in 0-1, sorted highest first; a designation fits exactly when its score reaches the threshold and nothing required is missed', () => {
    fc.assert(
      fc.property(profileArbitrary, (p) => {
        for (const set of [matcher.matchSet('proposed', p), matcher.matchSet('current', p)]) {
          for (let i = 0; i < set.designations.length; i++) {
            const d = set.designations[i]!;
            expect(d.score).toBeGreaterThanOrEqual(0);
            expect(d.score).toBeLessThanOrEqual(1);
            if (i > 0) expect(d.score).toBeLessThanOrEqual(set.designations[i - 1]!.score);
            expect(d.fits).toBe(d.score >= fitThreshold && d.missedRequired.length === 0);
            // the threshold's stated basis: with these weights, fitting is exactly meeting every required criterion
            expect(d.fits).toBe(d.missedRequired.length === 0);
            expect(d.margin).toBeCloseTo(d.score - fitThreshold, 6);
            expect(d.margin >= 0).toBe(d.fits);
            // every criterion is reported, matched exactly when its condition holds
            const rules = guidance.designations.find((r) => r.set === set.set && r.code === d.code)!;
            if (!rules.criteria) throw new Error(`${d.code} has no criteria in Kent's guidance`);
            expect(d.reasons.map((r) => r.criterion)).toEqual(rules.criteria.map((c) => c.id));
            for (const c of rules.criteria) expect(d.reasons.find((r) => r.criterion === c.id)!.outcome === 'matched').toBe(holds(c.when, p));
          }
          expect(set.bestFit).toBe(set.designations.find((d) => d.fits)?.code ?? null);
          // the special level is given only when a designation fits at an age special schools serve, and then it is the best fit
          expect(set.continuum.level === 'special').toBe(set.bestFit !== null && p.age >= 4 && p.age <= 19);
          if (set.continuum.level === 'special') expect(set.continuum.designation).toBe(set.bestFit);
          if (set.continuum.level === 'srp') expect(['SEMH', 'VI']).not.toContain(set.continuum.srpNeedType);
          if (set.ambiguity) expect(set.ambiguity.scores[0] - set.ambiguity.scores[1]).toBeLessThanOrEqual(ambiguityMargin + 0.01);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("adding a trait never takes away a fit (every trait condition reads 'any of': traits are evidence, not penalties)", () => {
    fc.assert(
      fc.property(profileArbitrary, fc.constantFrom(...NEED_TRAITS), (p, trait) => {
        if (p.traits.includes(trait)) return;
        const before = matcher.matchSet('proposed', p);
        const after = matcher.matchSet('proposed', { ...p, traits: [...p.traits, trait] });
        for (const d of before.designations) if (d.fits) expect(after.designations.find((x) => x.code === d.code)!.fits).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
