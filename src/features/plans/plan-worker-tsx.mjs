// Loads the TypeScript worker through tsx when the service runs from source (tests, `tsx`):
// Node 20 does not apply `--import tsx` to a worker's entry module, so the pool points here instead.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./plan-worker.ts', import.meta.url);
export default worker.default;
