/**
 * What the insights API answers, as zod schemas: the OpenAPI document is generated from them. The
 * campaign views carry some of them (the button's state, paused channels, a post's latest figures), so
 * index.ts exports those.
 */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';
import type { AudienceView } from './audience.ts';
import type { LatestMetrics, PausedChannel } from './insights-read.repo.ts';
import type { InsightsRefreshView } from './refresh-insights-button.ts';

const count = z.number().int();
/** A figure the network does not report is null, never 0. */
const figure = z.number().int().nullable();

export const insightsRefreshSchema = z
  .object({
    lastRequestedAt: instant.nullable().meta({ description: 'When the button was last pressed; null: never.' }),
    availableAt: instant.nullable().meta({ description: 'When the button may be pressed again (12 hours after the last press); null: never pressed.' }),
    status: z.enum(['available', 'queued', 'running', 'done']).meta({
      description: '`available` once the cooldown is over and the last refresh is done; otherwise the last refresh’s `queued`, `running` or `done`.',
    }),
    progress: z
      .object({
        total: count.meta({ description: 'Posts the last refresh queued.', examples: [240] }),
        completed: count,
        failed: count,
        paused: count.meta({ description: 'Posts waiting for their channel to be reconnected.' }),
      })
      .meta({ description: 'The last refresh’s readings.' }),
  })
  .meta({
    id: 'InsightsRefresh',
    description: 'The Refresh Insights button of a campaign: whether it can be pressed, and the last refresh’s progress.',
  }) satisfies z.ZodType<InsightsRefreshView>;

export const insightsRefreshQueuedSchema = z
  .object({
    refreshId: z.string().meta({ examples: ['irf_01kt189he0bt99jw60s62xt6hd'] }),
    insightsRefresh: insightsRefreshSchema,
  })
  .meta({ id: 'InsightsRefreshQueued', description: 'A refresh, queued.' }) satisfies z.ZodType<{ refreshId: string; insightsRefresh: InsightsRefreshView }>;

export const pausedChannelSchema = z
  .object({
    connectionId: z.string(),
    network: z.string().meta({ examples: ['instagram'] }),
    reason: z.string().meta({ description: 'The connection’s reason (or its status when it has none).', examples: ['password_changed', 'revoked'] }),
    posts: count.meta({ description: 'The campaign’s bound posts on this channel.' }),
  })
  .meta({ id: 'PausedChannel', description: 'A disconnected channel: its posts’ refresh is paused until the creator reconnects it.' }) satisfies z.ZodType<PausedChannel>;

/** A post's latest reading, as the campaign post view shows it. */
export type PostMetricsView = Omit<LatestMetrics, 'capturedAt' | 'source'> & { capturedAt: string };

export const postMetricsSchema = z
  .object({
    views: figure.meta({ description: 'Times the post was seen (plays for video).' }),
    reach: figure.meta({ description: 'Accounts that saw it (estimated by the network).' }),
    likes: figure,
    comments: figure,
    saves: figure,
    shares: figure,
    totalInteractions: figure.meta({ description: 'The network’s own total, where it gives one.' }),
    impressions: figure.meta({ description: 'Only where the network still reports it.' }),
    engagementRate: z
      .number()
      .nullable()
      .meta({
        description:
          'Interactions ÷ views, a ratio (0.052 = 5.2 %): `totalInteractions` where given, else the sum of the reported likes, comments, saves and shares; views, or reach where there are no views. null without interactions or views and reach.',
        examples: [0.052],
      }),
    extra: z.record(z.string(), z.number()).meta({
      description: 'Figures the network reports beyond this schema, by the network’s own names (Threads `reposts` and `quotes`, Instagram `profile_visits`, …); empty when none.',
      examples: [{ reposts: 7, quotes: 3 }],
    }),
    capturedAt: instant.meta({ description: 'When the figures were read from the network.' }),
  })
  .meta({
    id: 'PostMetrics',
    description: 'A post’s latest figures, in the one schema every network maps into (docs/api.md#insights-schema). A figure the network does not report is null, never 0.',
  }) satisfies z.ZodType<PostMetricsView>;

const slices = z.array(z.object({ key: z.string(), value: z.number() })).meta({ examples: [[{ key: '25-34', value: 5000 }]] });

export const audienceSchema = z
  .object({
    status: z.enum(['available', 'unavailable', 'never_read']),
    reason: z
      .string()
      .nullable()
      .meta({ description: 'Why not available, for a person; null when available or never read.', examples: ['not available (below_threshold)'] }),
    unit: z
      .enum(['followers', 'percent'])
      .nullable()
      .meta({ description: '`followers`: counts of followers (Instagram, Facebook); `percent`: shares of viewers (YouTube); null when not available.' }),
    followers: figure.meta({ examples: [12840] }),
    age: slices,
    gender: slices,
    country: slices,
    city: slices,
    capturedAt: instant.nullable().meta({ description: 'When the audience was read; null: never.' }),
  })
  .meta({
    id: 'Audience',
    description: 'Who follows (or watches) a channel, as last read (weekly, while its creator takes part in a campaign).',
  }) satisfies z.ZodType<AudienceView>;
