import { join } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copyOfKent, tempDir } from './helpers/app.js';
import { failedStart, startServer } from './helpers/server-process.js';

describe('the server process', () => {
  it('when started on the Kent data, then it answers /health over HTTP and exits 0 on SIGTERM', async () => {
    const server = await startServer({ DATA_DIR: tempDir() });
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { dataset: { schools: number; specialSchools: number } };
    expect(body.dataset.schools).toBe(594);
    expect(body.dataset.specialSchools).toBe(25);
    const ready = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'ready');
    expect(ready).toMatchObject({ schools: 594, specialSchools: 25 });
    server.proc.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/shutting down/);
  });

  it('when a data file is malformed, then start-up stops with exit code 1 naming file, row and field', async () => {
    const dir = copyOfKent();
    const path = join(dir, 'srps.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/^([^,]*),\d{6},/, '$1,123456,');
    writeFileSync(path, lines.join('\n'));
    const { code, output } = await failedStart({ MODELS_DIR: dir, DATA_DIR: tempDir() });
    expect(code).toBe(1);
    expect(output).toContain('srps.csv, row 4, field host_urn: host school URN 123456 is not in schools.csv');
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('when the models folder is missing, then start-up stops with exit code 1 naming the file', async () => {
    const { code, output } = await failedStart({ MODELS_DIR: join(tempDir(), 'nowhere'), DATA_DIR: tempDir() });
    expect(code).toBe(1);
    expect(output).toContain('dataset.json: cannot read file (ENOENT)');
  });

  it('when the configuration is invalid, then start-up stops with exit code 1 naming the variable', async () => {
    const { code, output } = await failedStart({ PORT: 'eighty', DATA_DIR: tempDir() });
    expect(code).toBe(1);
    expect(output).toMatch(/PORT: /);
    const level = await failedStart({ LOG_LEVEL: 'loud', DATA_DIR: tempDir() });
    expect(level.output).toMatch(/LOG_LEVEL: /);
  });
});
