/**
 * Loading every council in models/: each folder's registry, the default council, finding a council
 * by code or name, and a bad file in one council stopping start-up with the council's folder named.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCouncilDir, loadCouncils } from '../../../src/domain/dataset.js';
import { DataFileError } from '../../../src/domain/registry/data-file-error.js';
import { KENT_DIR, PROJECT_ROOT, tempDir } from '../../helpers/app.js';

const MODELS = join(PROJECT_ROOT, 'models');

describe('loadCouncils', () => {
  const councils = loadCouncils(MODELS);

  it('when models/ holds Kent and Medway, then both load, each its own registry, and Kent is the default', () => {
    expect(councils.all().map((c) => [c.id, c.name, c.laCode, c.gssCode])).toEqual([
      ['kent', 'Kent', '886', 'E10000016'],
      ['medway', 'Medway', '887', 'E06000035'],
    ]);
    expect(councils.default.id).toBe('kent');
    expect(councils.find('medway')!.registry).not.toBe(councils.default.registry);
    expect(councils.find('medway')!.registry.schools.every((s) => !councils.default.registry.schoolByUrn.has(s.urn))).toBe(true);
  });

  it('when a council is named by ONS code, LA code, name or folder in any case, then it is found; another name is not', () => {
    for (const la of ['E06000035', 'e06000035', '887', 'Medway', 'MEDWAY', ' medway ']) expect(councils.find(la)?.id, la).toBe('medway');
    expect(councils.find('Essex')).toBeUndefined();
    expect(councils.together(['Kent', '887']).map((c) => c.id)).toEqual(['kent', 'medway']);
    expect(() => councils.together(['Kent', 'Essex'])).toThrow(/no council "Essex" is loaded \(Kent \(E10000016, LA 886\), Medway \(E06000035, LA 887\)\)/);
  });

  it("when MODELS_DIR is one council's folder, then that council alone is loaded, as before", () => {
    const one = loadCouncils(KENT_DIR);
    expect(one.all().map((c) => c.name)).toEqual(['Kent']);
    expect(defaultCouncilDir(KENT_DIR)).toBe(KENT_DIR);
    expect(defaultCouncilDir(MODELS)).toBe(KENT_DIR);
  });

  it("when one council's file is bad, then start-up stops naming the council's folder, the file, the row and the field", () => {
    const dir = tempDir('planner-councils-');
    cpSync(MODELS, dir, { recursive: true });
    const file = join(dir, 'medway/special-schools.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(',ALL,', ',PSCN,');
    writeFileSync(file, lines.join('\n'));
    let error: unknown;
    try {
      loadCouncils(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect(error).toMatchObject({ file: 'medway/special-schools.csv', row: 3, field: 'designation' });
    expect((error as Error).message).toMatch(/PSCN is not one of the current designations in designations.json \(ALL\)/);
  });

  it('when a folder holds no council, then start-up says what it expected', () => {
    const empty = tempDir('planner-empty-');
    expect(existsSync(join(empty, 'dataset.json'))).toBe(false);
    expect(() => loadCouncils(empty)).toThrow(/no council dataset here: expected folders like kent\/ holding dataset.json/);
  });
});
