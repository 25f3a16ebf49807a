/**
 * Facebook Login for a creator's Pages and the Instagram professional accounts linked to them.
 * Docs: https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow and
 * https://developers.facebook.com/docs/pages/access-tokens/; our record: docs/networks.md#facebook.
 *
 * One grant reaches several accounts: the person's long-lived user token (60 days, never refreshable by a
 * server) is kept once, and every Page and linked Instagram account carries its Page token, which never
 * expires when obtained with a long-lived user token but dies with a password change, a lost Page role or
 * app removal, and stops reading data 90 days after the person last logged in (data access expiration).
 */

import { fetchIgAccountInsights, fetchPageAccountInsights, IG_ACCOUNT_REQUESTS, PAGE_ACCOUNT_REQUESTS } from '../meta/account-insights.ts';
import { IG_AUDIENCE_REQUESTS, withScopes } from '../meta/insights.ts';
import type { AccountInsights, AudienceInsights, DayRange, InsightsBatch, MediaFile, MediaItem, MediaRef, Network } from '../provider.ts';
import { type AccountRef, type AuthorizationInput, type Grant, type MediaPage, type OAuthProvider, type ProviderAccount, ProviderError, type TokenSet } from '../provider.ts';
import { instagramAccount, pageAccount, str } from './accounts.ts';
import { FacebookGraphClient, type FacebookOptions, graph, type Json } from './graph-client.ts';
import { fetchFacebookAudience, fetchFacebookMediaInsights, listFacebookStories } from './insights.ts';
import { facebookMediaFiles, listFacebookMedia } from './media.ts';
import { facebookProfile } from './profile.ts';

export type { FacebookOptions } from './graph-client.ts';

const igFields = 'id,username,name,profile_picture_url';
const pageFields = 'id,name,username,picture';
const accountsFields = `${pageFields},access_token,tasks,instagram_business_account{${igFields}}`;
// https://developers.facebook.com/docs/permissions: the Pages list, Page posts, the linked Instagram
// account and its media, and the insights of both.
const scopes = ['pages_show_list', 'pages_read_engagement', 'instagram_basic', 'instagram_manage_insights', 'read_insights', 'business_management'] as const;

export class Facebook implements OAuthProvider {
  readonly id = facebookProfile.id;
  readonly displayName = facebookProfile.displayName;
  readonly login = 'facebook_login';
  readonly scopes = scopes;
  readonly featureScopes = {
    profile: ['pages_show_list', 'instagram_basic'],
    media: ['instagram_basic', 'pages_read_engagement'],
    insights: ['instagram_manage_insights', 'read_insights', 'pages_read_engagement'],
    audience: ['instagram_manage_insights', 'read_insights'],
  } as const;
  // Facebook Login's PKCE exists only in the OIDC flow Meta still calls "in testing"; the code flow takes the secret.
  readonly pkce = false;
  readonly #graph: FacebookGraphClient;

  constructor(options: FacebookOptions) {
    this.#graph = new FacebookGraphClient(options);
  }

  createAuthorizationUrl(input: AuthorizationInput): URL {
    return this.#graph.authorizationUrl({ ...input, scopes: input.scopes ?? scopes });
  }

  async exchangeCode(input: { code: string; redirectUri: string }): Promise<Grant> {
    const tokens = await this.#graph.exchangeCode(input);
    return { tokens, accounts: await this.#accounts(tokens.accessToken) };
  }

  async fetchAccount(accessToken: string, account?: AccountRef): Promise<ProviderAccount> {
    if (!account) {
      const url = new URL(`${graph}/me`);
      url.searchParams.set('fields', 'id,name');
      const me = (await this.#graph.call(url, accessToken)) as Json;
      if (typeof me.id !== 'string') throw this.#graph.unexpected('/me returned no id');
      // The person is not an account the product serves; only their Pages and Instagram accounts are.
      return {
        accountId: me.id,
        network: 'facebook',
        username: null,
        displayName: str(me.name),
        accountType: 'USER',
        avatarUrl: null,
        eligible: false,
        ineligibleReason: 'not_a_page',
      };
    }
    if (account.network !== 'instagram' && account.network !== 'facebook') throw this.#graph.unexpected(`no ${account.network} accounts through Facebook Login`);
    const url = new URL(`${graph}/${encodeURIComponent(account.accountId)}`);
    url.searchParams.set('fields', account.network === 'instagram' ? igFields : pageFields);
    let node: Json;
    try {
      node = (await this.#graph.call(url, accessToken)) as Json;
    } catch (error) {
      if (account.network === 'instagram' && error instanceof ProviderError && error.providerCode === '100/33') return this.#unlinked(accessToken, account, error);
      throw error;
    }
    const mapped = account.network === 'instagram' ? instagramAccount(node, undefined) : pageAccount(node, undefined);
    if (!mapped) throw this.#graph.unexpected(`the ${account.network} node has no id`);
    return mapped;
  }

  /** An Instagram account's feed or a Page's own posts, read with the account's Page token. */
  async listMedia(accessToken: string, account: AccountRef, options: { cursor?: string | null; limit: number }): Promise<MediaPage> {
    return listFacebookMedia((url) => this.#graph.call(url, accessToken), graph, account, options);
  }

  /** A post's files with fresh links, with the account's Page token (a carousel's items too). */
  async mediaFiles(accessToken: string, account: AccountRef, media: MediaRef): Promise<MediaFile[]> {
    return facebookMediaFiles((url) => this.#graph.call(url, accessToken), graph, account, media);
  }

  /** An Instagram account's live stories (a Page has none the API lists). */
  async listStories(accessToken: string, account: AccountRef): Promise<MediaItem[]> {
    return listFacebookStories((url) => this.#graph.get(url, accessToken), graph, account);
  }

  // One insights call per media (two for a Page post: its insights and its engagement fields).
  readonly insightsBatchSize = 1;

  requestsPerCall(operation: 'insights' | 'audience' | 'account', network: Network): number {
    // A Page: insights and its node; its audience: node and follower locations. An Instagram account's audience: followers and four breakdowns.
    if (operation === 'insights') return network === 'facebook' ? 2 : 1;
    if (operation === 'account') return network === 'facebook' ? PAGE_ACCOUNT_REQUESTS : IG_ACCOUNT_REQUESTS;
    return network === 'facebook' ? 2 : IG_AUDIENCE_REQUESTS;
  }

  async fetchMediaInsights(accessToken: string, account: AccountRef, media: readonly MediaRef[]): Promise<InsightsBatch> {
    const now = this.#graph.clock.now().getTime();
    return fetchFacebookMediaInsights((url) => this.#graph.get(url, accessToken), graph, account, media, now).catch((error: unknown) => {
      throw withScopes(error, scopesFor(account, this.featureScopes.insights));
    });
  }

  async fetchAudience(accessToken: string, account: AccountRef): Promise<AudienceInsights> {
    return fetchFacebookAudience((url) => this.#graph.get(url, accessToken), graph, account).catch((error: unknown) => {
      throw withScopes(error, scopesFor(account, this.featureScopes.audience));
    });
  }

  /** A Page's or its Instagram account's own figures, read with the Page token. */
  async fetchAccountInsights(accessToken: string, account: AccountRef, range: DayRange): Promise<AccountInsights> {
    if (account.network !== 'instagram' && account.network !== 'facebook') throw this.#graph.unexpected(`no ${account.network} accounts through Facebook Login`);
    const get = (url: URL) => this.#graph.get(url, accessToken);
    const node = `${graph}/${encodeURIComponent(account.accountId)}`;
    const reading = account.network === 'instagram' ? fetchIgAccountInsights(get, node, range, false) : fetchPageAccountInsights(get, node, range);
    return reading.catch((error: unknown) => {
      throw withScopes(error, scopesFor(account, this.featureScopes.insights));
    });
  }

  /**
   * A Facebook user token cannot be refreshed by a server: without the JavaScript or mobile SDKs the
   * long-lived token simply ends after about 60 days and the person logs in again
   * (https://developers.facebook.com/documentation/facebook-login/guides/access-tokens/get-long-lived).
   * Exchanging the current token again is not a refresh Meta documents, so no call is made.
   */
  async refreshToken(_current: { accessToken: string }): Promise<TokenSet> {
    throw new ProviderError('unexpected_response', 'Facebook user tokens cannot be refreshed by a server; the person must log in again', {
      providerCode: 'not_refreshable',
    });
  }

  /** `DELETE /{user-id}/permissions` de-authorizes the app for the person and ends every token it holds. */
  async revokeToken(current: { accessToken: string; providerUserId?: string }): Promise<boolean> {
    const url = new URL(`${graph}/${encodeURIComponent(current.providerUserId ?? 'me')}/permissions`);
    try {
      const body = (await this.#graph.call(url, current.accessToken, 'DELETE')) as Json;
      if (body.success !== true) throw this.#graph.unexpected('revoke did not answer success');
      return true;
    } catch (error) {
      // A token that is already dead (code 190: removed, expired, password changed) has nothing left to revoke.
      if (error instanceof ProviderError && error.providerCode?.startsWith('190')) return true;
      throw error;
    }
  }

  /**
   * The Instagram node cannot be loaded through the Page token (100/33). Graph's IG User node does not say
   * an account's kind, but only professional accounts can be a Page's `instagram_business_account`: when the
   * Page (the Page token's `/me`) no longer names this account, it is no professional account of the Page
   * any more, a switch to a personal account (or an unlink in the Page's settings, which the same
   * reconnect fixes). Anything else is the failure it was.
   */
  async #unlinked(pageToken: string, account: AccountRef, failure: ProviderError): Promise<ProviderAccount> {
    const url = new URL(`${graph}/me`);
    url.searchParams.set('fields', 'id,instagram_business_account{id}');
    const page = (await this.#graph.call(url, pageToken)) as Json;
    const linked = (page.instagram_business_account as Json | undefined)?.id;
    if (typeof page.id !== 'string' || linked === account.accountId) throw failure;
    return {
      accountId: account.accountId,
      network: 'instagram',
      username: null,
      displayName: null,
      accountType: 'PERSONAL',
      avatarUrl: null,
      eligible: false,
      ineligibleReason: 'personal_account',
    };
  }

  /** Every Page the person shared on the consent screen, and each linked Instagram account, with the Page token. */
  async #accounts(userToken: string): Promise<ProviderAccount[]> {
    const url = new URL(`${graph}/me/accounts`);
    url.searchParams.set('fields', accountsFields);
    const out: ProviderAccount[] = [];
    for (const page of await this.#graph.listAll(url, userToken)) {
      const token = str(page.access_token) ?? undefined;
      const pageEntry = pageAccount(page, token);
      if (pageEntry) out.push(pageEntry);
      const ig = page.instagram_business_account as Json | undefined;
      const igEntry = ig && instagramAccount(ig, token);
      if (igEntry) out.push(igEntry);
    }
    return out;
  }
}

/** The scopes of a feature that concern this kind of account: instagram_* for Instagram, the rest for a Page. */
function scopesFor(account: AccountRef, scopes: readonly string[]): string[] {
  return scopes.filter((s) => s.startsWith('instagram_') === (account.network === 'instagram'));
}
