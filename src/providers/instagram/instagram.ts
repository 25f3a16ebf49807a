/**
 * Instagram API with Instagram Login ("Business Login for Instagram").
 * Docs: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login;
 * our record: docs/networks.md#instagram.
 * Professional (Business or Creator) accounts only; no refresh token: the long-lived token itself
 * is refreshed (≥ 24 h old, not expired) and then lives 60 days from the refresh.
 */
import type { Clock } from '../../kernel/clock.ts';
import { type HttpClient, readJson } from '../http.ts';
import { fetchIgAccountInsights, IG_ACCOUNT_REQUESTS, isProfessional } from '../meta/account-insights.ts';
import { appUsagePercent, classifyMetaError } from '../meta/errors.ts';
import { fetchIgAudience, fetchIgMediaInsights, type GraphAnswer, IG_AUDIENCE_REQUESTS, okBody, withScopes } from '../meta/insights.ts';
import { parseScopes, parseTokenAnswer, tokenRequest } from '../oauth2.ts';
import {
  type AccountInsights,
  type AudienceInsights,
  type AuthorizationInput,
  type DayRange,
  type Grant,
  type InsightsBatch,
  type MediaFile,
  type MediaItem,
  type MediaPage,
  type MediaRef,
  type OAuthProvider,
  type ProviderAccount,
  ProviderError,
  type TokenSet,
} from '../provider.ts';
import { graphLimit, igMediaFields, igMediaFileFields, igMediaFiles, igMediaPage } from './media.ts';
import { instagramProfile } from './profile.ts';

const authorizationEndpoint = 'https://www.instagram.com/oauth/authorize';
const tokenEndpoint = 'https://api.instagram.com/oauth/access_token';
const graphOrigin = 'https://graph.instagram.com';
const graphVersion = 'v25.0';
const accountFields = 'user_id,username,name,account_type,profile_picture_url';
// Profile and media need basic; insights need manage_insights (https://developers.facebook.com/documentation/instagram-platform/insights).
const scopes = ['instagram_business_basic', 'instagram_business_manage_insights'] as const;
// Instagram's documented long-lived lifetime (60 days), assumed only if an answer leaves expires_in out.
const LONG_LIVED_SECONDS = 60 * 24 * 3600;
// The short-lived token of the code exchange lives an hour; it is only ever exchanged at once.
const SHORT_LIVED_SECONDS = 3600;

export interface InstagramOptions {
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  clock: Clock;
}

export class Instagram implements OAuthProvider {
  readonly id = instagramProfile.id;
  readonly displayName = instagramProfile.displayName;
  readonly login = 'instagram_login';
  readonly scopes = scopes;
  readonly featureScopes = {
    profile: ['instagram_business_basic'],
    media: ['instagram_business_basic'],
    insights: ['instagram_business_manage_insights'],
    audience: ['instagram_business_manage_insights'],
  } as const;
  // Instagram Login takes no PKCE parameters.
  readonly pkce = false;
  readonly #options: InstagramOptions;

  constructor(options: InstagramOptions) {
    this.#options = options;
  }

  createAuthorizationUrl(input: AuthorizationInput): URL {
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', (input.scopes ?? scopes).join(','));
    url.searchParams.set('state', input.state);
    // Creators sign in with their Instagram credentials; the Facebook button only confuses them.
    url.searchParams.set('enable_fb_login', '0');
    return this.#options.http.mapUrl(url);
  }

  async exchangeCode(input: { code: string; redirectUri: string }): Promise<Grant> {
    // Instagram appends "#_" to the redirect; a browser drops the fragment, a copied URL may not.
    const code = input.code.replace(/#_$/, '');
    const grant = { grant_type: 'authorization_code', redirect_uri: input.redirectUri, code };
    const answer = await this.#call(...tokenRequest(tokenEndpoint, grant, this.#options, { method: 'body' }));
    // The docs show {"data":[{…}]}, production answers flat; accept both. `user_id` is a JSON number
    // above 2^53 here (precision is lost), so the account id is read from /me instead.
    const flat = (Array.isArray((answer as { data?: unknown }).data) ? (answer as { data: unknown[] }).data[0] : answer) as { permissions?: unknown };
    const short = this.#tokenSet(flat, SHORT_LIVED_SECONDS);
    // The granted scopes come as `permissions` (a list or a comma string), and only in this answer.
    const scopesGranted = parseScopes(flat.permissions, 'Instagram');

    // Short-lived → long-lived is a GET with the secret in the query, not a token request
    // (https://developers.facebook.com/documentation/instagram-platform/reference/access_token).
    const exchangeUrl = new URL(`${graphOrigin}/access_token`);
    exchangeUrl.searchParams.set('grant_type', 'ig_exchange_token');
    exchangeUrl.searchParams.set('client_secret', this.#options.clientSecret);
    exchangeUrl.searchParams.set('access_token', short.accessToken);
    const tokens: TokenSet = { ...this.#tokenSet(await this.#call(exchangeUrl)), scopes: scopesGranted };
    try {
      return { tokens, accounts: [await this.fetchAccount(tokens.accessToken)] };
    } catch (error) {
      // Right after consent the basic scope is granted, so a permission error on /me can only mean
      // "(#10) The user is not an Instagram Business account": a personal account. Later (the daily
      // verify) a code 10 is read as what it says, a missing permission: only the message would tell them apart.
      if (error instanceof ProviderError && error.kind === 'insufficient_scope') return { tokens, accounts: [personalAccount('')] };
      throw error;
    }
  }

  /** The token's account from `/me`; its `account_type` says whether it is still professional (the daily verify disconnects one switched to personal). */
  async fetchAccount(accessToken: string): Promise<ProviderAccount> {
    const url = new URL(`${graphOrigin}/${graphVersion}/me`);
    url.searchParams.set('fields', accountFields);
    const me = (await this.#call(url, { headers: { authorization: `Bearer ${accessToken}` } })) as Record<string, unknown>;
    const accountId = me.user_id ?? me.id;
    if (typeof accountId !== 'string' && typeof accountId !== 'number') throw this.#unexpected('/me returned no user_id');
    const accountType = typeof me.account_type === 'string' ? me.account_type.toUpperCase() : null;
    return {
      accountId: String(accountId),
      network: 'instagram',
      username: typeof me.username === 'string' ? me.username : null,
      displayName: typeof me.name === 'string' ? me.name : null,
      accountType,
      avatarUrl: typeof me.profile_picture_url === 'string' ? me.profile_picture_url : null,
      ...eligibility(accountType),
    };
  }

  async refreshToken(current: { accessToken: string }): Promise<TokenSet> {
    // GET only: other methods answer "Unsupported request - method type"
    // (https://developers.facebook.com/documentation/instagram-platform/reference/refresh_access_token).
    const url = new URL(`${graphOrigin}/refresh_access_token`);
    url.searchParams.set('grant_type', 'ig_refresh_token');
    url.searchParams.set('access_token', current.accessToken);
    const response = await this.#request(url);
    return { ...this.#tokenSet(response.body), appUsagePercent: appUsagePercent(response.headers) };
  }

  /**
   * Feed posts and reels, newest first. Stories live on `/me/stories` for 24 hours and are not listed here.
   * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/reference/ig-user/media
   */
  async listMedia(accessToken: string, _account: unknown, options: { cursor?: string | null; limit: number }): Promise<MediaPage> {
    const url = new URL(`${graphOrigin}/${graphVersion}/me/media`);
    url.searchParams.set('fields', igMediaFields);
    url.searchParams.set('limit', graphLimit(options.limit));
    if (options.cursor) url.searchParams.set('after', options.cursor);
    return igMediaPage(await this.#call(url, { headers: { authorization: `Bearer ${accessToken}` } }), 'Instagram');
  }

  /** The account's live stories (24 hours each): https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/stories */
  async listStories(accessToken: string, _account?: unknown): Promise<MediaItem[]> {
    const url = new URL(`${graphOrigin}/${graphVersion}/me/stories`);
    url.searchParams.set('fields', igMediaFields);
    url.searchParams.set('limit', graphLimit(100));
    return igMediaPage(okBody(await this.#get(url, accessToken), url), 'Instagram').items;
  }

  /**
   * One post's files with links signed now (those the sync stored expire within days), a carousel's items
   * included: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/children
   */
  async mediaFiles(accessToken: string, _account: unknown, media: MediaRef): Promise<MediaFile[]> {
    const url = new URL(`${graphOrigin}/${graphVersion}/${encodeURIComponent(media.id)}`);
    url.searchParams.set('fields', igMediaFileFields);
    return igMediaFiles(okBody(await this.#get(url, accessToken), url), 'Instagram');
  }

  // One insights call per media on Graph.
  readonly insightsBatchSize = 1;

  async fetchMediaInsights(accessToken: string, _account: unknown, media: readonly MediaRef[]): Promise<InsightsBatch> {
    const graph = `${graphOrigin}/${graphVersion}`;
    return fetchIgMediaInsights((url) => this.#get(url, accessToken), graph, media, this.#options.clock.now().getTime()).catch((error: unknown) => {
      throw withScopes(error, this.featureScopes.insights);
    });
  }

  requestsPerCall(operation: 'insights' | 'audience' | 'account'): number {
    return operation === 'audience' ? IG_AUDIENCE_REQUESTS : operation === 'account' ? IG_ACCOUNT_REQUESTS : 1;
  }

  async fetchAudience(accessToken: string, _account?: unknown): Promise<AudienceInsights> {
    return fetchIgAudience((url) => this.#get(url, accessToken), `${graphOrigin}/${graphVersion}/me`).catch((error: unknown) => {
      throw withScopes(error, this.featureScopes.audience);
    });
  }

  /** Followers, posts and the range's views, reach and interactions; `/me` says the account type, so a personal account is told apart. */
  async fetchAccountInsights(accessToken: string, _account: unknown, range: DayRange): Promise<AccountInsights> {
    return fetchIgAccountInsights((url) => this.#get(url, accessToken), `${graphOrigin}/${graphVersion}/me`, range, true).catch((error: unknown) => {
      throw withScopes(error, this.featureScopes.insights);
    });
  }

  /** Instagram Login has no revoke endpoint: the person removes the app under Settings → Apps and websites. */
  async revokeToken(): Promise<boolean> {
    return false;
  }

  /** No refresh token: the long-lived access token itself is refreshed, and is the whole grant. */
  #tokenSet(body: unknown, defaultExpiresIn = LONG_LIVED_SECONDS): TokenSet {
    return parseTokenAnswer(body, { network: 'Instagram', now: this.#options.clock.now(), defaultExpiresIn });
  }

  async #call(url: URL, init?: RequestInit): Promise<unknown> {
    return (await this.#request(url, init)).body;
  }

  /** A Graph GET that hands back error answers too (insights read some errors as per-media conditions). */
  async #get(url: URL, accessToken: string): Promise<GraphAnswer> {
    const response = await this.#options.http.request(url, { headers: { authorization: `Bearer ${accessToken}` } });
    return { status: response.status, ok: response.ok, body: await readJson(response, url.host), headers: response.headers };
  }

  async #request(url: URL, init?: RequestInit): Promise<{ body: unknown; headers: Headers }> {
    const response = await this.#options.http.request(url, init);
    const body = await readJson(response, url.host);
    if (response.ok) return { body, headers: response.headers };
    if (isOAuthShape(body)) {
      // api.instagram.com's own error shape: {"error_type","code","error_message"}. Code 400 is a
      // rejected code or secret; anything else (a 5xx, a throttle) is classified like a Graph error.
      if (body.code === 400 && response.status < 500) {
        throw new ProviderError('unexpected_response', `${url.host} rejected the code: ${body.error_type}`, { providerCode: 'oauth_400' });
      }
      throw classifyMetaError(response.status, { error: { code: body.code, type: body.error_type } }, response.headers, url.host);
    }
    throw classifyMetaError(response.status, body, response.headers, url.host);
  }

  #unexpected(message: string): ProviderError {
    return new ProviderError('unexpected_response', `Instagram: ${message}`);
  }
}

function personalAccount(accountId: string): ProviderAccount {
  return { accountId, network: 'instagram', username: null, displayName: null, accountType: 'PERSONAL', avatarUrl: null, eligible: false, ineligibleReason: 'personal_account' };
}

function eligibility(accountType: string | null): Pick<ProviderAccount, 'eligible' | 'ineligibleReason'> {
  return isProfessional(accountType) ? { eligible: true } : { eligible: false, ineligibleReason: 'personal_account' };
}

function isOAuthShape(body: unknown): body is { error_type: string; code: number } {
  return typeof body === 'object' && body !== null && 'error_type' in body;
}
