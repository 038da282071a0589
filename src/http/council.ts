/**
 * `?la=`: which loaded council a request is about, by ONS code (E06000035), DfE LA code (887), name
 * (Medway) or folder (medway), in any case; absent, the default council (Kent). One the service has
 * not loaded is a 400 at `querystring.la` naming the loaded ones.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalidField } from '../domain/errors.js';
import type { Council } from '../domain/registry/councils.js';

export const laQuerySchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe('The council: ONS code (E06000035), DfE LA code (887) or name (Medway), any case; default Kent. GET /health lists the loaded councils');

/** The council `la` names (the default when absent); a 400 at querystring.la when none is loaded by that name. */
export function councilFor(app: FastifyInstance, la: string | undefined, path = 'querystring.la'): Council {
  if (la === undefined) return app.councils.default;
  const found = app.councils.find(la);
  if (!found) throw invalidField(path, `unknown council; the service has loaded ${app.councils.describe()}`);
  return found;
}
