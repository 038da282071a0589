import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scenarioSchema, type Scenario } from '../../src/domain/sufficiency/scenario.js';
import { PROJECT_ROOT } from './app.js';

/**
 * The shipped single-year scenarios (scenarios/*.yaml without a horizon), in file order. Paths solve
 * the same stages year by year (path/solve-path.ts) and are tested in test/domain/sufficiency/path/.
 */
export function shippedSingleYearScenarios(): Scenario[] {
  const dir = join(PROJECT_ROOT, 'scenarios');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => scenarioSchema.parse(parse(readFileSync(join(dir, f), 'utf8'))))
    .filter((s) => s.horizon === undefined);
}
