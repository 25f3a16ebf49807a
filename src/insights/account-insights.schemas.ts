/** What the account insights API answers, as zod schemas (the OpenAPI document is generated from them). */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';
import type { AccountReadingView, ConnectionInsightsView } from './connection-insights.ts';
import type { CreatorProfileView, ProfileChannelView } from './creator-profile.ts';
import { audienceSchema } from './insights.schemas.ts';

/** A figure the network does not report is null, never 0. */
const figure = z.number().int().nullable();
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'must be a real date')
  .meta({ format: 'date', examples: ['2026-12-06'] });

export const connectionInsightsQuery = z.object({
  from: day.optional().meta({ description: 'The first UTC day, YYYY-MM-DD; by default 29 days before `to`.' }),
  to: day.optional().meta({ description: 'The last UTC day, YYYY-MM-DD; by default today. At most 366 days after `from`.' }),
});

export const accountReadingSchema = z
  .object({
    day: day.meta({ description: 'The UTC day the reading was taken.' }),
    capturedAt: instant.meta({ description: 'When the figures were read from the network.' }),
    rangeDays: z
      .number()
      .int()
      .meta({ description: 'The days `views`, `reach` and `engagements` cover: the 28 before `day`.', examples: [28] }),
    status: z.enum(['available', 'unavailable']),
    reason: z.enum(['below_threshold', 'not_professional', 'not_offered']).nullable().meta({
      description: 'Why the network withheld the figures: `below_threshold` (a Facebook Page under 100 followers), `not_professional` (a personal account), `not_offered`.',
    }),
    followers: figure.meta({ description: 'Followers (subscribers on YouTube) when read; null when the network hides the count.', examples: [12840] }),
    posts: figure.meta({ description: 'Posts, videos or pins on the account when read.' }),
    views: figure.meta({ description: 'Times the account’s content was seen over the range (Pinterest: impressions).' }),
    reach: figure.meta({ description: 'Unique people who saw it over the range, where the network counts them (Instagram, Facebook).' }),
    engagements: figure.meta({ description: 'Interactions with the account’s content over the range: the network’s own total, else the sum of what it reports.' }),
    engagementRate: z
      .number()
      .nullable()
      .meta({ description: 'Engagements ÷ views (or reach), a ratio (0.052 = 5.2 %); null without both.', examples: [0.043] }),
    extra: z
      .record(z.string(), z.number())
      .meta({ description: 'Network-only figures by the network’s name (TikTok `likes_count`, YouTube `subscribersGained`, Pinterest `OUTBOUND_CLICK`).' }),
  })
  .meta({ id: 'AccountReading', description: 'A channel’s own figures as read on one day, in the one schema every network maps into.' }) satisfies z.ZodType<AccountReadingView>;

export const connectionInsightsSchema = z
  .object({
    connectionId: z.string(),
    network: z.string().meta({ examples: ['instagram'] }),
    from: day,
    to: day,
    readings: z
      .array(accountReadingSchema)
      .meta({ description: 'One per day read, oldest first; a day without a reading (the channel was disconnected, a read failed) is absent.' }),
  })
  .meta({ id: 'ConnectionInsights', description: 'A channel’s account readings between two days.' }) satisfies z.ZodType<ConnectionInsightsView>;

const profileChannelSchema = z
  .object({
    connectionId: z.string(),
    network: z.string().meta({ examples: ['instagram'] }),
    networkName: z.string().meta({ examples: ['Instagram'] }),
    username: z.string().nullable(),
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    status: z.enum(['active', 'expiring', 'disconnected']),
    latest: accountReadingSchema.nullable().meta({ description: 'The latest reading; null before the first.' }),
    verifiedAt: instant.nullable().meta({ description: 'When the latest figures were read from the network (“verified from Instagram on …”); null before the first reading.' }),
    trend: z.array(z.object({ day, followers: z.number().int() })).meta({ description: 'Followers by day over the last 30 days, oldest first.' }),
    audience: audienceSchema,
  })
  .meta({ id: 'ProfileChannel', description: 'One of the creator’s channels with its verified figures.' }) satisfies z.ZodType<ProfileChannelView>;

export const creatorProfileSchema = z
  .object({
    creatorId: z.string(),
    name: z.string().nullable(),
    followers: figure.meta({ description: 'Followers added up over the usable (not disconnected) channels whose latest reading has a count; null when none has.' }),
    channels: z.array(profileChannelSchema),
  })
  .meta({
    id: 'CreatorProfile',
    description: 'A creator’s channels with their latest verified figures, trend and audience: what a media kit shows.',
  }) satisfies z.ZodType<CreatorProfileView>;
