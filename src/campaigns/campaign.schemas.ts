/** The request shapes of the campaign routes, shared by them (zod at the edge). */
import { z } from 'zod';
import { pageQuery } from '../platform/http/page-query.ts';
import { parseHashtag } from './binding.rules.ts';
import { campaignNetworks, campaignStates, participantStages } from './campaign.rules.ts';

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const participantParams = idParams.extend({
  creatorId: z
    .string()
    .min(1)
    .max(200)
    .meta({ description: 'The platform’s id of the creator.', examples: ['creator-42'] }),
});
export const postParams = idParams.extend({
  postId: z.string().min(1).max(100).meta({ description: 'The id of a campaign post (as `GET /v1/campaigns/{id}/posts` lists them).' }),
});

export const hashtag = z
  .string()
  .meta({ description: 'The binding hashtag: one tag of letters of any script, digits and underscores, at most 100 characters; `#` optional.', examples: ['#AcmeSummer26'] })
  .transform((value, ctx) => {
    const parsed = parseHashtag(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return { hashtag: parsed.hashtag, key: parsed.key };
  });

export const networks = z
  .array(z.enum(campaignNetworks))
  .min(1)
  .meta({ description: 'The networks whose posts count for the campaign.', examples: [['instagram', 'tiktok']] })
  .transform((list) => [...new Set(list)]);

/**
 * An instant with its offset, or a day: a day's due date is its end (UTC), so posts of that day count.
 * Years 1970 to 9999 only: earlier ones mean nothing here, and year 0 does not exist in PostgreSQL.
 */
export const instant = instantSchema();

/**
 * A schema of its own each time: the OpenAPI generator writes a schema used twice in one object once
 * and the second as an empty `anyOf` (dueDate and startedAt side by side).
 */
function instantSchema() {
  return z
    .union([
      z.iso
        .datetime({ offset: true })
        .meta({ examples: ['2026-06-30T18:00:00+02:00'] })
        .transform((value) => new Date(value)),
      z.iso
        .date()
        .meta({ examples: ['2026-06-30'] })
        .transform((value) => new Date(`${value}T23:59:59.999Z`)),
    ])
    .refine((date) => date.getUTCFullYear() >= 1970 && date.getUTCFullYear() <= 9999, 'a date between the years 1970 and 9999');
}

const dueDate = 'The due date: an instant with its offset, or a day meaning its end (UTC). Posts published after it do not bind.';

export const createBody = z.object({
  brand: z
    .object({ id: z.string().min(1).max(200), name: z.string().min(1).max(200) })
    .meta({ description: 'The platform’s id and name of the brand; the name is updated.', examples: [{ id: 'acme', name: 'Acme' }] }),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .meta({ examples: ['Summer'] }),
  hashtag,
  networks: networks.default([...campaignNetworks]).meta({ description: 'The networks whose posts count for the campaign; default every one.' }),
  dueDate: instant.meta({ description: dueDate }).optional(),
  startedAt: instantSchema()
    .meta({
      description:
        'When the campaign really started, for a campaign moved from another system: the automatic insights refresh (90 days from the start) counts from it. Not in the future, not after `dueDate`; a day means its end (UTC). Default: now.',
    })
    .optional(),
  state: z.enum(['draft', 'live']).default('draft'),
});

export const patchBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    hashtag: hashtag.optional(),
    networks: networks.optional(),
    dueDate: instant
      .nullable()
      .optional()
      .meta({ description: `${dueDate} null removes it.` }),
    state: z.enum(campaignStates).optional(),
  })
  .strict();

export const listQuery = pageQuery().extend({
  state: z.enum(campaignStates).optional(),
  brandId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Only this brand’s campaigns.', examples: ['acme'] }),
});

/** A campaign's posts, and its participants (a campaign can have tens of thousands). */
export const campaignPageQuery = pageQuery();

export const participantBody = z.object({
  stage: z.enum(participantStages).meta({ description: 'The creator’s workflow stage; `confirmed`, `content_creation` and `complete` are past `applied`: their posts may bind.' }),
  joinedAt: instant.meta({ description: 'Posts published before it do not bind. Default: now for a new participant; an existing one keeps theirs.' }).optional(),
  creator: z
    .object({ email: z.email().max(320).optional(), name: z.string().min(1).max(200).optional() })
    .optional()
    .meta({ description: 'The creator, created if new.', examples: [{ email: 'ana@example.com', name: 'Ana' }] }),
});

export const urlBody = z.object({
  url: z
    .string()
    .min(1)
    .max(2000)
    .meta({ description: 'The post’s address on its network.', examples: ['https://www.instagram.com/p/C8xYz/'] }),
});
