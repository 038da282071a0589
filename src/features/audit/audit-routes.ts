import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { negotiateFormat, sendCsv, sendFile } from '../../http/formats.js';
import { aboutSheet, factRows, type WorkbookRow } from '../../domain/workbook.js';
import { auditEntrySchema } from '../review/review-schemas.js';
import { errorSchema } from '../../http/schemas.js';
import { invalidField } from '../../domain/errors.js';
import type { AuditEntry } from '../review/review-repository.js';
import type { ScenarioAuditEntry } from '../scenarios/saved-scenario-repository.js';
import { scenarioAuditEntrySchema, scenarioIdSchema } from '../scenarios/scenario-schemas.js';
import { apiKeyAuditEntrySchema } from '../api-keys/api-key-schemas.js';
import type { ApiKeyAuditEntry } from '../api-keys/api-key-repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'expected a date, 2026-03-01 (a whole UTC day), or a date-time with its offset, 2026-03-01T09:00:00Z or 2026-03-01T09:00:00+01:00',
});

/** A bare date covers the whole UTC day: `from` starts it, `to` ends it. Returned as exclusive/inclusive ISO bounds. */
function bounds(from: string | undefined, to: string | undefined) {
  const start = from === undefined ? undefined : new Date(from.length === 10 ? `${from}T00:00:00Z` : from);
  const end = to === undefined ? undefined : to.length === 10 ? new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS) : new Date(Date.parse(to) + 1);
  if (start && end && start >= end) {
    throw invalidField('querystring.from', 'must not be after querystring.to');
  }
  return { from: start?.toISOString(), before: end?.toISOString() };
}

const csvRow = (e: AuditEntry) => ({
  id: e.id,
  at: e.at,
  urn: e.urn,
  school: e.schoolName,
  decision: e.decision,
  previous_status: e.previousStatus,
  previous_designation: e.previousDesignation,
  designation: e.designation,
  proposed: e.proposed,
  reason: e.reason,
  reviewer: e.reviewer,
  reviewer_key_id: e.reviewerKeyId,
  version: e.version,
});

const scenarioCsvRow = (e: ScenarioAuditEntry) => ({
  id: e.id,
  at: e.at,
  scenario_id: e.scenarioId,
  action: e.action,
  version: e.version,
  name: e.name,
  by: e.by,
  by_key_id: e.byKeyId,
  scenario_json: e.scenario === null ? null : JSON.stringify(e.scenario),
});

/** A log as a workbook: an About sheet (which log, the filters asked, how many entries) and the entries. */
function logWorkbook(what: string, filters: Record<string, unknown>, sheetName: string, rows: WorkbookRow[], filename: string) {
  const about = [...factRows('Workbook', { what, entries: rows.length, order: 'oldest first', appendOnly: 'entries are never updated or deleted' }), ...factRows('Filters', filters)];
  return { filename, sheets: [aboutSheet(about), { name: sheetName, rows }] };
}

const keyCsvRow = (e: ApiKeyAuditEntry) => ({
  id: e.id,
  at: e.at,
  action: e.action,
  key_id: e.keyId,
  key_name: e.keyName,
  key_role: e.keyRole,
  key_prefix: e.keyPrefix,
  by: e.by,
  by_key_id: e.byKeyId,
  via: e.via,
});

const from = dateOrDateTime.optional().describe('On or after: 2026-03-01 or 2026-03-01T09:00:00Z');
const to = dateOrDateTime.optional().describe('On or before: 2026-03-31 or 2026-03-31T17:00:00Z');
const page = { limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) };

const audit: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['review'],
        summary: 'The audit log of designation decisions: who decided what, when and why, oldest first',
        description:
          'Filters combine. `from` and `to` take a date (a whole UTC day, both inclusive) or a date-time with offset. ' +
          '`?format=csv` (or `Accept: text/csv`) returns every matching entry without paging; `?format=xlsx` the same as a workbook.',
        querystring: z.strictObject({
          urn: z.string().regex(/^\d{6}$/, 'URN must be six digits').transform(Number).optional().describe('School URN'),
          reviewer: z.string().trim().min(1).max(100).optional().describe('Reviewer name (case-insensitive, exact)'),
          from,
          to,
          ...page,
          format: z.enum(['json', 'csv', 'xlsx']).optional().describe('csv or xlsx: every matching entry, without paging'),
        }),
        response: {
          200: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(auditEntrySchema) }),
          400: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { urn, reviewer, from, to, limit, offset, format } = request.query;
      const filter = { urn, reviewer, ...bounds(from, to) };
      const asked = negotiateFormat(request, format, ['json', 'csv', 'xlsx']);
      if (asked === 'csv' || asked === 'xlsx') {
        const { entries } = await app.mappingReview.audit(filter);
        if (asked === 'csv') return sendCsv(reply, entries.map(csvRow), 'audit.csv');
        return sendFile(reply, await app.workbooks.write(logWorkbook('The audit log of designation decisions', { urn, reviewer, from, to }, 'Decisions', entries.map(csvRow), 'audit.xlsx')));
      }
      const { total, entries } = await app.mappingReview.audit({ ...filter, limit, offset });
      return { total, limit, offset, items: entries };
    },
  );

  // Scenario edits have their own log and route: /audit keeps answering designation decisions only,
  // in the shape its callers read.
  app.get(
    '/audit/scenarios',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['scenarios'],
        summary: 'The audit log of saved scenarios: who created, edited or deleted which scenario, when, and what it said, oldest first',
        description:
          'Filters combine. `from` and `to` take a date (a whole UTC day, both inclusive) or a date-time with offset. Each entry holds the scenario as that ' +
          'change saved it (null for a deletion). `?format=csv` (or `Accept: text/csv`) returns every matching entry without paging; `?format=xlsx` the same as a workbook.',
        querystring: z.strictObject({
          scenarioId: scenarioIdSchema.optional(),
          by: z.string().trim().min(1).max(100).optional().describe('Name of the key that made the change (case-insensitive, exact)'),
          from,
          to,
          ...page,
          format: z.enum(['json', 'csv', 'xlsx']).optional().describe('csv or xlsx: every matching entry, without paging'),
        }),
        response: {
          200: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(scenarioAuditEntrySchema) }),
          400: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { scenarioId, by, from: start, to: end, limit, offset, format } = request.query;
      const filter = { scenarioId, by, ...bounds(start, end) };
      const asked = negotiateFormat(request, format, ['json', 'csv', 'xlsx']);
      if (asked === 'csv' || asked === 'xlsx') {
        const rows = app.sufficiency.scenarios.history(filter).entries.map(scenarioCsvRow);
        if (asked === 'csv') return sendCsv(reply, rows, 'scenario-audit.csv');
        return sendFile(reply, await app.workbooks.write(logWorkbook('The audit log of saved scenarios', { scenarioId, by, from: start, to: end }, 'Scenario changes', rows, 'scenario-audit.xlsx')));
      }
      const { total, entries } = app.sufficiency.scenarios.history({ ...filter, limit, offset });
      return { total, limit, offset, items: entries };
    },
  );

  // Keys made and revoked, from the dashboard or the command line: who could act, from when, and who let them.
  app.get(
    '/audit/keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['keys'],
        summary: 'The audit log of API keys: who made or revoked which key, when, and how (the dashboard or the command line), oldest first',
        description:
          'Filters combine. `from` and `to` take a date (a whole UTC day, both inclusive) or a date-time with offset. Never holds a key itself. ' +
          '`?format=csv` or `?format=xlsx` returns every matching entry without paging.',
        querystring: z.strictObject({
          keyId: z.string().regex(/^[0-9a-f]{12}$/, 'a key id is 12 hexadecimal characters').optional(),
          from,
          to,
          ...page,
          format: z.enum(['json', 'csv', 'xlsx']).optional().describe('csv or xlsx: every matching entry, without paging'),
        }),
        response: {
          200: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(apiKeyAuditEntrySchema) }),
          400: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { keyId, from: start, to: end, limit, offset, format } = request.query;
      const filter = { keyId, ...bounds(start, end) };
      const asked = negotiateFormat(request, format, ['json', 'csv', 'xlsx']);
      if (asked === 'csv' || asked === 'xlsx') {
        const rows = (await app.apiKeys.history(filter)).entries.map(keyCsvRow);
        if (asked === 'csv') return sendCsv(reply, rows, 'key-audit.csv');
        return sendFile(reply, await app.workbooks.write(logWorkbook('The audit log of API keys', { keyId, from: start, to: end }, 'Keys', rows, 'key-audit.xlsx')));
      }
      const { total, entries } = await app.apiKeys.history({ ...filter, limit, offset });
      return { total, limit, offset, items: entries };
    },
  );
};
export default audit;
