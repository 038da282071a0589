/**
 * YAML request bodies (`application/yaml`, also `application/x-yaml` and `text/yaml`) for the routes
 * that take a scenario: commissioners write scenarios as YAML files, and can post them as they are.
 * Registered per route module (Fastify encapsulates content-type parsers), so other routes still
 * answer 415 to YAML.
 *
 * A syntax error is a 400 giving the line and column and the parser's error code, never the text
 * around it: a body's content is not repeated in errors.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';

export const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'] as const;

// yaml is loaded on first use, not on the start-up path (it costs ~25 ms to import).
let yaml: typeof import('yaml') | undefined;
const library = () => (yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

/** Parses one YAML document (YAML 1.2 core schema: no dates, no custom tags); throws a 400 without the body's text. */
export function parseYamlBody(text: string): unknown {
  const { parseDocument } = library();
  // prettyErrors gives each error its line and column (its message, which quotes the text, is not used).
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new DomainError('invalid', `the body is not valid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''} (${error.code})`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    // An alias bomb (more than 100 alias expansions): refused rather than expanded.
    throw new DomainError('invalid', 'the body is not valid YAML: too many aliases');
  }
}

export function acceptYamlBodies(app: FastifyInstance): void {
  app.addContentTypeParser([...YAML_MEDIA_TYPES], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseYamlBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
