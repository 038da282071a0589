import { afterEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './app.js';

export const SERVER_ENTRY = join(PROJECT_ROOT, 'dist/src/server.js');

export interface RunningServer {
  proc: ChildProcess;
  port: number;
  url: string;
  /** Everything the process has written so far (stdout and stderr). */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the compiled server (built by `npm test`'s build step) as a real process on a free port and
 * resolves once it logs that it is listening. Rejects with the output if it exits first.
 */
export function startServer(env: Record<string, string>, timeoutMs = 15_000): Promise<RunningServer> {
  const proc = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({ proc, port, url: `http://127.0.0.1:${port}`, output: () => out, exited });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with code ${code} before listening:\n${out}`), { code, output: out }));
    });
  });
}

/** Runs the server expecting it to fail at start-up; resolves with its exit code and output. */
export async function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  try {
    const server = await startServer(env);
    server.proc.kill('SIGKILL');
    throw new Error('expected start-up to fail, but the server listened');
  } catch (err) {
    const e = err as { code?: number | null; output?: string };
    if (e.output === undefined) throw err;
    return { code: e.code ?? null, output: e.output };
  }
}

/**
 * A `start(env)` for one test file whose servers are all stopped (SIGTERM, awaited) after each test,
 * whether it passed or not; ones a test already killed are left alone.
 */
export function serversStoppedAfterEach(): (env: Record<string, string>) => Promise<RunningServer> {
  const running: RunningServer[] = [];
  afterEach(async () => {
    for (const s of running.splice(0)) {
      if (s.proc.exitCode === null && s.proc.signalCode === null) {
        s.proc.kill('SIGTERM');
        await s.exited;
      }
    }
  });
  return async (env) => {
    const server = await startServer(env);
    running.push(server);
    return server;
  };
}
