import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadCouncils } from '../src/domain/dataset.js';
import { mkdtempSync } from 'node:fs';
const councils = loadCouncils('models');
const app = await buildApp({ config: loadConfig({ MODELS_DIR: 'models', DATA_DIR: mkdtempSync('/tmp/i24d-'), LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }), registry: councils.default.registry, councils });
for (const url of ['/health', '/schools?la=Medway&limit=1', '/schools?la=nowhere', '/provisions?la=e06000035', '/designations?la=887', '/localities?la=Medway&level=msoa', '/demand?la=Medway&year=2027', '/demand/designations?la=Medway&year=2026', '/scenarios?la=Medway', '/demand?la=Medway&level=district']) {
  const r = await app.inject({ url });
  console.log(url, r.statusCode, r.body.slice(0, 400));
}
await app.close();
