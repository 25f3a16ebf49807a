/**
 * The figures the simulated Graph reports for a post, reel, story or Page post: deterministic per media id
 * (seeded from it) and rising with the post's age on the sandbox clock, so snapshots taken over days climb
 * the way real ones do (views ≈ f(id) × log(1 + hours since publishing)). A test that checks a mapping sets
 * exact figures for one media id (`MetricOverrides`), which then win over the generated ones.
 *
 * Stories are small on purpose: f(id) ranges over 1–40, so a young story sits below Instagram's floor of
 * 5 viewers (code 10) and an older one above it.
 */
import { z } from 'zod';

const HOUR_MS = 3_600_000;

export function seeded(seed: string, max: number): number {
  let h = 7;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) % 1_000_003;
  return h % max;
}

export type MediaKind = 'FEED' | 'REELS' | 'STORY' | 'PAGE_POST';

/** Every figure the sandbox can report for a media, by Graph metric name (before filtering by product type). */
export function mediaFigures(id: string, kind: MediaKind, publishedAtMs: number, nowMs: number): Record<string, number> {
  const hours = Math.max(0, (nowMs - publishedAtMs) / HOUR_MS);
  const growth = Math.log1p(hours);
  const base = kind === 'STORY' ? 1 + seeded(id, 40) : 40 + seeded(id, kind === 'REELS' ? 2_000 : 600);
  const views = Math.round(base * growth);
  const part = (share: number, salt: string) => Math.round(views * share * (0.5 + seeded(`${id}${salt}`, 100) / 100));
  const likes = part(0.06, 'l');
  const comments = part(0.008, 'c');
  const saved = part(0.01, 's');
  const shares = part(0.006, 'h');
  const reach = Math.round(views * 0.72);
  return {
    views,
    reach,
    likes,
    comments,
    saved,
    shares,
    total_interactions: likes + comments + saved + shares,
    reposts: part(0.002, 'r'),
    follows: part(0.002, 'f'),
    profile_visits: part(0.02, 'p'),
    replies: kind === 'STORY' ? part(0.03, 'y') : 0,
    navigation: kind === 'STORY' ? part(0.9, 'n') : 0,
    link_clicks: kind === 'STORY' ? part(0.01, 'k') : 0,
    // Only ever answered for media created before Jul 2 2024 (the callers check).
    impressions: Math.round(views * 1.3),
    ig_reels_avg_watch_time: kind === 'REELS' ? 2_000 + seeded(`${id}w`, 9_000) : 0,
    // Facebook Page posts (current names, docs/networks.md#facebook).
    post_media_view: views,
    post_total_media_view_unique: reach,
    post_clicks: part(0.03, 'k'),
    reactions: likes,
  };
}

/**
 * Exact insights figures for one media id, by Graph metric name (views, reach, likes, saved, …): the body
 * of `PUT /_sandbox/instagram|facebook/media/:id/insights`.
 */
export const figuresBody = z.record(z.string().regex(/^[a-z_]{1,60}$/), z.number().int().min(0));

/** Exact figures set for media ids through the control API; persisted with the network's state. */
export class MetricOverrides {
  readonly #byId = new Map<string, Record<string, number>>();
  #changes = 0;

  get changes(): number {
    return this.#changes;
  }

  set(mediaId: string, figures: Record<string, number>): Record<string, number> {
    const merged = { ...this.#byId.get(mediaId), ...figures };
    this.#byId.set(mediaId, merged);
    this.#changes++;
    return merged;
  }

  /** The generated figures with this media's set figures laid over them. */
  apply(mediaId: string, generated: Record<string, number>): Record<string, number> {
    const set = this.#byId.get(mediaId);
    return set ? { ...generated, ...set } : generated;
  }

  has(mediaId: string): boolean {
    return this.#byId.has(mediaId);
  }

  export(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.#byId].map(([id, f]) => [id, { ...f }]));
  }

  import(saved: unknown): void {
    this.#byId.clear();
    if (saved && typeof saved === 'object') for (const [id, f] of Object.entries(saved as Record<string, Record<string, number>>)) this.#byId.set(id, { ...f });
    this.#changes++;
  }

  clear(): void {
    this.#byId.clear();
    this.#changes++;
  }
}

/** One lifetime metric as the media insights edge writes it. */
export function lifetimeMetric(mediaId: string, name: string, value: number): object {
  const title = name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return { name, period: 'lifetime', values: [{ value }], title, description: `${title} of the media`, id: `${mediaId}/insights/${name}/lifetime` };
}

/**
 * Product types each media metric answers for
 * (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights); impressions
 * only for old media.
 */
export const MEDIA_METRICS: Record<'FEED' | 'REELS' | 'STORY', ReadonlySet<string>> = {
  FEED: new Set(['views', 'reach', 'likes', 'comments', 'saved', 'shares', 'total_interactions', 'reposts', 'follows', 'profile_visits', 'impressions']),
  REELS: new Set(['views', 'reach', 'likes', 'comments', 'saved', 'shares', 'total_interactions', 'reposts', 'ig_reels_avg_watch_time']),
  STORY: new Set(['views', 'reach', 'shares', 'total_interactions', 'reposts', 'follows', 'profile_visits', 'replies', 'navigation', 'link_clicks', 'impressions']),
};

/** `impressions` still answers only for media created up to Jul 1 2024 (deprecated for all versions Apr 21 2025). */
export const IMPRESSIONS_CUTOFF_MS = Date.UTC(2024, 6, 2);
export const STORY_LIFETIME_MS = 24 * HOUR_MS;
/** Instagram withholds story insights below this many viewers: "(#10) Not enough viewers…". */
export const STORY_FLOOR = 5;

/**
 * Why the media insights edge refuses these metrics for this media, or undefined when it answers: the
 * product type's metric set, then the impressions cut-off (docs/networks.md#meta-shared-by-instagram-and-facebook,
 * wording per Meta's errors).
 */
export function metricProblem(kind: 'FEED' | 'REELS' | 'STORY', publishedAtMs: number, metrics: string[]): string | undefined {
  if (metrics.length === 0) return '(#100) The parameter metric is required';
  const unsupported = metrics.filter((m) => !MEDIA_METRICS[kind].has(m));
  if (unsupported.length) return `(#100) The Media Insights API does not support the ${unsupported.join(', ')} metric for this media product type.`;
  if (metrics.includes('impressions') && publishedAtMs >= IMPRESSIONS_CUTOFF_MS) {
    return '(#100) Starting from April 21, 2025, the impressions metric is no longer supported for media created on or after July 2, 2024. Please use views instead.';
  }
  return undefined;
}
