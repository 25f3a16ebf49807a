/**
 * TikTok Login Kit v2 (web) and the Display API v2.
 * Docs: https://developers.tiktok.com/doc/login-kit-web, https://developers.tiktok.com/doc/oauth-user-access-token-management,
 * https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token; our record: docs/networks.md#tiktok.
 * The access token lives hours (2 h in the 2026 docs, 24 h before), the refresh token months (180 or 365
 * days), and every refresh hands out a new refresh token: the previous one stops working, so the new one
 * must be stored before anything else uses the grant. Lifetimes are read from each answer, never assumed.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import { readJson, type HttpClient } from '../http.ts';
import {
  ProviderError,
  type AudienceInsights,
  type AuthorizationInput,
  type Grant,
  type InsightsBatch,
  type MediaPage,
  type MediaRef,
  type OAuthProvider,
  type ProviderAccount,
  type TokenSet,
} from '../provider.ts';
import { classifyTikTokError, tiktokErrorCode, type TikTokCall } from './errors.ts';
import { insightFields, VIDEO_QUERY_MAX, videoInsights, videoQueryBody, videoQueryEndpoint } from './insights.ts';
import { videoFields, videoListBody, videoListEndpoint, videoPage } from './media.ts';
import { tiktokProfile } from './profile.ts';

const authorizationEndpoint = 'https://www.tiktok.com/v2/auth/authorize/';
const tokenEndpoint = 'https://open.tiktokapis.com/v2/oauth/token/';
const revokeEndpoint = 'https://open.tiktokapis.com/v2/oauth/revoke/';
const userInfoEndpoint = 'https://open.tiktokapis.com/v2/user/info/';
const scopes = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list'] as const;
// Only user.info.basic fields: asking for a field of a scope the person did not grant fails the whole call
// with scope_not_authorized, and the account check must work on a partial consent.
const accountFields = 'open_id,union_id,avatar_url,display_name';
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
    if (input.codeVerifier !== undefined) {
      url.searchParams.set('code_challenge', createHash('sha256').update(input.codeVerifier).digest('base64url'));
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return this.#options.http.mapUrl(url);
  }

  async exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<Grant> {
    const form = this.#form({ grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri });
    if (input.codeVerifier !== undefined) form.set('code_verifier', input.codeVerifier);
    const tokens = this.#tokenSet(await this.#call(new URL(tokenEndpoint), { method: 'POST', body: form }, { call: 'code' }));
    return { tokens, accounts: [await this.fetchAccount(tokens.accessToken)] };
  }

  async fetchAccount(accessToken: string): Promise<ProviderAccount> {
    const url = new URL(userInfoEndpoint);
    url.searchParams.set('fields', accountFields);
    const init = { headers: { authorization: `Bearer ${accessToken}` } };
    const body = (await this.#call(url, init, { call: 'api', requiredScopes: ['user.info.basic'] })) as { data?: { user?: Record<string, unknown> } };
    const user = body.data?.user;
    if (typeof user?.open_id !== 'string' || user.open_id === '') throw this.#unexpected('user info returned no open_id');
    return {
      accountId: user.open_id,
      network: 'tiktok',
      // username needs user.info.profile, which the person may not have granted (see accountFields).
      username: null,
      displayName: typeof user.display_name === 'string' ? user.display_name : null,
      // The Display API has no account types: every account that can log in can be read.
      accountType: null,
      avatarUrl: typeof user.avatar_url === 'string' ? user.avatar_url : null,
      eligible: true,
    };
  }

  async refreshToken(current: { accessToken: string; refreshToken?: string }): Promise<TokenSet> {
    if (!current.refreshToken) throw this.#unexpected('no refresh token to refresh with');
    const form = this.#form({ grant_type: 'refresh_token', refresh_token: current.refreshToken });
    return this.#tokenSet(await this.#call(new URL(tokenEndpoint), { method: 'POST', body: form }, { call: 'refresh' }));
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

  /** https://developers.tiktok.com/docs/en/oauth-revoke-a-user-access-token: answers `{}`; a dead token counts as revoked. */
  async revokeToken(current: { accessToken: string }): Promise<boolean> {
    const url = new URL(revokeEndpoint);
    const response = await this.#options.http.request(url, { method: 'POST', body: this.#form({ token: current.accessToken }) });
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

  #form(fields: Record<string, string>): URLSearchParams {
    return new URLSearchParams({ client_key: this.#options.clientId, client_secret: this.#options.clientSecret, ...fields });
  }

  #tokenSet(body: unknown): TokenSet {
    const b = body as Record<string, unknown>;
    if (typeof b.access_token !== 'string' || b.access_token === '') throw this.#unexpected('token response had no access_token');
    const now = this.#options.clock.now();
    const expiresIn = positive(b.expires_in) ?? fallbackAccessSeconds;
    const refreshExpiresIn = positive(b.refresh_expires_in);
    const tokens: TokenSet = {
      accessToken: b.access_token,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + expiresIn * 1000),
      scopes: typeof b.scope === 'string' ? b.scope.split(/[\s,]+/).filter(Boolean) : undefined,
      providerUserId: typeof b.open_id === 'string' ? b.open_id : undefined,
    };
    if (typeof b.refresh_token === 'string' && b.refresh_token !== '') tokens.refreshToken = b.refresh_token;
    // Always what remains of the refresh token, which in the classic docs counts from the first issuance.
    if (refreshExpiresIn !== undefined) tokens.refreshTokenExpiresAt = new Date(now.getTime() + refreshExpiresIn * 1000);
    return tokens;
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

function positive(value: unknown): number | undefined {
  const n = Number(value);
  return typeof value !== 'boolean' && value !== null && value !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}
