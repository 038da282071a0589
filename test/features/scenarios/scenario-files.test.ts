/**
 * The scenario folder is read on every list and lookup, and a file is parsed again only when it
 * changes: files added, edited, broken and removed while the service runs show at once.
 */
import { cpSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, kentRegistry, PROJECT_ROOT, tempDir } from '../../helpers/app.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';

describe('scenario files changing while the service runs', () => {
  let app: FastifyInstance;
  const dir = tempDir('planner-scenarios-');
  beforeAll(async () => {
    cpSync(join(PROJECT_ROOT, 'scenarios/baseline-2025.yaml'), join(dir, 'baseline-2025.yaml'));
    app = await buildTestApp({ scenariosDir: dir }, { demand: fixtureDemandSource(kentRegistry()) });
  });
  afterAll(async () => app.close());

  const list = async () => (await app.inject({ url: '/scenarios' })).json() as { items: { id: string; name: string }[]; problems: { file: string; message: string }[] };

  it('when a file is added, edited, broken and removed, then each list and lookup shows it at once', async () => {
    expect((await list()).items.map((s) => s.id)).toEqual(['baseline-2025']);

    const file = join(dir, 'what-if.yaml');
    writeFileSync(file, 'id: what-if\nname: First name\nyear: 2026\n');
    expect((await list()).items.map((s) => s.id)).toEqual(['baseline-2025', 'what-if']);

    // An edit within the same second and of the same size still shows: the time is set apart explicitly.
    writeFileSync(file, 'id: what-if\nname: Other name\nyear: 2026\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect((await list()).items.find((s) => s.id === 'what-if')?.name).toBe('Other name');
    expect((await app.inject({ url: '/scenarios/what-if' })).json().scenario.name).toBe('Other name');

    writeFileSync(file, 'id: what-if\nname: Broken\nyear: [\n');
    const broken = await list();
    expect(broken.items.map((s) => s.id)).toEqual(['baseline-2025']);
    expect(broken.problems.map((p) => p.file)).toEqual(['what-if.yaml']);

    rmSync(file);
    const after = await list();
    expect(after.items.map((s) => s.id)).toEqual(['baseline-2025']);
    expect(after.problems).toEqual([]);
    expect((await app.inject({ url: '/scenarios/what-if' })).statusCode).toBe(404);
  });

  it('when a scenario is looked up and its caller changes what it got, then the next lookup is unchanged', () => {
    const first = app.scenarios.get('baseline-2025').scenario;
    const name = first.name;
    first.name = 'changed by a caller';
    expect(app.scenarios.get('baseline-2025').scenario.name).toBe(name);
  });
});
