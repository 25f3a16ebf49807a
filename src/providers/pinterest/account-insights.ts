/**
 * A Pinterest business account's own figures (docs/networks.md#account-insights):
 *
 * - `GET /v5/user_account` (user_accounts:read): `account_type` (`BUSINESS` or `PINNER`), `follower_count`,
 *   `pin_count`, `monthly_views` (https://developers.pinterest.com/docs/api/v5/user_account-get).
 * - `GET /v5/user_account/analytics?start_date&end_date&metric_types=IMPRESSION,ENGAGEMENT,SAVE,PIN_CLICK,OUTBOUND_CLICK`
 *   (category org_analytics; https://developers.pinterest.com/docs/api/v5/user_account-analytics), both dates
 *   inclusive and at most 90 days back, answering `{all: {daily_metrics, summary_metrics}}`: views are
 *   IMPRESSION, engagements ENGAGEMENT (saves, clicks, reactions and comments as Pinterest counts them); no reach.
 */
import { countOf, inclusiveDays } from '../day-range.ts';
import { type AccountInsights, type DayRange, ProviderError } from '../provider.ts';

const endpoint = 'https://api.pinterest.com/v5/user_account/analytics';
const METRICS = ['IMPRESSION', 'ENGAGEMENT', 'SAVE', 'PIN_CLICK', 'OUTBOUND_CLICK'];

export function accountAnalyticsUrl(range: DayRange): URL {
  const { first, last } = inclusiveDays(range);
  const url = new URL(endpoint);
  url.searchParams.set('start_date', first);
  url.searchParams.set('end_date', last);
  url.searchParams.set('metric_types', METRICS.join(','));
  url.searchParams.set('split_field', 'NO_SPLIT');
  return url;
}

/** `me`: the /user_account answer; `analytics`: the analytics answer, undefined for a personal account. */
export function accountInsightsOf(me: Record<string, unknown>, analytics: unknown): AccountInsights {
  const followers = countOf(me.follower_count);
  if (analytics === undefined) return { status: 'unavailable', reason: 'not_professional', followers };
  const summary = (analytics as { all?: { summary_metrics?: Record<string, unknown> } } | null)?.all?.summary_metrics;
  if (!summary || typeof summary !== 'object') throw new ProviderError('unexpected_response', 'Pinterest: account analytics had no summary_metrics');
  const metric = (name: string) => (typeof summary[name] === 'number' && (summary[name] as number) >= 0 ? Math.round(summary[name] as number) : null);
  const extra: Record<string, number> = {};
  for (const name of ['SAVE', 'PIN_CLICK', 'OUTBOUND_CLICK']) {
    const value = metric(name);
    if (value !== null) extra[name] = value;
  }
  const monthly = countOf(me.monthly_views);
  if (monthly !== null) extra.monthly_views = monthly;
  return {
    status: 'available',
    figures: { followers, posts: countOf(me.pin_count), views: metric('IMPRESSION'), reach: null, engagements: metric('ENGAGEMENT') },
    extra,
  };
}
