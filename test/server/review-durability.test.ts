/**
 * The real server process, killed and restarted: decisions acknowledged with 2xx must survive a
 * SIGKILL, and concurrent decisions on one school from two processes sharing the database must
 * produce exactly one winner.
 */
import { describe, expect, it } from 'vitest';
import { proposeAllMappings } from '../../src/domain/designations/designation-mapping.js';
import { PROPOSED_DESIGNATIONS, type ProposedDesignation } from '../../src/domain/needs.js';
import { kentRegistry, tempDir } from '../helpers/app.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { serversStoppedAfterEach } from '../helpers/server-process.js';

const startWith = serversStoppedAfterEach();
const start = (dataDir: string) => startWith({ DATA_DIR: dataDir });

interface Ack {
  urn: number;
  version: number;
  designation: ProposedDesignation;
  auditId: number;
}

const proposals = () => proposeAllMappings(kentRegistry());

/** Alternates approving the proposal and overriding it with another designation, so every version differs from the last. */
function nextDecision(proposed: ProposedDesignation, alternatives: ProposedDesignation[], version: number) {
  if (version % 2 === 0) return { decision: 'approve' as const, reason: `stream: approve at version ${version}`, expectedVersion: version };
  const other = alternatives[0] ?? PROPOSED_DESIGNATIONS.find((d) => d !== proposed)!;
  return { decision: 'override' as const, designation: other, reason: `stream: override at version ${version}`, expectedVersion: version };
}

describe('the review service as a real process', () => {
  it('when the server is SIGKILLed in the middle of a stream of decisions, then after a restart every decision acknowledged with 2xx is there', async () => {
    const dataDir = tempDir();
    const key = lastLine(await keysCli(dataDir, ['create', '--role', 'officer', '--name', 'Stream Officer']));
    const server = await start(dataDir);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const STREAMS = 5;
    const KILL_AFTER = 60;
    const acked: Ack[] = [];
    let sent = 0;
    let unacknowledged = 0;
    let killed = false;
    const all = proposals();

    // Each stream owns its own schools, so it always knows their version and expects no 409.
    const stream = async (mine: typeof all) => {
      const versions = new Map(mine.map((p) => [p.urn, 0]));
      for (let i = 0; ; i++) {
        const p = mine[i % mine.length]!;
        const version = versions.get(p.urn)!;
        const body = nextDecision(p.proposed, p.alternatives, version);
        sent++;
        let answer: { mapping: { version: number; designation: ProposedDesignation }; audit: { id: number } };
        let status: number;
        try {
          const res = await fetch(`${server.url}/designations/mappings/${p.urn}/decision`, { method: 'POST', headers, body: JSON.stringify(body) });
          status = res.status;
          answer = (await res.json()) as typeof answer;
        } catch (err) {
          // Only the kill may break a request; whatever it broke was never acknowledged.
          if (!killed) throw err;
          unacknowledged++;
          return;
        }
        if (status !== 200) throw new Error(`unexpected ${status}: ${JSON.stringify(answer)}`);
        acked.push({ urn: p.urn, version: answer.mapping.version, designation: answer.mapping.designation, auditId: answer.audit.id });
        versions.set(p.urn, answer.mapping.version);
        if (acked.length >= KILL_AFTER && !killed) {
          killed = true;
          // A few milliseconds later, so some decisions are committed but not yet answered.
          setTimeout(() => server.proc.kill('SIGKILL'), Math.random() * 10);
        }
      }
    };
    await Promise.all(Array.from({ length: STREAMS }, (_, s) => stream(all.filter((_, i) => i % STREAMS === s))));
    const exit = await server.exited;
    expect(exit.signal).toBe('SIGKILL');
    // The kill landed mid-stream: other requests were in flight and never acknowledged.
    expect(unacknowledged).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);

    const restarted = await start(dataDir);
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${restarted.url}${path}`, { headers });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
    const audit = await get<{ total: number; items: { id: number; urn: number; version: number; designation: string }[] }>('/audit?limit=1000');
    const mappings = await get<{ items: { urn: number; version: number; designation: string }[] }>('/designations/mappings');

    const auditById = new Map(audit.items.map((e) => [e.id, e]));
    for (const ack of acked) {
      const entry = auditById.get(ack.auditId);
      expect(entry, `acknowledged decision ${ack.urn} v${ack.version}`).toEqual(expect.objectContaining({ urn: ack.urn, version: ack.version, designation: ack.designation }));
    }
    for (const m of mappings.items) {
      const ackedVersions = acked.filter((a) => a.urn === m.urn).map((a) => a.version);
      const maxAcked = Math.max(0, ...ackedVersions);
      // At most the one in-flight decision per school may have committed without its answer arriving.
      expect(m.version - maxAcked).toBeGreaterThanOrEqual(0);
      expect(m.version - maxAcked).toBeLessThanOrEqual(1);
      // The audit log has exactly one entry per version, with no gaps, and its latest matches the mapping.
      const entries = audit.items.filter((e) => e.urn === m.urn);
      expect(entries.map((e) => e.version)).toEqual(Array.from({ length: m.version }, (_, i) => i + 1));
      if (m.version > 0) expect(entries.at(-1)!.designation).toBe(m.designation);
    }
    expect(audit.total).toBe(mappings.items.reduce((n, m) => n + m.version, 0));
    expect(sent).toBe(acked.length + unacknowledged);
    if (process.env.REVIEW_DURABILITY_REPORT) {
      const committedUnacked = audit.total - acked.length;
      console.log(`acknowledged ${acked.length}, unacknowledged ${unacknowledged}, committed but unacknowledged ${committedUnacked}`);
    }
  }, 60_000);

  it('when two server processes on one database get concurrent decisions on one school, then exactly one wins, the others get 409 and the audit log holds only the winner', async () => {
    const dataDir = tempDir();
    const key = lastLine(await keysCli(dataDir, ['create', '--role', 'officer', '--name', 'Race Officer']));
    const [a, b] = await Promise.all([start(dataDir), start(dataDir)]);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const school = proposals().find((p) => p.ambiguous)!;
    const ATTEMPTS = 24;

    const answers = await Promise.all(
      Array.from({ length: ATTEMPTS }, async (_, i) => {
        const body =
          i % 3 === 0
            ? { decision: 'approve', reason: `attempt ${i}`, expectedVersion: 0 }
            : { decision: 'override', designation: school.alternatives[0], reason: `attempt ${i}`, expectedVersion: 0 };
        const res = await fetch(`${(i % 2 ? a : b).url}/designations/mappings/${school.urn}/decision`, { method: 'POST', headers, body: JSON.stringify(body) });
        return { i, status: res.status, body: (await res.json()) as { audit: unknown } };
      }),
    );
    const winners = answers.filter((x) => x.status === 200);
    expect(winners).toHaveLength(1);
    expect(answers.filter((x) => x.status === 409)).toHaveLength(ATTEMPTS - 1);

    const res = await fetch(`${a.url}/audit?urn=${school.urn}`, { headers });
    const audit = (await res.json()) as { total: number; items: { reason: string }[] };
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toEqual(winners[0]!.body.audit);
    expect(audit.items[0]!.reason).toBe(`attempt ${winners[0]!.i}`);
    const mapping = (await (await fetch(`${b.url}/designations/mappings/${school.urn}`, { headers })).json()) as { version: number; reason: string };
    expect(mapping.version).toBe(1);
    expect(mapping.reason).toBe(`attempt ${winners[0]!.i}`);
  }, 60_000);
});
