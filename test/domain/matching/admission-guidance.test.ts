import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKent } from '../../helpers/app.js';
import { loadError, withEditedJson } from '../../helpers/data-files.js';

type Json = Record<string, any>;

const withEdited = (file: string, edit: (doc: Json) => void) => withEditedJson<Json>(file, edit);

const criterionIndex = (doc: Json, code: string) => doc.designations.findIndex((d: Json) => d.set === 'proposed' && d.code === code);

describe('when admission-guidance.json is wrong, then start-up stops naming file, row and field', () => {
  it('a criterion citing a clause that does not exist', () => {
    const dir = withEdited('admission-guidance.json', (doc) => {
      doc.designations[criterionIndex(doc, 'NLD')].criteria[1].clauses = ['NLD.4', 'NLD.9'];
    });
    const err = loadError(dir);
    expect(err.file).toBe('admission-guidance.json');
    expect(err.row).toBe('designations[2]');
    expect(err.field).toBe('criteria.1.clauses.1');
    expect(err.problem).toBe('cites unknown clause NLD.9');
  });

  it('a criterion with a negative weight', () => {
    const dir = withEdited('admission-guidance.json', (doc) => {
      doc.designations[0].criteria[2].weight = -1;
    });
    const err = loadError(dir);
    expect([err.file, err.row, err.field]).toEqual(['admission-guidance.json', 'designations[0]', 'criteria.2.weight']);
  });

  it('a condition naming an unknown trait', () => {
    const dir = withEdited('admission-guidance.json', (doc) => {
      doc.designations[criterionIndex(doc, 'SEMH')].criteria[1].when = { traits: ['aggression'] };
    });
    const err = loadError(dir);
    expect([err.file, err.row, err.field]).toEqual(['admission-guidance.json', 'designations[1]', 'criteria.1.when.traits.0']);
  });

  it('a criterion without a cited clause', () => {
    const dir = withEdited('admission-guidance.json', (doc) => {
      doc.designations[0].criteria[0].clauses = [];
    });
    expect(loadError(dir).message).toBe('admission-guidance.json, row designations[0], field criteria.0.clauses: a criterion must cite at least one guidance clause');
  });

  it('a proposed designation with no rules', () => {
    const dir = withEdited('admission-guidance.json', (doc) => {
      doc.designations = doc.designations.filter((d: Json) => !(d.set === 'proposed' && d.code === 'NLD'));
    });
    expect(loadError(dir).message).toBe('admission-guidance.json, field designations: no rules for proposed designation NLD');
  });

  it('a required-miss factor that would let a profile missing a required criterion still fit', () => {
    const dir = withEdited('admission-guidance.json', (doc) => {
      doc.scoring.requiredMissFactor = 0.9;
    });
    expect(loadError(dir).field).toBe('scoring.requiredMissFactor');
  });

  it('a continuum whose last rule does not always apply', () => {
    const dir = withEdited('admission-guidance.json', (doc) => {
      doc.continuum.rules.pop();
    });
    const err = loadError(dir);
    expect(err.row).toBe('continuum.rules[3]');
    expect(err.field).toBe('when');
  });

  it('an SRP need type without a commissioning entry', () => {
    const dir = withEdited('admission-guidance.json', (doc) => {
      doc.srpNeedTypes = doc.srpNeedTypes.filter((t: Json) => t.code !== 'VI');
    });
    expect(loadError(dir).message).toBe('admission-guidance.json, field srpNeedTypes: no commissioning entry for SRP need type VI');
  });

  it('a provision whose commissioning status no pattern recognises', () => {
    const dir = copyOfKent();
    const path = join(dir, 'srps.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace('existing 2019,commissioned,', 'existing 2019,paused pending review,'));
    expect(loadError(dir).message).toBe(
      'admission-guidance.json, field provisionCommissioning: no pattern matches the commissioning status "paused pending review" used in the provisions',
    );
  });
});

describe('when travel-model.json is wrong, then start-up stops naming file, row and field', () => {
  it('speed bands out of order', () => {
    const dir = withEdited('travel-model.json', (doc) => {
      doc.speedBands[2].uptoRoadKm = 5;
    });
    expect(loadError(dir).message).toBe('travel-model.json, row speedBands[2], field uptoRoadKm: bands must be in increasing order of distance');
  });

  it('an assumed model not labelled as an estimate', () => {
    const dir = withEdited('travel-model.json', (doc) => {
      doc.basis = 'measured journey times';
    });
    const err = loadError(dir);
    expect([err.file, err.field]).toEqual(['travel-model.json', 'basis']);
  });
});
