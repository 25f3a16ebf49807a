/**
 * A creator's in-app notifications, for the platform's backend. Reading them here does not mark
 * them read (the platform reading is not the creator seeing them); the Channels page does, and so
 * does POST …/notifications/read, for a platform that shows them in its own pages.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { countUnread, listNotifications, markRead, type Notification } from '../../storage/notifications.repo.ts';
import { parseOrThrow } from '../validate.ts';
import type { RouteContext } from '../app.ts';

const params = z.object({ id: z.string().trim().min(1).max(200) });
const listQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const readBody = z.object({ ids: z.array(z.string().min(1).max(100)).max(500).optional() });

const toJson = (n: Notification) => ({
  id: n.id,
  kind: n.kind,
  urgent: n.urgent,
  title: n.title,
  body: n.body,
  connectionId: n.connectionId,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

export function notificationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, clock } = ctx.deps;

  app.get('/v1/creators/:id/notifications', async (request) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(params, request.params);
    const query = parseOrThrow(listQuery, request.query);
    const [rows, unreadCount] = await Promise.all([
      listNotifications(db, workspace.id, id, { unreadOnly: query.unread === 'true', limit: query.limit }),
      countUnread(db, workspace.id, id),
    ]);
    return { data: rows.map(toJson), unreadCount };
  });

  app.post('/v1/creators/:id/notifications/read', async (request) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(params, request.params);
    const body = parseOrThrow(readBody, request.body ?? {});
    return { marked: await markRead(db, workspace.id, id, clock.now(), body.ids) };
  });
}
