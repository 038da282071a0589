/**
 * Start-up time: process spawn to "listening" with the Kent data loaded and indexed, against a bare
 * Fastify hello-world started the same way in the same run. `npm run bench:startup`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(import.meta.dirname, '../../..');
const RUNS = Number(process.env.RUNS ?? 10);

const BARE = `
import Fastify from 'fastify';
const app = Fastify({ logger: { level: 'info' } });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: 0 });
`;

function timeToListen(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolveTime, reject) => {
    const started = performance.now();
    const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Server listening at')) {
        const ms = performance.now() - started;
        proc.kill('SIGKILL');
        resolveTime(ms);
      }
    });
    proc.on('exit', (code) => {
      if (!out.includes('Server listening at')) reject(new Error(`exited ${code} before listening:\n${out}`));
    });
  });
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
};

const bare: number[] = [];
const service: number[] = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(await timeToListen(['--input-type=module', '-e', BARE], {}));
  service.push(
    await timeToListen([join(ROOT, 'dist/src/server.js')], {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'planner-bench-')),
    }),
  );
}
const b = stats(bare);
const s = stats(service);
const fmt = (x: number) => `${x.toFixed(0)} ms`;
console.log(`start-up, process spawn to listening, ${RUNS} runs each (median, min-max)`);
console.log(`  bare Fastify hello-world : ${fmt(b.median)} (${fmt(b.min)}-${fmt(b.max)})`);
console.log(`  service on Kent data     : ${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})`);
console.log(`  ratio service / bare     : ${(s.median / b.median).toFixed(2)}`);
console.log(`  target: service under 1000 ms -> ${s.median < 1000 ? 'met' : 'NOT met'}`);
