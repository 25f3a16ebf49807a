/**
 * TikTok Login Kit v2 (web) and the Display API v2.
 * Docs: https://developers.tiktok.com/doc/login-kit-web, https://developers.tiktok.com/doc/oauth-user-access-token-management,
 * https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token; our record: docs/networks.md#tiktok.
 * The access token lives hours (2 h in the 2026 docs, 24 h before), the refresh token months (180 or 365
 * days), and every refresh hands out a new refresh token: the previous one stops working, so the new one
 * must be stored before anything else uses the grant. Lifetimes are read from each answer, never assumed.
 */
import type { Clock } from '../../kernel/clock.ts';
import { countOf } from '../day-range.ts';
import { type HttpClient, readJson } from '../http.ts';
import { parseTokenAnswer, setCodeChallenge, tokenRequest } from '../oauth2.ts';
import {
  type AccountInsights,
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
import { classifyTikTokError, type TikTokCall, tiktokErrorCode } from './errors.ts';
import { insightFields, VIDEO_QUERY_MAX, videoInsights, videoQueryBody, videoQueryEndpoint } from './insights.ts';
import { videoFields, videoListBody, videoListEndpoint, videoPage } from './media.ts';
import { tiktokProfile } from './profile.ts';

const authorizationEndpoint = 'https://www.tiktok.com/v2/auth/authorize/';
const tokenEndpoint = 'https://open.tiktokapis.com/v2/oauth/token/';
const revokeEndpoint = 'https://open.tiktokapis.com/v2/oauth/revoke/';
const userInfoEndpoint = 'https://open.tiktokapis.com/v2/user/info/';
const scopes = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list'] as const;
// Asking for a field of a scope the person did not grant fails the whole call with scope_not_authorized,
// and the account check must work on a partial consent: `username` (user.info.profile,
// https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info) is asked only where that scope was granted.
const basicFields = 'open_id,union_id,avatar_url,display_name';
const profileFields = `${basicFields},username`;
// Used only when an answer lacks expires_in: the shorter, 2026 lifetime.
const fallbackAccessSeconds = 2 * 3600;

export interface TikTokOptions {
  /** TikTok's "client key". */
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  clock: Clock;
}

interface Call {
  call: TikTokCall;
  requiredScopes?: string[];
}

export class TikTok implements OAuthProvider {
  readonly id = tiktokProfile.id;
  readonly displayName = tiktokProfile.displayName;
  readonly login = 'tiktok_login_kit';
  readonly scopes = scopes;
  // https://developers.tiktok.com/doc/tiktok-api-scopes: username and bio need user.info.profile, counts user.info.stats.
  readonly featureScopes = {
    profile: ['user.info.basic', 'user.info.profile'],
    media: ['video.list'],
    insights: ['user.info.stats', 'video.list'],
  } as const;
  readonly insightsBatchSize = VIDEO_QUERY_MAX;
  readonly pkce = true;
  readonly #options: TikTokOptions;

  constructor(options: TikTokOptions) {
    this.#options = options;
  }

  createAuthorizationUrl(input: AuthorizationInput): URL {
    const url = new URL(authorizationEndpoint);
    // TikTok names the client id `client_key`, and separates scopes with commas.
    url.searchParams.set('client_key', this.#options.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', (input.scopes ?? scopes).join(','));
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    // PKCE is required of mobile and desktop apps only; a web app may send it, and we do.
    if (input.codeVerifier !== undefined) setCodeChallenge(url, input.codeVerifier);
    return this.#options.http.mapUrl(url);
  }

  async exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<Grant> {
    const grant = { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier };
    const tokens = this.#tokenSet(await this.#call(...this.#post(tokenEndpoint, grant), { call: 'code' }));
    // The answer's `scope` says what the person ticked; an answer without it is read as everything asked.
    const profile = tokens.scopes === undefined || tokens.scopes.includes('user.info.profile');
    return { tokens, accounts: [await this.#account(tokens.accessToken, profile)] };
  }

  /** The account, with its username where user.info.profile was granted (or nothing says it was not). */
  async fetchAccount(accessToken: string, account?: AccountRef): Promise<ProviderAccount> {
    return this.#account(accessToken, account?.scopes === undefined || account.scopes.includes('user.info.profile'));
  }

  async #account(accessToken: string, withProfile: boolean): Promise<ProviderAccount> {
    const url = new URL(userInfoEndpoint);
    url.searchParams.set('fields', withProfile ? profileFields : basicFields);
    const init = { headers: { authorization: `Bearer ${accessToken}` } };
    const requiredScopes = withProfile ? ['user.info.basic', 'user.info.profile'] : ['user.info.basic'];
    const body = (await this.#call(url, init, { call: 'api', requiredScopes })) as { data?: { user?: Record<string, unknown> } };
    const user = body.data?.user;
    if (typeof user?.open_id !== 'string' || user.open_id === '') throw this.#unexpected('user info returned no open_id');
    return {
      accountId: user.open_id,
      network: 'tiktok',
      // username needs user.info.profile, which the person may not have granted (see basicFields).
      username: typeof user.username === 'string' && user.username !== '' ? user.username : null,
      displayName: typeof user.display_name === 'string' ? user.display_name : null,
      // The Display API has no account types: every account that can log in can be read.
      accountType: null,
      avatarUrl: typeof user.avatar_url === 'string' ? user.avatar_url : null,
      eligible: true,
    };
  }

  async refreshToken(current: { accessToken: string; refreshToken?: string }): Promise<TokenSet> {
    if (!current.refreshToken) throw this.#unexpected('no refresh token to refresh with');
    // Rotated: the answer's refresh token replaces this one, which stops working.
    const grant = { grant_type: 'refresh_token', refresh_token: current.refreshToken };
    return this.#tokenSet(await this.#call(...this.#post(tokenEndpoint, grant), { call: 'refresh' }));
  }

  /** The person's public videos, newest first; needs video.list. */
  async listMedia(accessToken: string, _account: unknown, options: { cursor?: string | null; limit: number }): Promise<MediaPage> {
    const url = new URL(videoListEndpoint);
    url.searchParams.set('fields', videoFields);
    const init = { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: videoListBody(options) };
    return videoPage(await this.#call(url, init, { call: 'api', requiredScopes: ['video.list'] }));
  }

  /** Views, likes, comments and shares of up to 20 of the person's videos, in one video query; needs video.list. */
  async fetchMediaInsights(accessToken: string, _account: unknown, media: readonly MediaRef[]): Promise<InsightsBatch> {
    const url = new URL(videoQueryEndpoint);
    url.searchParams.set('fields', insightFields);
    const init = { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: videoQueryBody(media) };
    return { items: videoInsights(await this.#call(url, init, { call: 'api', requiredScopes: ['video.list'] }), media) };
  }

  /**
   * The Display API offers no audience demographics (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info
   * lists none): only the follower count, which needs user.info.stats. Without that scope the answer is
   * still "not offered", with no count, rather than an error.
   */
  async fetchAudience(accessToken: string): Promise<AudienceInsights> {
    const url = new URL(userInfoEndpoint);
    url.searchParams.set('fields', 'open_id,follower_count');
    const init = { headers: { authorization: `Bearer ${accessToken}` } };
    let followers: number | null = null;
    try {
      const body = (await this.#call(url, init, { call: 'api', requiredScopes: ['user.info.stats'] })) as { data?: { user?: { follower_count?: unknown } } };
      const value = body.data?.user?.follower_count;
      followers = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === 'insufficient_scope')) throw error;
    }
    return { status: 'unavailable', reason: 'not_offered', followers };
  }

  /**
   * The counts user info gives with user.info.stats (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info):
   * followers and videos now, and the likes the account's videos have had in all. The Display API has no
   * account-level views, reach or engagements over a range: those are null, and the range is not used.
   */
  async fetchAccountInsights(accessToken: string): Promise<AccountInsights> {
    const url = new URL(userInfoEndpoint);
    url.searchParams.set('fields', 'open_id,follower_count,following_count,likes_count,video_count');
    const init = { headers: { authorization: `Bearer ${accessToken}` } };
    const body = (await this.#call(url, init, { call: 'api', requiredScopes: ['user.info.stats'] })) as { data?: { user?: Record<string, unknown> } };
    const user = body.data?.user;
    if (!user || typeof user !== 'object') throw this.#unexpected('user info returned no user');
    const extra: Record<string, number> = {};
    for (const name of ['likes_count', 'following_count']) {
      const value = countOf(user[name]);
      if (value !== null) extra[name] = value;
    }
    return {
      status: 'available',
      figures: { followers: countOf(user.follower_count), posts: countOf(user.video_count), views: null, reach: null, engagements: null },
      ...(Object.keys(extra).length ? { extra } : {}),
    };
  }

  /** https://developers.tiktok.com/docs/en/oauth-revoke-a-user-access-token: answers `{}`; a dead token counts as revoked. */
  async revokeToken(current: { accessToken: string }): Promise<boolean> {
    const [url, init] = this.#post(revokeEndpoint, { token: current.accessToken });
    const response = await this.#options.http.request(url, init);
    let body: unknown = {};
    try {
      body = await readJson(response, url.host);
    } catch (error) {
      // An empty or non-JSON success is still a success.
      if (!(response.ok && error instanceof ProviderError && error.kind === 'unexpected_response')) throw error;
    }
    const code = tiktokErrorCode(body);
    if (response.ok && code === undefined) return true;
    if (code === 'invalid_grant' || code === 'invalid_token' || code === 'access_token_invalid') return true;
    throw classifyTikTokError(response.status, body, response.headers, { call: 'revoke', nowMs: this.#nowMs() });
  }

  /** TikTok names the client id `client_key`, in the form like the secret. */
  #post(endpoint: string, fields: Record<string, string | undefined>): [URL, RequestInit] {
    return tokenRequest(endpoint, fields, this.#options, { method: 'body', clientIdField: 'client_key' });
  }

  #tokenSet(body: unknown): TokenSet {
    // refresh_expires_in is what remains of the refresh token, which in the classic docs counts from the first issuance.
    const tokens = parseTokenAnswer(body, { network: 'TikTok', now: this.#options.clock.now(), defaultExpiresIn: fallbackAccessSeconds });
    const openId = (body as { open_id?: unknown }).open_id;
    return typeof openId === 'string' ? { ...tokens, providerUserId: openId } : tokens;
  }

  async #call(url: URL, init: RequestInit, call: Call): Promise<unknown> {
    const response = await this.#options.http.request(url, init);
    const body = await readJson(response, url.host);
    // Errors are recognised by the error field as well as by status: success answers carry error.code "ok".
    if (response.ok && tiktokErrorCode(body) === undefined) return body;
    throw classifyTikTokError(response.status, body, response.headers, { ...call, nowMs: this.#nowMs() });
  }

  #nowMs(): number {
    return this.#options.clock.now().getTime();
  }

  #unexpected(message: string): ProviderError {
    return new ProviderError('unexpected_response', `TikTok: ${message}`);
  }
}
