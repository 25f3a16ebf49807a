/** What the media API answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';
import type { MediaPageView, MediaSyncSummary, MediaSyncView, MediaView } from './media.ts';

const syncStatus = z.enum(['queued', 'running', 'done', 'failed']);

export const mediaSyncSummarySchema = z
  .object({
    status: syncStatus,
    itemsSeen: z.number().int(),
    startedAt: instant.nullable(),
    finishedAt: instant.nullable(),
    lastSyncedAt: instant.nullable().meta({ description: 'When a sync last finished well (this one or an earlier one); null: never.' }),
    error: z.string().nullable().meta({ description: 'Why the latest sync failed (or is waiting to retry), in plain words.' }),
  })
  .meta({ id: 'MediaSyncSummary', description: 'The latest media sync of a connection.' }) satisfies z.ZodType<MediaSyncSummary>;

export const mediaSyncSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    reason: z.enum(['connected', 'reconnected', 'manual', 'scheduled']),
    status: syncStatus,
    itemsSeen: z.number().int(),
    pages: z.number().int(),
    createdAt: instant,
    startedAt: instant.nullable(),
    finishedAt: instant.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'MediaSync', description: 'One sync of a connection’s posts.' }) satisfies z.ZodType<MediaSyncView>;

export const mediaSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    providerMediaId: z.string().meta({ description: 'The network’s own id of the item.' }),
    network: z.string(),
    mediaType: z.string().meta({ examples: ['image', 'video', 'reel', 'carousel', 'story'] }),
    caption: z.string().nullable(),
    permalink: z.string().nullable(),
    publishedAt: instant,
    mediaUrl: z.string().nullable().meta({ description: 'Full size, where the network provides it; Instagram’s expire, so read them after a recent sync.' }),
    thumbnailUrl: z.string().nullable(),
    firstSeenAt: instant,
    lastSeenAt: instant,
  })
  .meta({ id: 'Media', description: 'A post, reel, video, pin or story as the network lists it.' }) satisfies z.ZodType<MediaView>;

export const mediaPageSchema = z.object({
  data: z.array(mediaSchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
}) satisfies z.ZodType<MediaPageView>;
