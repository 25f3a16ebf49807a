/**
 * The insights edges, kept minimal (enough for a later insights feature to be built against):
 *
 * - `GET /{ig-id}/insights` (instagram_manage_insights): `reach` and `follower_count` (period=day),
 *   `views` / `accounts_engaged` (metric_type=total_value) and `follower_demographics` (period=lifetime,
 *   metric_type=total_value, breakdown=age|gender|city|country). Demographics are withheld below 100
 *   followers: an empty `data`, not an error (providers.md §4.3). `impressions` was retired (Apr 2025).
 * - `GET /{page-id}/insights` (read_insights, Page token with ANALYZE): the current metric names
 *   (`page_media_view`, `page_total_media_view_unique`, `page_follows`, …); every `*impressions*` and
 *   `page_fans*` metric was retired on Nov 15 2025 and answers "(#100) The value must be a valid insights
 *   metric" (providers.md §4.4; the views names are Meta's announced replacements, unverified).
 */
import { fail, graphError, graphTime, sendOk, unsupportedGet, type GraphCall } from './facebook-http.ts';
import { noPermission, withToken } from './facebook-graph.ts';
import type { FbPage, IgAccount } from './facebook-model.ts';

const IG_DAY = new Set(['reach', 'follower_count']);
const IG_TOTAL = new Set(['views', 'accounts_engaged', 'total_interactions', 'likes', 'comments', 'shares', 'saves']);
const BREAKDOWNS = ['age', 'gender', 'city', 'country'];
const PAGE_METRICS = new Set(['page_media_view', 'page_total_media_view_unique', 'page_follows', 'page_daily_follows', 'page_daily_unfollows', 'page_post_engagements', 'page_views_total']);
const DAY_MS = 86_400_000;

function metricsOf(call: GraphCall): string[] {
  return (call.query.metric ?? '').split(',').map((m) => m.trim()).filter(Boolean);
}

function seeded(seed: string, max: number): number {
  let h = 7;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) % 1_000_003;
  return h % max;
}

const results: Record<string, string[]> = {
  age: ['18-24', '25-34', '35-44', '45-54', '55-64'],
  gender: ['F', 'M', 'U'],
  city: ['Lisbon, Lisboa', 'Porto, Porto', 'Madrid, Comunidad de Madrid'],
  country: ['PT', 'ES', 'BR'],
};

function demographics(ig: IgAccount, breakdown: string): unknown {
  const keys = breakdown.split(',');
  return {
    name: 'follower_demographics',
    period: 'lifetime',
    title: 'Follower demographics',
    description: "The demographic characteristics of followers, including countries, cities and gender distribution.",
    total_value: {
      breakdowns: keys.map((key) => ({
        dimension_keys: [key],
        results: (results[key] ?? []).map((v) => ({ dimension_values: [v], value: 1 + seeded(`${ig.id}${v}`, Math.max(2, Math.floor(ig.followersCount / 4))) })),
      })),
    },
    id: `${ig.id}/insights/follower_demographics/lifetime`,
  };
}

function igMetric(call: GraphCall, ig: IgAccount, name: string): unknown {
  const now = call.fb.clock.now().getTime();
  const base = { name, title: name.replace(/_/g, ' '), description: `Simulated ${name}` };
  if (IG_TOTAL.has(name) || call.query.metric_type === 'total_value') {
    return { ...base, period: 'day', total_value: { value: 10 + seeded(`${ig.id}${name}`, ig.followersCount + 10) }, id: `${ig.id}/insights/${name}/day` };
  }
  const values = [2, 1].map((d) => ({ value: 5 + seeded(`${ig.id}${name}${d}`, ig.followersCount + 5), end_time: graphTime(Math.floor(now / DAY_MS - d + 1) * DAY_MS + 7 * 3_600_000) }));
  return { ...base, period: 'day', values, id: `${ig.id}/insights/${name}/day` };
}

async function igInsights(call: GraphCall, ig: IgAccount): Promise<unknown> {
  const checked = await withToken(call, 'insights', ig.id, true);
  if (!checked) return;
  if (!call.fb.reachablePages(checked.token).some((p) => p.id === ig.pageId)) return fail(call, unsupportedGet(ig.id));
  if (!checked.token.scopes.includes('instagram_manage_insights')) return noPermission(call);
  const metrics = metricsOf(call);
  const known = [...IG_DAY, ...IG_TOTAL, 'follower_demographics'];
  const wrong = metrics.find((m) => !known.includes(m));
  if (metrics.length === 0 || wrong) return fail(call, graphError(400, 100, `(#100) metric[0] must be one of the following values: ${known.join(', ')}`));
  const data: unknown[] = [];
  for (const metric of metrics) {
    if (metric !== 'follower_demographics') {
      data.push(igMetric(call, ig, metric));
      continue;
    }
    const breakdown = call.query.breakdown ?? '';
    if (call.query.period !== 'lifetime' || !breakdown || breakdown.split(',').some((b) => !BREAKDOWNS.includes(b))) {
      return fail(call, graphError(400, 100, '(#100) follower_demographics needs period=lifetime, metric_type=total_value and breakdown=age|gender|city|country'));
    }
    // Withheld below 100 followers: nothing to show rather than an error.
    if (ig.followersCount >= 100) data.push(demographics(ig, breakdown));
  }
  return sendOk(call, { data }, { endpoint: 'insights', igId: ig.id });
}

async function pageInsights(call: GraphCall, page: FbPage): Promise<unknown> {
  const checked = await withToken(call, 'insights', page.id, true);
  if (!checked) return;
  const { token } = checked;
  if (!call.fb.reachablePages(token).some((p) => p.id === page.id)) return fail(call, unsupportedGet(page.id));
  if (!token.scopes.includes('read_insights')) return noPermission(call, '(#200) Requires read_insights permission', 200);
  // Meta answers this with code 190 although the user token is fine: callers must use the Page token.
  if (token.kind !== 'page') return fail(call, graphError(400, 190, '(#190) This method must be called with a Page Access Token'));
  const metrics = metricsOf(call);
  if (metrics.length === 0) return fail(call, graphError(400, 3001, 'No metric was specified to be fetched. Please specify one or more metrics', 1504028));
  if (metrics.some((m) => !PAGE_METRICS.has(m))) return fail(call, graphError(400, 100, '(#100) The value must be a valid insights metric'));
  const period = call.query.period ?? 'day';
  const now = call.fb.clock.now().getTime();
  const data = metrics.map((name) => ({
    name,
    period,
    values: [2, 1].map((d) => ({ value: 3 + seeded(`${page.id}${name}${d}`, page.followersCount + 3), end_time: graphTime(Math.floor(now / DAY_MS - d + 1) * DAY_MS + 7 * 3_600_000) })),
    title: name.replace(/_/g, ' '),
    description: `Simulated ${name}`,
    id: `${page.id}/insights/${name}/${period}`,
  }));
  return sendOk(call, { data }, { endpoint: 'insights', pageId: page.id });
}

export async function insights(call: GraphCall, id: string): Promise<unknown> {
  const ig = call.fb.instagram(id);
  if (ig) return igInsights(call, ig);
  const page = call.fb.page(id);
  if (page) return pageInsights(call, page);
  if (await withToken(call, 'insights', id, true)) return fail(call, unsupportedGet(id));
}
