/**
 * Partnership Ads consent through Facebook Login: a creator who connected with Instagram Login
 * logs in with Facebook for one brand's request, we check they control the Instagram professional account
 * that published the post (through the Page it is linked to), and turn on the post's "Allow brand partner
 * to boost" for the brand's Instagram account.
 * Docs: https://developers.facebook.com/documentation/ads-commerce/marketing-api/ad-creative/partnership-ads/post-level-permissioning
 * (`POST /{ig-media-id}/branded_content_partner_promote`, a Facebook User token with instagram_basic and
 * instagram_branded_content_creator), https://developers.facebook.com/docs/facebook-login/guides/permissions/request-revoke
 * (`/me/permissions`) and https://developers.facebook.com/docs/pages/access-tokens/ (`/me/accounts`).
 *
 * The same Facebook app as facebook.ts, through the same Graph plumbing (graph-client.ts).
 */

import { reauthReason } from '../meta/errors.ts';
import { type LinkedInstagramAccount, PARTNERSHIP_ADS_SCOPES, type PartnershipAdsProvider, type PartnershipGrant, type TokenCheck } from '../partnership-ads.ts';
import { str } from './accounts.ts';
import { FacebookGraphClient, type FacebookOptions, grantedScopes, graph, type Json } from './graph-client.ts';

export class FacebookPartnershipAds implements PartnershipAdsProvider {
  readonly providerId = 'facebook' as const;
  readonly scopes = PARTNERSHIP_ADS_SCOPES;
  readonly #graph: FacebookGraphClient;

  constructor(options: FacebookOptions) {
    this.#graph = new FacebookGraphClient(options);
  }

  createAuthorizationUrl(input: { state: string; redirectUri: string; rerequest: boolean }): URL {
    return this.#graph.authorizationUrl({ ...input, scopes: this.scopes });
  }

  async exchangeCode(input: { code: string; redirectUri: string }): Promise<PartnershipGrant> {
    const tokens = await this.#graph.exchangeCode(input);
    const declinedScopes = await this.#declined(tokens.accessToken);
    const me = await this.#me(tokens.accessToken);
    return { tokens, declinedScopes, userName: str(me.name) };
  }

  /** `/me/accounts`: every Page the person shared, and the Instagram professional account linked to each. */
  async linkedInstagramAccounts(userToken: string): Promise<LinkedInstagramAccount[]> {
    const url = new URL(`${graph}/me/accounts`);
    url.searchParams.set('fields', 'id,name,instagram_business_account{id,username}');
    const out: LinkedInstagramAccount[] = [];
    for (const page of await this.#graph.listAll(url, userToken)) {
      const ig = page.instagram_business_account as Json | undefined;
      if (typeof page.id !== 'string' || typeof ig?.id !== 'string') continue;
      out.push({ instagramAccountId: ig.id, username: str(ig.username), pageId: page.id, pageName: str(page.name) });
    }
    return out;
  }

  /**
   * Refusals come back classified: insufficient_scope for a missing instagram_branded_content_creator (code
   * 10) or a person who cannot reach the account that published the media (200: no role on its Page, or the
   * Page left unticked on the dialog; both codes inferred, Meta documents only the permission families),
   * unexpected_response 100/33 for a media Graph cannot load, reauth_required for a dead token.
   */
  async setPartnerPromotion(userToken: string, input: { mediaId: string; sponsorId: string; allow: boolean }): Promise<void> {
    const url = new URL(`${graph}/${encodeURIComponent(input.mediaId)}/branded_content_partner_promote`);
    // Form fields as the documentation's curl sends them; the token stays in the Authorization header.
    const form = new URLSearchParams({ sponsor_id: input.sponsorId, permission: String(input.allow) });
    const body = (await this.#graph.call(url, userToken, 'POST', form)) as Json;
    // Graph answers `{"success": false}` when it granted nothing: not a setting we may treat as done.
    if (body.success !== true) throw this.#graph.unexpected('branded_content_partner_promote did not answer success');
  }

  /** debug_token with the app token: Meta never tells an app that a token died, so we ask. */
  async checkToken(userToken: string): Promise<TokenCheck> {
    const data = await this.#graph.debugToken(userToken);
    if (data.is_valid !== true) {
      const error = (data.error ?? {}) as Json;
      // A dead token's `error` is a 190 with the subcode of why (460 password changed, 463 expired, …).
      const dead = error.code === 190 || error.code === 102;
      return { valid: false, reason: dead ? reauthReason(typeof error.subcode === 'number' ? error.subcode : undefined) : 'invalid_token' };
    }
    const expiresAt = Number(data.expires_at);
    // expires_at 0 means the token never expires.
    return { valid: true, expiresAt: expiresAt > 0 ? new Date(expiresAt * 1000) : null, scopes: grantedScopes(data) ?? [] };
  }

  /** `/me/permissions`: the permissions the person unticked on the dialog answer status "declined". */
  async #declined(userToken: string): Promise<string[]> {
    const body = (await this.#graph.call(new URL(`${graph}/me/permissions`), userToken)) as { data?: unknown };
    const entries = Array.isArray(body.data) ? (body.data as Json[]) : [];
    return entries.filter((e) => e.status === 'declined' && typeof e.permission === 'string').map((e) => e.permission as string);
  }

  async #me(userToken: string): Promise<Json> {
    const url = new URL(`${graph}/me`);
    url.searchParams.set('fields', 'id,name');
    const me = (await this.#graph.call(url, userToken)) as Json;
    if (typeof me.id !== 'string') throw this.#graph.unexpected('/me returned no id');
    return me;
  }
}
