/**
 * The media sync worker: claims due syncs (a lease under SKIP LOCKED: two workers never run one
 * sync), reads the account's newest posts page by page with a token opened at call time (and its
 * stories, where the adapter lists them; a `stories` sync reads only those), upserts them, records
 * progress as it goes, ranks the newest posts, and binds new posts to the creator's live campaigns. A provider failure is decided on its kind alone:
 * reauth_required ends the sync and disconnects the channel (one email, through markDisconnected);
 * insufficient_scope ends the sync; transient and rate_limited put it back in the queue for a retry,
 * a bounded number of times.
 */

import { bindAfterSync, liveCampaignsOfCreator } from '../campaigns/index.ts';
import type { Connection } from '../connections/index.ts';
import { ChannelUnusable, callWithToken, forEachLimited, getConnectionById, markDisconnected } from '../connections/index.ts';
import { newId } from '../kernel/ids.ts';
import type { Deps } from '../platform/deps.ts';
import { type MediaItem, type MediaPage, type Network, type OAuthProvider, ProviderError } from '../providers/provider.ts';
import { claimDueSyncs, endSyncRun, knownMediaIds, type MediaSyncRow, rankRecentMedia, recordSyncProgress, refreshLinkedCopies, upsertMedia } from './media.repo.ts';
import { retryDelayMs } from './media-sync.rules.ts';

/**
 * How much a sync reads. The insights recency rule asks whether a post is among the creator's 100
 * most recent, so a sync reads until it has seen the newest `recentPosts` non-story items (Instagram's
 * /media gives up to 100 per page: one call on a first sync), or until a page holds only posts already
 * stored (a later sync: everything older is known). `maxPages` bounds a sync of an account that
 * published a great deal since the last one.
 */
export const SYNC_LIMITS = { recentPosts: 100, maxPages: 10, pageSize: 100 } as const;
/** Transient failures (5xx, timeouts, throttling) are retried this many times in all, backing off. */
export const MAX_SYNC_ATTEMPTS = 5;
/** Longer than one page's call (each ≤ PROVIDER_TIMEOUT_MS ≤ 4 min); renewed after each page. */
const LEASE_SECONDS = 300;
const BATCH = 10;
const CONCURRENCY = 4;
const MAX_BATCHES = 20;

export interface MediaSyncReport {
  claimed: number;
  done: number;
  failed: number;
  retrying: number;
  /** Runs whose lease lapsed mid-way: another worker took the sync over. */
  lost: number;
}

type RunOutcome = Exclude<keyof MediaSyncReport, 'claimed'>;

export async function runMediaSyncs(deps: Deps): Promise<MediaSyncReport> {
  const report: MediaSyncReport = { claimed: 0, done: 0, failed: 0, retrying: 0, lost: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await claimDueSyncs(deps.db, { owner: deps.instanceId, now: deps.clock.now(), limit: BATCH, leaseSeconds: LEASE_SECONDS });
    if (claimed.length === 0) break;
    report.claimed += claimed.length;
    await forEachLimited(claimed, CONCURRENCY, async (sync) => {
      report[await runOne(deps, sync)]++;
    });
  }
  if (report.claimed > 0) deps.logger.info({ ...report }, 'media syncs finished');
  return report;
}

async function runOne(deps: Deps, sync: MediaSyncRow): Promise<RunOutcome> {
  // Each takeover of a dead worker's sync counts as an attempt: a sync that kills its workers ends too.
  if (sync.attempts > MAX_SYNC_ATTEMPTS) return end(deps, sync, { status: 'failed', error: `The sync did not finish in ${MAX_SYNC_ATTEMPTS} attempts.` });
  const connection = await getConnectionById(deps.db, sync.connection_id);
  const provider = connection && deps.providers.get(connection.provider);
  if (!connection || !provider) return end(deps, sync, { status: 'failed', error: 'The channel’s network is not offered any more.' });
  try {
    return await readMedia(deps, sync, connection, provider);
  } catch (error) {
    return afterFailure(deps, sync, connection, error);
  }
}

async function readMedia(deps: Deps, sync: MediaSyncRow, connection: Connection, provider: OAuthProvider): Promise<RunOutcome> {
  const progress = { itemsSeen: 0, pages: 0 };
  if (sync.scope === 'full' && !(await readFeed(deps, sync, connection, provider, progress))) return 'lost';
  if ((await wantsStories(deps, sync, connection, provider)) && !(await readStories(deps, sync, connection, provider, progress))) return 'lost';
  await bindAfterSync(deps, connection).catch((error: unknown) => {
    // The next sync or campaign change binds again; the sync itself did its work.
    deps.logger.warn({ connectionId: connection.id, err: errorName(error) }, 'binding after a media sync failed');
  });
  return end(deps, sync, { status: 'done' });
}

type Progress = { itemsSeen: number; pages: number };

/** The feed, newest first, page by page; false when the lease was lost. Ranks the newest posts at the end. */
async function readFeed(deps: Deps, sync: MediaSyncRow, connection: Connection, provider: OAuthProvider, progress: Progress): Promise<boolean> {
  let posts = 0;
  let cursor: string | null = null;
  do {
    const page = await fetchPage(deps, connection, provider, cursor, SYNC_LIMITS.pageSize);
    const known = await knownMediaIds(
      deps.db,
      connection.id,
      page.items.map((item) => item.id),
    );
    if (!(await store(deps, sync, connection, page.items, progress))) return false;
    posts += page.items.filter((item) => item.mediaType !== 'story').length;
    const onlyKnown = page.items.length > 0 && page.items.every((item) => known.has(item.id));
    cursor = onlyKnown || posts >= SYNC_LIMITS.recentPosts ? null : page.nextCursor;
  } while (cursor && progress.pages < SYNC_LIMITS.maxPages);
  await rankRecentMedia(deps.db, connection.id, SYNC_LIMITS.recentPosts);
  return true;
}

/**
 * Stories matter to campaigns only (a brand counts a participant's story): they are read when the
 * adapter lists them and the creator takes part in a live campaign, or when the sync asks for them
 * alone. Other syncs save the call.
 */
async function wantsStories(deps: Deps, sync: MediaSyncRow, connection: Connection, provider: OAuthProvider): Promise<boolean> {
  if (!provider.listStories) return false;
  if (sync.scope === 'stories') return true;
  return (await liveCampaignsOfCreator(deps.db, connection.workspaceId, connection.creatorId)).length > 0;
}

/** Stories live a day and are listed apart from the feed (Instagram /stories); they are not ranked. */
async function readStories(deps: Deps, sync: MediaSyncRow, connection: Connection, provider: OAuthProvider, progress: Progress): Promise<boolean> {
  const account = { accountId: connection.accountId, network: connection.network as Network };
  const stories = await callWithToken(deps, connection, (token) => provider.listStories!(token, account));
  return store(
    deps,
    sync,
    connection,
    stories.map((item) => ({ ...item, mediaType: 'story' })),
    progress,
  );
}

async function store(deps: Deps, sync: MediaSyncRow, connection: Connection, items: MediaItem[], progress: Progress): Promise<boolean> {
  const now = deps.clock.now();
  await upsertMedia(deps.db, { workspaceId: connection.workspaceId, connectionId: connection.id, network: connection.network, items, now, newId: () => newId('med', deps.clock) });
  await refreshLinkedCopies(deps.db, { connectionId: connection.id, providerMediaIds: items.map((item) => item.id), now });
  progress.itemsSeen += items.length;
  progress.pages++;
  return recordSyncProgress(deps.db, { id: sync.id, owner: deps.instanceId, ...progress, leaseSeconds: LEASE_SECONDS });
}

/** One page with a token opened now (refreshed once where a refresh may help). */
async function fetchPage(deps: Deps, connection: Connection, provider: OAuthProvider, cursor: string | null, limit: number): Promise<MediaPage> {
  const account = { accountId: connection.accountId, network: connection.network as Network };
  return callWithToken(deps, connection, (token) => provider.listMedia(token, account, { cursor, limit }));
}

async function afterFailure(deps: Deps, sync: MediaSyncRow, connection: Connection, error: unknown): Promise<RunOutcome> {
  if (error instanceof ChannelUnusable) return end(deps, sync, { status: 'failed', error: error.message });
  const kind = error instanceof ProviderError ? error.kind : 'transient';
  const code = error instanceof ProviderError ? error.providerCode : undefined;
  // Kind and code only: a message could quote what the network sent.
  deps.logger.warn(
    { connectionId: connection.id, syncId: sync.id, kind, providerCode: code, attempt: sync.attempts, err: error instanceof ProviderError ? undefined : errorName(error) },
    'media sync failed',
  );
  if (kind === 'reauth_required' && error instanceof ProviderError) {
    await markDisconnected(deps, connection, { reason: error.reason ?? 'revoked', providerCode: code });
    return end(deps, sync, { status: 'failed', error: 'The network refused the channel’s access; it has to be reconnected.' });
  }
  if (kind === 'insufficient_scope') {
    const missing = error instanceof ProviderError && error.missingScopes?.length ? ` (${error.missingScopes.join(', ')})` : '';
    return end(deps, sync, { status: 'failed', error: `A permission the posts need was not granted${missing}; reconnect the channel and allow it.` });
  }
  if (kind === 'unexpected_response') return end(deps, sync, { status: 'failed', error: `The network answered in a way we did not expect${code ? ` (${code})` : ''}.` });
  if (sync.attempts >= MAX_SYNC_ATTEMPTS)
    return end(deps, sync, { status: 'failed', error: `The network did not answer after ${sync.attempts} attempts${code ? ` (${code})` : ''}.` });
  const retryAfter = error instanceof ProviderError ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
  const runAfter = new Date(deps.clock.now().getTime() + Math.max(retryAfter, retryDelayMs(sync.attempts)));
  return end(deps, sync, { status: 'queued', error: `The network did not answer${code ? ` (${code})` : ''}; trying again.`, runAfter });
}

type Ending = { status: 'done' } | { status: 'failed'; error: string } | { status: 'queued'; error: string; runAfter: Date };

async function end(deps: Deps, sync: MediaSyncRow, ending: Ending): Promise<RunOutcome> {
  const applied = await endSyncRun(deps.db, { id: sync.id, owner: deps.instanceId, now: deps.clock.now(), ...ending });
  if (!applied) return 'lost';
  return ending.status === 'queued' ? 'retrying' : ending.status;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
