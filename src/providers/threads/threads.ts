/**
 * The Threads API (its own Meta app, the Threads use case).
 * Docs: https://developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions and
 * https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/; our record: docs/networks.md#threads.
 * Every Threads profile can connect, public or private. No refresh token: the long-lived token itself is
 * refreshed (≥ 24 h old, not expired) and then lives 60 days from the refresh, as with Instagram Login.
 */
import type { Clock } from '../../kernel/clock.ts';
import { type HttpClient, readJson } from '../http.ts';
import { appUsagePercent } from '../meta/errors.ts';
import { type GraphAnswer, okBody, withScopes } from '../meta/insights.ts';
import { parseTokenAnswer, tokenRequest } from '../oauth2.ts';
import {
  type AccountRef,
  type AudienceInsights,
  type AuthorizationInput,
  type Grant,
  type InsightsBatch,
  type MediaPage,
  type MediaRef,
  type OAuthProvider,
  type ProviderAccount,
  ProviderError,
  type TokenSet,
} from '../provider.ts';
import { classifyThreadsError } from './errors.ts';
import { fetchThreadsAudience, fetchThreadsMediaInsights, THREADS_AUDIENCE_REQUESTS } from './insights.ts';
import { threadsMediaFields, threadsMediaPage } from './media.ts';
import { threadsProfile } from './profile.ts';

// The current pages give the window on threads.com; older ones (and most clients) threads.net.
const authorizationEndpoint = 'https://threads.com/oauth/authorize';
// The token pages use graph.threads.net; the API answers on graph.threads.com as well.
const graphOrigin = 'https://graph.threads.net';
const tokenEndpoint = `${graphOrigin}/oauth/access_token`;
const graphVersion = 'v1.0';
const accountFields = 'id,username,name,threads_profile_picture_url,threads_biography';
// threads_basic is required for every endpoint; threads_manage_insights for insights.
const scopes = ['threads_basic', 'threads_manage_insights'] as const;
const LONG_LIVED_SECONDS = 60 * 24 * 3600;
const SHORT_LIVED_SECONDS = 3600;
// Graph caps list pages at 100.
const MAX_LIMIT = 100;

export interface ThreadsOptions {
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  clock: Clock;
}

export class Threads implements OAuthProvider {
  readonly id = threadsProfile.id;
  readonly displayName = threadsProfile.displayName;
  readonly login = 'threads_login';
  readonly scopes = scopes;
  readonly featureScopes = {
    profile: ['threads_basic'],
    media: ['threads_basic'],
    insights: ['threads_manage_insights'],
    audience: ['threads_manage_insights'],
  } as const;
  readonly pkce = false;
  // One insights call per post.
  readonly insightsBatchSize = 1;
  readonly #options: ThreadsOptions;

  constructor(options: ThreadsOptions) {
    this.#options = options;
  }

  createAuthorizationUrl(input: AuthorizationInput): URL {
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('scope', (input.scopes ?? scopes).join(','));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', input.state);
    return this.#options.http.mapUrl(url);
  }

  /**
   * The answer names no granted permissions (only access_token and user_id), so the token's scopes stay
   * unknown: a permission the person left out shows on first use as a code-10 refusal (insufficient_scope).
   */
  async exchangeCode(input: { code: string; redirectUri: string }): Promise<Grant> {
    // "#_ will be appended to the end of the redirect URI, but it is not part of the code itself".
    const code = input.code.replace(/#_$/, '');
    const grant = { grant_type: 'authorization_code', redirect_uri: input.redirectUri, code };
    const short = this.#tokenSet(await this.#call(...tokenRequest(tokenEndpoint, grant, this.#options, { method: 'body' })), SHORT_LIVED_SECONDS);
    // Short-lived (1 hour) → long-lived (60 days) is a GET with the secret in the query.
    const url = new URL(`${graphOrigin}/access_token`);
    url.searchParams.set('grant_type', 'th_exchange_token');
    url.searchParams.set('client_secret', this.#options.clientSecret);
    url.searchParams.set('access_token', short.accessToken);
    const tokens = this.#tokenSet(await this.#call(url));
    // user_id is a JSON number that may pass 2^53; the account id is read from /me instead.
    return { tokens, accounts: [await this.fetchAccount(tokens.accessToken)] };
  }

  async fetchAccount(accessToken: string): Promise<ProviderAccount> {
    const url = new URL(`${graphOrigin}/${graphVersion}/me`);
    url.searchParams.set('fields', accountFields);
    const me = (await this.#call(url, this.#auth(accessToken))) as Record<string, unknown>;
    if (typeof me.id !== 'string' && typeof me.id !== 'number') throw new ProviderError('unexpected_response', 'Threads: /me returned no id');
    return {
      accountId: String(me.id),
      network: 'threads',
      username: typeof me.username === 'string' ? me.username : null,
      displayName: typeof me.name === 'string' && me.name !== '' ? me.name : null,
      accountType: null,
      avatarUrl: typeof me.threads_profile_picture_url === 'string' ? me.threads_profile_picture_url : null,
      eligible: true,
    };
  }

  async refreshToken(current: { accessToken: string }): Promise<TokenSet> {
    const url = new URL(`${graphOrigin}/refresh_access_token`);
    url.searchParams.set('grant_type', 'th_refresh_token');
    url.searchParams.set('access_token', current.accessToken);
    const response = await this.#request(url);
    const usage = appUsagePercent(response.headers);
    return usage === undefined ? this.#tokenSet(response.body) : { ...this.#tokenSet(response.body), appUsagePercent: usage };
  }

  /** The account's own posts, newest first: https://developers.facebook.com/documentation/threads/retrieve-and-discover-posts/retrieve-posts */
  async listMedia(accessToken: string, _account: AccountRef, options: { cursor?: string | null; limit: number }): Promise<MediaPage> {
    const url = new URL(`${graphOrigin}/${graphVersion}/me/threads`);
    url.searchParams.set('fields', threadsMediaFields);
    url.searchParams.set('limit', String(Math.max(1, Math.min(Math.floor(options.limit) || 1, MAX_LIMIT))));
    if (options.cursor) url.searchParams.set('after', options.cursor);
    return threadsMediaPage(await this.#call(url, this.#auth(accessToken)));
  }

  async fetchMediaInsights(accessToken: string, _account: AccountRef, media: readonly MediaRef[]): Promise<InsightsBatch> {
    return fetchThreadsMediaInsights((url) => this.#get(url, accessToken), `${graphOrigin}/${graphVersion}`, media).catch((error: unknown) => {
      throw withScopes(error, this.featureScopes.insights);
    });
  }

  requestsPerCall(operation: 'insights' | 'audience'): number {
    return operation === 'audience' ? THREADS_AUDIENCE_REQUESTS : 1;
  }

  async fetchAudience(accessToken: string, account: AccountRef): Promise<AudienceInsights> {
    const node = `${graphOrigin}/${graphVersion}/${encodeURIComponent(account.accountId)}/threads_insights`;
    return fetchThreadsAudience((url) => this.#get(url, accessToken), node).catch((error: unknown) => {
      throw withScopes(error, this.featureScopes.audience);
    });
  }

  /** The user's answer for a user-insights URL (for the account-insights schedule): the body, or the classified error. */
  async getUserInsights(accessToken: string, url: URL): Promise<unknown> {
    return okBody(await this.#get(url, accessToken), url);
  }

  /** No revoke endpoint: the person removes the app in Threads under Settings → Account → Website permissions. */
  async revokeToken(): Promise<boolean> {
    return false;
  }

  #tokenSet(body: unknown, defaultExpiresIn = LONG_LIVED_SECONDS): TokenSet {
    return parseTokenAnswer(body, { network: 'Threads', now: this.#options.clock.now(), defaultExpiresIn });
  }

  // The documentation passes the token as `access_token`; Graph hosts take it as a Bearer header too, which
  // keeps it out of URLs (and so out of any log of them).
  #auth(accessToken: string): RequestInit {
    return { headers: { authorization: `Bearer ${accessToken}` } };
  }

  async #call(url: URL, init?: RequestInit): Promise<unknown> {
    return (await this.#request(url, init)).body;
  }

  async #get(url: URL, accessToken: string): Promise<GraphAnswer> {
    const response = await this.#options.http.request(url, this.#auth(accessToken));
    return { status: response.status, ok: response.ok, body: await readJson(response, url.host), headers: response.headers };
  }

  async #request(url: URL, init?: RequestInit): Promise<{ body: unknown; headers: Headers }> {
    const response = await this.#options.http.request(url, init);
    const body = await readJson(response, url.host);
    if (response.ok) return { body, headers: response.headers };
    throw classifyThreadsError(response.status, body, response.headers, url.host);
  }
}
