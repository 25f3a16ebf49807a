/** The request shapes of the campaign routes, shared by them (zod at the edge). */
import { z } from 'zod';
import { pageQuery } from '../platform/http/page-query.ts';
import { parseHashtag } from './binding.rules.ts';
import { campaignNetworks, campaignStates, participantStages } from './campaign.rules.ts';

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const participantParams = idParams.extend({ creatorId: z.string().min(1).max(200) });
export const postParams = idParams.extend({ postId: z.string().min(1).max(100) });

export const hashtag = z.string().transform((value, ctx) => {
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
  .transform((list) => [...new Set(list)]);

/**
 * An instant with its offset, or a day: a day's due date is its end (UTC), so posts of that day count.
 * Years 1970 to 9999 only: earlier ones mean nothing here, and year 0 does not exist in PostgreSQL.
 */
export const instant = z
  .union([z.iso.datetime({ offset: true }).transform((value) => new Date(value)), z.iso.date().transform((value) => new Date(`${value}T23:59:59.999Z`))])
  .refine((date) => date.getUTCFullYear() >= 1970 && date.getUTCFullYear() <= 9999, 'a date between the years 1970 and 9999');

export const createBody = z.object({
  brand: z.object({ id: z.string().min(1).max(200), name: z.string().min(1).max(200) }),
  name: z.string().trim().min(1).max(200),
  hashtag,
  networks: networks.default([...campaignNetworks]),
  dueDate: instant.optional(),
  state: z.enum(['draft', 'live']).default('draft'),
});

export const patchBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    hashtag: hashtag.optional(),
    networks: networks.optional(),
    dueDate: instant.nullable().optional(),
    state: z.enum(campaignStates).optional(),
  })
  .strict();

export const listQuery = pageQuery().extend({
  state: z.enum(campaignStates).optional(),
  brandId: z.string().min(1).max(200).optional(),
});

/** A campaign's posts, and its participants (a campaign can have tens of thousands). */
export const campaignPageQuery = pageQuery();

export const participantBody = z.object({
  stage: z.enum(participantStages),
  joinedAt: instant.optional(),
  creator: z.object({ email: z.email().max(320).optional(), name: z.string().min(1).max(200).optional() }).optional(),
});

export const urlBody = z.object({ url: z.string().min(1).max(2000) });
