/**
 * `Content-Type: application/json` with an empty body is no body, not invalid JSON: many clients send
 * the header on every POST, including those that take no body (`POST …/access-token`). Any other body
 * goes to Fastify's own parser, with its prototype-poisoning checks.
 */
import type { FastifyInstance } from 'fastify';

export function acceptEmptyJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text === '') return done(null, undefined);
    return parseJson(request, text, done);
  });
}
