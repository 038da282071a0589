/**
 * A table of background jobs in SQLite (runs, plans): the one module that writes a job's life as SQL,
 * parameterised by the table and the job's own columns. A job is created `queued`, becomes `running`
 * when it gets a worker thread, and ends `done` with its result or `failed` with the reason. While it
 * runs, its latest progress (stage, year, MIP gap so far) sits in `job_progress` (migration 0410), a
 * small table of its own: the jobs' tables keep their large JSON columns last (migration 0301), and a
 * progress column after them would make every read of it walk megabytes of overflow pages.
 *
 * A worker thread stores a finished job's result itself, on its own connection (job-worker.ts), so
 * the HTTP thread never writes the megabytes.
 */
import type { Db } from '../database/database.js';

/** How far a job has got: its stage, and where it says, the model year and the MIP gap so far. */
export interface JobProgress {
  stage: string;
  detail: string;
  year?: number;
  /** Relative MIP gap of the best plan found so far (0.01 = within 1% of the best possible). */
  gap?: number;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** What every job has, whatever its table. */
export interface JobSummary {
  id: string;
  status: JobStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** The latest progress while the job runs; null before it starts and once it ends. */
  progress: (JobProgress & { at: string }) | null;
}

export interface JobTableSpec<Summary, Detail, Stored> {
  /** The table (`runs`, `plans`). */
  table: string;
  /** The job's own small columns, read with every summary (camelCase here, snake_case in SQL). */
  summary: readonly (keyof Summary & string)[];
  /** Columns read with the job itself (`get`), besides its result. */
  detail?: readonly (keyof Detail & string)[];
  /** Columns written when the job is created and read only by the feature's own queries. */
  stored?: readonly (keyof Stored & string)[];
  /** The error start-up writes on a job a stopped process left queued or running. */
  interrupted: string;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const select = (names: readonly string[]) => names.map((n) => `${snake(n)} AS ${n}`);

/**
 * Stores a job's result: done, its progress dropped. A worker thread calls it on its own connection
 * (job-worker.ts); the table's other statements are the HTTP thread's.
 */
export function jobDone(db: Db, table: string): (id: string, resultJson: string) => void {
  const markDone = db.prepare(`UPDATE ${table} SET status = 'done', finished_at = ?, result_json = ? WHERE id = ?`);
  const dropProgress = db.prepare(`DELETE FROM job_progress WHERE job_table = ? AND job_id = ?`);
  return db.transaction((id: string, resultJson: string) => {
    markDone.run(new Date().toISOString(), resultJson, id);
    dropProgress.run(table, id);
  });
}

export function jobTable<Summary extends object, Detail extends object = object, Stored extends object = object>(db: Db, spec: JobTableSpec<Summary, Detail, Stored>) {
  const { table } = spec;
  const own = spec.summary.map((n) => `j.${snake(n)} AS ${n}`);
  const summaryColumns = [
    'j.id',
    'j.status',
    'j.created_at AS createdAt',
    'j.started_at AS startedAt',
    'j.finished_at AS finishedAt',
    'j.error',
    ...own,
    'p.progress_json AS progressJson',
    'p.updated_at AS progressAt',
  ].join(', ');
  const from = `${table} j LEFT JOIN job_progress p ON p.job_table = '${table}' AND p.job_id = j.id`;
  const written = [...spec.summary, ...(spec.detail ?? []), ...(spec.stored ?? [])];
  const insert = db.prepare(
    `INSERT INTO ${table} (${['id', 'status', 'created_at', ...written.map(snake)].join(', ')}) VALUES (${['@id', "'queued'", '@createdAt', ...written.map((n) => `@${n}`)].join(', ')})`,
  );
  const markRunning = db.prepare(`UPDATE ${table} SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`);
  // A job that is done stays done (a worker stores the result; the pool may report the thread's end after).
  const markFailed = db.prepare(`UPDATE ${table} SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status != 'done'`);
  // Progress only for a job still running: a late message must not outlive its job.
  const setProgress = db.prepare(
    `INSERT INTO job_progress (job_table, job_id, progress_json, updated_at) SELECT '${table}', id, @json, @at FROM ${table} WHERE id = @id AND status = 'running'
     ON CONFLICT (job_table, job_id) DO UPDATE SET progress_json = excluded.progress_json, updated_at = excluded.updated_at`,
  );
  const dropProgress = db.prepare(`DELETE FROM job_progress WHERE job_table = '${table}' AND job_id = ?`);
  const dropAllProgress = db.prepare(`DELETE FROM job_progress WHERE job_table = '${table}'`);
  const byId = db.prepare(`SELECT ${[summaryColumns, ...select(spec.detail ?? []).map((c) => `j.${c}`), 'j.result_json AS resultJson'].join(', ')} FROM ${from} WHERE j.id = ?`);
  const summaryById = db.prepare(`SELECT ${summaryColumns} FROM ${from} WHERE j.id = ?`);
  const recent = db.prepare(`SELECT ${summaryColumns} FROM ${from} ORDER BY j.created_at DESC, j.id LIMIT ? OFFSET ?`);
  const count = db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck();
  const interrupt = db.prepare(`UPDATE ${table} SET status = 'failed', finished_at = ?, error = ? WHERE status IN ('queued', 'running')`);
  const now = () => new Date().toISOString();

  type Row = JobSummary & Summary;
  const toJob = <T extends Row>(raw: unknown): T | undefined => {
    if (!raw) return undefined;
    const { progressJson, progressAt, ...rest } = raw as Record<string, unknown>;
    return { ...rest, progress: progressJson ? { ...(JSON.parse(progressJson as string) as JobProgress), at: progressAt as string } : null } as unknown as T;
  };

  return {
    table,
    create(job: { id: string } & Summary & Detail & Stored) {
      insert.run({ ...job, createdAt: now() });
    },
    markRunning(id: string) {
      markRunning.run(now(), id);
    },
    markDone: jobDone(db, table),
    markFailed: db.transaction((id: string, error: string) => {
      markFailed.run(now(), error, id);
      dropProgress.run(id);
    }),
    progress(id: string, progress: JobProgress) {
      setProgress.run({ id, json: JSON.stringify(progress), at: now() });
    },
    get(id: string): (Row & Detail & { resultJson: string | null }) | undefined {
      return toJob(byId.get(id));
    },
    summary(id: string): Row | undefined {
      return toJob(summaryById.get(id));
    },
    list(limit: number, offset: number): { total: number; items: Row[] } {
      return { total: count.get() as number, items: recent.all(limit, offset).map((r) => toJob<Row>(r)!) };
    },
    /** Jobs left queued or running by a process that stopped: they will never finish. */
    failInterrupted: db.transaction((): number => {
      dropAllProgress.run();
      return interrupt.run(now(), spec.interrupted).changes;
    }),
  };
}
export type JobTable = ReturnType<typeof jobTable>;
