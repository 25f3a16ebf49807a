/**
 * A creator's or a brand's in-app notifications, for the platform's backend. Reading them here does not mark
 * them read (the platform reading is not the creator seeing them); the Channels page does, and so
 * does POST …/notifications/read, for a platform that shows them in its own pages.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cursorPosition, encodeCursor, keysetPage } from '../kernel/keyset-cursor.ts';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import { pageQuery } from '../platform/http/page-query.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { countUnread, listNotifications, markRead, type Notification, type Recipient } from './notifications.repo.ts';
import { markedSchema, type NotificationView, notificationListSchema } from './notifications.schemas.ts';

const paramsOf = (who: string, example: string) =>
  z.object({
    id: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .meta({ description: `Your id of the ${who}.`, examples: [example] }),
  });
const listQuery = pageQuery().extend({ unread: z.enum(['true', 'false']).optional().meta({ description: '`true`: only the unread ones.' }) });
const readBody = z.object({ ids: z.array(z.string().min(1).max(100)).max(500).optional().meta({ description: 'The notifications to mark read; without it, all of them.' }) });

const toJson = (n: Notification): NotificationView => ({
  id: n.id,
  kind: n.kind,
  urgent: n.urgent,
  title: n.title,
  body: n.body,
  connectionId: n.connectionId,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

const listDescription = (who: string, page: string) =>
  `Newest first. Reading them here does **not** mark them read (your backend reading is not the ${who} seeing them): the ${page} marks them when it shows them, and a platform that shows them in its own pages calls \`…/notifications/read\`.`;

export function notificationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, clock } = ctx.deps;

  // Creators' notices (connections, Partnership Ads requests) and brands' (Partnership Ads answers), the same way.
  for (const { path, who, Who, example, page, recipientOf } of [
    { path: '/v1/creators/:id', who: 'creator', Who: 'Creator', example: 'c1', page: 'Channels page', recipientOf: (id: string): Recipient => ({ creatorId: id }) },
    { path: '/v1/brands/:id', who: 'brand', Who: 'Brand', example: 'acme', page: 'Campaign Performance page', recipientOf: (id: string): Recipient => ({ brandId: id }) },
  ] as const) {
    const params = paramsOf(who, example);

    apiRoute(app, ctx, {
      method: 'GET',
      url: `${path}/notifications`,
      operationId: `list${Who}Notifications`,
      summary: `A ${who}’s notifications, newest first`,
      description: listDescription(who, page),
      tag: 'Notifications',
      params,
      query: listQuery,
      responses: { 200: { description: `The ${who}’s latest notifications, and how many are unread.`, schema: notificationListSchema } },
      handler: async ({ reply, workspace, params, query }) => {
        const recipient = recipientOf(params.id);
        const position = cursorPosition(query.cursor);
        if (!position.ok) return sendFailure(reply, position.error);
        const before = position.value && { createdAt: position.value.at, id: position.value.id };
        const [rows, unreadCount] = await Promise.all([
          listNotifications(db, workspace.id, recipient, { unreadOnly: query.unread === 'true', limit: query.limit + 1, before }),
          countUnread(db, workspace.id, recipient),
        ]);
        const page = keysetPage(rows, query.limit, (n) => encodeCursor(n.createdAt, n.id));
        return { data: page.rows.map(toJson), unreadCount, nextCursor: page.nextCursor };
      },
    });

    apiRoute(app, ctx, {
      method: 'POST',
      url: `${path}/notifications/read`,
      operationId: `mark${Who}NotificationsRead`,
      summary: `Mark a ${who}’s notifications read`,
      description: `Marks the notifications named in \`ids\` read, or every one of the ${who}’s when the body or \`ids\` is left out. Ids that are not the ${who}’s, or already read, are skipped.`,
      tag: 'Notifications',
      params,
      // No body at all marks every one of the recipient's notifications read, as `{}` does.
      body: bodyOrEmpty(readBody),
      responses: { 200: { description: 'How many were marked read.', schema: markedSchema } },
      errors: ['payload_too_large'],
      handler: async ({ workspace, params, body }) => ({ marked: await markRead(db, workspace.id, recipientOf(params.id), clock.now(), body.ids) }),
    });
  }
}
