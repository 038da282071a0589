/**
 * `npm run prepare-data -- --la <council>` from the national files, for three councils of different
 * kinds: Medway (a unitary with ONS MSOA boundaries in the raw folder), Hertfordshire (a county of ten
 * districts) and Camden (a London borough: MSOAs built from LSOA points). Each is built into a
 * temporary folder (not shipped), loaded by the service, and checked against the national files read
 * here: its schools and special schools, and its January 2025 plans by locality. The shipped
 * models/medway/ must be exactly what the tool builds. Needs ../shared/data/raw: skipped, saying so, without it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadCouncils } from '../../src/domain/dataset.js';
import { PROJECT_ROOT, tempDir, testConfig } from '../helpers/app.js';

const RAW = resolve(PROJECT_ROOT, '../shared/data/raw');
const present = existsSync(join(RAW, 'national/gias_open_schools_england_wales_2025.csv'));
if (!present) console.warn(`skipping prepare-data --la tests: the national files are not in ${RAW} (the team's shared/data/raw folder)`);

type Row = Record<string, string>;
const COUNCILS = [
  { la: 'Medway', folder: 'medway', code: '887', kind: 'unitary', districts: 1 },
  { la: 'E10000015', folder: 'hertfordshire', code: '919', kind: 'county', districts: 10 },
  { la: 'camden', folder: 'camden', code: '202', kind: 'London borough', districts: 1 },
] as const;

/** The national register's count for a council, by the register's own groups (the test's reading, not the tool's type list). */
function registerCounts(register: Row[], code: string) {
  const mine = register.filter((r) => r.la_code === code);
  // State special schools: every type naming 'special' but the independent, non-maintained and post-16 ones.
  const specialState = (r: Row) => /special/i.test(r.establishment_type!) && !/independent|non-maintained|post 16/i.test(r.establishment_type!);
  const stateFunded = mine.filter((r) => ['Academies', 'Free Schools', 'Local authority maintained schools'].includes(r.establishment_type_group!) || specialState(r));
  return { schools: stateFunded.length, special: mine.filter(specialState).length };
}

describe.skipIf(!present)('prepare-data --la, from the national files', () => {
  const out = tempDir('planner-councils-');
  let register: Row[];
  let plans: Map<string, number>;
  let app: FastifyInstance;
  const runs: Record<string, ReturnType<typeof spawnSync>> = {};

  beforeAll(async () => {
    for (const c of COUNCILS) {
      runs[c.folder] = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/prepare-data.ts', '--la', c.la, '--raw', RAW, '--out', join(out, c.folder)], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        timeout: 240_000,
      });
    }
    register = parse(readFileSync(join(RAW, 'national/gias_open_schools_england_wales_2025.csv'), 'utf8'), { columns: true });
    const zip = unzipSync(readFileSync(join(RAW, 'dfe-ehcp-sen2/education-health-and-care-plans_2025.zip')), { filter: (f) => f.name === 'data/caseload.csv' });
    const caseload: Row[] = parse(strFromU8(zip['data/caseload.csv']!), { columns: true, bom: true });
    plans = new Map(caseload.filter((r) => r.time_period === '202425' && r.breakdown_topic === 'All EHC plans' && r.geographic_level === 'Local authority').map((r) => [r.old_la_code!, Number(r.ehcplans)]));
    const councils = loadCouncils(out);
    app = await buildApp({ config: testConfig({ modelsDir: out }), registry: councils.default.registry, councils });
  }, 900_000);
  afterAll(async () => app?.close());

  it('when each council is prepared, then the tool succeeds and names what it wrote', () => {
    for (const c of COUNCILS) {
      const run = runs[c.folder]!;
      expect(run.status, String(run.stderr)).toBe(0);
      expect(String(run.stdout)).toContain(`wrote ${join(out, c.folder)}`);
    }
  });

  it('when the service loads the three folders, then /health lists them with the counts of the national register', async () => {
    const body = (await app.inject({ url: '/health' })).json();
    expect(body.councils.map((c: { id: string }) => c.id).sort()).toEqual(COUNCILS.map((c) => c.folder).sort());
    for (const c of COUNCILS) {
      const expected = registerCounts(register, c.code);
      const loaded = body.councils.find((x: { id: string }) => x.id === c.folder);
      expect(loaded.schools, `${c.folder} schools`).toBe(expected.schools);
      expect(loaded.specialSchools, `${c.folder} special schools`).toBe(expected.special);
      expect(loaded.localities.districts, `${c.folder} districts`).toBe(c.districts);
    }
  });

  it('when schools and provisions are asked for each council, then the counts equal the national register\'s', async () => {
    for (const c of COUNCILS) {
      const expected = registerCounts(register, c.code);
      expect((await app.inject({ url: `/schools?la=${c.la}&limit=1` })).json().total, c.folder).toBe(expected.schools);
      expect((await app.inject({ url: `/schools?la=${c.la}&special=true&limit=1` })).json().total, c.folder).toBe(expected.special);
      const provisions = (await app.inject({ url: `/provisions?la=${c.la}&kind=special-school` })).json();
      expect(provisions.total, c.folder).toBe(expected.special);
      expect(provisions.items.every((p: { designation: string }) => p.designation === 'ALL')).toBe(true);
    }
  });

  it('when demand is asked for each council at its locality level, then every locality has plans and they sum to the council\'s SEN2 total', async () => {
    for (const c of COUNCILS) {
      const res = await app.inject({ url: `/demand?la=${c.la}&year=2025` });
      expect(res.statusCode, c.folder).toBe(200);
      const body = res.json();
      expect(body.level, c.folder).toBe(c.districts > 1 ? 'district' : 'msoa');
      expect(body.total, c.folder).toBeCloseTo(plans.get(c.code)!, 0);
      const byLocality = new Map<string, number>();
      for (const r of body.rows as { locality: string; count: number }[]) byLocality.set(r.locality, (byLocality.get(r.locality) ?? 0) + r.count);
      const localities = JSON.parse((await app.inject({ url: `/localities?la=${c.la}&level=${body.level}` })).body).features.length;
      expect(byLocality.size, c.folder).toBe(localities);
      expect([...byLocality.values()].every((n) => n > 0)).toBe(true);
      const projected = (await app.inject({ url: `/demand?la=${c.la}&year=2028&level=msoa` })).json();
      expect(projected.total, `${c.folder} 2028`).toBeGreaterThan(0);
      expect(Number.isFinite(projected.total)).toBe(true);
    }
  });

  it('when Camden (no MSOA boundaries in the data) is built, then its MSOAs are built from LSOA points and labelled as estimates', () => {
    const msoas = JSON.parse(readFileSync(join(out, 'camden/msoas.geojson'), 'utf8'));
    expect(msoas.features.length).toBeGreaterThan(20);
    for (const f of msoas.features) {
      expect(f.properties.basis).toMatch(/^estimate: built from LSOA points/);
      expect(f.properties.code).toMatch(/^E09000007-\d{3}$/);
    }
    expect(readFileSync(join(out, 'camden/population-projections.csv'), 'utf8')).toBeTruthy();
    expect(readFileSync(join(out, 'camden/PROVENANCE.md'), 'utf8')).toMatch(/estimate/);
  });

  it('when Medway is built, then the result is byte for byte the shipped models/medway/', () => {
    const shipped = join(PROJECT_ROOT, 'models/medway');
    const files = readdirSync(shipped).sort();
    expect(readdirSync(join(out, 'medway')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(out, 'medway', f), 'utf8'), f).toBe(readFileSync(join(shipped, f), 'utf8'));
  });
});
