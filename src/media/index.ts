/**
 * Media: each channel's posts as the networks list them (table media) and the syncs that read them
 * (table media_syncs): queued on connect, on demand and on a schedule, run under a lease. And the
 * media archive: bound posts' files copied into our media store (tables media_archives and
 * media_archive_files), served at signed links, pruned with the campaign's retention.
 * The sync worker itself (media-sync.ts) reads through connections and binds through campaigns, so it
 * is not exported here: the composition root starts it (media.jobs.ts).
 */

export { pruneMediaArchive } from './archive-prune.ts';
export { type PostToArchive, queueMediaArchives } from './archive-queue.ts';
export { type ArchivedPost, type ArchiveFileView, type ArchiveView, archiveViews } from './archive-view.ts';
export { findMediaByPermalink, queueMediaSync, startQueuedSyncNow } from './media.repo.ts';
export { archiveSchema, mediaSyncSummarySchema } from './media.schemas.ts';
export { type MediaSyncSummary, requestMediaSync, syncSummaries } from './media.ts';
export { retryDelayMs } from './media-sync.rules.ts';
