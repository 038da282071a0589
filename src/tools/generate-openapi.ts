/**
 * Writes openapi/openapi.json from the routes' schemas (`npm run openapi`). A test fails when the
 * committed file and the generated document differ, so run this after changing a route.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { loadDataset } from '../domain/dataset.js';
import { exitOnHelp } from './tool-help.js';

export const OPENAPI_FILE = 'openapi/openapi.json';

export async function generateOpenApi(modelsDir = resolve('models/kent')): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'planner-openapi-'));
  const app = await buildApp({
    config: loadConfig({ MODELS_DIR: modelsDir, DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
    registry: loadDataset(modelsDir),
  });
  try {
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  exitOnHelp(`Usage: npm run openapi\n\nWrites ${OPENAPI_FILE} from the routes' schemas (run it after changing a route; a test fails when the file drifts).`);
  writeFileSync(OPENAPI_FILE, await generateOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}
