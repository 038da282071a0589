import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { generateOpenApi, OPENAPI_FILE } from '../src/tools/generate-openapi.js';
import { PROJECT_ROOT } from './helpers/app.js';

describe('the OpenAPI document', () => {
  it('when regenerated from the route schemas, then it equals the committed openapi/openapi.json (run `npm run openapi` after changing a route)', async () => {
    const committed = readFileSync(join(PROJECT_ROOT, OPENAPI_FILE), 'utf8');
    expect(await generateOpenApi()).toBe(committed);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(readFileSync(join(PROJECT_ROOT, OPENAPI_FILE), 'utf8')));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });
});
