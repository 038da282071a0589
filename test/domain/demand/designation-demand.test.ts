import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  buildDesignationDemand,
  designationChanges,
  designationDemand,
  ehcpCounts,
  placementSplit,
  provisionDemand,
  type DesignationDemandModel,
  type ProfileType,
} from '../../../src/domain/demand/index.js';
import { NEED_CODES } from '../../../src/domain/needs.js';
import { loadDataset } from '../../../src/domain/dataset.js';
import { KENT_DIR, kentRegistry } from '../../helpers/app.js';
import { withEditedJson } from '../../helpers/data-files.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const registry = kentRegistry();
const model = designationDemand(registry);
const base = ehcpCounts(registry.demand, { year: 2025, level: 'district' });

/** Kent, January 2025, DfE SEN2 "Type of placement" (sen_needs_all_plans / caseload, LA 886). */
const PUBLISHED = {
  special: 8_050,
  specialIndependent: 1_487,
  srp: 1_075, // SEN units and resourced provision in mainstream schools
  mainstreamTotal: 7_452, // DfE's mainstream, SEN units and resourced provision included
  fe: 2_952,
  other: 19 + 1_782 + 66 + 314, // AP/PRU, educated elsewhere, non-maintained early years, placement not recorded
  total: 20_635,
};

const weightOf = (types: ProfileType[]) => sum(types.map((t) => t.weight));
const schoolAge = (t: ProfileType) => t.ageLow >= 4 && t.ageHigh <= 19;

describe('the need-profile distribution', () => {
  it('when the published placement file is summed, then it gives the figures the model is checked against', () => {
    const rows: Record<string, string>[] = parse(readFileSync(join(KENT_DIR, 'ehcp-need-by-placement-2025.csv'), 'utf8'), { columns: true });
    const total = (pattern: RegExp) => sum(rows.filter((r) => pattern.test(r.placement!)).map((r) => Number(r.ehc_plans)));
    expect(total(/^Special - /)).toBe(PUBLISHED.special);
    expect(total(/^Special - independent$/)).toBe(PUBLISHED.specialIndependent);
    expect(total(/\((SEN unit|resourced provision)\)$/)).toBe(PUBLISHED.srp);
    expect(total(/^Mainstream - /)).toBe(PUBLISHED.mainstreamTotal);
    expect(total(/^FE - /)).toBe(PUBLISHED.fe);
    expect(total(/.*/)).toBe(PUBLISHED.total);
  });

  it('when the profile weights are summed by need and age, then they are the SEN2 plans (unknown need shared pro rata), and by placement the SEN2 placements', () => {
    const byNeedAge = new Map<string, number>();
    for (const t of model.types) byNeedAge.set(`${t.need}|${t.ageLow}`, (byNeedAge.get(`${t.need}|${t.ageLow}`) ?? 0) + t.weight);
    registry.demand.needByAge.forEach((g, i) => {
      const known = sum(NEED_CODES.map((n) => g[n]));
      for (const n of NEED_CODES) {
        const expected = known > 0 ? (g[n] * (known + g.UNKNOWN)) / known : 0;
        expect(byNeedAge.get(`${n}|${registry.demand.ageGroups[i]!.low}`) ?? 0, `${n} age ${registry.demand.ageGroups[i]!.low}`).toBeCloseTo(expected, 6);
      }
    });
    expect(weightOf(model.types)).toBeCloseTo(PUBLISHED.total, 6);
    const byPlacement = (p: string) => weightOf(model.types.filter((t) => t.placement === p));
    expect(byPlacement('special-state') + byPlacement('special-non-maintained') + byPlacement('special-independent')).toBeCloseTo(PUBLISHED.special, 6);
    expect(byPlacement('special-independent')).toBeCloseTo(PUBLISHED.specialIndependent, 6);
    expect(byPlacement('srp')).toBeCloseTo(PUBLISHED.srp, 6);
    expect(byPlacement('fe')).toBeCloseTo(PUBLISHED.fe, 6);
    expect(byPlacement('other')).toBeCloseTo(PUBLISHED.other, 6);
  });

  it("when the special-school variants are fitted, then state special places by current designation match the schools' rolls (GIAS)", () => {
    const rolls = model.fit.rolls;
    expect(rolls).toEqual({ PSCN: 3_832, SEMH: 1_011, PDCM: 123, CI: 1_180, CIL: 111 });
    // Kent's five (CURRENT_DESIGNATIONS also holds ALL, the designation of councils without published ones)
    const kentFive = ['PSCN', 'SEMH', 'PDCM', 'CI', 'CIL'] as const;
    const byDesignation = kentFive.map((d) => sum(NEED_CODES.map((n) => model.fit.specialByNeedAndDesignation[n][d])));
    const total = sum(byDesignation);
    kentFive.forEach((d, i) => expect(byDesignation[i]! / total, d).toBeCloseTo(rolls[d] / 6_257, 9));
    // and every special variant meets the current designation it stands for, under the current rules
    expect(model.variantsMissingTheirDesignation).toEqual([]);
  });
});

describe("under the current designations, the model reproduces Kent's January 2025 placements, and says why where it does not", () => {
  const split = placementSplit(base, model.matrices.current);
  const schoolTypes = model.types.filter(schoolAge);
  const srpPost16 = schoolTypes.filter((t) => t.level === 'srp' && t.phase === 'post16');
  const srpPost16ToSpecial = weightOf(srpPost16.filter((t) => t.outcomes.current[0]!.pathway === 'special'));
  const srpPost16ToFe = weightOf(srpPost16.filter((t) => t.outcomes.current[0]!.pathway === 'fe'));
  const srpUnder16 = schoolTypes.filter((t) => t.level === 'srp' && t.phase !== 'post16' && t.outcomes.current[0]!.pathway !== 'srp');

  it('special schools: 8,050 plus the post-16 pupils in units who meet a current designation (Kent commissions no post-16 SRP places)', () => {
    expect(srpPost16ToSpecial + srpPost16ToFe).toBeCloseTo(weightOf(srpPost16), 6);
    expect(split.special).toBeCloseTo(PUBLISHED.special + srpPost16ToSpecial, 6);
    expect(srpPost16ToSpecial).toBeGreaterThan(0);
    expect(srpPost16ToSpecial / PUBLISHED.special).toBeLessThan(0.01);
    expect(split.specialIndependent).toBeCloseTo(PUBLISHED.specialIndependent, 6);
  });

  it('SEN units and resourced provision: 1,075 less the post-16 pupils in units, and less pupils whose unit Kent no longer commissions or whose learning difficulty is beyond an SRP', () => {
    const byReason = {
      semhOrVi: weightOf(srpUnder16.filter((t) => t.need === 'SEMH' || t.need === 'VI')),
      severeLearning: weightOf(srpUnder16.filter((t) => t.variant!.learningDifficulty === 'severe' || t.variant!.learningDifficulty === 'profound')),
    };
    // Every SRP-level pupil under 16 who leaves the SRP pathway does so for one of these two reasons.
    expect(byReason.semhOrVi + byReason.severeLearning).toBeCloseTo(weightOf(srpUnder16), 6);
    expect(split.srp).toBeCloseTo(PUBLISHED.srp - weightOf(srpPost16) - weightOf(srpUnder16), 6);
    // they go to mainstream with outreach, so DfE's mainstream total loses only the post-16 pupils
    expect(srpUnder16.every((t) => t.outcomes.current[0]!.pathway === 'outreach')).toBe(true);
    expect(split.mainstreamTotal).toBeCloseTo(PUBLISHED.mainstreamTotal - weightOf(srpPost16), 6);
    for (const v of Object.values(byReason)) expect(v).toBeLessThan(100);
  });

  it('FE: 2,952 plus the post-16 pupils in units who meet no current designation; other placements exactly as published', () => {
    expect(split.fe).toBeCloseTo(PUBLISHED.fe + srpPost16ToFe, 6);
    expect(split.other).toBeCloseTo(PUBLISHED.other, 6);
    expect(split.total).toBeCloseTo(PUBLISHED.total, 6);
  });

  it("special-school demand by category follows the rolls' mapped designations (PSCN and PDCM -> CLN, SEMH -> SEMH, CI and CIL -> NLD)", () => {
    expect(model.currentCategory).toEqual({ PSCN: 'CLN', SEMH: 'SEMH', PDCM: 'CLN', CI: 'NLD', CIL: 'NLD' });
    const rows = provisionDemand(base, model.matrices.current);
    const special = (d: string) => sum(rows.filter((r) => r.pathway === 'special' && r.category === d).map((r) => r.count));
    expect(special('NLD') / (special('CLN') + special('SEMH') + special('NLD'))).toBeGreaterThan(0.15);
  });
});

describe('under the proposed designations', () => {
  const changes = designationChanges(ehcpCounts(registry.demand, { year: 2026, level: 'district' }), model);
  const noLonger = changes.filter((c) => c.from.pathway === 'special' && c.to.pathway !== 'special');

  it('pupils at C&I schools without learning difficulties, or without severe social communication difficulties, no longer meet a special designation and need an SRP place (or FE after 16)', () => {
    const fromCi = noLonger.filter((c) => c.formerDesignation === 'CI');
    expect(sum(fromCi.map((c) => c.count))).toBeGreaterThan(500);
    expect(new Set(fromCi.map((c) => c.to.pathway))).toEqual(new Set(['srp', 'fe']));
    expect(fromCi.filter((c) => c.to.pathway === 'fe').every((c) => c.phase === 'post16')).toBe(true);
    // PSCN pupils all still meet a designation (CLN, or SEMH for SEMH with challenging behaviour)
    expect(noLonger.some((c) => c.formerDesignation === 'PSCN')).toBe(false);
  });

  it('the changes account exactly for the difference between the two sets, pathway by pathway', () => {
    const counts = ehcpCounts(registry.demand, { year: 2026, level: 'district' });
    const total = (set: 'current' | 'proposed', pathway: string) => sum(provisionDemand(counts, model.matrices[set]).filter((r) => r.pathway === pathway).map((r) => r.count));
    for (const pathway of ['special', 'srp', 'outreach', 'mainstream']) {
      const net = sum(changes.filter((c) => c.to.pathway === pathway).map((c) => c.count)) - sum(changes.filter((c) => c.from.pathway === pathway).map((c) => c.count));
      expect(total('proposed', pathway) - total('current', pathway), pathway).toBeCloseTo(net, 6);
    }
  });

  it('no post-16 pupil needs an SRP place under any set (Kent commissions SRP places for Years 7-11 only)', () => {
    for (const m of Object.values(model.matrices)) for (const row of m.rows.filter((r) => r.phase === 'post16')) expect(sum(Object.values(row.shares.srp))).toBe(0);
  });

  it("'approved' has the proposed set's demand: officers' decisions change which school holds a designation, not what a child's needs meet", () => {
    expect(model.matrices.approved).toBe(model.matrices.proposed);
  });
});

describe('the rules drive the demand', () => {
  const nld = (m: DesignationDemandModel) => sum(provisionDemand(base, m.matrices.proposed).filter((r) => r.pathway === 'special' && r.category === 'NLD').map((r) => r.count));

  it('when NLD admits no mild learning difficulty (a changed copy of admission-guidance.json), then proposed NLD demand falls by the pupils with mild learning difficulties it admitted, and current demand does not move', () => {
    const dir = withEditedJson('admission-guidance.json', (doc) => {
      const criterion = doc.designations.find((d: { set: string; code: string }) => d.set === 'proposed' && d.code === 'NLD').criteria.find((c: { id: string }) => c.id === 'nld-learning-difficulty');
      criterion.when = { learningDifficulty: ['moderate', 'severe'] };
    });
    const changed = buildDesignationDemand(loadDataset(dir));
    const mildNld = model.types.filter(
      (t) => schoolAge(t) && t.level === 'special' && t.variant!.learningDifficulty === 'mild' && t.outcomes.proposed.some((o) => o.pathway === 'special' && o.category === 'NLD'),
    );
    expect(weightOf(mildNld)).toBeGreaterThan(50);
    expect(nld(model) - nld(changed)).toBeCloseTo(weightOf(mildNld), 6);
    expect(changed.matrices.current).toEqual(model.matrices.current);
  });

  it('when NLD also admits pupils without learning difficulties, then proposed NLD demand rises', () => {
    const dir = withEditedJson('admission-guidance.json', (doc) => {
      const criterion = doc.designations.find((d: { set: string; code: string }) => d.set === 'proposed' && d.code === 'NLD').criteria.find((c: { id: string }) => c.id === 'nld-learning-difficulty');
      criterion.when = { learningDifficulty: ['none', 'mild', 'moderate', 'severe'] };
    });
    expect(nld(buildDesignationDemand(loadDataset(dir)))).toBeGreaterThan(nld(model) + 100);
  });
});
