/** What the notifications API answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';
import type { Notification } from './notifications.repo.ts';

/** A notification as the API writes it: its instants as ISO 8601 strings. */
export type NotificationView = Omit<Notification, 'createdAt' | 'readAt' | 'message'> & { createdAt: string; readAt: string | null };

export const notificationSchema = z
  .object({
    id: z.string().meta({ examples: ['ntf_01m95b0ne0yst1zvfsxe2sfzk1'] }),
    kind: z.string().meta({
      description:
        'A creator’s: `connection_disconnected`, `connection_expiring`, `connection_reconnected`, `partnership_ads_requested`, `partnership_ads_reminder`, `partnership_ads_withdrawn`, `partnership_ads_expired`, `partnership_ads_revoked`. A brand’s: `partnership_ads_approved`, `partnership_ads_denied`, `partnership_ads_expired`, `partnership_ads_revoked`.',
      examples: ['connection_disconnected'],
    }),
    urgent: z.boolean().meta({ description: 'Urgent notices are shown first.' }),
    title: z
      .string()
      .meta({ description: 'In English, whatever the creator’s language: pages render the notice in their reader’s.', examples: ['Instagram @ana.business is disconnected'] }),
    body: z.string().meta({ description: 'One or two plain sentences, in English.' }),
    connectionId: z
      .string()
      .nullable()
      .meta({ description: 'The connection it is about, if any.', examples: ['con_01m95b0ne0cpa2ch6qp1nkz3x0'] }),
    createdAt: instant,
    readAt: instant.nullable().meta({ description: 'When it was marked read; null: unread.' }),
  })
  .meta({ id: 'Notification', description: 'An in-app notice for a creator or a brand.' }) satisfies z.ZodType<NotificationView>;

export const notificationListSchema = z.object({
  data: z.array(notificationSchema),
  unreadCount: z.number().int().meta({ description: 'How many of the recipient’s notifications are unread, whatever the filter and limit.' }),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
}) satisfies z.ZodType<{ data: NotificationView[]; unreadCount: number; nextCursor: string | null }>;

export const markedSchema = z.object({
  marked: z.number().int().meta({ description: 'How many notifications this call marked read (those already read are not counted).' }),
}) satisfies z.ZodType<{ marked: number }>;
