/**
 * The insights edges of graph.facebook.com:
 *
 * - `GET /{ig-id}/insights` (instagram_manage_insights): the account's figures and follower demographics,
 *   as graph.instagram.com answers them (meta/insights.ts; withheld below 100 followers as an empty `data`).
 * - `GET /{ig-media-id}/insights` (instagram_manage_insights): a post's, reel's or story's lifetime figures
 *   with the same product-type rules; a story past 24 hours can no longer be loaded (100/33, inferred).
 * - `GET /{page-id}/insights` (read_insights, Page token with ANALYZE): the current metric names
 *   (`page_media_view`, `page_total_media_view_unique`, `page_follows`, `page_follows_country|city`, …);
 *   every `*impressions*` and `page_fans*` metric was retired on Nov 15 2025 and answers "(#100) The value
 *   must be a valid insights metric" (docs/networks.md#facebook; the views names are Meta's announced replacements,
 *   unverified). Age and gender of Page followers are gone with `page_fans_gender_age`.
 * - `GET /{post-id}/insights` (read_insights, Page token): `post_media_view`, `post_total_media_view_unique`,
 *   `post_clicks`, `post_reactions_by_type_total` (lifetime), and the post node `GET /{post-id}` for
 *   `shares`, `comments.summary(true)` and `reactions.summary(true)`.
 */

import { activityBetween, activityOnDay, type DayActivity, followersOnDay } from '../core/account-figures.ts';
import { signedCdnUrl } from '../core/cdn.ts';
import { accountInsights, type InsightsAnswer, mediaInsights, metricsOf } from '../meta/insights.ts';
import { lifetimeMetric, mediaFigures, STORY_LIFETIME_MS, seeded } from '../meta/metrics.ts';
import { noPermission, withToken } from './graph.ts';
import { fail, type GraphCall, graphError, graphTime, sendOk, unsupportedGet } from './http.ts';
import type { FbPage, IgAccount } from './model.ts';
import { findIgMedia, findPost } from './stories.ts';

const PAGE_METRICS = new Set([
  'page_media_view',
  'page_total_media_view_unique',
  'page_follows',
  'page_daily_follows',
  'page_daily_unfollows',
  'page_post_engagements',
  'page_views_total',
]);
const PAGE_LOCATION = new Set(['page_follows_country', 'page_follows_city']);
const POST_METRICS = new Set(['post_media_view', 'post_total_media_view_unique', 'post_clicks', 'post_reactions_by_type_total']);
const DAY_MS = 86_400_000;
const PERIODS = new Set(['day', 'week', 'days_28', 'lifetime']);
/** Page Insights data is only available on Pages with 100 or more followers (docs/networks.md#account-insights). */
export const PAGE_INSIGHTS_FLOOR = 100;
const LOCATIONS: Record<string, string[]> = {
  page_follows_country: ['PT', 'ES', 'BR', 'US'],
  page_follows_city: ['Lisbon, Lisboa, Portugal', 'Porto, Porto, Portugal', 'Madrid, Madrid, Spain'],
};

function send(call: GraphCall, answer: InsightsAnswer, igId: string): unknown {
  if ('code' in answer) return fail(call, graphError(400, answer.code, answer.message));
  return sendOk(call, { data: answer.data }, { endpoint: 'insights', igId });
}

async function igInsights(call: GraphCall, ig: IgAccount): Promise<unknown> {
  const checked = await withToken(call, 'insights', ig.id, true);
  if (!checked) return;
  if (!call.fb.reachablePages(checked.token).some((p) => p.id === ig.pageId)) return fail(call, unsupportedGet(ig.id));
  if (!checked.token.scopes.includes('instagram_manage_insights')) return noPermission(call);
  return send(call, accountInsights(call.query, ig, call.fb.clock.now().getTime()), ig.id);
}

async function igMediaInsights(call: GraphCall, mediaId: string): Promise<unknown> {
  const found = findIgMedia(call, mediaId);
  const checked = await withToken(call, 'media_insights', found?.ig.id, true);
  if (!checked) return;
  const now = call.fb.clock.now().getTime();
  const reachable = found && call.fb.reachablePages(checked.token).some((p) => p.id === found.ig.pageId);
  const expired = found?.productType === 'STORY' && now >= found.publishedAtMs + STORY_LIFETIME_MS;
  if (!found || !reachable || expired || found.publishedAtMs > now) return fail(call, unsupportedGet(mediaId));
  if (!checked.token.scopes.includes('instagram_manage_insights')) return noPermission(call);
  // A linked account's media are the Instagram world's, and so are the figures set for them.
  return send(call, mediaInsights(call.query, found, now, found.ig.linked ? call.world.instagram.metrics : call.fb.metrics), found.ig.id);
}

/** A Page metric out of a day's (or 28 days') activity (core/account-figures.ts), by the current metric names. */
function activityMetric(name: string, a: DayActivity): number {
  if (name === 'page_daily_follows') return a.followsGained;
  if (name === 'page_daily_unfollows') return a.followsLost;
  if (name === 'page_post_engagements') return a.interactions;
  if (name === 'page_total_media_view_unique') return a.reach;
  if (name === 'page_views_total') return Math.round(a.views * 0.03);
  return a.views;
}

/** The value ending with UTC day `day`: that day's, or with `days_28` the 28 days' (unique viewers counted once). */
function pageValue(page: FbPage, name: string, period: string, day: number, now: number): number {
  if (name === 'page_follows') return followersOnDay(page.id, page.followersCount, page.createdAtMs, day);
  const a =
    period === 'days_28'
      ? activityBetween(page.id, page.followersCount, page.createdAtMs, (day - 27) * DAY_MS, (day + 1) * DAY_MS, now)
      : activityOnDay(page.id, page.followersCount, page.createdAtMs, day);
  return activityMetric(name, a);
}

/**
 * Page-level metrics: one value per finished day of `since`–`until` (by default the last two), each the
 * day's figure or, with `period=days_28`, the 28 days ending with it; follower locations one lifetime value
 * per place.
 */
function pageMetric(page: FbPage, name: string, period: string, range: { since: number; until: number }, now: number): unknown {
  const endTime = (day: number) => graphTime((day + 1) * DAY_MS + 7 * 3_600_000);
  const days: number[] = [];
  for (let day = Math.floor(range.since / DAY_MS); day < Math.ceil(range.until / DAY_MS) && (day + 1) * DAY_MS <= now; day++) days.push(day);
  const value = (day: number): unknown =>
    PAGE_LOCATION.has(name)
      ? Object.fromEntries(LOCATIONS[name]!.map((place) => [place, 1 + seeded(`${page.id}${place}`, Math.max(2, Math.floor(page.followersCount / 3)))]))
      : pageValue(page, name, period, day, now);
  return {
    name,
    period,
    values: days.map((day) => ({ value: value(day), end_time: endTime(day) })),
    title: name.replace(/_/g, ' '),
    description: `Simulated ${name}`,
    id: `${page.id}/insights/${name}/${period}`,
  };
}

/** Checks shared by Page and post insights: reachable Page, read_insights, and a Page token. */
async function pageToken(call: GraphCall, page: FbPage, endpoint: string): Promise<boolean> {
  const checked = await withToken(call, endpoint, page.id, true);
  if (!checked) return false;
  const { token } = checked;
  if (!call.fb.reachablePages(token).some((p) => p.id === page.id)) return (void fail(call, unsupportedGet(page.id)), false);
  if (!token.scopes.includes('read_insights')) return (void noPermission(call, '(#200) Requires read_insights permission', 200), false);
  // Meta answers this with code 190 although the user token is fine: callers must use the Page token.
  if (token.kind !== 'page') return (void fail(call, graphError(400, 190, '(#190) This method must be called with a Page Access Token')), false);
  return true;
}

function metricError(call: GraphCall, metrics: string[], known: Set<string>): boolean {
  if (metrics.length === 0) return (void fail(call, graphError(400, 3001, 'No metric was specified to be fetched. Please specify one or more metrics', 1504028)), true);
  if (metrics.some((m) => !known.has(m))) return (void fail(call, graphError(400, 100, '(#100) The value must be a valid insights metric')), true);
  return false;
}

async function pageInsights(call: GraphCall, page: FbPage): Promise<unknown> {
  if (!(await pageToken(call, page, 'insights'))) return;
  const metrics = metricsOf(call.query);
  if (metricError(call, metrics, new Set([...PAGE_METRICS, ...PAGE_LOCATION]))) return;
  const period = call.query.period ?? 'day';
  if (!PERIODS.has(period)) return fail(call, graphError(400, 100, '(#100) period must be one of the following values: day, week, days_28, lifetime'));
  const now = call.fb.clock.now().getTime();
  const until = call.query.until === undefined ? Math.floor(now / DAY_MS) * DAY_MS : Number(call.query.until) * 1000;
  const since = call.query.since === undefined ? until - 2 * DAY_MS : Number(call.query.since) * 1000;
  if (!Number.isFinite(since) || !Number.isFinite(until) || since >= until || until - since > 90 * DAY_MS) {
    return fail(call, graphError(400, 100, '(#100) since and until must be Unix timestamps, since first, at most 90 days apart'));
  }
  // Page Insights are kept only for Pages with 100 or more followers: a smaller one has no data (inferred shape).
  const small = followersOnDay(page.id, page.followersCount, page.createdAtMs, Math.floor(now / DAY_MS)) < PAGE_INSIGHTS_FLOOR;
  const shown = metrics.filter((name) => PAGE_LOCATION.has(name) || !small);
  return sendOk(call, { data: shown.map((name) => pageMetric(page, name, period, { since, until }, now)) }, { endpoint: 'insights', pageId: page.id });
}

/** A Page post's figures: generated like Instagram's, growing with the post's age, with set figures laid over. */
export function postFigures(call: GraphCall, postId: string, publishedAtMs: number): Record<string, number> {
  return call.fb.metrics.apply(postId, mediaFigures(postId, 'PAGE_POST', publishedAtMs, call.fb.clock.now().getTime()));
}

async function postInsights(call: GraphCall, postId: string): Promise<unknown> {
  const post = findPost(call, postId);
  if (!post) {
    if (await withToken(call, 'post_insights', undefined, true)) fail(call, unsupportedGet(postId));
    return;
  }
  if (!(await pageToken(call, post.page, 'post_insights'))) return;
  const metrics = metricsOf(call.query);
  if (metricError(call, metrics, POST_METRICS)) return;
  const f = postFigures(call, postId, post.publishedAtMs);
  const reactions = f.reactions ?? 0;
  const like = Math.ceil(reactions * 0.8);
  const love = Math.floor(reactions * 0.15);
  const byType = { like, love, wow: reactions - like - love };
  const data = metrics.map((m) =>
    m === 'post_reactions_by_type_total' ? { ...(lifetimeMetric(postId, m, 0) as object), values: [{ value: byType }] } : lifetimeMetric(postId, m, f[m] ?? 0),
  );
  return sendOk(call, { data }, { endpoint: 'post_insights', pageId: post.page.id });
}

/**
 * `GET /{post-id}` with the engagement fields (pages_read_engagement): `shares{count}` (left out at 0, as
 * Graph does), `comments` and `reactions` with `.summary(true).limit(0)` modifiers giving `summary.total_count`.
 */
export async function postNode(call: GraphCall, postId: string): Promise<unknown> {
  const post = findPost(call, postId);
  const checked = await withToken(call, 'post', post?.page.id, true);
  if (!checked) return;
  if (!post || !call.fb.reachablePages(checked.token).some((p) => p.id === post.page.id)) return fail(call, unsupportedGet(postId));
  if (!checked.token.scopes.includes('pages_read_engagement'))
    return noPermission(call, "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature.");
  const f = postFigures(call, postId, post.publishedAtMs);
  const all: Record<string, unknown> = {
    id: postId,
    created_time: graphTime(post.publishedAtMs),
    shares: f.shares ? { count: f.shares } : undefined,
    comments: { data: [], summary: { order: 'ranked', total_count: f.comments ?? 0, can_comment: true } },
    reactions: { data: [], summary: { total_count: f.reactions ?? 0, viewer_reaction: 'NONE' } },
    // Every other post has a photo (graph.ts `posts`), signed anew at each read.
    full_picture: post.i % 2 === 0 ? signedCdnUrl(call.world, 'scontent.xx.fbcdn.net', `/sandbox/${postId}.jpg`) : undefined,
  };
  const out: Record<string, unknown> = { id: postId };
  for (const field of (call.query.fields ?? 'id,created_time').split(',')) {
    const name = field.trim().split(/[.{]/)[0]!;
    if (!(name in all)) return fail(call, graphError(400, 100, `(#100) Tried accessing nonexisting field (${name}) on node type (PagePost)`));
    if (all[name] !== undefined) out[name] = all[name];
  }
  return sendOk(call, out, { endpoint: 'post', pageId: post.page.id });
}

export async function insights(call: GraphCall, id: string): Promise<unknown> {
  const ig = call.fb.instagram(id);
  if (ig) return igInsights(call, ig);
  const page = call.fb.page(id);
  if (page) return pageInsights(call, page);
  if (id.includes('_')) return postInsights(call, id);
  return igMediaInsights(call, id);
}
