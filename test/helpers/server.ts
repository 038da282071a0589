/**
 * The real service as a child process (node dist/src/server.js, built by `npm test`'s build step),
 * for tests that need a real port, a real process and real signals.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './app.js';

const SERVER_JS = join(PROJECT_ROOT, 'dist/src/server.js');
const KEYS_JS = join(PROJECT_ROOT, 'dist/src/tools/keys.js');

function requireBuild(file: string) {
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it first)`);
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process has gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the server on a free port (PORT=0) and resolves once it logs "Server listening at <url>". */
export function startServer(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  requireBuild(SERVER_JS);
  const child = spawn(process.execPath, [SERVER_JS], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s; stderr: ${stderr}`)), 20_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let entry: { msg?: string };
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      const match = /^Server listening at (http:\/\/\S+)$/.exec(entry.msg ?? '');
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, exited });
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening; stderr: ${stderr}`));
    });
  });
}

/** Runs the compiled keys CLI against `dataDir` and returns its standard output. */
export async function keysCli(dataDir: string, args: string[]): Promise<string> {
  requireBuild(KEYS_JS);
  const { stdout } = await promisify(execFile)(process.execPath, [KEYS_JS, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, DATA_DIR: dataDir } });
  return stdout;
}

/** The key printed alone on the last line of `keys create`. */
export function lastLine(output: string): string {
  return output.trimEnd().split('\n').at(-1)!;
}
