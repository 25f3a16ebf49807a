/**
 * Account insights on Graph, for both logins (docs/networks.md#account-insights):
 *
 * - An Instagram professional account: its node's `followers_count` and `media_count` (and, with Instagram
 *   Login, `account_type`: a personal account has no insights), then `GET /{ig-user-id}/insights` with
 *   `metric=views,reach,total_interactions,accounts_engaged&period=day&metric_type=total_value&since&until`
 *   (https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights):
 *   one total per metric over the range, reach counted unique over it. Missing data is an empty `data`.
 * - A Facebook Page: its node's `followers_count`, then `GET /{page-id}/insights` with
 *   `metric=page_media_view,page_post_engagements&period=day&since&until` (summed over the days) and
 *   `metric=page_total_media_view_unique&period=days_28` for the unique viewers of the 28 days ending at
 *   `until` (https://developers.facebook.com/docs/graph-api/reference/v3.0/insights). Page Insights exist only
 *   for Pages with 100 or more followers: an empty `data` there is `below_threshold`.
 */
import { countOf, rangeDays, unixRange } from '../day-range.ts';
import { type AccountInsights, type DayRange, ProviderError } from '../provider.ts';
import { type GraphGet, graphValues, okBody } from './insights.ts';

type Json = Record<string, unknown>;

/** The Instagram account types that have insights (a personal account has none). */
const PROFESSIONAL = new Set(['BUSINESS', 'MEDIA_CREATOR', 'CREATOR']);
const IG_METRICS = ['views', 'reach', 'total_interactions', 'accounts_engaged'];
/** Requests one reading makes: the node, then the insights (a Page also asks its 28-day reach). */
export const IG_ACCOUNT_REQUESTS = 2;
export const PAGE_ACCOUNT_REQUESTS = 3;
const REACH_WINDOW_DAYS = 28;
const DAY_MS = 86_400_000;

export function isProfessional(accountType: string | null): boolean {
  return accountType !== null && PROFESSIONAL.has(accountType);
}

function nodeUrl(node: string, fields: string): URL {
  const url = new URL(node);
  url.searchParams.set('fields', fields);
  return url;
}

function insightsUrl(node: string, params: Record<string, string>): URL {
  const url = new URL(`${node}/insights`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url;
}

/**
 * `node`: the account's node URL (`…/me` with Instagram Login, `…/{ig-user-id}` through a Page);
 * `withType`: whether the node has `account_type` (Instagram Login's does, a Page's Instagram node does not).
 */
export async function fetchIgAccountInsights(get: GraphGet, node: string, range: DayRange, withType: boolean): Promise<AccountInsights> {
  const fieldsUrl = nodeUrl(node, withType ? 'followers_count,media_count,account_type' : 'followers_count,media_count');
  const me = okBody(await get(fieldsUrl), fieldsUrl) as Json;
  const followers = countOf(me.followers_count);
  const type = typeof me.account_type === 'string' ? me.account_type.toUpperCase() : null;
  if (withType && !isProfessional(type)) return { status: 'unavailable', reason: 'not_professional', followers };
  const url = insightsUrl(node, { metric: IG_METRICS.join(','), period: 'day', metric_type: 'total_value', ...unixRange(range) });
  const values = graphValues(okBody(await get(url), url));
  const engaged = values.get('accounts_engaged');
  return {
    status: 'available',
    figures: {
      followers,
      posts: countOf(me.media_count),
      views: values.get('views') ?? null,
      reach: values.get('reach') ?? null,
      engagements: values.get('total_interactions') ?? null,
    },
    ...(engaged === undefined ? {} : { extra: { accounts_engaged: engaged } }),
  };
}

/** Each metric's day values summed (`{data:[{name, values:[{value}]}]}`); null for a metric not answered. */
function summed(body: unknown): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of ((body as Json).data ?? []) as { name?: unknown; values?: { value?: unknown }[] }[]) {
    if (typeof item.name !== 'string' || !Array.isArray(item.values)) continue;
    out.set(
      item.name,
      item.values.reduce((sum, v) => sum + (typeof v.value === 'number' ? v.value : 0), 0),
    );
  }
  return out;
}

export async function fetchPageAccountInsights(get: GraphGet, node: string, range: DayRange): Promise<AccountInsights> {
  const fieldsUrl = nodeUrl(node, 'followers_count');
  const followers = countOf((okBody(await get(fieldsUrl), fieldsUrl) as Json).followers_count);
  const days = insightsUrl(node, { metric: 'page_media_view,page_post_engagements', period: 'day', ...unixRange(range) });
  const dayBody = okBody(await get(days), days) as Json;
  if (!Array.isArray(dayBody.data)) throw new ProviderError('unexpected_response', 'Page insights came without a data array');
  if (dayBody.data.length === 0) return { status: 'unavailable', reason: 'below_threshold', followers };
  const sums = summed(dayBody);
  // Unique viewers cannot be added up day by day: Graph's own 28-day figure, for a 28-day range only.
  let reach: number | null = null;
  if (rangeDays(range) === REACH_WINDOW_DAYS) {
    const last = { since: String((range.until.getTime() - DAY_MS) / 1000), until: String(range.until.getTime() / 1000) };
    const unique = insightsUrl(node, { metric: 'page_total_media_view_unique', period: 'days_28', ...last });
    const data = ((okBody(await get(unique), unique) as Json).data ?? []) as { values?: { value?: unknown }[] }[];
    reach = countOf(data[0]?.values?.at(-1)?.value);
  }
  return {
    status: 'available',
    figures: { followers, posts: null, views: sums.get('page_media_view') ?? null, reach, engagements: sums.get('page_post_engagements') ?? null },
  };
}
