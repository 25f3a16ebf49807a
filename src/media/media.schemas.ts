/** What the media API answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';
import type { ArchiveFileView, ArchiveView } from './archive-view.ts';
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

export const archiveFileSchema = z
  .object({
    position: z.number().int().meta({ description: '0: the post itself; 1…n: a carousel’s items, in order.' }),
    role: z.enum(['media', 'thumbnail']).meta({ description: 'The full-size image or video, or a video’s cover image.' }),
    status: z.enum(['stored', 'refused']).meta({ description: 'refused: not copied, for `reason` (over MEDIA_MAX_FILE_MB, not an image or a video).' }),
    contentType: z.string().nullable(),
    bytes: z.number().int().nullable(),
    sha256: z.string().nullable().meta({ description: 'Hex SHA-256 of the stored bytes, computed as they were copied.' }),
    url: z.string().nullable().meta({ description: 'Our copy, at a signed link that works until `urlExpiresAt` (read the post again for a new one); null when refused.' }),
    reason: z.string().nullable(),
  })
  .meta({ id: 'ArchivedFile', description: 'One file of a post in our media store.' }) satisfies z.ZodType<ArchiveFileView>;

export const archiveSchema = z
  .object({
    status: z.enum(['pending', 'archived', 'failed', 'not_offered']).meta({
      description:
        'pending: queued or being copied; archived: every file the network gives was stored (or refused, see files); failed: the copy did not succeed after its retries (reason); not_offered: the network gives no file (TikTok, YouTube: the post keeps its embed link) or none for this post.',
    }),
    reason: z.string().nullable().meta({ description: 'Why it failed, why nothing is offered, or which files were not kept; a sentence for people.' }),
    archivedAt: instant.nullable(),
    urlExpiresAt: instant.nullable().meta({ description: 'When the files’ links stop working (at least 7 days; the same link all day).' }),
    files: z.array(archiveFileSchema),
  })
  .meta({ id: 'MediaArchive', description: 'The copy of a bound post’s media kept in our own storage (docs/api.md#media-archive).' }) satisfies z.ZodType<ArchiveView>;
