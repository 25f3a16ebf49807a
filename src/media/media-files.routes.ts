/**
 * `GET /media-files/:fileId?e&k&s`: one archived file, for whoever holds its signed link (the campaign posts API
 * and the brand's Campaign Performance page hand them out; each names one file and expires). Streamed from
 * the media store, never read into memory; a browser may cache it (its content never changes: a new copy
 * gets a new link). A file whose post was deleted, or whose archive is being pruned, is gone.
 */
import type { FastifyInstance } from 'fastify';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { servableFile } from './archive.repo.ts';
import { byteRange } from './archive.rules.ts';
import { checkFileLink } from './file-link.ts';

export function mediaFileRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;
  app.get('/media-files/:fileId', async (request, reply) => {
    const store = deps.mediaArchive?.store;
    const { fileId } = request.params as { fileId: string };
    const check = checkFileLink(deps.keyRing, fileId, request.query as Record<string, unknown>, deps.clock.now());
    if (check === 'expired') return sendFailure(reply, { code: 'media_link_expired' });
    const file = check === 'ok' && store ? await servableFile(deps.db, fileId) : undefined;
    if (!file?.storage_key || !store || file.bytes === null) return sendFailure(reply, { code: 'media_file_not_found' });
    // Byte ranges: a video player seeks with them (Safari plays no video without them).
    const range = byteRange(request.headers.range, file.bytes);
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${file.bytes}`).send();
    const stored = await store.open(file.storage_key, range);
    if (!stored) return sendFailure(reply, { code: 'media_file_not_found' });
    if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${file.bytes}`);
    return reply
      .header('content-type', file.content_type ?? stored.contentType)
      .header('content-length', String(stored.bytes))
      .header('accept-ranges', 'bytes')
      .header('etag', `"${file.sha256}"`)
      .header('cache-control', 'private, max-age=86400, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(stored.body);
  });
}
