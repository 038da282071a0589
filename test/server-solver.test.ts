import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/app.js';
import { startServer } from './helpers/server-process.js';

describe('the server process and its solver workers', () => {
  it('when started from the build, then it listens first, warms HiGHS and loads the dataset in the compiled workers afterwards and still stops cleanly on SIGTERM', async () => {
    const server = await startServer({ DATA_DIR: tempDir(), SOLVER_THREADS: '1' });
    try {
      const until = Date.now() + 30_000;
      while (!server.output().includes('solver and assembly workers ready') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      const lines = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; warmMs?: number });
      const listening = lines.findIndex((l) => l.msg.startsWith('Server listening'));
      const warmed = lines.findIndex((l) => l.msg === 'solver and assembly workers ready');
      expect(listening).toBeGreaterThanOrEqual(0);
      expect(warmed).toBeGreaterThan(listening);
      expect(lines.some((l) => l.msg === 'solver or assembly workers failed to start')).toBe(false);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      server.proc.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      server.proc.kill('SIGKILL');
    }
  });
});
