/**
 * YouTube Data API v3 (channels, playlistItems, videos) and YouTube Analytics v2 (reports), with the
 * access-token, scope and quota rules in front of them. Shapes: https://developers.google.com/youtube/v3/docs
 * (statistics counts are JSON strings) and https://developers.google.com/youtube/analytics/reference/reports/query.
 *
 * Order of checks: fault, token (401 authError), scopes (403 insufficientPermissions with WWW-Authenticate
 * naming the scopes that would do), quota (403 quotaExceeded, 1 unit per Data API call per client per
 * Pacific day; Analytics has its own quota and is not counted), then the parameters.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { activityBetween, activityOnDay, followersAt } from '../core/account-figures.ts';
import type { World } from '../core/world.ts';
import { AUDIENCE_DIMENSIONS, audienceReport } from './audience.ts';
import {
  type AccessToken,
  ANALYTICS_SCOPES,
  type Channel,
  type GoogleAccount,
  isoDuration,
  parseVideoId,
  random,
  uploadsPlaylistOf,
  type Video,
  videoOf,
  YOUTUBE_READ_SCOPES,
} from './model.ts';
import { type ApiError, apiError, insufficientScope, parameterError, sendApiError, sendGoogleFault } from './replies.ts';
import { GoogleWorld } from './world.ts';

type Query = Record<string, string | undefined>;
type Json = Record<string, unknown>;

interface Authed {
  token: AccessToken;
  account: GoogleAccount;
  query: Query;
}

interface EndpointRules {
  endpoint: string;
  /** Each group: the token needs one of these scopes. */
  scopes: readonly (readonly string[])[];
  service: string;
  quotaUnits: number;
}

const etag = (value: string) => createHash('sha1').update(value).digest('base64url').slice(0, 27);
const missingCredentials: ApiError = {
  status: 401,
  reason: 'required',
  domain: 'global',
  message: 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
};

function tokenFrom(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return (req.query as Query).access_token;
}

/** Fault, token, scopes, quota; undefined when an error has been sent. */
async function begin(world: World, google: GoogleWorld, req: FastifyRequest, reply: FastifyReply, rules: EndpointRules): Promise<Authed | undefined> {
  const value = tokenFrom(req);
  const known = value ? google.accessToken(value) : undefined;
  const accountId = GoogleWorld.accountKey(known ? google.account(known.username) : undefined);
  world.calls.record(rules.endpoint, accountId);
  const fault = world.faults.take(rules.endpoint, accountId);
  if (fault) return void (await sendGoogleFault(reply, fault, 'api', world.faults));
  if (!value) return void sendApiError(reply, missingCredentials);
  const token = google.liveAccessToken(value);
  if (!token) return void sendApiError(reply, apiError('authError'));
  const lacking = rules.scopes.find((group) => !group.some((s) => token.scopes.includes(s)));
  if (lacking) return void sendApiError(reply, insufficientScope(lacking, rules.service));
  if (rules.quotaUnits > 0 && !google.spendQuota(token.clientId, rules.quotaUnits)) {
    world.calls.timeline.throttled(rules.endpoint, accountId, 'quotaExceeded');
    return void sendApiError(reply, apiError('quotaExceeded'));
  }
  google.touch(token.refreshToken);
  return { token, account: google.account(token.username)!, query: req.query as Query };
}

const CHANNEL_PARTS = ['id', 'snippet', 'contentDetails', 'statistics', 'status', 'brandingSettings', 'topicDetails', 'localizations', 'contentOwnerDetails', 'auditDetails'];
const ITEM_PARTS = ['id', 'snippet', 'contentDetails', 'status'];
const VIDEO_PARTS = ['id', 'snippet', 'contentDetails', 'statistics', 'status', 'player', 'topicDetails', 'recordingDetails', 'liveStreamingDetails', 'localizations'];

/** The `part` list, or the 400 Google answers for a missing or unknown part. */
function parts(query: Query, valid: string[]): string[] | ApiError {
  const list = (query.part ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (list.length === 0) return parameterError(400, 'required', 'Required parameter: part', 'global');
  const unknown = list.find((p) => !valid.includes(p));
  return unknown ? parameterError(400, 'unknownPart', `'${unknown}'`, 'youtube.part') : list;
}

function thumbnails(sizes: [name: string, url: string, width: number, height: number][]): Json {
  return Object.fromEntries(sizes.map(([name, url, width, height]) => [name, { url, width, height }]));
}

/** The channel's subscribers and lifetime views now: what it joined with, grown by every finished day since. */
export function channelCounts(c: Channel, nowMs: number): { subscribers: number; views: number } {
  if (c.createdAtMs === undefined) return { subscribers: c.subscriberCount, views: c.viewCount };
  const since = activityBetween(c.id, c.subscriberCount, c.createdAtMs, c.createdAtMs, nowMs, nowMs);
  return { subscribers: followersAt(c.id, c.subscriberCount, c.createdAtMs, nowMs), views: c.viewCount + since.views };
}

function channelJson(account: GoogleAccount, wanted: string[], nowMs: number): Json {
  const c = account.channel!;
  const out: Json = { kind: 'youtube#channel', etag: etag(`${c.id}:${c.viewCount}`), id: c.id };
  if (wanted.includes('snippet')) {
    const art = (size: number) => `https://yt3.ggpht.com/sandbox-${c.id}=s${size}-c-k-c0x00ffffff-no-rj`;
    const thumbs = thumbnails([
      ['default', art(88), 88, 88],
      ['medium', art(240), 240, 240],
      ['high', art(800), 800, 800],
    ]);
    out.snippet = {
      title: c.title,
      description: c.description,
      customUrl: c.customUrl,
      publishedAt: c.publishedAt,
      thumbnails: thumbs,
      localized: { title: c.title, description: c.description },
      country: c.country,
    };
  }
  if (wanted.includes('contentDetails')) out.contentDetails = { relatedPlaylists: { likes: '', uploads: uploadsPlaylistOf(c.id) } };
  if (wanted.includes('statistics')) {
    const counts = channelCounts(c, nowMs);
    out.statistics = {
      viewCount: String(counts.views),
      subscriberCount: String(counts.subscribers),
      hiddenSubscriberCount: c.hiddenSubscriberCount,
      videoCount: String(c.videoCount),
    };
  }
  return out;
}

async function channels(world: World, google: GoogleWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const authed = await begin(world, google, req, reply, { endpoint: 'google.channels', scopes: [YOUTUBE_READ_SCOPES], service: 'youtube.googleapis.com', quotaUnits: 1 });
  if (!authed) return;
  const wanted = parts(authed.query, CHANNEL_PARTS);
  if (!Array.isArray(wanted)) return sendApiError(reply, wanted);
  let found: GoogleAccount[];
  if (authed.query.mine === 'true') found = authed.account.channel ? [authed.account] : [];
  else if (authed.query.id)
    found = authed.query.id
      .split(',')
      .map((id) => google.accountByChannel(id.trim()))
      .filter((a): a is GoogleAccount => a?.channel?.id !== undefined);
  else
    return sendApiError(
      reply,
      parameterError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: forUsername, managedByMe, categoryId, mine, mySubscribers, id, idParam'),
    );
  const items = [...new Set(found)].map((a) => channelJson(a, wanted, world.clock.now().getTime()));
  const body: Json = { kind: 'youtube#channelListResponse', etag: etag(items.map((i) => i.etag).join()), pageInfo: { totalResults: items.length, resultsPerPage: 5 } };
  if (items.length > 0 || google.config.emptyChannelList === 'empty') body.items = items;
  return reply.send(body);
}

const PAGE_PREFIX = 'EAAaB';
const pageToken = (offset: number) => PAGE_PREFIX + Buffer.from(`PT:${offset}`).toString('base64url');

function offsetOf(token: string | undefined): number | undefined {
  if (token === undefined || token === '') return 0;
  const match = token.startsWith(PAGE_PREFIX) ? /^PT:(\d+)$/.exec(Buffer.from(token.slice(PAGE_PREFIX.length), 'base64url').toString()) : null;
  return match ? Number(match[1]) : undefined;
}

function maxResults(query: Query, fallback: number): number | ApiError {
  if (query.maxResults === undefined) return fallback;
  const n = Number(query.maxResults);
  return Number.isInteger(n) && n >= 0 && n <= 50 ? n : parameterError(400, 'invalidValue', `Invalid value '${query.maxResults}'. Values must be within the range: [0, 50]`);
}

function videoThumbs(id: string): Json {
  const base = `https://i.ytimg.com/vi/${id}`;
  return thumbnails([
    ['default', `${base}/default.jpg`, 120, 90],
    ['medium', `${base}/mqdefault.jpg`, 320, 180],
    ['high', `${base}/hqdefault.jpg`, 480, 360],
  ]);
}

function playlistItemJson(account: GoogleAccount, video: Video, wanted: string[]): Json {
  const c = account.channel!;
  const playlistId = uploadsPlaylistOf(c.id);
  const out: Json = { kind: 'youtube#playlistItem', etag: etag(`${playlistId}:${video.id}`), id: Buffer.from(`${playlistId}.${video.id}`).toString('base64url') };
  if (wanted.includes('snippet')) {
    out.snippet = {
      publishedAt: video.publishedAt,
      channelId: c.id,
      title: video.title,
      description: video.description,
      thumbnails: videoThumbs(video.id),
      channelTitle: c.title,
      playlistId,
      position: video.index,
      resourceId: { kind: 'youtube#video', videoId: video.id },
      videoOwnerChannelTitle: c.title,
      videoOwnerChannelId: c.id,
    };
  }
  if (wanted.includes('contentDetails')) out.contentDetails = { videoId: video.id, videoPublishedAt: video.publishedAt };
  if (wanted.includes('status')) out.status = { privacyStatus: 'public' };
  return out;
}

async function playlistItems(world: World, google: GoogleWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const authed = await begin(world, google, req, reply, { endpoint: 'google.playlistItems', scopes: [YOUTUBE_READ_SCOPES], service: 'youtube.googleapis.com', quotaUnits: 1 });
  if (!authed) return;
  const { query } = authed;
  const wanted = parts(query, ITEM_PARTS);
  if (!Array.isArray(wanted)) return sendApiError(reply, wanted);
  if (!query.playlistId) return sendApiError(reply, parameterError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: id, playlistId'));
  const owner = query.playlistId.startsWith('UU') ? google.accountByChannel(query.playlistId) : undefined;
  if (!owner?.channel) {
    return sendApiError(
      reply,
      parameterError(404, 'playlistNotFound', "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.", 'youtube.playlistItem'),
    );
  }
  const max = maxResults(query, 5);
  if (typeof max !== 'number') return sendApiError(reply, max);
  const offset = offsetOf(query.pageToken);
  if (offset === undefined) return sendApiError(reply, parameterError(400, 'invalidPageToken', 'The request specifies an invalid page token.'));
  const total = owner.channel.videoCount;
  const items: Json[] = [];
  for (let i = offset; i < Math.min(total, offset + max); i++) items.push(playlistItemJson(owner, videoOf(owner, i), wanted));
  const body: Json = { kind: 'youtube#playlistItemListResponse', etag: etag(`${query.playlistId}:${offset}:${max}`) };
  if (offset + max < total) body.nextPageToken = pageToken(offset + max);
  if (offset > 0) body.prevPageToken = pageToken(Math.max(0, offset - max));
  return reply.send({ ...body, items, pageInfo: { totalResults: total, resultsPerPage: max } });
}

function videoJson(account: GoogleAccount, video: Video, wanted: string[]): Json {
  const c = account.channel!;
  const out: Json = { kind: 'youtube#video', etag: etag(`${video.id}:${video.viewCount}`), id: video.id };
  if (wanted.includes('snippet')) {
    out.snippet = {
      publishedAt: video.publishedAt,
      channelId: c.id,
      title: video.title,
      description: video.description,
      thumbnails: videoThumbs(video.id),
      channelTitle: c.title,
      categoryId: '22',
      liveBroadcastContent: 'none',
      localized: { title: video.title, description: video.description },
    };
  }
  if (wanted.includes('contentDetails')) {
    out.contentDetails = {
      duration: isoDuration(video.durationSeconds),
      dimension: '2d',
      definition: 'hd',
      caption: 'false',
      licensedContent: false,
      contentRating: {},
      projection: 'rectangular',
    };
  }
  // dislikeCount is shown to the owner only (since Dec 2021) and left out here; favoriteCount is always "0".
  if (wanted.includes('statistics')) {
    out.statistics = {
      viewCount: String(video.viewCount),
      ...(video.likeCount === null ? {} : { likeCount: String(video.likeCount) }),
      favoriteCount: '0',
      ...(video.commentCount === null ? {} : { commentCount: String(video.commentCount) }),
    };
  }
  if (wanted.includes('status'))
    out.status = { uploadStatus: 'processed', privacyStatus: 'public', license: 'youtube', embeddable: true, publicStatsViewable: true, madeForKids: false };
  return out;
}

async function videos(world: World, google: GoogleWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const authed = await begin(world, google, req, reply, { endpoint: 'google.videos', scopes: [YOUTUBE_READ_SCOPES], service: 'youtube.googleapis.com', quotaUnits: 1 });
  if (!authed) return;
  const wanted = parts(authed.query, VIDEO_PARTS);
  if (!Array.isArray(wanted)) return sendApiError(reply, wanted);
  if (!authed.query.id) return sendApiError(reply, parameterError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: chart, id, myRating'));
  const ids = authed.query.id
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length > 50) return sendApiError(reply, parameterError(400, 'invalidValue', 'The request specifies too many video ids (at most 50).'));
  const items: Json[] = [];
  for (const id of ids) {
    const ref = parseVideoId(id);
    const owner = ref ? google.accountBySeq(ref.seq) : undefined;
    // Unknown ids are silently left out, as YouTube does.
    if (ref && owner?.channel && ref.index < owner.channel.videoCount) items.push(videoJson(owner, videoOf(owner, ref.index), wanted));
  }
  return reply.send({ kind: 'youtube#videoListResponse', etag: etag(ids.join()), items, pageInfo: { totalResults: items.length, resultsPerPage: items.length } });
}

const METRICS: Record<string, 'INTEGER' | 'FLOAT'> = {
  views: 'INTEGER',
  estimatedMinutesWatched: 'INTEGER',
  averageViewDuration: 'INTEGER',
  averageViewPercentage: 'FLOAT',
  subscribersGained: 'INTEGER',
  subscribersLost: 'INTEGER',
  likes: 'INTEGER',
  comments: 'INTEGER',
  shares: 'INTEGER',
};

/** One day of the channel's activity, the same the channel's subscriber count grows by (core/account-figures.ts). */
function dayMetrics(account: GoogleAccount, dayMs: number): Record<string, number> {
  const c = account.channel!;
  const next = random(account.seq * 7919 + Math.floor(dayMs / 86_400_000));
  const a = activityOnDay(c.id, c.subscriberCount, c.createdAtMs ?? Number.POSITIVE_INFINITY, Math.floor(dayMs / 86_400_000));
  const averageViewDuration = Math.floor(60 + next() * 400);
  return {
    views: a.views,
    estimatedMinutesWatched: Math.floor((a.views * averageViewDuration) / 60),
    averageViewDuration,
    averageViewPercentage: Math.round(2000 + next() * 5000) / 100,
    subscribersGained: a.followsGained,
    subscribersLost: a.followsLost,
    likes: a.likes,
    comments: a.comments,
    shares: a.shares,
  };
}

interface ReportParams {
  start: number;
  end: number;
  metrics: string[];
  /** '' (totals), 'day', or an audience report's ('ageGroup,gender', 'country'). */
  dimensions: string;
}

function reportParams(query: Query, account: GoogleAccount): ReportParams | ApiError {
  const bad = (message: string) => parameterError(400, 'badRequest', message, 'global');
  if (query.ids !== 'channel==MINE' && query.ids !== `channel==${account.channel!.id}`) return parameterError(403, 'forbidden', 'Forbidden', 'global');
  const start = Date.parse(`${query.startDate ?? ''}T00:00:00Z`);
  const end = Date.parse(`${query.endDate ?? ''}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(query.startDate ?? '') || Number.isNaN(start)) return bad('Required parameter: startDate (YYYY-MM-DD)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(query.endDate ?? '') || Number.isNaN(end)) return bad('Required parameter: endDate (YYYY-MM-DD)');
  if (end < start || end - start > 1000 * 86_400_000) return bad('The endDate must be on or after the startDate (at most 1000 days).');
  const metrics = (query.metrics ?? '').split(',').filter(Boolean);
  if (metrics.length === 0) return bad('Required parameter: metrics');
  const dimensions = query.dimensions ?? '';
  const audience = AUDIENCE_DIMENSIONS[dimensions];
  // An audience report takes only its own metrics (the API refuses other combinations as unsupported queries).
  const allowed = (m: string) => (audience ? audience.includes(m) : m in METRICS);
  const unknown = metrics.find((m) => !allowed(m));
  if (unknown) return bad(audience ? 'The query is not supported.' : `Unknown identifier (${unknown}) given in field parameters.metrics.`);
  if (dimensions !== '' && dimensions !== 'day' && !audience) return bad(`Unknown identifier (${dimensions}) given in field parameters.dimensions.`);
  return { start, end, metrics, dimensions };
}

async function reports(world: World, google: GoogleWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const rules = { endpoint: 'google.reports', scopes: [ANALYTICS_SCOPES, YOUTUBE_READ_SCOPES], service: 'youtubeanalytics.googleapis.com', quotaUnits: 0 };
  const authed = await begin(world, google, req, reply, rules);
  if (!authed) return;
  // A Google account without a channel has nothing to report on [inferred: YouTube's youtubeSignupRequired].
  if (!authed.account.channel) return sendApiError(reply, apiError('youtubeSignupRequired'));
  const p = reportParams(authed.query, authed.account);
  if ('reason' in p) return sendApiError(reply, p);
  const days: Record<string, number>[] = [];
  for (let day = p.start; day <= p.end; day += 86_400_000) days.push(dayMetrics(authed.account, day));
  if (AUDIENCE_DIMENSIONS[p.dimensions]) {
    const views = days.reduce((sum, d) => sum + d.views!, 0);
    return reply.send({ kind: 'youtubeAnalytics#resultTable', ...audienceReport(authed.account, p.dimensions, views, google.config.demographicsMinSubscribers) });
  }
  const byDay = p.dimensions === 'day';
  const averaged = new Set(['averageViewDuration', 'averageViewPercentage']);
  const total = (m: string) => days.reduce((sum, d) => sum + d[m]!, 0) / (averaged.has(m) ? days.length : 1);
  const rows = byDay
    ? days.map((d, i) => [new Date(p.start + i * 86_400_000).toISOString().slice(0, 10), ...p.metrics.map((m) => d[m]!)])
    : [p.metrics.map((m) => (METRICS[m] === 'INTEGER' ? Math.round(total(m)) : Math.round(total(m) * 100) / 100))];
  const columnHeaders = [
    ...(byDay ? [{ name: 'day', columnType: 'DIMENSION', dataType: 'STRING' }] : []),
    ...p.metrics.map((m) => ({ name: m, columnType: 'METRIC', dataType: METRICS[m] })),
  ];
  return reply.send({ kind: 'youtubeAnalytics#resultTable', columnHeaders, rows });
}

type Handler = (world: World, google: GoogleWorld, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

export function registerGoogleData(app: FastifyInstance, world: World, google: GoogleWorld): void {
  const routes: [string, Handler][] = [
    ['/www.googleapis.com/youtube/v3/channels', channels],
    ['/www.googleapis.com/youtube/v3/playlistItems', playlistItems],
    ['/www.googleapis.com/youtube/v3/videos', videos],
    ['/youtubeanalytics.googleapis.com/v2/reports', reports],
  ];
  for (const [path, handler] of routes) app.get(path, (req, reply) => handler(world, google, req, reply));
}
