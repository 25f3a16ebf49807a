/**
 * Instagram insights as both Meta logins read them (graph.instagram.com with Instagram Login,
 * graph.facebook.com through a Page), mapped to the one MediaMetrics / AudienceInsights schema.
 * Metrics per product type: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights;
 * demographics: https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights.
 *
 * Graph has one insights call per media, so a batch is one media. What a single media's call may answer
 * without the whole call being wrong: 100/33 or 100/2108006 (deleted, someone else's, posted before the
 * business conversion) → not_found; a story past its 24 hours → expired (asked for only if still live on our
 * clock; Graph can no longer load it); code 10 on a story → too_few ("Not enough viewers", values below 5:
 * Graph uses the permission code for it, so only a story's 10 is read this way); an empty `data` → not_ready.
 */

import { type AudienceInsights, type AudienceSlice, type InsightsBatch, type MediaInsights, type MediaMetrics, type MediaRef, ProviderError } from '../provider.ts';
import { classifyMetaError, graphErrorOf, usagePercent } from './errors.ts';

export interface GraphAnswer {
  status: number;
  ok: boolean;
  body: unknown;
  headers: Headers;
}
/** One GET against Graph with the account's token; answers whatever came back, errors included. */
export type GraphGet = (url: URL) => Promise<GraphAnswer>;

// `impressions` answers only for media created before Jul 2 2024; asking it of newer media is an error.
const IMPRESSIONS_CUTOFF = Date.UTC(2024, 6, 2);
const STORY_LIFETIME_MS = 24 * 3_600_000;
const FEED = ['views', 'reach', 'likes', 'comments', 'saved', 'shares', 'total_interactions', 'follows', 'profile_visits'];
const REELS = ['views', 'reach', 'likes', 'comments', 'saved', 'shares', 'total_interactions', 'ig_reels_avg_watch_time'];
const STORY = ['views', 'reach', 'shares', 'total_interactions', 'follows', 'profile_visits', 'replies', 'navigation'];
/** Graph name → our schema; every other numeric metric is kept in `extra` by its Graph name. */
const SCHEMA: Record<string, keyof MediaMetrics> = {
  views: 'views',
  reach: 'reach',
  likes: 'likes',
  comments: 'comments',
  saved: 'saves',
  shares: 'shares',
  total_interactions: 'totalInteractions',
  impressions: 'impressions',
};

/** The metrics valid for this media's product type (impressions only where Graph still has it). */
export function igMetricsFor(ref: MediaRef): string[] {
  const base = ref.mediaType === 'story' ? STORY : ref.mediaType === 'reel' ? REELS : FEED;
  const old = ref.publishedAt.getTime() < IMPRESSIONS_CUTOFF && ref.mediaType !== 'reel';
  return old ? [...base, 'impressions'] : base;
}

export function emptyMetrics(): MediaMetrics {
  return { views: null, reach: null, likes: null, comments: null, saves: null, shares: null, totalInteractions: null, impressions: null };
}

/** `{data:[{name, values:[{value}]} | {name, total_value:{value}}]}` → numbers by Graph name. */
export function graphValues(body: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new ProviderError('unexpected_response', 'Graph insights came without a data array');
  for (const item of data as { name?: unknown; values?: { value?: unknown }[]; total_value?: { value?: unknown } }[]) {
    const value = item.total_value?.value ?? item.values?.at(-1)?.value;
    if (typeof item.name === 'string' && typeof value === 'number') out.set(item.name, value);
  }
  return out;
}

function toInsights(mediaId: string, values: Map<string, number>): MediaInsights {
  if (values.size === 0) return { mediaId, status: 'unavailable', reason: 'not_ready' };
  const metrics = emptyMetrics();
  const extra: Record<string, number> = {};
  for (const [name, value] of values) {
    const field = SCHEMA[name];
    if (field) metrics[field] = value;
    else extra[name] = value;
  }
  return Object.keys(extra).length ? { mediaId, status: 'ok', metrics, extra } : { mediaId, status: 'ok', metrics };
}

export function graphErrorOfAnswer(answer: GraphAnswer): ReturnType<typeof graphErrorOf> {
  return answer.ok ? undefined : graphErrorOf(answer.body);
}

/** A per-media condition, or undefined when the answer is an error of the whole call. */
function unavailable(ref: MediaRef, answer: GraphAnswer, nowMs: number): MediaInsights | undefined {
  const error = graphErrorOf(answer.body);
  const story = ref.mediaType === 'story';
  const gone = error?.code === 100 && (error.error_subcode === 33 || error.error_subcode === 2108006);
  if (gone) return { mediaId: ref.id, status: 'unavailable', reason: story && nowMs - ref.publishedAt.getTime() >= STORY_LIFETIME_MS ? 'expired' : 'not_found' };
  if (story && error?.code === 10) return { mediaId: ref.id, status: 'unavailable', reason: 'too_few' };
  return undefined;
}

/** A missing permission names the scopes the feature needs (the connection asks the person for them again). */
export function withScopes(error: unknown, scopes: readonly string[]): unknown {
  if (!(error instanceof ProviderError) || error.kind !== 'insufficient_scope') return error;
  return new ProviderError('insufficient_scope', error.message, { reason: error.reason, providerCode: error.providerCode, missingScopes: [...scopes] });
}

export async function fetchIgMediaInsights(get: GraphGet, graph: string, media: readonly MediaRef[], nowMs: number): Promise<InsightsBatch> {
  const items: MediaInsights[] = [];
  let usage: number | undefined;
  for (const ref of media) {
    if (ref.mediaType === 'story' && nowMs - ref.publishedAt.getTime() >= STORY_LIFETIME_MS) {
      // Graph keeps story insights for 24 hours only: no call can bring them back.
      items.push({ mediaId: ref.id, status: 'unavailable', reason: 'expired' });
      continue;
    }
    const url = new URL(`${graph}/${encodeURIComponent(ref.id)}/insights`);
    url.searchParams.set('metric', igMetricsFor(ref).join(','));
    const answer = await get(url);
    usage = maxOf(usage, usagePercent(answer.headers));
    const item = answer.ok ? toInsights(ref.id, graphValues(answer.body)) : unavailable(ref, answer, nowMs);
    if (!item) throw classifyMetaError(answer.status, answer.body, answer.headers, url.host);
    items.push(item);
  }
  return usage === undefined ? { items } : { items, usagePercent: usage };
}

export function maxOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** Throws the classified error unless the answer is a success. */
export function okBody(answer: GraphAnswer, url: URL): unknown {
  if (answer.ok) return answer.body;
  throw classifyMetaError(answer.status, answer.body, answer.headers, url.host);
}

function slices(body: unknown): AudienceSlice[] {
  const data = (body as { data?: { total_value?: { breakdowns?: { results?: { dimension_values?: unknown[]; value?: unknown }[] }[] } }[] }).data;
  const results = data?.[0]?.total_value?.breakdowns?.[0]?.results ?? [];
  return results.flatMap((r) => (typeof r.value === 'number' && r.dimension_values?.[0] !== undefined ? [{ key: String(r.dimension_values[0]), value: r.value }] : []));
}

/**
 * `follower_demographics`, one call per breakdown (several breakdowns in one call come back crossed, not
 * side by side). Below 100 followers Graph answers an empty `data`, not an error: below_threshold.
 * `node` is the account's own node URL (`/me` or `/{ig-user-id}`), for followers_count.
 */
/** What fetchIgAudience asks of Graph: the follower count, then one call per breakdown. */
export const IG_AUDIENCE_REQUESTS = 5;

export async function fetchIgAudience(get: GraphGet, node: string): Promise<AudienceInsights> {
  const nodeUrl = new URL(node);
  nodeUrl.searchParams.set('fields', 'followers_count');
  const followersCount = (okBody(await get(nodeUrl), nodeUrl) as { followers_count?: unknown }).followers_count;
  const followers = typeof followersCount === 'number' ? followersCount : null;
  const out: Record<'age' | 'gender' | 'country' | 'city', AudienceSlice[]> = { age: [], gender: [], country: [], city: [] };
  for (const breakdown of ['age', 'gender', 'country', 'city'] as const) {
    const url = new URL(`${node}/insights`);
    for (const [k, v] of Object.entries({ metric: 'follower_demographics', period: 'lifetime', metric_type: 'total_value', timeframe: 'this_month', breakdown }))
      url.searchParams.set(k, v);
    const body = okBody(await get(url), url) as { data?: unknown[] };
    if (!Array.isArray(body.data)) throw new ProviderError('unexpected_response', 'follower_demographics came without a data array');
    if (body.data.length === 0) return { status: 'unavailable', reason: 'below_threshold', followers };
    out[breakdown] = slices(body);
  }
  return { status: 'available', unit: 'followers', followers, ...out };
}
