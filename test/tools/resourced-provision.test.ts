/**
 * The register's resourced-provision type (inclusion bases: SEN units and resourced provision), read
 * when the register file has it: GIAS's full export does, the extract in shared/data does not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/domain/dataset.js';
import { hasResourcedProvision, resourcedProvisionOf } from '../../src/tools/raw-data.js';
import { copyOfKent } from '../helpers/app.js';

describe("the register's resourced provision", () => {
  it('when a register row has GIAS full-export columns, then the type and places are read; "Not applicable" is none; a register without them gives nothing', () => {
    expect(resourcedProvisionOf({ 'TypeOfResourcedProvision (name)': 'Resourced provision', ResourcedProvisionCapacity: '8', SenUnitCapacity: '' })).toEqual({
      resourced_provision: 'Resourced provision',
      resourced_provision_capacity: '8',
      sen_unit_capacity: '',
    });
    expect(resourcedProvisionOf({ type_of_resourced_provision: 'SEN unit', sen_unit_capacity: '12' })).toMatchObject({ resourced_provision: 'SEN unit', sen_unit_capacity: '12' });
    expect(resourcedProvisionOf({ 'TypeOfResourcedProvision (name)': 'Not applicable' })!.resourced_provision).toBe('');
    expect(resourcedProvisionOf({ urn: '118229', establishment_name: 'x' })).toBeNull();
    expect(hasResourcedProvision([{ urn: '118229' }])).toBe(false);
  });

  it('when schools.csv carries the columns, then the registry gives each school its resourced provision; without them every school has none', () => {
    const dir = copyOfKent();
    const file = join(dir, 'schools.csv');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const out = lines.map((line, i) => {
      if (i === 0) return `${line},resourced_provision,resourced_provision_capacity,sen_unit_capacity`;
      return line.startsWith('135125,') ? `${line},Resourced provision,8,` : `${line},,,`;
    });
    writeFileSync(file, `${out.join('\n')}\n`);
    const registry = loadDataset(dir);
    expect(registry.schoolByUrn.get(135125)!.resourcedProvision).toEqual({ type: 'Resourced provision', capacity: 8, senUnitCapacity: null });
    expect(registry.schoolByUrn.get(118254)!.resourcedProvision).toBeNull();
    expect(loadDataset(copyOfKent()).schools.every((s) => s.resourcedProvision === null)).toBe(true);
  });
});
