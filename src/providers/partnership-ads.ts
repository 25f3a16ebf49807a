/**
 * Partnership Ads consent: the one case where a creator who connected with Instagram Login alone still
 * logs in with Facebook. A brand asks to run one of the creator's Instagram posts as a partnership ad;
 * the creator approves through Facebook Login, for that request only, and the post's "Allow brand
 * partner to boost" setting is turned on for the brand through the Graph API
 * (https://developers.facebook.com/documentation/ads-commerce/marketing-api/ad-creative/partnership-ads/post-level-permissioning).
 *
 * Kept apart from OAuthProvider on purpose: this grant never becomes a connection, never refreshes, and
 * its token is scoped to one request. Only Facebook implements it.
 */
import type { ProviderId, TokenSet } from './provider.ts';

/**
 * What the consent asks for, each with its job:
 * - `pages_show_list` + `instagram_basic`: list the person's Pages and the Instagram professional account
 *   linked to each, to check they control the account that published the post;
 * - `business_management`: the same list when the Page sits in a business portfolio (Graph hides those Pages without it);
 * - `instagram_branded_content_creator`: the `/{ig-media-id}/branded_content_partner_promote` edge itself.
 */
export const PARTNERSHIP_ADS_SCOPES = ['pages_show_list', 'instagram_basic', 'business_management', 'instagram_branded_content_creator'] as const;

/** An Instagram professional account the Facebook user controls, through the Page it is linked to. */
export interface LinkedInstagramAccount {
  instagramAccountId: string;
  username: string | null;
  pageId: string;
  pageName: string | null;
}

/** What a consented Partnership Ads code yields. */
export interface PartnershipGrant {
  /** The long-lived user token (about 60 days; a server cannot refresh it), its granted scopes and the app-scoped user id. */
  tokens: TokenSet;
  /** Permissions the person unticked on the dialog (`GET /me/permissions` status "declined"). */
  declinedScopes: string[];
  /** The Facebook user's name, to tell a creator which account they logged in with. */
  userName: string | null;
}

/** debug_token's verdict on a stored token: alive (until when, with what), or dead and why. */
export type TokenCheck =
  | { valid: true; expiresAt: Date | null; scopes: string[] }
  /** `reason`: expired, password_changed, app_removed, checkpoint, … (as a connection's disconnect reasons). */
  | { valid: false; reason: string };

export interface PartnershipAdsProvider {
  /** The network whose app the consent runs on (its deauthorize and data-deletion callbacks concern these grants too). */
  readonly providerId: ProviderId;
  readonly scopes: readonly string[];
  /** The Facebook Login dialog for this request; `rerequest` asks again for permissions declined before (`auth_type=rerequest`). */
  createAuthorizationUrl(input: { state: string; redirectUri: string; rerequest: boolean }): URL;
  /** Code → short-lived → long-lived user token, with granted and declined permissions. */
  exchangeCode(input: { code: string; redirectUri: string }): Promise<PartnershipGrant>;
  /** Every Instagram professional account linked to a Page the person has a role on (`/me/accounts`, all pages). */
  linkedInstagramAccounts(userToken: string): Promise<LinkedInstagramAccount[]>;
  /**
   * Turns the post's "Allow brand partner to boost" on (allow) or off for one brand's Instagram account
   * (`POST /{ig-media-id}/branded_content_partner_promote` with sponsor_id and permission).
   */
  setPartnerPromotion(userToken: string, input: { mediaId: string; sponsorId: string; allow: boolean }): Promise<void>;
  /** Whether the token still works (debug_token with the app token), so a token the person killed is seen before it is needed. */
  checkToken(userToken: string): Promise<TokenCheck>;
}
