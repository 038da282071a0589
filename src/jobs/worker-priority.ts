/**
 * Worker threads give way to the HTTP thread. Solves and scenario assembly are batch work that can
 * take the CPU for seconds; answering a request takes milliseconds and someone is waiting for it.
 * On Linux a nice value belongs to a thread, not the process, so a worker lowers its own priority
 * and the HTTP thread, at the normal priority, is scheduled first whenever it has work. Elsewhere
 * (where the nice value is per process) nothing is changed.
 *
 * Measured with `npm run bench:burst` (30 LSOA runs at once, load average 7-9 from other work on 2
 * CPUs): /health p99 58-68 ms with the workers at nice 10, 120-152 ms at nice 0 (test/bench/RESULTS.md).
 */
import { setPriority } from 'node:os';

/** Nice value of solver and assembly threads (0 normal, 19 lowest). */
export const WORKER_NICE = 10;

export function giveWayToHttpThread(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(WORKER_NICE);
  } catch {
    // Not allowed here (a container without the capability): the threads keep the normal priority.
  }
}
