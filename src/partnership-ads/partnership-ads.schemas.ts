/** The Partnership Ads API's request and answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { instant, pageOf } from '../platform/http/schemas.ts';
import { PARTNERSHIP_DURATION_DAYS, partnershipStates } from './partnership-ads.rules.ts';
import type { PartnershipView } from './partnership-view.ts';

const { min, max } = PARTNERSHIP_DURATION_DAYS;
export const partnershipBody = z.object({
  // Instagram professional account ids are numeric strings (17 digits today; kept as text, above 2^53).
  brandInstagramAccountId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, 'an Instagram account id: digits only')
    .optional()
    .meta({
      description: 'The brand’s Instagram account allowed to boost the post; remembered for the brand’s next requests, so required only the first time.',
      examples: ['17841400000000001'],
    }),
  durationDays: z
    .number()
    .int()
    .min(min)
    .max(max)
    .optional()
    .meta({ description: `How long the brand may boost the post once approved (default ${PARTNERSHIP_DURATION_DAYS.default} days).`, examples: [30] }),
  // The brands' page form reaches this schema without the API's NUL check; PostgreSQL cannot store a NUL in text.
  message: z
    .string()
    .trim()
    .max(500)
    .refine((text) => !text.includes('\u0000'), 'a NUL character is not allowed')
    .optional()
    .meta({ description: 'A note to the creator, shown with the request.', examples: ['We would love to boost this'] }),
});

const fields = z.object({
  id: z.string().meta({ examples: ['par_01kt189he0kq2yc4rfshvw97c4'] }),
  campaignId: z.string(),
  postId: z.string().meta({ description: 'The campaign post.' }),
  mediaId: z.string(),
  creatorId: z.string(),
  connectionId: z.string(),
  brandId: z.string(),
  instagramAccountId: z.string().meta({ description: 'The Instagram account that published the post; the Facebook user who approves must control it.' }),
  brandInstagramAccountId: z.string().meta({ description: 'The brand’s Instagram account allowed to boost the post.', examples: ['17841400000000001'] }),
  state: z.enum(partnershipStates),
  grant: z
    .enum(['full', 'partial'])
    .nullable()
    .meta({ description: '`full`: every permission asked was granted; `partial`: some were declined (listed in `declinedPermissions`); null until approved.' }),
  grantedPermissions: z.array(z.string()),
  declinedPermissions: z.array(z.string()).meta({ examples: [['instagram_branded_content_creator']] }),
  promotionEnabled: z.boolean().nullable().meta({ description: 'Whether the post’s “Allow brand partner to boost” is on for the brand’s account.' }),
  durationDays: z
    .number()
    .int()
    .meta({ examples: [30] }),
  message: z.string().nullable(),
  lastAttemptError: z
    .string()
    .nullable()
    .meta({ description: 'Why the creator’s last Approve did not approve.', examples: ['wrong_owner', 'permissions_declined', 'access_denied', 'provider_error'] }),
  stateReason: z
    .string()
    .nullable()
    .meta({ description: 'Why it ended.', examples: ['token_expired', 'duration_ended', 'creator', 'brand', 'app_removed'] }),
  requestedAt: instant,
  remindedAt: instant.nullable(),
  decidedAt: instant.nullable(),
  expiresAt: instant.nullable(),
  endedAt: instant.nullable(),
});

export const partnershipSchema = fields.meta({
  id: 'PartnershipAdsRequest',
  description: 'A brand’s request to run a creator’s post as a Partnership Ad, and where it stands.',
}) satisfies z.ZodType<PartnershipView>;

export const partnershipListSchema = pageOf(partnershipSchema) satisfies z.ZodType<{ data: PartnershipView[]; nextCursor: string | null }>;

export const partnershipEventSchema = z
  .object({
    type: z.string().meta({ examples: ['requested', 'approved', 'promotion_on', 'withdrawn'] }),
    detail: z.record(z.string(), z.unknown()),
    createdAt: instant,
  })
  .meta({ id: 'PartnershipAdsEvent', description: 'One step of a request (its audit trail).' });

export const partnershipWithEventsSchema = fields
  .extend({ events: z.array(partnershipEventSchema).meta({ description: 'Every step, oldest first.' }) })
  .meta({ id: 'PartnershipAdsRequestWithEvents', description: 'A Partnership Ads request with its audit trail.' }) satisfies z.ZodType<
  PartnershipView & { events: { type: string; detail: Record<string, unknown>; createdAt: string }[] }
>;
