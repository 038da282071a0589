/**
 * Runs over HTTP on the real Kent data, a real SQLite file and real solvers in worker threads.
 * Demand comes from the test fixture (test/helpers/fixture-demand.ts).
 */
import loadHighs from 'highs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { authHeader, buildTestApp, kentRegistry, tempDir } from '../../helpers/app.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';
import { canonicalJson, hashInputs } from '../../../src/domain/sufficiency/run-identity.js';

const demand = fixtureDemandSource(kentRegistry());
type RunView = { id: string; status: string; error: string | null; inputsHash: string; result?: Record<string, any> };

async function waitDone(app: FastifyInstance, id: string, timeoutMs = 60_000): Promise<RunView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = (await app.inject({ url: `/runs/${id}` })).json() as RunView;
    if (run.status === 'done' || run.status === 'failed') return run;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A planner's key per app: running scenarios needs any valid key. */
const plannerKeys = new WeakMap<FastifyInstance, Promise<{ authorization: string }>>();
const planner = (app: FastifyInstance) => plannerKeys.get(app) ?? plannerKeys.set(app, authHeader(app, 'planner')).get(app)!;

async function startRun(app: FastifyInstance, body: object, query = ''): Promise<{ status: number; body: RunView & Record<string, any> }> {
  const res = await app.inject({ method: 'POST', url: `/runs${query}`, payload: body, headers: await planner(app) });
  return { status: res.statusCode, body: res.json() };
}

describe('runs over HTTP', () => {
  let app: FastifyInstance;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir('planner-runs-');
    app = await buildTestApp({ dataDir }, { demand });
    await app.scenarioRunner.warm();
  });
  afterAll(async () => app.close());

  it('when a district scenario is run with wait=true, then the answer is the finished result, stored with its inputs', async () => {
    const { status, body } = await startRun(app, { scenarioId: 'baseline-2025' }, '?wait=true');
    expect(status).toBe(200);
    expect(body.status).toBe('done');
    const result = body.result!;
    expect(result).toMatchObject({ scenarioId: 'baseline-2025', level: 'district', year: 2025 });
    expect(['jslp', 'highs']).toContain(result.solver.name);
    // Every pupil is somewhere; the fixture's SRP demand includes need types and phases for which the
    // dataset has no SRP place (not commissioned), since unlisted places follow the dataset's own demand.
    for (const row of result.byLocality) {
      expect(row.placedLocal + row.placedElsewhere + row.placedIndependent + row.unmet + row.notCommissioned).toBeCloseTo(row.demand, 3);
    }
    const stored = app.db.prepare('SELECT * FROM runs WHERE id = ?').get(body.id) as { inputs_json: string; inputs_hash: string; status: string };
    expect(stored.status).toBe('done');
    // Stored as canonical JSON, the text the hash is taken of (one serialisation for both).
    expect(stored.inputs_json).toBe(canonicalJson(JSON.parse(stored.inputs_json)));
    expect(hashInputs(JSON.parse(stored.inputs_json))).toBe(stored.inputs_hash);
    expect(stored.inputs_hash).toBe(result.inputsHash);
    // Only what is read is stored: the scenario as posted and the run's meta were never read back.
    expect(Object.keys(stored)).not.toEqual(expect.arrayContaining(['scenario_json']));
    expect(Object.keys(stored)).not.toEqual(expect.arrayContaining(['meta_json']));
  });

  it('when a scenario is given in full without wait, then the answer is 202 queued and the run finishes later', async () => {
    const { status, body } = await startRun(app, { scenario: { id: 'adhoc', name: 'Ad hoc', year: 2025, solver: 'highs' } });
    expect(status).toBe(202);
    expect(['queued', 'running']).toContain(body.status);
    expect(body.links).toEqual({ self: `/runs/${body.id}`, lp: `/runs/${body.id}/lp`, csv: `/runs/${body.id}?format=csv` });
    const done = await waitDone(app, body.id);
    expect(done.status).toBe('done');
    const list = (await app.inject({ url: '/runs?limit=5' })).json();
    expect(list.items.some((r: { id: string }) => r.id === body.id)).toBe(true);
  });

  it('when the same scenario is run twice over HTTP, then both runs have the same inputs hash and the same result', async () => {
    const a = await waitDone(app, (await startRun(app, { scenarioId: 'proposed-designations-2026' })).body.id);
    const b = await waitDone(app, (await startRun(app, { scenarioId: 'proposed-designations-2026' })).body.id);
    expect(a.id).not.toBe(b.id);
    expect(b.inputsHash).toBe(a.inputsHash);
    const untimed = (r: Record<string, any>) => ({ ...r, solver: { ...r.solver, buildMs: 0, solveMs: 0, stages: r.solver.stages.map((x: object) => ({ ...x, ms: 0 })) } });
    expect(untimed(b.result!)).toEqual(untimed(a.result!));
  });

  it('when a finished run is asked for as CSV, then each table comes back with its columns', async () => {
    const { body } = await startRun(app, { scenarioId: 'baseline-2025' });
    const run = await waitDone(app, body.id);
    const csv = await app.inject({ url: `/runs/${run.id}?format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(run.result!.byLocality.length);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(['locality', 'category', 'phase', 'demand', 'placedLocal', 'placedElsewhere', 'placedIndependent', 'unmet', 'notCommissioned', 'valueOfLocalPlacePounds', 'shortfallBasis']),
    );
    // Whole pupils that add up, row by row and in all.
    for (const r of rows) {
      for (const c of ['demand', 'placedLocal', 'placedElsewhere', 'placedIndependent', 'unmet', 'notCommissioned']) expect(Number.isInteger(Number(r[c])), c).toBe(true);
      expect(Number(r.placedLocal) + Number(r.placedElsewhere) + Number(r.placedIndependent) + Number(r.unmet) + Number(r.notCommissioned)).toBe(Number(r.demand));
    }
    expect(rows.reduce((t, r) => t + Number(r.demand), 0)).toBe(Math.round(run.result!.totals.demand));
    const provisions = parse((await app.inject({ url: `/runs/${run.id}?format=csv&table=provisions` })).body, { columns: true }) as Record<string, string>[];
    expect(provisions.find((p) => p.id === 'special-119036')!.categories).toBe('SEMH;NLD');
  });

  it("when the run's stages are fetched, then the sharing stage is a QP and the journey stage an LP that HiGHS solves from the text", async () => {
    const { body } = await startRun(app, { scenarioId: 'baseline-2025' });
    const run = await waitDone(app, body.id);
    const res = await app.inject({ url: `/runs/${run.id}/lp` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="run-${run.id}-sharing.lp"`);
    expect(res.body).toMatch(new RegExp(`^\\\\ run ${run.id}`));
    expect(res.body).toMatch(/stage 2 \(fair share\): minimise sum_r short_r\^2 \/ D_r/);
    expect(res.body).toMatch(/\^ 2[^\n]*\] \/ 2\n/);
    const journeys = await app.inject({ url: `/runs/${run.id}/lp?stage=journeys` });
    expect(journeys.statusCode).toBe(200);
    const solved = (await loadHighs()).solve(journeys.body, {});
    expect(solved.Status).toBe('Optimal');
    expect(solved.ObjectiveValue).toBeGreaterThan(0);
    expect((await app.inject({ url: `/runs/${run.id}/lp?stage=nope` })).statusCode).toBe(400);
  });

  it('when two runs are compared, then the locality differences are other minus base and opened places show', async () => {
    const base = await waitDone(app, (await startRun(app, { scenarioId: 'proposed-designations-2026' })).body.id);
    const other = await waitDone(app, (await startRun(app, { scenarioId: 'sheppey-semh-free-school-2026' })).body.id);
    const res = await app.inject({ url: `/runs/${base.id}/compare/${other.id}` });
    expect(res.statusCode).toBe(200);
    const cmp = res.json();
    expect(cmp.base.scenarioId).toBe('proposed-designations-2026');
    // The what-if differs from its base only in its own supply change: like for like.
    expect(cmp).toMatchObject({ likeForLike: true, warning: null, inputDifferences: [{ input: 'supply', ownChange: true }] });
    expect(cmp.provisions.find((p: { id: string }) => p.id === 'special-150769')).toMatchObject({ capacityBase: 0, capacityOther: 120 });
    const places = cmp.totals.find((t: { measure: string }) => t.measure === 'places');
    expect(places.change).toBeCloseTo(120, 6);
    for (const row of cmp.byLocality) {
      expect(row.shortfallChange).toBeCloseTo(row.shortfallOther - row.shortfallBase, 3);
      expect(row.unmetChange).toBeCloseTo(row.unmetOther - row.unmetBase, 3);
    }
    // 120 more SEMH places can only lower the SEMH shortfall.
    const semh = cmp.byLocality.filter((r: { category: string }) => r.category === 'SEMH');
    expect(semh.reduce((s: number, r: { shortfallChange: number }) => s + r.shortfallChange, 0)).toBeLessThan(0);
    const csv = await app.inject({ url: `/runs/${base.id}/compare/${other.id}?format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toContain('shortfallChange');
  });

  it('when a solve cannot be done (jslp on an LSOA model), then the run fails with the reason and the service goes on', async () => {
    const { body } = await startRun(app, { scenario: { id: 'too-big', name: 'Too big for jslp', year: 2025, level: 'lsoa', solver: 'jslp' } });
    const run = await waitDone(app, body.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/jslp would need a \d+(\.\d)? MB dense tableau/);
    expect((await app.inject({ url: `/runs/${run.id}?format=csv` })).statusCode).toBe(409);
    const next = await startRun(app, { scenarioId: 'baseline-2025' });
    expect((await waitDone(app, next.body.id)).status).toBe('done');
  });

  it('when runs at different locality levels are compared, then the answer is 422 saying why', async () => {
    const district = await waitDone(app, (await startRun(app, { scenarioId: 'baseline-2025' })).body.id);
    const msoa = await waitDone(app, (await startRun(app, { scenario: { id: 'msoa-level', name: 'MSOA', year: 2025, level: 'msoa' } })).body.id);
    const res = await app.inject({ url: `/runs/${district.id}/compare/${msoa.id}` });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/different localities \(district and msoa\)/);
  });

  it('when a shipped scenario is run with another level, then the run counts pupils at that level under the same scenario id, and its name says so', async () => {
    const run = await waitDone(app, (await startRun(app, { scenarioId: 'baseline-2025', level: 'msoa' })).body.id);
    expect(run.status).toBe('done');
    expect(run.result).toMatchObject({ scenarioId: 'baseline-2025', level: 'msoa' });
    expect(new Set(run.result!.byLocality.map((r: { locality: string }) => r.locality)).size).toBeGreaterThan(100);
    expect((run as unknown as { scenarioName: string }).scenarioName).toBe('Baseline 2025 (at MSOA level)');
    // Its own level: nothing is renamed.
    const own = await startRun(app, { scenarioId: 'baseline-2025', level: 'district' }, '?wait=true');
    expect(own.body).toMatchObject({ scenarioName: 'Baseline 2025', result: { level: 'district' } });
    const given = await startRun(app, { scenario: { id: 'a', name: 'a', year: 2025 }, level: 'msoa' });
    expect(given.status).toBe(400);
    expect(given.body.issues).toEqual([{ path: 'body.level', message: 'give level with scenarioId: a scenario given in full carries its own level' }]);
    expect((await startRun(app, { scenarioId: 'baseline-2025', level: 'ward' })).body.issues[0].path).toBe('body.level');
  });

  it('when a run is posted as YAML, then it runs as the JSON body would', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/runs?wait=true',
      payload: 'scenario:\n  id: yaml-run\n  name: From YAML\n  year: 2025\n  supply:\n    - action: redesignate\n      provision: special-119036\n      designation: NLD\n',
      headers: { ...(await planner(app)), 'content-type': 'application/yaml' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.provisions.find((p: { id: string }) => p.id === 'special-119036').changes).toEqual(['redesignated NLD']);
  });

  it('when requests are wrong, then the answers are 400, 404 or 409 with a message', async () => {
    expect((await startRun(app, {})).status).toBe(400);
    expect((await startRun(app, { scenarioId: 'baseline-2025', scenario: { id: 'a', name: 'a', year: 2025 } })).status).toBe(400);
    expect((await startRun(app, { scenarioId: 'nope' })).status).toBe(404);
    const missing = await startRun(app, { scenario: { id: 'a', name: 'a', year: 2025, supply: [{ action: 'close', provision: 'srp-nope' }] } });
    expect(missing.status).toBe(422);
    expect(missing.body.issues[0].path).toBe('body.scenario.supply[0].provision');
    expect((await app.inject({ url: '/runs/not-a-uuid' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/runs/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    const { body } = await startRun(app, { scenarioId: 'baseline-2025' });
    const early = await app.inject({ url: `/runs/${body.id}?format=csv` });
    if (early.statusCode !== 200) expect(early.statusCode).toBe(409);
    await waitDone(app, body.id);
  });

  it('when the service restarts with runs still queued or running, then those runs are marked failed', async () => {
    const dir = tempDir('planner-restart-');
    const first = await buildTestApp({ dataDir: dir }, { demand });
    first.db
      .prepare(
        `INSERT INTO runs (id, scenario_id, scenario_name, inputs_json, inputs_hash, solver_choice, status, created_at)
         VALUES ('11111111-1111-4111-8111-111111111111', 's', 'S', '{}', 'h', 'auto', 'running', '2026-01-01T00:00:00Z')`,
      )
      .run();
    await first.close();
    const second = await buildTestApp({ dataDir: dir }, { demand });
    const run = (await second.inject({ url: '/runs/11111111-1111-4111-8111-111111111111' })).json();
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/interrupted/);
    await second.close();
  });
});

describe('runs on officers’ approved designations', () => {
  it('when an officer overrides a school, then a run on the approved set gives it the decided designation, and the proposed set does not', async () => {
    const app = await buildTestApp({}, { demand });
    try {
      const officer = await authHeader(app, 'officer');
      const decided = await app.inject({
        method: 'POST',
        url: '/designations/mappings/119026/decision',
        headers: officer,
        payload: { decision: 'override', designation: 'SEMH', reason: 'test: pupils mostly SEMH', expectedVersion: 0 },
      });
      expect(decided.statusCode).toBe(200);
      const approvedRun = await waitDone(app, (await startRun(app, { scenario: { id: 'approved', name: 'Approved', year: 2026, designationSet: 'approved' } })).body.id);
      const proposedRun = await waitDone(app, (await startRun(app, { scenario: { id: 'proposed', name: 'Proposed', year: 2026, designationSet: 'proposed' } })).body.id);
      const school = (run: RunView) => run.result!.provisions.find((p: { id: string }) => p.id === 'special-119026');
      expect(school(approvedRun)).toMatchObject({ categories: ['SEMH'], designationNote: expect.stringMatching(/^overridden to SEMH by /) });
      expect(school(proposedRun).categories).toEqual(['NLD']);
      expect(approvedRun.inputsHash).not.toBe(proposedRun.inputsHash);
    } finally {
      await app.close();
    }
  });
});

describe('runs on the demand model (the service default)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
    await app.scenarioRunner.warm();
  });
  afterAll(async () => app.close());

  it('when the inclusion what-if is compared with the proposed designations, then special-school demand and independent placements fall', async () => {
    const base = await waitDone(app, (await startRun(app, { scenarioId: 'proposed-designations-2026' })).body.id);
    const other = await waitDone(app, (await startRun(app, { scenarioId: 'inclusion-48-2026' })).body.id);
    expect([base.status, other.status]).toEqual(['done', 'done']);
    expect(base.result!.assumptions.map((a: { name: string }) => a.name)).toContain('demand.baseYear');
    const cmp = (await app.inject({ url: `/runs/${base.id}/compare/${other.id}` })).json();
    const total = (m: string) => cmp.totals.find((t: { measure: string }) => t.measure === m);
    expect(total('demand').change).toBeLessThan(0);
    expect(total('placedIndependent').change).toBeLessThan(0);
    expect(other.result!.totals.outreachDemand).toBeGreaterThan(base.result!.totals.outreachDemand);
  });
});

describe('the server while a solve runs', () => {
  it('when an MSOA-level solve runs in a worker, then GET /health still answers quickly over HTTP', async () => {
    const app = await buildTestApp({}, { demand });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    try {
      await app.scenarioRunner.warm();
      const started = await fetch(`${base}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await authHeader(app, 'planner')) },
        body: JSON.stringify({ scenario: { id: 'msoa', name: 'MSOA baseline', year: 2025, level: 'msoa', solver: 'highs' } }),
      });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: string };
      const statusOf = async () => ((await (await fetch(`${base}/runs/${id}`)).json()) as { status: string }).status;
      const latencies: number[] = [];
      let duringSolve = 0;
      for (let status = await statusOf(); status === 'queued' || status === 'running'; ) {
        const t = performance.now();
        const health = await fetch(`${base}/health`);
        latencies.push(performance.now() - t);
        expect(health.status).toBe(200);
        const after = await statusOf();
        if (status === 'running' && after === 'running') duringSolve++;
        status = after;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await statusOf()).toBe('done');
      expect(duringSolve).toBeGreaterThan(2);
      expect(Math.max(...latencies)).toBeLessThan(500);
    } finally {
      await app.close();
    }
  });
});

describe('runs waiting for a solver thread', () => {
  it('when more MSOA runs are started than there are solver threads, then only one says running, the others say queued with no start time, and the running one reports its progress', async () => {
    // One solver thread (the test configuration's SOLVER_THREADS): a second and third run must wait.
    const app = await buildTestApp({}, { demand });
    try {
      await app.scenarioRunner.warm();
      const ids: string[] = [];
      for (const n of [1, 2, 3]) {
        const { status, body } = await startRun(app, { scenario: { id: `msoa-${n}`, name: `MSOA ${n}`, year: 2025, level: 'msoa', solver: 'highs' } });
        expect(status).toBe(202);
        ids.push(body.id);
      }
      type Listed = RunView & { startedAt: string | null; progress: { stage: string; detail: string } | null };
      let sawQueued = false;
      let sawProgress: Listed['progress'] = null;
      for (let polls = 0; polls < 2000; polls++) {
        const runs = ((await app.inject({ url: '/runs' })).json().items as Listed[]).filter((r) => ids.includes(r.id));
        const running = runs.filter((r) => r.status === 'running');
        expect(running.length, JSON.stringify(runs.map((r) => r.status))).toBeLessThanOrEqual(1);
        for (const r of runs.filter((x) => x.status === 'queued')) {
          sawQueued = true;
          expect(r.startedAt).toBeNull();
          expect(r.progress).toBeNull();
        }
        sawProgress ??= running[0]?.progress ?? null;
        if (sawQueued && sawProgress) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(sawQueued).toBe(true);
      expect(sawProgress).toMatchObject({ stage: expect.stringMatching(/^(building|solving|interpreting)$/), detail: expect.any(String) });
      const first = await waitDone(app, ids[0]!);
      expect(first.status).toBe('done');
      expect((await app.inject({ url: `/runs/${ids[0]}` })).json().progress).toBeNull();
    } finally {
      await app.close();
    }
  }, 120_000);
});
