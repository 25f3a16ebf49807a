/**
 * The bodies the service reads: JSON (the API) and forms (the pages' forms, @fastify/formbody).
 * - `Content-Type: application/json` with an empty body is no body, not invalid JSON: many clients
 *   send the header on every POST, including those that take no body (`POST …/access-token`). Any
 *   other body goes to Fastify's own parser, with its prototype-poisoning checks.
 * - No route reads plain text, so Fastify's text/plain parser goes: such a body answers
 *   `415 unsupported_media_type` like any other type, rather than reaching a route as a string.
 */
import type { FastifyInstance } from 'fastify';

export function configureBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text === '') return done(null, undefined);
    return parseJson(request, text, done);
  });
}
