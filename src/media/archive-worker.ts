/**
 * The media archive worker: claims queued copies (a lease under SKIP LOCKED: two workers never copy one
 * post at once), asks the network for the post's files with fresh links where its adapter can (a
 * carousel's items too), else takes the links the last sync stored, and streams each file into the
 * media store with its size and sha256 recorded. A file over MEDIA_MAX_FILE_MB, or one that is not an
 * image or video, is refused and the reason recorded; a network that gives no file is `not_offered`.
 * A failure (an expired or refused link, a CDN error, a store that does not answer) is tried again with
 * a growing delay, then the archive is marked failed with the reason. Links are never logged: they
 * carry the CDN's signature.
 */
import fs from 'node:fs';
import { ChannelUnusable, callWithToken, forEachLimited, getConnectionById } from '../connections/index.ts';
import { newId } from '../kernel/ids.ts';
import type { Deps, MediaArchiveSettings } from '../platform/deps.ts';
import { profileOf } from '../providers/profiles.ts';
import { type MediaFile, type Network, ProviderError } from '../providers/provider.ts';
import { type ArchiveEnding, type ArchiveRow, archivedPost, archiveFiles, claimDueArchives, endArchiveRun, recordArchiveFile, renewArchiveLease } from './archive.repo.ts';
import { archiveRetryDelayMs, isCdnLink, MAX_ARCHIVE_ATTEMPTS, storageKey } from './archive.rules.ts';
import { DownloadFailed, downloadToTemp } from './archive-download.ts';

/** A lease outlives one file's download between renewals (each 16 MB renews it). */
const LEASE_SECONDS = 600;
const BATCH = 4;
const CONCURRENCY = 2;
const MAX_BATCHES = 10;
/** A CDN that sends nothing for this long has dropped the download. */
const STALL_MS = 60_000;

export interface MediaArchiveReport {
  claimed: number;
  archived: number;
  notOffered: number;
  failed: number;
  retrying: number;
  lost: number;
}

type Outcome = Exclude<keyof MediaArchiveReport, 'claimed'>;
type Post = NonNullable<Awaited<ReturnType<typeof archivedPost>>>;

export async function runMediaArchives(deps: Deps): Promise<MediaArchiveReport> {
  const report: MediaArchiveReport = { claimed: 0, archived: 0, notOffered: 0, failed: 0, retrying: 0, lost: 0 };
  const settings = deps.mediaArchive;
  if (!settings) return report;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await claimDueArchives(deps.db, { owner: deps.instanceId, now: deps.clock.now(), limit: BATCH, leaseSeconds: LEASE_SECONDS });
    if (claimed.length === 0) break;
    report.claimed += claimed.length;
    await forEachLimited(claimed, CONCURRENCY, async (archive) => {
      report[await runOne(deps, settings, archive)]++;
    });
  }
  if (report.claimed > 0) deps.logger.info({ ...report }, 'media archive copies finished');
  return report;
}

async function runOne(deps: Deps, settings: MediaArchiveSettings, archive: ArchiveRow): Promise<Outcome> {
  const profile = profileOf(archive.network);
  const offer = profile?.mediaFiles;
  if (!profile || !offer) return end(deps, archive, { status: 'not_offered', reason: 'This network is not offered.' });
  if (!offer.offered) return end(deps, archive, { status: 'not_offered', reason: offer.reason });
  // Each takeover of a dead worker's copy counts as an attempt: a file that kills its workers ends too.
  if (archive.attempts > MAX_ARCHIVE_ATTEMPTS) return end(deps, archive, { status: 'failed', reason: `The copy did not finish in ${MAX_ARCHIVE_ATTEMPTS} attempts.` });
  const post = await archivedPost(deps.db, archive.media_id);
  if (!post) return end(deps, archive, { status: 'failed', reason: 'The post was deleted.' });
  try {
    const files = await filesOf(deps, post);
    if (files.length === 0) {
      return end(deps, archive, { status: 'not_offered', reason: `${profile.displayName} gives no file for this post (it leaves out media with copyrighted material).` });
    }
    const refused: string[] = [];
    const kept = new Set((await archiveFiles(deps.db, [archive.media_id])).filter((f) => f.status === 'stored').map((f) => `${f.position}:${f.role}`));
    for (const file of files) {
      if (kept.has(`${file.position}:${file.role}`)) continue;
      const reason = await copyFile(deps, settings, archive, post, file, offer.hosts);
      if (reason === 'lost') return 'lost';
      if (reason) refused.push(reason);
    }
    return end(deps, archive, { status: 'archived', reason: refused.length ? `Not kept: ${refused.join(' ')}` : null });
  } catch (error) {
    return afterFailure(deps, archive, error);
  }
}

/** The post's files: fresh links from the network where its adapter gives them, else those the last sync stored. */
async function filesOf(deps: Deps, post: Post): Promise<MediaFile[]> {
  const connection = await getConnectionById(deps.db, post.connection_id);
  const provider = connection && deps.providers.get(connection.provider);
  if (connection && provider?.mediaFiles) {
    const account = { accountId: connection.accountId, network: connection.network as Network };
    const ref = { id: post.provider_media_id, mediaType: post.media_type, publishedAt: post.published_at };
    try {
      return await callWithToken(deps, connection, (token) => provider.mediaFiles!(token, account, ref));
    } catch (error) {
      if (error instanceof ProviderError && (error.kind === 'transient' || error.kind === 'rate_limited')) throw error;
      if (!(error instanceof ProviderError || error instanceof ChannelUnusable)) throw error;
      // A refused token or permission, or an answer we did not expect: the stored links may still work.
      deps.logger.info({ mediaId: post.id, kind: error instanceof ProviderError ? error.kind : 'disconnected' }, 'fresh media links unavailable; copying the stored ones');
    }
  }
  const stored: MediaFile[] = [];
  if (post.media_url) stored.push({ position: 0, role: 'media', url: post.media_url });
  // An image is its own thumbnail (the adapters store it twice): one copy.
  if (post.thumbnail_url && post.thumbnail_url !== post.media_url) stored.push({ position: 0, role: 'thumbnail', url: post.thumbnail_url });
  return stored;
}

/** Copies one file; returns the reason it was refused, undefined when it was kept, or 'lost' when the lease went to another worker. */
async function copyFile(
  deps: Deps,
  settings: MediaArchiveSettings,
  archive: ArchiveRow,
  post: Post,
  file: MediaFile,
  hosts: readonly string[],
): Promise<string | undefined | 'lost'> {
  const id = newId('maf', deps.clock);
  const base = { id, media_id: archive.media_id, position: file.position, role: file.role, stored_at: deps.clock.now() };
  const refuse = async (reason: string) => {
    await recordArchiveFile(deps.db, { ...base, status: 'refused', content_type: null, bytes: null, sha256: null, storage_key: null, reason });
    deps.metrics.mediaArchiveFile('refused', 0);
    return `${describe(file)}: ${reason}`;
  };
  let url: URL;
  try {
    url = new URL(file.url);
  } catch {
    return refuse('The network gave a link that is not a URL.');
  }
  if (!isCdnLink(url, hosts)) return refuse(`The link is not on the network's media servers (${url.hostname}).`);
  let lost = false;
  const downloaded = await downloadToTemp(settings.http.mapUrl(url), {
    host: url.hostname,
    maxBytes: settings.maxFileBytes,
    timeoutMs: settings.timeoutMs,
    stallMs: STALL_MS,
    onProgress: async () => {
      lost = !(await renewArchiveLease(deps.db, { mediaId: archive.media_id, owner: deps.instanceId, leaseSeconds: LEASE_SECONDS }));
      return !lost;
    },
  }).catch((error: unknown) => {
    if (lost) return undefined;
    throw error;
  });
  if (!downloaded) return 'lost';
  if (!downloaded.ok) return refuse(downloaded.reason);
  try {
    const key = storageKey(post.workspace_id, archive.media_id, id, downloaded.extension);
    await settings.store.put(key, downloaded);
    await recordArchiveFile(deps.db, {
      ...base,
      status: 'stored',
      content_type: downloaded.contentType,
      bytes: downloaded.bytes,
      sha256: downloaded.sha256,
      storage_key: key,
      reason: null,
    });
    deps.metrics.mediaArchiveFile('stored', downloaded.bytes);
    return undefined;
  } finally {
    await fs.promises.rm(downloaded.path, { force: true });
  }
}

function describe(file: MediaFile): string {
  const whose = file.position === 0 ? 'the post’s' : `item ${file.position}’s`;
  return `${whose} ${file.role === 'thumbnail' ? 'cover image' : 'file'}`;
}

async function afterFailure(deps: Deps, archive: ArchiveRow, error: unknown): Promise<Outcome> {
  // A network's own message could quote what it sent: its kind and code only.
  const why =
    error instanceof DownloadFailed
      ? error.message
      : error instanceof ProviderError
        ? `the network did not give the post's files (${error.kind}${error.providerCode ? `, ${error.providerCode}` : ''})`
        : 'the media store did not take the file';
  const known = error instanceof DownloadFailed || error instanceof ProviderError;
  // The message names a host and a status, never a link: links carry the CDN's signature.
  deps.logger.warn({ mediaId: archive.media_id, attempt: archive.attempts, err: known ? why : errorName(error) }, 'media archive copy failed');
  if (archive.attempts >= MAX_ARCHIVE_ATTEMPTS) return end(deps, archive, { status: 'failed', reason: `The file could not be copied in ${archive.attempts} attempts: ${why}.` });
  const retryAfter = error instanceof ProviderError ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
  const runAfter = new Date(deps.clock.now().getTime() + Math.max(retryAfter, archiveRetryDelayMs(archive.attempts)));
  return end(deps, archive, { status: 'queued', reason: `Trying again: ${why}.`, runAfter });
}

async function end(deps: Deps, archive: ArchiveRow, ending: ArchiveEnding): Promise<Outcome> {
  const applied = await endArchiveRun(deps.db, { mediaId: archive.media_id, owner: deps.instanceId, now: deps.clock.now(), ...ending });
  if (!applied) return 'lost';
  return ending.status === 'queued' ? 'retrying' : ending.status === 'not_offered' ? 'notOffered' : ending.status;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
