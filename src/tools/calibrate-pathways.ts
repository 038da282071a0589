/**
 * Rebuilds models/kent/pathway-matrix.csv from the EHCP tables, the special-school rolls and
 * pathway-assumptions.json (`npm run calibrate-pathways`), and prints the fit. The method is in
 * src/domain/demand/calibrate.ts and models/kent/DEMAND.md; a test checks the committed file is
 * what this writes.
 *
 *   npx tsx src/tools/calibrate-pathways.ts [modelsDir]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { calibratePathwayMatrix, specialRollsByProposedDesignation } from '../domain/demand/calibrate.js';
import { DEMAND_FILES, PATHWAY_COLUMNS } from '../domain/demand/demand-files.js';
import { countyWeights, ehcpCounts, mainstreamShare, pathwayMatrixCsvRows, placementSplit } from '../domain/demand/index.js';
import { DEMAND_PHASES } from '../domain/demand/phases.js';
import { NEED_CODES } from '../domain/needs.js';
import { loadDataset } from '../domain/dataset.js';

const dir = resolve(process.argv[2] ?? 'models/kent');
const matrixPath = join(dir, DEMAND_FILES.pathwayMatrix);
const columns = ['need', 'phase', ...PATHWAY_COLUMNS, 'special_independent_fraction', 'basis'];

// The registry loads the matrix it is about to replace; on a first run there is none, so write a
// neutral one (everything "other") that the calibration then overwrites. Its content is never used.
if (!existsSync(matrixPath)) {
  const neutral = NEED_CODES.flatMap((need) =>
    DEMAND_PHASES.map((phase) => ({ ...Object.fromEntries(columns.map((c) => [c, 0])), need, phase, other: 1, basis: 'bootstrap' })),
  );
  writeFileSync(matrixPath, stringify(neutral, { header: true, columns }));
}

const registry = loadDataset(dir);
const rolls = specialRollsByProposedDesignation(registry);
const { matrix, report } = calibratePathwayMatrix(registry.demand, rolls, registry.demand.pathwayAssumptions);
writeFileSync(matrixPath, stringify(pathwayMatrixCsvRows(matrix), { header: true, columns }));

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`wrote ${matrixPath} (${matrix.rows.length} rows)`);
console.log(`placement fit: ${report.placementFit.iterations} iterations, max margin error ${report.placementFit.maxError.toExponential(1)}`);
console.log(`designation fit: ${report.designationFit.iterations} iterations, max error ${report.designationFit.maxError.toExponential(1)}`);
console.log('state special rolls by proposed designation:', rolls, Object.fromEntries(Object.entries(report.rollShares).map(([d, s]) => [d, pct(s)])));
console.log('special school -> designation, by need:');
for (const n of NEED_CODES) console.log(`  ${n.padEnd(5)}`, Object.entries(report.designationSplit[n]).map(([d, s]) => `${d} ${pct(s)}`).join('  '));
const base = ehcpCounts(registry.demand, { year: registry.demand.baseYear, level: 'district' });
const split = placementSplit(base, matrix);
console.log('January 2025 split from the matrix:', Object.fromEntries(Object.entries(split).map(([k, v]) => [k, Math.round(v * 10) / 10])));
console.log(`mainstream share (all plans): ${pct(mainstreamShare(matrix, countyWeights(base)))}`);
