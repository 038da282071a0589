// The one worker entry for running from TypeScript source (tests, `tsx`): Node 20 does not apply
// `--import tsx` to a worker's entry module, so every pool (worker-pool.ts) points here and names
// its worker's .ts module in workerData.entry. From dist, pools load their compiled worker directly.
import { workerData } from 'piscina';
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport(workerData.entry, import.meta.url);
export default worker.default;
