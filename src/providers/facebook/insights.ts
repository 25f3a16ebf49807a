/**
 * Insights through Facebook Login, read with the account's Page token. Instagram accounts answer like
 * Instagram Login (../meta/insights.ts) on graph.facebook.com. Page posts use the metric names left after the
 * Nov 15 2025 retirement of every `*impressions*` metric
 * (https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics):
 *
 *   views             ← post_media_view
 *   reach             ← post_total_media_view_unique (unique people who viewed, the old impressions_unique)
 *   likes             ← reactions.summary.total_count (all reactions: Facebook's "likes" are reactions now)
 *   comments, shares  ← the post's comments.summary.total_count and shares.count (absent shares = 0)
 *   saves, totalInteractions, impressions: null (not reported for Page posts; the total is summed by us)
 *   extra             ← post_clicks and reactions by type (reactions_like, reactions_love, …)
 *
 * Page audience: age and gender left with `page_fans_gender_age`; what remains is where followers are,
 * `page_follows_country` and `page_follows_city` (lifetime), so age and gender come back empty.
 */
import { graphLimit, igMediaFields, igMediaPage } from '../instagram/media.ts';
import { usagePercent } from '../meta/errors.ts';
import { emptyMetrics, fetchIgAudience, fetchIgMediaInsights, type GraphGet, graphErrorOfAnswer, maxOf, okBody } from '../meta/insights.ts';
import { type AccountRef, type AudienceInsights, type AudienceSlice, type InsightsBatch, type MediaInsights, type MediaItem, type MediaRef, ProviderError } from '../provider.ts';

const POST_METRICS = 'post_media_view,post_total_media_view_unique,post_clicks,post_reactions_by_type_total';
const POST_FIELDS = 'shares,comments.summary(true).limit(0),reactions.summary(true).limit(0)';

type Json = Record<string, unknown>;

function only(account: AccountRef): void {
  if (account.network !== 'instagram' && account.network !== 'facebook')
    throw new ProviderError('unexpected_response', `Facebook: no ${account.network} accounts through Facebook Login`);
}

/** An Instagram account's live stories; a Page has none the API lists. */
export async function listFacebookStories(get: GraphGet, graph: string, account: AccountRef): Promise<MediaItem[]> {
  only(account);
  if (account.network !== 'instagram') return [];
  const url = new URL(`${graph}/${encodeURIComponent(account.accountId)}/stories`);
  url.searchParams.set('fields', igMediaFields);
  url.searchParams.set('limit', graphLimit(100));
  return igMediaPage(okBody(await get(url), url), 'Facebook').items;
}

function postItem(postId: string, insights: Json, node: Json): MediaInsights {
  const values = new Map<string, unknown>();
  for (const item of (Array.isArray(insights.data) ? insights.data : []) as { name?: string; values?: { value?: unknown }[] }[]) {
    if (typeof item.name === 'string') values.set(item.name, item.values?.at(-1)?.value);
  }
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const total = (field: string): number | null => num(((node[field] as Json | undefined)?.summary as Json | undefined)?.total_count);
  const metrics = {
    ...emptyMetrics(),
    views: num(values.get('post_media_view')),
    reach: num(values.get('post_total_media_view_unique')),
    likes: total('reactions'),
    comments: total('comments'),
    shares: num((node.shares as Json | undefined)?.count) ?? 0,
  };
  const extra: Record<string, number> = {};
  const clicks = num(values.get('post_clicks'));
  if (clicks !== null) extra.post_clicks = clicks;
  for (const [type, n] of Object.entries((values.get('post_reactions_by_type_total') ?? {}) as Json)) if (typeof n === 'number') extra[`reactions_${type}`] = n;
  return { mediaId: postId, status: 'ok', metrics, ...(Object.keys(extra).length ? { extra } : {}) };
}

async function pagePostInsights(get: GraphGet, graph: string, media: readonly MediaRef[]): Promise<InsightsBatch> {
  const items: MediaInsights[] = [];
  let usage: number | undefined;
  for (const ref of media) {
    const insightsUrl = new URL(`${graph}/${encodeURIComponent(ref.id)}/insights`);
    insightsUrl.searchParams.set('metric', POST_METRICS);
    const answer = await get(insightsUrl);
    usage = maxOf(usage, usagePercent(answer.headers));
    const error = graphErrorOfAnswer(answer);
    if (error?.code === 100 && error.error_subcode === 33) {
      items.push({ mediaId: ref.id, status: 'unavailable', reason: 'not_found' });
      continue;
    }
    const insights = okBody(answer, insightsUrl) as Json;
    const nodeUrl = new URL(`${graph}/${encodeURIComponent(ref.id)}`);
    nodeUrl.searchParams.set('fields', POST_FIELDS);
    const nodeAnswer = await get(nodeUrl);
    usage = maxOf(usage, usagePercent(nodeAnswer.headers));
    items.push(postItem(ref.id, insights, okBody(nodeAnswer, nodeUrl) as Json));
  }
  return usage === undefined ? { items } : { items, usagePercent: usage };
}

export async function fetchFacebookMediaInsights(get: GraphGet, graph: string, account: AccountRef, media: readonly MediaRef[], nowMs: number): Promise<InsightsBatch> {
  only(account);
  return account.network === 'instagram' ? fetchIgMediaInsights(get, graph, media, nowMs) : pagePostInsights(get, graph, media);
}

function locationSlices(values: unknown): AudienceSlice[] {
  const latest = (Array.isArray(values) ? (values as { value?: unknown }[]).at(-1)?.value : undefined) ?? {};
  return Object.entries(latest as Json)
    .flatMap(([key, value]) => (typeof value === 'number' ? [{ key, value }] : []))
    .sort((a, b) => b.value - a.value);
}

export async function fetchFacebookAudience(get: GraphGet, graph: string, account: AccountRef): Promise<AudienceInsights> {
  only(account);
  const node = `${graph}/${encodeURIComponent(account.accountId)}`;
  if (account.network === 'instagram') return fetchIgAudience(get, node);
  const nodeUrl = new URL(node);
  nodeUrl.searchParams.set('fields', 'followers_count');
  const followers = (okBody(await get(nodeUrl), nodeUrl) as Json).followers_count;
  const url = new URL(`${node}/insights`);
  url.searchParams.set('metric', 'page_follows_country,page_follows_city');
  url.searchParams.set('period', 'lifetime');
  const data = ((okBody(await get(url), url) as Json).data ?? []) as { name?: unknown; values?: unknown }[];
  const of = (name: string) => locationSlices(data.find((d) => d.name === name)?.values);
  return {
    status: 'available',
    unit: 'followers',
    followers: typeof followers === 'number' ? followers : null,
    age: [],
    gender: [],
    country: of('page_follows_country'),
    city: of('page_follows_city'),
  };
}
