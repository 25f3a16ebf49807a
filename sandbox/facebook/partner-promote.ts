/**
 * `GET|POST graph.facebook.com/{v}/{ig-media-id}/branded_content_partner_promote`: the creator's side of
 * Partnership Ads post-level permissioning
 * (https://developers.facebook.com/documentation/ads-commerce/marketing-api/ad-creative/partnership-ads/post-level-permissioning).
 *
 * POST `sponsor_id=<brand IG business account id>&permission=true|false` turns the post's "Allow brand
 * partner to boost" on or off for that brand → `{"success":true}`; GET lists the brands allowed
 * (`{"data":[{"id":"…"}]}`, cursor-paged). The media is an Instagram Login media (instagram/media.ts) or
 * one of this world's own IG media; either way it must be an account the caller reaches through a Page.
 *
 * Checks, in order: fault, token (190 family, 493 once data access lapsed), the media exists (100/33), a
 * user token (210), `instagram_branded_content_creator` (10), the person has a role on the Page linked to
 * the media's account and picked it on the dialog, so the permission's granular target names the account
 * (200), then the parameters (100). Error texts for 210/10/200 are inferred; Meta documents only the codes'
 * families (https://developers.facebook.com/docs/graph-api/guides/error-handling). A story past its 24 hours can no longer be boosted: the POST answers
 * `{"success":false}`, the documented answer when no permission was granted (when exactly Meta sends it
 * is not documented).
 */

import { findMedia } from '../instagram/media.ts';
import { STORY_LIFETIME_MS } from '../meta/metrics.ts';
import { noPermission, withToken } from './graph.ts';
import { fail, type GraphCall, graphError, paginate, params, sendOk, unsupportedGet } from './http.ts';
import type { IgAccount } from './model.ts';
import { findIgMedia } from './stories.ts';

export const PROMOTE_SCOPE = 'instagram_branded_content_creator';

interface PromotedMedia {
  /** The IG professional account that published it. */
  ownerId: string;
  /** That account as reached through a Page (this world's own, or linked); absent: no Page is linked to it. */
  ig: IgAccount | undefined;
  productType: string;
  publishedAtMs: number;
}

function resolve(call: GraphCall, id: string): PromotedMedia | undefined {
  const reached = findIgMedia(call, id);
  if (reached) return { ownerId: reached.ig.id, ig: reached.ig, productType: reached.productType, publishedAtMs: reached.publishedAtMs };
  const login = findMedia(call.world, id);
  return login && { ownerId: login.account.userId, ig: undefined, productType: login.media.productType, publishedAtMs: login.media.publishedAtMs };
}

export async function partnerPromote(call: GraphCall, mediaId: string): Promise<unknown> {
  const media = resolve(call, mediaId);
  const checked = await withToken(call, 'partner_promote', media?.ownerId, true);
  if (!checked) return;
  const { token } = checked;
  const now = call.fb.clock.now().getTime();
  if (!media || media.publishedAtMs > now) return fail(call, unsupportedGet(mediaId, call.req.method.toLowerCase()));
  if (token.kind === 'page') return fail(call, graphError(400, 210, '(#210) A user access token is required to request this resource.'));
  if (!token.scopes.includes(PROMOTE_SCOPE)) return noPermission(call);
  // The granular target of the permission: the IG accounts of the Pages picked on the dialog and still held.
  if (!call.fb.reachablePages(token).some((p) => p.igId === media.ownerId)) {
    return fail(call, graphError(403, 200, '(#200) The user must have a role on the Page linked to the Instagram account that published this media'));
  }
  const usage = { endpoint: 'partner_promote', igId: media.ownerId };
  if (call.req.method === 'GET') {
    const sponsors = call.fb.partnerApprovals(mediaId).map((id) => ({ id }));
    return sendOk(call, paginate(call, sponsors, `${mediaId}/branded_content_partner_promote`), usage);
  }
  const p = params(call);
  if (p.sponsor_id === undefined) return fail(call, graphError(400, 100, '(#100) The parameter sponsor_id is required'));
  if (!/^\d{1,20}$/.test(p.sponsor_id)) return fail(call, graphError(400, 100, '(#100) Param sponsor_id must be a valid ID string (e.g., "123")'));
  if (p.permission === undefined) return fail(call, graphError(400, 100, '(#100) The parameter permission is required'));
  if (p.permission !== 'true' && p.permission !== 'false') return fail(call, graphError(400, 100, '(#100) Param permission must be a boolean'));
  if (media.productType === 'STORY' && now >= media.publishedAtMs + STORY_LIFETIME_MS) return sendOk(call, { success: false }, usage);
  call.fb.promotions.set(mediaId, p.sponsor_id, p.permission === 'true');
  return sendOk(call, { success: true }, usage);
}
