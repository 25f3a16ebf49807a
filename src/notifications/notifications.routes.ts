/**
 * A creator's or a brand's in-app notifications, for the platform's backend. Reading them here does not mark
 * them read (the platform reading is not the creator seeing them); the Channels page does, and so
 * does POST …/notifications/read, for a platform that shows them in its own pages.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cursorPosition, encodeCursor, keysetPage } from '../kernel/keyset-cursor.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import { pageQuery } from '../platform/http/page-query.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { countUnread, listNotifications, markRead, type Notification, type Recipient } from './notifications.repo.ts';

const params = z.object({ id: z.string().trim().min(1).max(200) });
const listQuery = pageQuery().extend({ unread: z.enum(['true', 'false']).optional() });
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

  // Creators' notices (connections, Partnership Ads requests) and brands' (Partnership Ads answers), the same way.
  for (const [path, recipientOf] of [
    ['/v1/creators/:id', (id: string): Recipient => ({ creatorId: id })],
    ['/v1/brands/:id', (id: string): Recipient => ({ brandId: id })],
  ] as const) {
    app.get(`${path}/notifications`, async (request, reply) => {
      const workspace = await ctx.authenticate(request);
      const recipient = recipientOf(parseOrThrow(params, request.params).id);
      const query = parseOrThrow(listQuery, request.query);
      const position = cursorPosition(query.cursor);
      if (!position.ok) return sendFailure(reply, position.error);
      const before = position.value && { createdAt: position.value.at, id: position.value.id };
      const [rows, unreadCount] = await Promise.all([
        listNotifications(db, workspace.id, recipient, { unreadOnly: query.unread === 'true', limit: query.limit + 1, before }),
        countUnread(db, workspace.id, recipient),
      ]);
      const page = keysetPage(rows, query.limit, (n) => encodeCursor(n.createdAt, n.id));
      return { data: page.rows.map(toJson), unreadCount, nextCursor: page.nextCursor };
    });

    app.post(`${path}/notifications/read`, async (request) => {
      const workspace = await ctx.authenticate(request);
      const recipient = recipientOf(parseOrThrow(params, request.params).id);
      const body = parseOrThrow(readBody, request.body ?? {});
      return { marked: await markRead(db, workspace.id, recipient, clock.now(), body.ids) };
    });
  }
}
