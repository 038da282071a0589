/**
 * Reading an append-only log table (the designation review's audit log, the scenario audit log):
 * entries matching every given condition, oldest first, a page of them, and how many match in all.
 */
import type { Db } from './database.js';

type Param = string | number;

/**
 * @param conditions each condition's SQL with one named parameter `@name`, keyed by that name; a
 *   condition whose value is undefined is left out
 */
export function readFilteredLog<Row>(
  db: Db,
  table: string,
  conditions: Record<string, [sql: string, value: Param | undefined]>,
  page: { limit?: number; offset?: number },
): { total: number; rows: Row[] } {
  const where: string[] = [];
  const params: Record<string, Param> = {};
  for (const [name, [sql, value]] of Object.entries(conditions)) {
    if (value === undefined) continue;
    where.push(sql);
    params[name] = value;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare<Record<string, Param>, number>(`SELECT count(*) FROM ${table} ${clause}`).pluck().get(params)!;
  const paging = page.limit === undefined ? '' : ' LIMIT @limit OFFSET @offset';
  const pageParams = page.limit === undefined ? params : { ...params, limit: page.limit, offset: page.offset ?? 0 };
  const rows = db.prepare<Record<string, Param>, Row>(`SELECT * FROM ${table} ${clause} ORDER BY id${paging}`).all(pageParams);
  return { total, rows };
}
