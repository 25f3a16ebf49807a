/** What the campaigns API answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { insightsRefreshSchema, pausedChannelSchema, postMetricsSchema } from '../insights/index.ts';
import { archiveSchema } from '../media/index.ts';
import { instant } from '../platform/http/schemas.ts';
import { campaignNetworks, campaignStates, participantStages } from './campaign.rules.ts';
import type { CampaignPostView } from './campaign-posts.ts';
import type { CampaignDetailView, CampaignView } from './campaigns.ts';
import type { ParticipantView } from './participants.ts';

const nextCursor = z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' });

const campaignFields = z.object({
  id: z.string().meta({ examples: ['cmp_01kt189he0tx19pavwawcekk0k'] }),
  brand: z.object({ id: z.string(), name: z.string() }).meta({ examples: [{ id: 'acme', name: 'Acme' }] }),
  name: z.string().meta({ examples: ['Summer'] }),
  state: z.enum(campaignStates).meta({
    description: '`draft → live → completed`, `completed → live` (reopened), and `archived` from any state; nothing leaves `archived`.',
  }),
  hashtag: z.string().meta({ description: 'The binding hashtag, as written.', examples: ['#AcmeSummer26'] }),
  networks: z.array(z.enum(campaignNetworks)).meta({ examples: [['instagram', 'tiktok']] }),
  dueDate: instant.nullable().meta({ description: 'Posts published after it do not bind; null: no due date.' }),
  startedAt: instant.meta({
    description: 'When the campaign started: the `startedAt` it was imported with, else when it was created. The automatic insights refresh counts its 90 days from it.',
  }),
  createdAt: instant,
  updatedAt: instant,
  version: z
    .number()
    .int()
    .meta({ description: 'Grows by one with each change.', examples: [1] }),
});

export const campaignSchema = campaignFields.meta({ id: 'Campaign', description: 'A brand’s campaign.' }) satisfies z.ZodType<CampaignView>;

export const campaignDetailSchema = campaignFields
  .extend({
    insightsRefresh: insightsRefreshSchema,
    refreshPaused: z.array(pausedChannelSchema).meta({ description: 'The channels whose posts’ refresh is paused (disconnected), one entry per channel.' }),
  })
  .meta({
    id: 'CampaignDetail',
    description: 'A campaign with its insights: the Refresh Insights button’s state and the channels whose refresh is paused.',
  }) satisfies z.ZodType<CampaignDetailView>;

export const campaignPageSchema = z.object({
  data: z.array(campaignSchema).meta({ description: 'Newest first.' }),
  nextCursor,
}) satisfies z.ZodType<{ data: CampaignView[]; nextCursor: string | null }>;

export const participantSchema = z
  .object({
    campaignId: z.string(),
    creator: z
      .object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() })
      .meta({ examples: [{ id: 'creator-42', email: 'ana@example.com', name: 'Ana' }] }),
    stage: z.enum(participantStages),
    joinedAt: instant.meta({ description: 'Posts published before it do not bind.' }),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Participant', description: 'A creator taking part in a campaign, at a workflow stage.' }) satisfies z.ZodType<ParticipantView>;

export const participantPageSchema = z.object({
  data: z.array(participantSchema).meta({ description: 'In the order they were added.' }),
  nextCursor,
}) satisfies z.ZodType<{ data: ParticipantView[]; nextCursor: string | null }>;

export const campaignPostSchema = z
  .object({
    id: z.string().meta({ examples: ['cpo_01kt189he0sn0dcyfjf1mfpsfg'] }),
    campaignId: z.string(),
    creatorId: z.string(),
    network: z.string().meta({ examples: ['instagram', 'tiktok'] }),
    mediaId: z.string().nullable().meta({ description: 'The synced post; null for a self-reported post not seen by a sync yet.' }),
    connectionId: z.string().nullable(),
    connection: z
      .object({ status: z.string().meta({ examples: ['active', 'expiring', 'disconnected'] }), statusReason: z.string().nullable() })
      .nullable()
      .meta({ description: 'The channel’s status and why it stopped, if it did: a disconnected channel’s posts are not refreshed.' }),
    status: z.enum(['bound', 'unbound']),
    boundBy: z.enum(['auto', 'manual', 'self_reported']),
    flags: z.array(z.string()).meta({
      description: '`no_disclosure`: bound, but without a disclosure a person should look at; `no_auto_refresh`: self-reported, refreshed only on request.',
      examples: [['no_disclosure']],
    }),
    boundAt: instant,
    unboundAt: instant.nullable(),
    caption: z.string().nullable(),
    permalink: z.string().nullable(),
    mediaType: z
      .string()
      .nullable()
      .meta({ examples: ['image', 'reel'] }),
    publishedAt: instant.nullable(),
    mediaUrl: z.string().nullable().meta({ description: 'Our copy (archive.files) when the archive kept it, else the network’s link, which may expire.' }),
    thumbnailUrl: z.string().nullable().meta({ description: 'Our copy of the cover (or of the picture itself) when kept, else the network’s link.' }),
    archive: archiveSchema.nullable().meta({ description: 'The copy of the post’s files in our storage; null for a self-reported post not synced yet.' }),
    metrics: postMetricsSchema.nullable().meta({ description: 'The latest figures read from the network; null until the first reading.' }),
  })
  .meta({ id: 'CampaignPost', description: 'A post bound to a campaign (or unbound from it: the row stays).' }) satisfies z.ZodType<CampaignPostView>;

export const campaignPostPageSchema = z.object({
  data: z.array(campaignPostSchema).meta({ description: 'Most recently bound first.' }),
  nextCursor,
}) satisfies z.ZodType<{ data: CampaignPostView[]; nextCursor: string | null }>;
