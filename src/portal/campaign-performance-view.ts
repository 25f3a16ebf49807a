/**
 * What the brands' Campaign Performance page shows, as plain data: the page renders it, the loader
 * (campaign-performance.ts) fills it from storage. Kept apart so the page can be tested on its own.
 */
import type { PartnershipView, PostLiveness } from '../partnership-ads/index.ts';
import type { MediaMetrics } from '../providers/provider.ts';

/** What the page shows of a post's figures: the common schema less the network-only ones, plus engagements. */
export type PostMetrics = Omit<MediaMetrics, 'totalInteractions' | 'impressions'> & {
  engagements: number | null;
  engagementRate: number | null;
  /** The network's own figures beyond the schema, by its names (Threads reposts and quotes); the page labels those its profile names. */
  extra?: Record<string, number>;
};

export interface PerformancePost {
  id: string;
  creatorId: string;
  creatorName: string;
  network: string;
  /** The account that published it, as accountName names it (`@handle`, a Page's name); null: a post not from a connected account. */
  account: string | null;
  mediaType: string | null;
  caption: string | null;
  permalink: string | null;
  thumbnailUrl: string | null;
  publishedAt: Date | null;
  boundBy: 'auto' | 'manual' | 'self_reported';
  flags: string[];
  metrics: PostMetrics | null;
  /** When the figures were last captured; null: never yet. */
  metricsAt: Date | null;
  /** Why its refresh is paused (its channel is disconnected), in words; null when it is not. */
  pausedBecause: string | null;
  partnership: PostPartnership;
}

/** Whether Partnership Ads can be asked for a post: it is live on Instagram, or why not. */
export type PartnershipAvailability = PostLiveness | 'not_synced';

/** A post's Partnership Ads for the brand viewing the page. */
export interface PostPartnership {
  /** The latest request the brand made for the post (open or ended); null: none yet. */
  latest: PartnershipView | null;
  availability: PartnershipAvailability;
}

export interface InsightsRefreshState {
  status: 'available' | 'queued' | 'running' | 'done';
  lastRequestedAt: Date | null;
  availableAt: Date | null;
  progress: { total: number; completed: number; failed: number; paused: number } | null;
}

export interface AudienceSummary {
  /** Participating channels whose audience is counted. */
  counted: number;
  /** Channels whose audience the network will not give, each with the reason's code (the first few); the page words it. */
  unavailable: { creatorName: string; network: string; reason: 'below_threshold' | 'not_offered' | 'no_counts' }[];
  /** How many channels are not available in all (the list above may be cut short). */
  unavailableTotal: number;
  /** Followers of the counted creators added up, per slice (largest first). */
  age: { key: string; value: number }[];
  gender: { key: string; value: number }[];
  country: { key: string; value: number }[];
  city: { key: string; value: number }[];
}

export interface CampaignPerformanceView {
  now: Date;
  campaign: {
    id: string;
    name: string;
    brandName: string;
    state: string;
    hashtag: string;
    networks: string[];
    createdAt: Date;
    dueDate: Date | null;
    participants: number;
    /** How many creators are at each stage of the campaign's workflow, in the workflow's order (declined last). */
    stages: { stage: string; count: number }[];
  };
  totals: PostMetrics & { posts: number };
  series: { date: string; views: number; engagements: number }[];
  refresh: InsightsRefreshState;
  /** The brand's Instagram account that may boost posts (Partnership Ads), when it is known. */
  brandInstagramAccountId: string | null;
  posts: PerformancePost[];
  audience: AudienceSummary;
}
