/**
 * Route-level response serializer for the hot matching routes: plain JSON.stringify. The default
 * (fastify-type-provider-zod) serializer encodes every response through zod first; for placement
 * search that walk costs about twice the search itself, and fast-json-stringify was slower than
 * JSON.stringify on these responses (their nullable unions are checked branch by branch). Figures
 * in test/bench/RESULTS.md. The zod response schema still types the handler and documents the
 * response, and the route tests parse real responses with it.
 */
export function jsonSerializerCompiler(): (data: unknown) => string {
  return (data) => JSON.stringify(data);
}
