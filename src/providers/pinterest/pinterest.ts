/**
 * Pinterest API v5. Docs: https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/
 * and the OpenAPI spec (https://github.com/pinterest/api-description); our record: docs/networks.md#pinterest.
 * Access tokens live 30 days; the continuous refresh token lives 60 days and every refresh hands out a
 * new one with a fresh 60-day window (store it: the old one may stop working). No PKCE, no revoke for
 * regular users. Analytics need a business account, so personal (PINNER) accounts are not eligible.
 */
import type { Clock } from '../../kernel/clock.ts';
import { type HttpClient, readJson } from '../http.ts';
import { parseTokenAnswer, readSeconds, tokenRequest } from '../oauth2.ts';
import {
  type AccountInsights,
  type AudienceInsights,
  type AuthorizationInput,
  type DayRange,
  type Grant,
  type InsightsBatch,
  type MediaPage,
  type MediaRef,
  type OAuthProvider,
  type ProviderAccount,
  ProviderError,
  type TokenSet,
} from '../provider.ts';
import { accountAnalyticsUrl, accountInsightsOf } from './account-insights.ts';
import { classifyPinterestError, type PinterestCall } from './errors.ts';
import { pinAnalyticsUrl, pinInsights } from './insights.ts';
import { pinsPage, pinsUrl } from './media.ts';
import { pinterestProfile } from './profile.ts';

const authorizationEndpoint = 'https://www.pinterest.com/oauth/';
const tokenEndpoint = 'https://api.pinterest.com/v5/oauth/token';
const apiBase = 'https://api.pinterest.com/v5';
// Pin reads and pin analytics need boards:read and pins:read; the profile and account analytics need user_accounts:read.
const scopes = ['user_accounts:read', 'pins:read', 'boards:read'] as const;
const profileScopes = ['user_accounts:read'];
const pinScopes = ['pins:read', 'boards:read'];
// The documented access-token lifetime, used only if an answer leaves expires_in out.
const ACCESS_SECONDS = 30 * 24 * 3600;

export interface PinterestOptions {
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  clock: Clock;
}

export class Pinterest implements OAuthProvider {
  readonly id = pinterestProfile.id;
  readonly displayName = pinterestProfile.displayName;
  readonly login = 'pinterest_oauth';
  readonly scopes = scopes;
  readonly featureScopes = {
    profile: ['user_accounts:read'],
    media: ['pins:read', 'boards:read'],
    insights: ['user_accounts:read', 'pins:read', 'boards:read'],
  } as const;
  // Pinterest's v5 OAuth takes no PKCE parameters.
  readonly pkce = false;
  // One pin per analytics call (insights.ts says why not the multi-pin beta).
  readonly insightsBatchSize = 1;
  readonly #options: PinterestOptions;

  constructor(options: PinterestOptions) {
    this.#options = options;
  }

  createAuthorizationUrl(input: AuthorizationInput): URL {
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', (input.scopes ?? scopes).join(','));
    url.searchParams.set('state', input.state);
    return this.#options.http.mapUrl(url);
  }

  async exchangeCode(input: { code: string; redirectUri: string }): Promise<Grant> {
    const grant = {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      // Apps created before Sep 25 2025 get the legacy 365-day refresh token unless they ask for the continuous one.
      continuous_refresh: 'true',
    };
    const tokens = this.#tokenSet(await this.#token('code', grant));
    return { tokens, accounts: [await this.fetchAccount(tokens.accessToken)] };
  }

  async fetchAccount(accessToken: string): Promise<ProviderAccount> {
    const me = (await this.#call(new URL(`${apiBase}/user_account`), { headers: { authorization: `Bearer ${accessToken}` } }, 'api', profileScopes)) as Record<string, unknown>;
    if (typeof me.id !== 'string' && typeof me.id !== 'number') throw this.#unexpected('/user_account returned no id');
    const accountType = typeof me.account_type === 'string' ? me.account_type.toUpperCase() : null;
    const username = typeof me.username === 'string' ? me.username : null;
    const businessName = typeof me.business_name === 'string' && me.business_name !== '' ? me.business_name : null;
    return {
      accountId: String(me.id),
      network: 'pinterest',
      username,
      displayName: businessName ?? username,
      accountType,
      avatarUrl: typeof me.profile_image === 'string' ? me.profile_image : null,
      // Pin and account analytics are for business accounts; a personal (PINNER) account has none.
      ...(accountType === 'BUSINESS' ? { eligible: true } : { eligible: false, ineligibleReason: 'personal_account' }),
    };
  }

  async refreshToken(current: { accessToken: string; refreshToken?: string }): Promise<TokenSet> {
    if (!current.refreshToken) throw this.#unexpected('no refresh token to refresh with');
    // Each refresh hands out a new refresh token with a fresh 60-day window.
    return this.#tokenSet(await this.#token('refresh', { grant_type: 'refresh_token', refresh_token: current.refreshToken }));
  }

  /** The person's Pins, newest first. */
  async listMedia(accessToken: string, _account: unknown, options: { cursor?: string | null; limit: number }): Promise<MediaPage> {
    return pinsPage(await this.#call(pinsUrl(options), { headers: { authorization: `Bearer ${accessToken}` } }, 'api', pinScopes));
  }

  /** Lifetime analytics of each Pin asked for, one call per Pin; a Pin Pinterest does not find is not_found. */
  async fetchMediaInsights(accessToken: string, _account: unknown, media: readonly MediaRef[]): Promise<InsightsBatch> {
    const items = [];
    for (const ref of media) {
      const url = pinAnalyticsUrl(ref.id, this.#options.clock.now());
      items.push(pinInsights(ref, await this.#call(url, { headers: { authorization: `Bearer ${accessToken}` } }, 'api', pinScopes, true)));
    }
    return { items };
  }

  /**
   * Pinterest's audience insights (`/ad_accounts/{id}/audience_insights`, ads:read) exist for ad accounts
   * only; an organic business account's API offers no demographics. The follower count is on /user_account.
   */
  async fetchAudience(accessToken: string): Promise<AudienceInsights> {
    const me = (await this.#call(new URL(`${apiBase}/user_account`), { headers: { authorization: `Bearer ${accessToken}` } }, 'api', profileScopes)) as Record<string, unknown>;
    const followers = typeof me.follower_count === 'number' && Number.isInteger(me.follower_count) && me.follower_count >= 0 ? me.follower_count : null;
    return { status: 'unavailable', reason: 'not_offered', followers };
  }

  /**
   * The profile's counts, then the range's account analytics (`org_analytics`); a personal account has
   * no analytics, so it reads `not_professional` without asking for them.
   */
  async fetchAccountInsights(accessToken: string, _account: unknown, range: DayRange): Promise<AccountInsights> {
    const init = { headers: { authorization: `Bearer ${accessToken}` } };
    const me = (await this.#call(new URL(`${apiBase}/user_account`), init, 'api', profileScopes)) as Record<string, unknown>;
    if (me.account_type !== 'BUSINESS') return accountInsightsOf(me, undefined);
    return accountInsightsOf(me, await this.#call(accountAnalyticsUrl(range), init, 'api', profileScopes));
  }

  requestsPerCall(operation: 'insights' | 'audience' | 'account'): number {
    return operation === 'account' ? 2 : 1;
  }

  /**
   * POST /oauth/token/revoke accepts only tokens issued to system users; a person ends the grant by
   * removing the app under Settings → Security and logins → Apps (docs/networks.md#pinterest).
   */
  async revokeToken(): Promise<boolean> {
    return false;
  }

  #tokenSet(body: unknown): TokenSet {
    // expires_in comes as a string ("2592000") in Pinterest's own quickstart fixture, as a number elsewhere:
    // the shared rule takes both. A legacy refresh answers no refresh token: the caller keeps the one it has.
    const tokens = parseTokenAnswer(body, { network: 'Pinterest', now: this.#options.clock.now(), defaultExpiresIn: ACCESS_SECONDS });
    // Pinterest also sends the refresh token's end as an instant (Unix seconds): used when the relative one is missing.
    const end = readSeconds(body, 'refresh_token_expires_at', 'Pinterest');
    if (tokens.refreshTokenExpiresAt === null && end !== undefined) tokens.refreshTokenExpiresAt = new Date(end * 1000);
    return tokens;
  }

  /** Pinterest's token endpoint takes the client in HTTP Basic authentication only. */
  #token(call: PinterestCall, fields: Record<string, string>): Promise<unknown> {
    return this.#call(...tokenRequest(tokenEndpoint, fields, this.#options, { method: 'basic' }), call);
  }

  /** With `missingIsUndefined`, a 404 (the object is gone) answers undefined instead of failing. */
  async #call(url: URL, init: RequestInit, call: PinterestCall, requiredScopes?: string[], missingIsUndefined = false): Promise<unknown> {
    const response = await this.#options.http.request(url, init);
    const body = await readJson(response, url.host);
    if (response.ok) return body;
    if (missingIsUndefined && response.status === 404) return undefined;
    throw classifyPinterestError(response.status, body, response.headers, call, requiredScopes);
  }

  #unexpected(message: string): ProviderError {
    return new ProviderError('unexpected_response', `Pinterest: ${message}`);
  }
}
