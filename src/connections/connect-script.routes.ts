/**
 * GET /connect.js: the connect popup for the platform's own pages, served as it is written. Its one source
 * is the client package's browser module (clients/node/src/connect.js), so the script a platform loads
 * from the service and the one it bundles from @channelkeeper/client are the same file. Cached for an hour and then revalidated by its ETag; loadable from any origin as a module
 * (CORS and CORP allow it: it carries no secret and reads nothing of the visitor's).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';

export function connectScriptRoutes(app: FastifyInstance): void {
  const source = fs.readFileSync(new URL('../../clients/node/src/connect.js', import.meta.url), 'utf8');
  const etag = `"${crypto.createHash('sha256').update(source).digest('base64url').slice(0, 32)}"`;

  app.get('/connect.js', async (request, reply) => {
    reply
      .header('cache-control', 'public, max-age=3600')
      .header('etag', etag)
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    const known = (request.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (known.includes(etag)) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(source);
  });
}
