import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';

export type ResponseFormat = 'json' | 'csv' | 'geojson' | 'xlsx';

/** The media type of an .xlsx workbook (Accept header or `?format=xlsx`). */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The representation a caller asked for: `?format=` wins, then the Accept header
 * (application/geo+json, text/csv, the .xlsx media type), then JSON.
 */
export function negotiateFormat(request: FastifyRequest, queryFormat: ResponseFormat | undefined, allowed: ResponseFormat[]): ResponseFormat {
  if (queryFormat) return queryFormat;
  const accept = request.headers.accept ?? '';
  if (allowed.includes('geojson') && accept.includes('application/geo+json')) return 'geojson';
  if (allowed.includes('csv') && accept.includes('text/csv')) return 'csv';
  if (allowed.includes('xlsx') && accept.includes(XLSX_MEDIA_TYPE)) return 'xlsx';
  return 'json';
}

type Cell = string | number | boolean | null | undefined;

/** A text cell a spreadsheet would read as a formula (or as the start of one): `=`, `+`, `-`, `@`, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text that a spreadsheet shows as text: a cell that starts like a formula gets a leading single
 * quote (OWASP, "CSV Injection"), which Excel, LibreOffice and Google Sheets read as "this is text".
 * Every CSV cell and every workbook text cell the service writes goes through here; numbers never
 * do (they are written as numbers).
 */
export function spreadsheetText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A neutralised cell is also quoted, as OWASP advises, so that no importer splits or trims it. */
const NEUTRALISED = /^'[=+\-@\t\r]/;

/** Writes rows as RFC 4180 CSV with a header line. Nested objects must be flattened by the caller. */
export function toCsv(rows: Record<string, Cell>[], columns?: string[]): string {
  const header = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  return stringify(rows, {
    header: true,
    columns: header.map((key) => ({ key, header: spreadsheetText(key) })),
    quoted_match: NEUTRALISED,
    cast: { boolean: (b) => (b ? 'true' : 'false'), string: spreadsheetText },
  });
}

export function sendCsv(reply: FastifyReply, rows: Record<string, Cell>[], filename: string, columns?: string[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(toCsv(rows, columns));
}

/** GeoJSON goes out pre-serialised: the route's JSON response schema describes the JSON shape, not this one. */
export function sendGeoJson(reply: FastifyReply, collection: GeoJSON.FeatureCollection | string) {
  return reply.type('application/geo+json').send(typeof collection === 'string' ? collection : JSON.stringify(collection));
}

/** A file made in a worker (a CSV table, a workbook), sent as the bytes it made and offered by name. */
export function sendFile(reply: FastifyReply, file: { contentType: string; filename?: string; bytes: Buffer }) {
  if (file.filename) reply.header('content-disposition', `attachment; filename="${file.filename}"`);
  return reply.code(200).type(file.contentType).send(file.bytes);
}
