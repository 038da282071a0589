import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { kentRegistry, PROJECT_ROOT, tempDir, testConfig } from '../helpers/app.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';

const run = promisify(execFile);
let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

describe('npm run keys', () => {
  it('when a key is created with the npm script, then the key alone is on the last line and a server on the same DATA_DIR accepts it', async () => {
    const dataDir = tempDir();
    const { stdout } = await run('npm', ['run', '--silent', 'keys', '--', 'create', '--role', 'officer', '--name', 'A. Officer'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
    });
    const key = lastLine(stdout);
    expect(key).toMatch(/^spp_[A-Za-z0-9_-]{43}$/);
    app = await buildApp({ config: testConfig({ dataDir }), registry: kentRegistry() });
    const res = await app.inject({ method: 'POST', url: '/designations/mappings/119026/decision', headers: { authorization: `Bearer ${key}` }, payload: { decision: 'approve', reason: 'fits', expectedVersion: 0 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().mapping.reviewer).toBe('A. Officer');
  }, 30_000);

  it('when keys are listed and one is revoked from the command line, then a running app refuses it at once', async () => {
    const dataDir = tempDir();
    const key = lastLine(await keysCli(dataDir, ['create', '--role', 'planner', '--name', 'P. Planner']));
    lastLine(await keysCli(dataDir, ['create', '--role', 'admin', '--name', 'Key Admin']));
    app = await buildApp({ config: testConfig({ dataDir }), registry: kentRegistry() });
    const audit = () => app!.inject({ method: 'GET', url: '/audit', headers: { authorization: `Bearer ${key}` } });
    expect((await audit()).statusCode).toBe(200);

    const list = await keysCli(dataDir, ['list']);
    const row = list.split('\n').find((l) => l.includes('P. Planner'))!;
    expect(row).toMatch(/^[0-9a-f]{12}\s+planner\s+P\. Planner\s+spp_\S{6}\.\.\.\s+\S+\s+-$/);
    expect(list).toContain('Key Admin');
    expect(list).not.toContain(key);

    const id = row.split(/\s+/)[0]!;
    expect(await keysCli(dataDir, ['revoke', id])).toContain(`Revoked API key ${id}`);
    expect((await audit()).statusCode).toBe(401);
    expect(await keysCli(dataDir, ['list'])).toMatch(new RegExp(`${id}.*\\d{4}-\\d{2}-\\d{2}T\\S+Z$`, 'm'));

    // The key log records the command line's work as the command line, with the account that ran it.
    const { entries } = await app.apiKeys.history({ keyId: id });
    expect(entries.map((e) => [e.action, e.keyName, e.via, e.byKeyId])).toEqual([
      ['create', 'P. Planner', 'command-line', null],
      ['revoke', 'P. Planner', 'command-line', null],
    ]);
    expect(entries[0]!.by).toMatch(/^command line \(.+@.+\)$/);
  });

  it.each([
    [['create', '--role', 'superuser', '--name', 'X'], 2, /--role must be one of/],
    [['create', '--role', 'officer'], 2, /--name is required/],
    [['create', '--role', 'officer', '--name', '   '], 1, /name must not be empty/],
    [['revoke'], 2, /needs the key id/],
    [['revoke', 'ffffffffffff'], 1, /no API key with id/],
    [['rotate'], 2, /unknown command/],
    [['list', '--verbose'], 2, /Unknown option/],
  ])('when run with %j, then it exits %i with a message', async (args, code, message) => {
    const failure = await keysCli(tempDir(), args as string[]).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(code);
    expect(failure?.stderr).toMatch(message);
  });
});
