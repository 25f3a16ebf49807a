/**
 * Lifetime figures of one Pin from `GET /v5/pins/{pin_id}/analytics` (https://developers.pinterest.com/docs/api/v5/pins-analytics),
 * category org_analytics, scopes boards:read + pins:read.
 *
 * - One Pin a call. The multi-pin `GET /pins/analytics?pin_ids=` (≤ 100) is a beta whose availability and
 *   limits are not documented for every app, so it is not used: a campaign's pins are read one by one,
 *   well within Standard access's 100 calls a second per user.
 * - start_date may be at most 90 days back; we ask for 89 (as Postiz does) so a request made around
 *   midnight UTC is not refused for a day Pinterest already counts as the 91st. `lifetime_metrics` covers
 *   the Pin's whole life regardless; `summary_metrics` (the window) is the fallback when it is absent.
 * - Mapping: impressions = IMPRESSION; views = VIDEO_MRC_VIEW for video Pins (a view by the MRC standard: 50%
 *   of the player on screen for 2 s), else IMPRESSION, since an image Pin has no other notion of being seen;
 *   saves = SAVE; likes = TOTAL_REACTIONS; comments = TOTAL_COMMENTS; no reach, shares or total. PIN_CLICK
 *   and OUTBOUND_CLICK are kept as extras.
 * - A Pin with no day past PROCESSING (just made) has no figures yet: `not_ready`, not zeros.
 */
import { type MediaInsights, type MediaRef, ProviderError } from '../provider.ts';

const apiBase = 'https://api.pinterest.com/v5';
const METRICS = ['IMPRESSION', 'SAVE', 'PIN_CLICK', 'OUTBOUND_CLICK', 'TOTAL_COMMENTS', 'TOTAL_REACTIONS', 'VIDEO_MRC_VIEW'];
const WINDOW_DAYS = 89;
const DAY_MS = 86_400_000;

export function pinAnalyticsUrl(pinId: string, now: Date): URL {
  const url = new URL(`${apiBase}/pins/${encodeURIComponent(pinId)}/analytics`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  url.searchParams.set('start_date', day(now.getTime() - WINDOW_DAYS * DAY_MS));
  url.searchParams.set('end_date', day(now.getTime()));
  url.searchParams.set('metric_types', METRICS.join(','));
  url.searchParams.set('app_types', 'ALL');
  url.searchParams.set('split_field', 'NO_SPLIT');
  return url;
}

interface SplitMetrics {
  daily_metrics?: { data_status?: unknown }[];
  summary_metrics?: Record<string, unknown>;
  lifetime_metrics?: Record<string, unknown>;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
}

/** The answer for one Pin; `body` undefined: Pinterest answered 404 (deleted, or never existed). */
export function pinInsights(ref: MediaRef, body: unknown): MediaInsights {
  if (body === undefined) return { mediaId: ref.id, status: 'unavailable', reason: 'not_found' };
  const all = (body as { all?: SplitMetrics } | null)?.all;
  if (!all || typeof all !== 'object') throw new ProviderError('unexpected_response', 'Pinterest: pin analytics had no "all" split');
  const statuses = (all.daily_metrics ?? []).map((d) => d?.data_status).filter((s) => s !== 'BEFORE_PIN_CREATED');
  if (statuses.length > 0 && statuses.every((s) => s === 'PROCESSING')) return { mediaId: ref.id, status: 'unavailable', reason: 'not_ready' };
  const m = all.lifetime_metrics ?? all.summary_metrics ?? {};
  const impressions = count(m.IMPRESSION);
  const metrics = {
    views: ref.mediaType === 'video' ? count(m.VIDEO_MRC_VIEW) : impressions,
    reach: null,
    likes: count(m.TOTAL_REACTIONS),
    comments: count(m.TOTAL_COMMENTS),
    saves: count(m.SAVE),
    shares: null,
    totalInteractions: null,
    impressions,
  };
  const extra: Record<string, number> = {};
  for (const name of ['PIN_CLICK', 'OUTBOUND_CLICK']) {
    const value = count(m[name]);
    if (value !== null) extra[name] = value;
  }
  return { mediaId: ref.id, status: 'ok', metrics, extra };
}
