import { existsSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/database/database.js';
import { tempDir } from '../helpers/app.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer } from '../helpers/server-process.js';

const profile = { primaryNeed: 'ASD', secondaryNeeds: [], learningDifficulty: 'moderate', traits: ['severe-social-communication'], age: 9 };

describe('when the server receives SIGTERM', () => {
  it('then a request already in flight is answered, new connections are refused, and the database closes cleanly', async () => {
    const dataDir = tempDir();
    const key = lastLine(await keysCli(dataDir, ['create', '--role', 'planner', '--name', 'Shutdown test']));
    const server = await startServer({ DATA_DIR: dataDir });

    // A batch upload that is still arriving when the signal comes.
    const body = JSON.stringify(Array.from({ length: 200 }, () => profile));
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${server.url}/match/batch`,
        { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 1000));
      setTimeout(() => {
        server.proc.kill('SIGTERM');
        // Give the server time to stop listening before the rest of the body arrives.
        setTimeout(() => req.end(body.slice(1000)), 300);
      }, 200);
    });

    const res = await answer;
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { results: unknown[] }).results).toHaveLength(200);

    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/shutting down: finishing in-flight requests/);
    // A clean close checkpoints the write-ahead log into the database file and removes it.
    const wal = join(dataDir, `${DATABASE_FILE}-wal`);
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });
});
