/**
 * Capital plans over HTTP: the real app listening on a port, the real Kent data and demand model, the
 * plan solved by HiGHS in the plan worker thread and stored in a real SQLite file, read back after the
 * app is stopped and started again on the same file.
 */
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../../src/features/api-keys/api-keys.js';
import { PLAN_BUILD_COLUMNS } from '../../../src/domain/plan/plan-tables.js';
import { buildTestApp, tempDir } from '../../helpers/app.js';

type PlanView = {
  id: string;
  status: string;
  error: string | null;
  scenarioId: string;
  request: Record<string, any>;
  links: { self: string; csv: string };
  result?: Record<string, any>;
};

/** The one-year plan these tests make: small enough to solve in seconds, large enough to build something. */
const BODY = { scenarioId: 'proposed-designations-2025-2028', horizon: { from: 2026, to: 2026 }, budgets: { total: 3_000_000 }, timeLimitSeconds: 30 };

describe('capital plans over HTTP', () => {
  const dataDir = tempDir('planner-plans-');
  let app: FastifyInstance;
  let base: string;
  let auth: { authorization: string };
  let accepted: { status: number; location: string | null; body: PlanView };
  let done: PlanView;
  /** The progress seen while the plan ran, poll by poll. */
  const progressSeen: { status: string; progress: { stage: string; detail: string; gap?: number } | null }[] = [];

  const get = async (path: string) => fetch(`${base}${path}`);
  const post = async (body: unknown, headers: Record<string, string> = auth) =>
    fetch(`${base}/plans`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    app = await buildTestApp({ dataDir });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const { key } = await createApiKey(app.apiKeys, { name: 'Capital team', role: 'commissioner' });
    auth = { authorization: `Bearer ${key}` };
    const res = await post(BODY);
    accepted = { status: res.status, location: res.headers.get('location'), body: (await res.json()) as PlanView };
    const until = Date.now() + 240_000;
    for (;;) {
      done = (await (await get(`/plans/${accepted.body.id}`)).json()) as PlanView;
      progressSeen.push({ status: done.status, progress: (done as PlanView & { progress: (typeof progressSeen)[number]['progress'] }).progress });
      if (done.status === 'done' || done.status === 'failed' || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 300_000);
  afterAll(async () => app.close());

  it('when a plan is asked for, then it is accepted at once (202) with its id and link, and later done with its builds, each with its reasons', () => {
    expect(accepted.status).toBe(202);
    expect(['queued', 'running']).toContain(accepted.body.status);
    expect(accepted.location).toBe(`/plans/${accepted.body.id}`);
    expect(accepted.body.links).toEqual({ self: `/plans/${accepted.body.id}`, csv: `/plans/${accepted.body.id}?format=csv` });
    // What was asked, with the defaults filled in.
    expect(accepted.body.request).toEqual({ horizon: { from: 2026, to: 2026 }, budgets: { total: 3_000_000 }, timeLimitSeconds: 30, gapTarget: 0.005, greedy: false });

    expect(done.status, done.error ?? '').toBe('done');
    const r = done.result!;
    expect(r).toMatchObject({ kind: 'plan', scenarioId: 'proposed-designations-2025-2028', level: 'district', horizon: { from: 2026, to: 2026 }, status: 'optimal' });
    expect(r.gap).toBeLessThan(0.01);
    expect(r.builds.length).toBeGreaterThan(0);
    expect(r.builds.reduce((s: number, b: any) => s + b.capital, 0)).toBeLessThanOrEqual(3_000_000);
    for (const b of r.builds) {
      expect(b.reasons[0].kind).toBe('marginal');
      expect(b.reasons.filter((x: any) => x.kind !== 'marginal').length, b.candidate).toBeGreaterThan(0);
    }
    // The resulting path: the path model with the builds, beside the path without them.
    expect(r.byYear[0].path.shortfall).toBeLessThan(r.byYear[0].withoutPlan.shortfall);
  });

  it('when the plan runs, then GET says how far it has got: its stage (assembling, solving, explaining, the resulting path) while running, nothing once done', () => {
    const running = progressSeen.filter((p) => p.status === 'running');
    expect(running.length).toBeGreaterThan(0);
    const stages = running.map((p) => p.progress?.stage).filter(Boolean);
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) expect(['assembling', 'solving', 'explaining', 'path']).toContain(stage);
    for (const p of running) if (p.progress?.gap !== undefined) expect(p.progress.gap).toBeGreaterThanOrEqual(0);
    expect(progressSeen.at(-1)).toEqual({ status: 'done', progress: null });
  });

  it('when plans are listed, then the plan is there with who asked, newest first', async () => {
    const list = (await (await get('/plans')).json()) as { total: number; items: (PlanView & { result?: unknown })[] };
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: done.id, status: 'done', scenarioId: 'proposed-designations-2025-2028' });
    expect(list.items[0]!.result).toBeUndefined(); // the list carries summaries, not results
    const record = app.plans.get(done.id);
    expect(record.createdBy).toBe('Capital team');
    expect(record.createdByKeyId).toMatch(/\w/);
  });

  it('when the CSV is asked for, then it has the columns and one row per build, with its reasons', async () => {
    const res = await get(`/plans/${done.id}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text.split('\n')[0]).toBe(PLAN_BUILD_COLUMNS.join(','));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(done.result!.builds.length);
    expect(rows.map((x) => x.candidate).sort()).toEqual(done.result!.builds.map((b: any) => b.candidate).sort());
    for (const row of rows) {
      expect(row.marginal_worth).toMatch(/^without it, the plan leaves \d+ more pupil-year\(s\) without a state place/);
      expect(row.reasons).toMatch(/^(no-base-can-meet|bases-full|shortfall-in-reach|shorter-journey): /);
      expect(row.capital_basis).toMatch(/^(source|estimate):/);
    }
  });

  it('when the body is wrong, then it is refused with the field path: unknown scenario, negative budget, years backwards, a budget outside the years, no budget', async () => {
    const refused = async (body: unknown) => {
      const res = await post(body);
      return { status: res.status, body: (await res.json()) as { message: string; issues?: { path: string }[] } };
    };
    const unknown = await refused({ ...BODY, scenarioId: 'no-such-scenario' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.issues![0]!.path).toBe('body.scenarioId');
    const negative = await refused({ ...BODY, budgets: { total: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.issues!.map((i) => i.path)).toContain('body.budgets.total');
    const backwards = await refused({ ...BODY, horizon: { from: 2028, to: 2026 } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.issues!.map((i) => i.path)).toContain('body.horizon.to');
    const outside = await refused({ ...BODY, budgets: { perYear: { 2030: 1_000_000 } } });
    expect(outside.status).toBe(400);
    expect(outside.body.issues![0]!.path).toBe('body.budgets.perYear.2030');
    const noBudget = await refused({ ...BODY, budgets: {} });
    expect(noBudget.status).toBe(400);
    expect(noBudget.body.issues!.map((i) => i.path)).toContain('body.budgets.total');
    for (const r of [unknown, negative, backwards, outside, noBudget]) expect(r.body.message).not.toMatch(/\n\s+at /);
    // Nothing refused was stored.
    expect(app.plans.list(50, 0).total).toBe(1);
  });

  it('when no key, a wrong key or a revoked key starts a plan, then 401; reading plans needs none', async () => {
    expect((await post(BODY, {})).status).toBe(401);
    expect((await post(BODY, { authorization: 'Bearer not-a-key' })).status).toBe(401);
    const { key, record } = await createApiKey(app.apiKeys, { name: 'Leaver', role: 'planner' });
    await revokeApiKey(app.apiKeys, record.id);
    expect((await post(BODY, { authorization: `Bearer ${key}` })).status).toBe(401);
    expect((await get(`/plans/${done.id}`)).status).toBe(200);
    expect((await get('/plans/not-a-uuid')).status).toBe(400);
    expect((await get('/plans/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(app.plans.list(50, 0).total).toBe(1);
  });

  it('when the service is stopped and started again on the same database file, then the plan is still there, done, with the same builds', async () => {
    await app.close();
    app = await buildTestApp({ dataDir });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const again = (await (await get(`/plans/${done.id}`)).json()) as PlanView;
    expect(again.status).toBe('done');
    expect(again.result!.builds).toEqual(done.result!.builds);
    expect(again.request).toEqual(done.request);
  });

  it('when a plan leaves out candidate rows and changes a kind\'s costs, then it builds none of those rows and prices what it builds by the new costs; a row the file has not is refused at its field', async () => {
    const kinds = new Set(done.result!.builds.map((b: any) => b.kind));
    expect(kinds.has('satellite')).toBe(true); // what the override is to change
    const costs = { 'special-school-expansion': { capitalPerPlace: 50_000, capitalBasis: 'estimate: a test figure' } };
    const res = await post({ ...BODY, candidates: { remove: ['satellite-special', 'satellite-special-secondary'], costs } });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as PlanView;
    let plan: PlanView;
    for (const until = Date.now() + 240_000; ; ) {
      plan = (await (await get(`/plans/${id}`)).json()) as PlanView;
      if (plan.status === 'done' || plan.status === 'failed' || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(plan.status, plan.error ?? '').toBe('done');
    const builds = plan.result!.builds as { kind: string; candidate: string; capital: number; places: number }[];
    expect(builds.some((b) => b.kind === 'satellite')).toBe(false);
    expect(builds.length).toBeGreaterThan(0);
    const expansions = builds.filter((x) => x.kind === 'special-school-expansion');
    expect(expansions.length).toBeGreaterThan(0);
    for (const b of expansions) expect(b.capital).toBe(b.places * 50_000);
    expect(plan.request.candidates.remove).toEqual(['satellite-special', 'satellite-special-secondary']);

    const unknown = await post({ ...BODY, candidates: { remove: ['no-such-row'] } });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['body.candidates.remove.0']);
  }, 300_000);
});

describe('capital plans waiting for the plan thread', () => {
  it('when five plans are accepted at once, then one says running and four say queued, with no start time and no progress, until it is their turn', async () => {
    const app = await buildTestApp({ dataDir: tempDir('planner-plans-queue-') });
    try {
      const { key } = await createApiKey(app.apiKeys, { name: 'Capital team', role: 'commissioner' });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({ method: 'POST', url: '/plans', headers: { authorization: `Bearer ${key}` }, payload: { ...BODY, budgets: { total: 3_000_000 + i } } });
        expect(res.statusCode).toBe(202);
        ids.push(res.json().id);
      }
      type Listed = { id: string; status: string; startedAt: string | null; progress: unknown };
      const listed = async () => ((await app.inject({ url: '/plans' })).json().items as Listed[]).filter((p) => ids.includes(p.id));
      let plans = await listed();
      for (let polls = 0; polls < 500 && !plans.some((p) => p.status === 'running'); polls++) {
        await new Promise((r) => setTimeout(r, 20));
        plans = await listed();
      }
      expect(plans.map((p) => p.status).sort()).toEqual(['queued', 'queued', 'queued', 'queued', 'running']);
      for (const p of plans.filter((x) => x.status === 'queued')) expect(p).toMatchObject({ startedAt: null, progress: null });
      expect(plans.find((p) => p.status === 'running')!.startedAt).not.toBeNull();
    } finally {
      await app.close();
    }
  });
});
