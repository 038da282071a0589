import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { openDatabase } from '../../../src/database/database.js';
import { reviewRepository } from '../../../src/features/review/review-repository.js';
import { createApiKey } from '../../../src/features/api-keys/api-keys.js';
import { proposeAllMappings } from '../../../src/domain/designations/designation-mapping.js';
import type { ProposedDesignation } from '../../../src/domain/needs.js';
import { authHeader, kentRegistry, testConfig } from '../../helpers/app.js';

let config: ReturnType<typeof testConfig>;
let app: FastifyInstance;
let officer: string;
let planner: string;

beforeEach(async () => {
  config = testConfig();
  app = await buildApp({ config, registry: kentRegistry() });
  officer = (await createApiKey(app.apiKeys, { name: 'A. Officer', role: 'officer' })).key;
  planner = (await createApiKey(app.apiKeys, { name: 'P. Planner', role: 'planner' })).key;
});
afterEach(() => app.close());

const proposals = () => proposeAllMappings(kentRegistry());
const ambiguous = () => proposals().find((p) => p.ambiguous && p.current === 'CI')!;
const clear = () => proposals().find((p) => p.current === 'PSCN')!;

function decide(urn: number, body: Record<string, unknown>, key = officer) {
  return app.inject({ method: 'POST', url: `/designations/mappings/${urn}/decision`, headers: { authorization: `Bearer ${key}` }, payload: body });
}
function get(url: string, key = officer) {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
}

describe('GET /designations/mappings', () => {
  it('when nothing has been decided, then every special school is listed as proposed at version 0 with its evidence', async () => {
    const res = await get('/designations/mappings', planner);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const registry = kentRegistry();
    expect(body.total).toBe(registry.specialSchools.size);
    expect(body.counts).toEqual({ proposed: registry.specialSchools.size, approved: 0, overridden: 0 });
    for (const m of body.items) {
      const p = proposals().find((x) => x.urn === m.urn)!;
      expect(m).toMatchObject({ current: registry.specialSchools.get(m.urn)!.designation, proposed: p.proposed, designation: p.proposed, status: 'proposed', version: 0, reviewer: null, decidedAt: null });
      expect(m.rationale.length).toBeGreaterThan(2);
    }
    const ci = body.items.find((m: { urn: number }) => m.urn === ambiguous().urn);
    expect(ci.ambiguous).toBe(true);
    expect(ci.alternatives.length).toBeGreaterThan(0);
    expect(ci.rationale.join(' ')).toMatch(/Ambiguous/);
  });

  it('when asked for CSV, then it returns one row per school with the decision columns', async () => {
    await decide(clear().urn, { decision: 'approve', reason: 'PSCN intake is CLN', expectedVersion: 0 });
    const res = await get('/designations/mappings?format=csv');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe('urn,name,district,current,proposed,alternatives,ambiguous,confidence,rule,status,designation,reviewer,decided_at,version,reason,rationale');
    expect(lines).toHaveLength(kentRegistry().specialSchools.size + 1);
    expect(lines.find((l) => l.startsWith(`${clear().urn},`))).toContain(',approved,CLN,A. Officer,');
  });

  it('when filtered by status, then only those schools come back', async () => {
    await decide(clear().urn, { decision: 'approve', reason: 'fits', expectedVersion: 0 });
    const res = await get('/designations/mappings?status=approved');
    expect(res.json().items.map((m: { urn: number }) => m.urn)).toEqual([clear().urn]);
    expect(res.json().counts.approved).toBe(1);
  });
});

describe('POST /designations/mappings/{urn}/decision', () => {
  it('when an officer approves, then the school is approved at version 1 under the key name, with an audit entry', async () => {
    const p = clear();
    const res = await decide(p.urn, { decision: 'approve', reason: 'PSCN intake matches CLN guidance', expectedVersion: 0 });
    expect(res.statusCode).toBe(200);
    const { mapping, audit } = res.json();
    expect(mapping).toMatchObject({ urn: p.urn, status: 'approved', designation: p.proposed, decidedDesignation: p.proposed, reviewer: 'A. Officer', version: 1 });
    expect(Date.parse(mapping.decidedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(audit).toMatchObject({ urn: p.urn, decision: 'approve', previousStatus: 'proposed', previousDesignation: p.proposed, designation: p.proposed, reviewer: 'A. Officer', version: 1 });
    expect((await get(`/designations/mappings/${p.urn}`)).json()).toEqual(mapping);
  });

  it('when an officer overrides, then the school takes the new designation and the audit entry records from and to', async () => {
    const p = ambiguous();
    const alternative = p.alternatives[0]!;
    await decide(p.urn, { decision: 'approve', reason: 'first look', expectedVersion: 0 });
    const res = await decide(p.urn, { decision: 'override', designation: alternative, reason: 'Most pupils have SEMH needs', expectedVersion: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json().mapping).toMatchObject({ status: 'overridden', designation: alternative, proposed: p.proposed, reason: 'Most pupils have SEMH needs', version: 2 });
    expect(res.json().audit).toMatchObject({ decision: 'override', previousStatus: 'approved', previousDesignation: p.proposed, designation: alternative, version: 2 });
  });

  it.each([
    [{ decision: 'override', reason: 'no designation', expectedVersion: 0 }, 'body.designation'],
    [{ decision: 'override', designation: 'NLD', reason: '   ', expectedVersion: 0 }, 'body.reason'],
    [{ decision: 'approve', expectedVersion: 0 }, 'body.reason'],
    [{ decision: 'approve', reason: 'x' }, 'body.expectedVersion'],
    [{ decision: 'approve', reason: 'x', expectedVersion: -1 }, 'body.expectedVersion'],
    [{ decision: 'approve', reason: 'x', expectedVersion: 1.5 }, 'body.expectedVersion'],
    [{ decision: 'maybe', reason: 'x', expectedVersion: 0 }, 'body.decision'],
    [{ decision: 'override', designation: 'PSCN', reason: 'x', expectedVersion: 0 }, 'body.designation'],
    [{ decision: 'approve', reason: 'x', expectedVersion: 0, reviewer: 'someone else' }, 'body'],
  ])('when the body is %j, then 400 names %s and nothing is recorded', async (body, path) => {
    const res = await decide(ambiguous().urn, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await get('/audit')).json().total).toBe(0);
  });

  it('when an override names the proposed designation, or an approval names another, then 400 explains which to use', async () => {
    const p = ambiguous();
    const sameAsProposal = await decide(p.urn, { decision: 'override', designation: p.proposed, reason: 'x', expectedVersion: 0 });
    expect(sameAsProposal.statusCode).toBe(400);
    expect(sameAsProposal.json().message).toContain('approve it instead');
    const approveOther = await decide(p.urn, { decision: 'approve', designation: p.alternatives[0], reason: 'x', expectedVersion: 0 });
    expect(approveOther.statusCode).toBe(400);
    expect(approveOther.json().issues[0].path).toBe('body.designation');
    expect((await decide(p.urn, { decision: 'approve', designation: p.proposed, reason: 'x', expectedVersion: 0 })).statusCode).toBe(200);
  });

  it('when the URN is unknown, not a special school or malformed, then 404 / 404 / 400', async () => {
    const mainstream = kentRegistry().schools.find((s) => !s.isSpecial)!;
    const unknown = await decide(999999, { decision: 'approve', reason: 'x', expectedVersion: 0 });
    expect(unknown.statusCode).toBe(404);
    const notSpecial = await decide(mainstream.urn, { decision: 'approve', reason: 'x', expectedVersion: 0 });
    expect(notSpecial.statusCode).toBe(404);
    expect(notSpecial.json().message).toContain('not a special school');
    const malformed = await app.inject({ method: 'POST', url: '/designations/mappings/12ab/decision', headers: { authorization: `Bearer ${officer}` }, payload: { decision: 'approve', reason: 'x', expectedVersion: 0 } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().issues[0].path).toBe('params.urn');
    expect((await get(`/designations/mappings/${mainstream.urn}`)).statusCode).toBe(404);
  });

  it('when expectedVersion is stale, then 409 says the current version and nothing changes', async () => {
    const p = ambiguous();
    await decide(p.urn, { decision: 'approve', reason: 'first', expectedVersion: 0 });
    const before = (await get(`/designations/mappings/${p.urn}`)).json();
    const auditBefore = (await get('/audit')).json();
    for (const expectedVersion of [0, 2, 7]) {
      const res = await decide(p.urn, { decision: 'override', designation: p.alternatives[0], reason: 'late', expectedVersion });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toContain('is at version 1');
    }
    expect((await get(`/designations/mappings/${p.urn}`)).json()).toEqual(before);
    expect((await get('/audit')).json()).toEqual(auditBefore);
  });

  it('when many decisions on one school arrive at once, then exactly one wins, the others get 409 and the audit log shows only the winner', async () => {
    const p = ambiguous();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        decide(p.urn, i % 2 ? { decision: 'approve', reason: `try ${i}`, expectedVersion: 0 } : { decision: 'override', designation: p.alternatives[0], reason: `try ${i}`, expectedVersion: 0 }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    const winner = answers.find((a) => a.statusCode === 200)!.json();
    const audit = (await get(`/audit?urn=${p.urn}`)).json();
    expect(audit.items).toEqual([winner.audit]);
  });

  it('when a planner or commissioner tries to decide, then 403 and nothing is recorded', async () => {
    for (const role of ['planner', 'commissioner'] as const) {
      const res = await app.inject({ method: 'POST', url: `/designations/mappings/${clear().urn}/decision`, headers: await authHeader(app, role), payload: { decision: 'approve', reason: 'x', expectedVersion: 0 } });
      expect(res.statusCode).toBe(403);
    }
    expect((await get('/audit')).json().total).toBe(0);
  });

  it('when the app restarts on the same data directory, then the decisions are still there', async () => {
    const p = ambiguous();
    const decided = (await decide(p.urn, { decision: 'override', designation: p.alternatives[0], reason: 'survives', expectedVersion: 0 })).json();
    await app.close();
    app = await buildApp({ config, registry: kentRegistry() });
    expect((await get(`/designations/mappings/${p.urn}`)).json()).toEqual(decided.mapping);
    expect((await get('/audit')).json().items).toEqual([decided.audit]);
  });
});

describe('the approved designation set', () => {
  it('when some schools are decided, then planning sees the decisions and the proposals for the rest, saying which is which', async () => {
    const p = ambiguous();
    const q = clear();
    const alternative: ProposedDesignation = p.alternatives[0]!;
    await decide(p.urn, { decision: 'override', designation: alternative, reason: 'intake', expectedVersion: 0 });
    await decide(q.urn, { decision: 'approve', reason: 'fits', expectedVersion: 0 });
    const approved = await app.designationSources.approved();
    expect(approved.set).toBe('approved');
    expect(approved.designationOf(p.urn)).toMatchObject({ designation: alternative, status: 'overridden' });
    expect(approved.designationOf(p.urn)!.note).toMatch(/^overridden to .* by A\. Officer on \d{4}-\d{2}-\d{2}/);
    expect(approved.designationOf(q.urn)).toMatchObject({ designation: q.proposed, status: 'approved' });
    const other = proposals().find((x) => x.urn !== p.urn && x.urn !== q.urn)!;
    expect(approved.designationOf(other.urn)).toMatchObject({ designation: other.proposed, status: 'proposed' });
    expect(approved.designationOf(other.urn)!.note).toMatch(/^under review/);
    expect(approved.designationOf(kentRegistry().schools.find((s) => !s.isSpecial)!.urn)).toBeUndefined();
    // The proposed set ignores decisions.
    expect(app.designationSources.proposed().designationOf(p.urn)).toMatchObject({ designation: p.proposed, status: 'proposed' });
    expect((await app.designationSources.forSet('approved')).entries).toEqual(approved.entries);
  });

  it('when another process records a decision in the same database, then the next approved set includes it', async () => {
    const p = ambiguous();
    const before = await app.designationSources.approved();
    expect(await app.designationSources.approved()).toBe(before);
    const other = openDatabase(config.dataDir);
    const keyId = (await app.apiKeys.list())[0]!.id;
    const result = await reviewRepository(other).recordDecision({
      urn: p.urn, schoolName: p.name, decision: 'override', designation: p.alternatives[0]!, proposed: p.proposed,
      reason: 'decided elsewhere', reviewer: 'Other Process', reviewerKeyId: keyId, at: new Date().toISOString(), expectedVersion: 0,
    });
    other.close();
    expect(result.outcome).toBe('recorded');
    const after = await app.designationSources.approved();
    expect(after.designationOf(p.urn)).toMatchObject({ designation: p.alternatives[0], status: 'overridden' });
    expect(after.designationOf(p.urn)!.note).toContain('Other Process');
    expect(Object.isFrozen(after.entries[0])).toBe(true);
  });
});

describe('when the rules change after a decision', () => {
  it('then the mapping keeps the decided designation and flags that the proposal has changed since', async () => {
    const p = clear();
    const keyId = (await app.apiKeys.list())[0]!.id;
    // A decision made when the rules proposed something else than they do now.
    const earlierProposal: ProposedDesignation = p.proposed === 'CLN' ? 'NLD' : 'CLN';
    await reviewRepository(app.db).recordDecision({
      urn: p.urn, schoolName: p.name, decision: 'approve', designation: earlierProposal, proposed: earlierProposal,
      reason: 'under the old rules', reviewer: 'A. Officer', reviewerKeyId: keyId, at: new Date().toISOString(), expectedVersion: 0,
    });
    const mapping = (await get(`/designations/mappings/${p.urn}`)).json();
    expect(mapping).toMatchObject({ status: 'approved', designation: earlierProposal, proposed: p.proposed, proposalChangedSinceDecision: true });
    const untouched = (await get(`/designations/mappings/${ambiguous().urn}`)).json();
    expect(untouched.proposalChangedSinceDecision).toBe(false);
  });
});
