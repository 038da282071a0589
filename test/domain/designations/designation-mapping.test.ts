import { describe, expect, it } from 'vitest';
import { MAPPING_RULES_FILE, proposeAllMappings, type MappingRules } from '../../../src/domain/designations/designation-mapping.js';
import { approvedDesignationSet, proposedDesignationSet } from '../../../src/domain/designations/designation-sets.js';
import { DataFileError } from '../../../src/domain/registry/data-file-error.js';
import { kentRegistry } from '../../helpers/app.js';
import { loadError, withEditedJson } from '../../helpers/data-files.js';

const registry = kentRegistry();
const proposals = proposeAllMappings(registry);
const byUrn = new Map(proposals.map((p) => [p.urn, p]));

/** Rewrites the rules file in a copy of the Kent dataset and returns the load error. */
function loadErrorWithRules(edit: (rules: MappingRules) => void): DataFileError {
  return loadError(withEditedJson<MappingRules>(MAPPING_RULES_FILE, edit));
}

describe('proposed designation mappings', () => {
  it('when proposed for Kent, then every special school gets one proposed designation, in URN order', () => {
    expect(proposals.map((p) => p.urn)).toEqual([...registry.specialSchools.keys()].sort((a, b) => a - b));
  });

  it('when a school is PSCN, then it maps to CLN without ambiguity', () => {
    const pscn = proposals.filter((p) => p.current === 'PSCN');
    expect(pscn.length).toBeGreaterThan(0);
    for (const p of pscn) expect(p).toMatchObject({ proposed: 'CLN', alternatives: [], ambiguous: false });
  });

  it('when a school is C&I or PD, then the proposal says it is ambiguous and offers the alternatives in its rationale', () => {
    const unclear = proposals.filter((p) => p.current === 'CI' || p.current === 'PDCM');
    expect(unclear.map((p) => p.current).sort()).toEqual(['CI', 'CI', 'CI', 'CI', 'CI', 'PDCM']);
    for (const p of unclear) {
      expect(p.ambiguous).toBe(true);
      expect(p.alternatives.length).toBeGreaterThan(0);
      expect(p.alternatives).not.toContain(p.proposed);
      const ambiguity = p.rationale.find((line) => line.startsWith('Ambiguous:'))!;
      for (const alternative of p.alternatives) expect(ambiguity).toContain(alternative);
      expect(p.confidence).not.toBe('high');
    }
  });

  it('when the evidence is about one school, then its rationale states the age range, the roll and the source notes', () => {
    const grangePark = byUrn.get(119051)!;
    expect(grangePark.rationale).toContain('Age range 11-16 (source: 11-16 (planned)): secondary, post-16 phases.');
    expect(grangePark.rationale.join(' ')).toContain(`${registry.schoolByUrn.get(119051)!.pupils} pupils on roll`);
    expect(grangePark.rationale.join(' ')).toContain('Source notes: 2008 report: redesignated 2004');
  });

  it('when an SEMH school states an autism intake and its source is weak, then it keeps SEMH with NLD as an alternative at the lower confidence', () => {
    const nore = byUrn.get(150769)!;
    expect(nore).toMatchObject({ current: 'SEMH', proposed: 'SEMH', alternatives: ['NLD'], ruleId: 'semh-autism-to-semh', confidence: 'low' });
    expect(nore.rationale).toContain('No pupils on roll in the register yet.');
    expect(nore.rationale.at(-1)).toMatch(/known with low confidence/);
  });

  it('when SEMH schools differ in learning difficulty, then each gets the rule for its intake', () => {
    expect(byUrn.get(119042)!.ruleId).toBe('semh-no-ld-to-semh');
    expect(byUrn.get(119036)!.ruleId).toBe('semh-with-ld-to-semh');
  });

  it('when an ambiguous rule offers no alternative, then the dataset does not load', () => {
    const err = loadErrorWithRules((rules) => {
      rules.rules.find((r) => r.ambiguous)!.alternatives = [];
    });
    expect(err.message).toMatch(/designation-mapping-rules.json, row rules\[\d+\], field alternatives: an ambiguous rule must offer/);
  });

  it('when a rule lists its own proposal as an alternative, then the dataset does not load', () => {
    const err = loadErrorWithRules((rules) => {
      const rule = rules.rules.find((r) => r.id === 'ci-to-nld')!;
      rule.alternatives = [rule.proposed];
    });
    expect(err.field).toBe('alternatives');
  });
});

describe('designation sets', () => {
  it('when no officer has decided, then the approved set equals the proposed set except that it says the schools are under review', () => {
    const proposed = proposedDesignationSet(proposals);
    const approved = approvedDesignationSet(proposals, []);
    expect(approved.entries.map(({ note: _, ...rest }) => rest)).toEqual(proposed.entries.map(({ note: _, ...rest }) => rest));
    for (const e of approved.entries) expect(e.note).toMatch(/^under review: no officer decision yet; using the designation proposed by rule /);
    expect(proposed.designationOf(119026)!.note).toBe('proposed by rule ci-to-nld, which is ambiguous (alternative SEMH)');
  });

  it('when decisions exist, then they replace the proposals, and decisions for schools outside the dataset are left out', () => {
    const approved = approvedDesignationSet(proposals, [
      { urn: 119026, status: 'overridden', designation: 'SEMH', reviewer: 'A. Officer', decidedAt: '2026-03-01T09:00:00.000Z' },
      { urn: 119040, status: 'approved', designation: 'CLN', reviewer: 'B. Officer', decidedAt: '2026-03-02T09:00:00.000Z' },
      { urn: 100000, status: 'approved', designation: 'CLN', reviewer: 'B. Officer', decidedAt: '2026-03-02T09:00:00.000Z' },
    ]);
    expect(approved.designationOf(119026)).toEqual({ urn: 119026, designation: 'SEMH', status: 'overridden', note: 'overridden to SEMH by A. Officer on 2026-03-01 (proposed NLD)' });
    expect(approved.designationOf(119040)).toEqual({ urn: 119040, designation: 'CLN', status: 'approved', note: 'approved by B. Officer on 2026-03-02' });
    expect(approved.designationOf(100000)).toBeUndefined();
    expect(approved.entries).toHaveLength(registry.specialSchools.size);
    // Plain data: it survives the structured clone a worker thread would make.
    expect(structuredClone(approved.entries)).toEqual(approved.entries);
  });
});
