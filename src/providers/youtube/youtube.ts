/**
 * YouTube through Google OAuth 2.0 for web server apps, with PKCE.
 * Docs: https://developers.google.com/identity/protocols/oauth2/web-server and
 * https://developers.google.com/youtube/v3/docs/channels/list; our record: docs/networks.md#youtube.
 * Access tokens live 3599 s; the refresh token has no fixed end and is not rotated, but Google kills it
 * when the person revokes, after six months unused, past 100 live tokens per account and client, and after
 * 7 days while the OAuth app is in Testing. The account is the YouTube channel, not the Google account.
 */
import type { Clock } from '../../kernel/clock.ts';
import { type HttpClient, readJson } from '../http.ts';
import { formBody, parseTokenAnswer, setCodeChallenge, tokenRequest } from '../oauth2.ts';
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
import { channelAccountInsights } from './account-insights.ts';
import { classifyGoogleError, type GoogleCall } from './errors.ts';
import { channelAudience, VIDEOS_PER_CALL, videoInsights } from './insights.ts';
import { listUploads } from './media.ts';
import { youtubeProfile } from './profile.ts';

const authorizationEndpoint = 'https://accounts.google.com/o/oauth2/v2/auth';
const tokenEndpoint = 'https://oauth2.googleapis.com/token';
const revokeEndpoint = 'https://oauth2.googleapis.com/revoke';
const channelsEndpoint = 'https://www.googleapis.com/youtube/v3/channels';
const YOUTUBE_READONLY = 'https://www.googleapis.com/auth/youtube.readonly';
const ANALYTICS_READONLY = 'https://www.googleapis.com/auth/yt-analytics.readonly';
const scopes = [YOUTUBE_READONLY, ANALYTICS_READONLY] as const;
// What Google sends as expires_in; assumed only if an answer leaves it out.
const ACCESS_SECONDS = 3599;

export interface YouTubeOptions {
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  clock: Clock;
}

interface Channel {
  id?: unknown;
  snippet?: { title?: unknown; customUrl?: unknown; thumbnails?: Record<string, { url?: unknown } | undefined> };
}

export class YouTube implements OAuthProvider {
  readonly id = youtubeProfile.id;
  readonly displayName = youtubeProfile.displayName;
  readonly login = 'google_oauth';
  readonly scopes = scopes;
  // The Analytics API also wants youtube.readonly (https://developers.google.com/youtube/analytics/reference/reports/query).
  readonly featureScopes = {
    profile: [YOUTUBE_READONLY],
    media: [YOUTUBE_READONLY],
    insights: [YOUTUBE_READONLY, ANALYTICS_READONLY],
    audience: [YOUTUBE_READONLY, ANALYTICS_READONLY],
  } as const;
  readonly pkce = true;
  readonly insightsBatchSize = VIDEOS_PER_CALL;
  readonly #options: YouTubeOptions;

  constructor(options: YouTubeOptions) {
    this.#options = options;
  }

  createAuthorizationUrl(input: AuthorizationInput): URL {
    if (!input.codeVerifier) throw new Error('YouTube: the authorization URL needs a PKCE code verifier');
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', (input.scopes ?? scopes).join(' '));
    url.searchParams.set('state', input.state);
    // offline: a refresh token. Google sends one only at first consent unless prompt=consent asks
    // again, so every connection (a reconnect too) asks again.
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
    // Keep scopes granted earlier to this client (incremental authorization).
    url.searchParams.set('include_granted_scopes', 'true');
    setCodeChallenge(url, input.codeVerifier);
    return this.#options.http.mapUrl(url);
  }

  async exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<Grant> {
    const grant = { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier || undefined };
    const tokens = this.#tokenSet(await this.#call(...this.#tokenRequest(grant), 'code'));
    // Granular consent: without youtube.readonly there is no channel to read. fetchAccount's 403 says so
    // as insufficient_scope; the connect flow asks again with rerequest.
    return { tokens, accounts: [await this.fetchAccount(tokens.accessToken)] };
  }

  async fetchAccount(accessToken: string): Promise<ProviderAccount> {
    const url = new URL(channelsEndpoint);
    url.searchParams.set('part', 'snippet,statistics,contentDetails');
    url.searchParams.set('mine', 'true');
    const body = (await this.#get(accessToken)(url)) as { items?: unknown };
    if (body.items !== undefined && !Array.isArray(body.items)) throw this.#unexpected('channels.list returned no items list');
    const channel = (body.items ?? [])[0] as Channel | undefined;
    // A Google account without a YouTube channel answers 200 with no items (Google omits an empty list, or sends []).
    if (channel === undefined) {
      return { accountId: '', network: 'youtube', username: null, displayName: null, accountType: null, avatarUrl: null, eligible: false, ineligibleReason: 'no_channel' };
    }
    if (typeof channel.id !== 'string') throw this.#unexpected('channels.list returned a channel without an id');
    const title = typeof channel.snippet?.title === 'string' ? channel.snippet.title : null;
    const handle = typeof channel.snippet?.customUrl === 'string' ? channel.snippet.customUrl.replace(/^@/, '') : null;
    return {
      accountId: channel.id,
      network: 'youtube',
      username: handle || title,
      displayName: title,
      accountType: 'CHANNEL',
      avatarUrl: thumbnail(channel),
      eligible: true,
    };
  }

  async refreshToken(current: { accessToken: string; refreshToken?: string }): Promise<TokenSet> {
    if (!current.refreshToken) {
      throw new ProviderError('reauth_required', 'YouTube: this grant has no refresh token', { reason: 'expired', providerCode: 'no_refresh_token' });
    }
    // Google normally sends no new refresh token here; the caller keeps the one it has.
    return this.#tokenSet(await this.#call(...this.#tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken }), 'refresh'));
  }

  /** The channel's uploads, newest first; needs youtube.readonly. */
  async listMedia(accessToken: string, _account: unknown, options: { cursor?: string | null; limit: number }): Promise<MediaPage> {
    return listUploads(this.#get(accessToken), options);
  }

  /** Views, likes and comments of up to 50 videos in one videos.list call (1 unit of the project's daily quota). */
  async fetchMediaInsights(accessToken: string, _account: unknown, media: readonly MediaRef[]): Promise<InsightsBatch> {
    return { items: await videoInsights(this.#get(accessToken), media) };
  }

  /** Viewers by age, gender and country (percent) from YouTube Analytics; needs yt-analytics.readonly. */
  async fetchAudience(accessToken: string): Promise<AudienceInsights> {
    return channelAudience(this.#get(accessToken), this.#options.clock.now());
  }

  /**
   * Subscribers and videos (Data API), views and interactions over the range (Analytics); needs
   * yt-analytics.readonly. One unit of the Data API's daily quota (channels.list); Analytics reports do not
   * count against it, so the default one request per call is what the budget spends.
   */
  async fetchAccountInsights(accessToken: string, _account: unknown, range: DayRange): Promise<AccountInsights> {
    return channelAccountInsights(this.#get(accessToken), range);
  }

  #get(accessToken: string): (url: URL) => Promise<unknown> {
    return (url) => this.#call(url, { headers: { authorization: `Bearer ${accessToken}` } }, 'api');
  }

  /** Revoking either token ends the whole grant; a token that is already dead answers invalid_token. */
  async revokeToken(current: { accessToken: string; refreshToken?: string }): Promise<boolean> {
    // The token goes in the body, not the documented query string, so it stays out of URLs; no client authentication.
    const url = new URL(revokeEndpoint);
    const response = await this.#options.http.request(url, { method: 'POST', body: formBody({ token: current.refreshToken ?? current.accessToken }) });
    const body = await readJson(response, url.host);
    if (response.ok) return true;
    if (response.status === 400 && (body as { error?: unknown }).error === 'invalid_token') return true;
    throw classifyGoogleError(response.status, body, response.headers, { host: url.host, call: 'revoke', now: this.#options.clock.now() });
  }

  #tokenSet(body: unknown): TokenSet {
    // A refresh_token_expires_in comes only with time-based access (the person chose "for a limited time");
    // otherwise the refresh token has no fixed end.
    return parseTokenAnswer(body, { network: 'YouTube', now: this.#options.clock.now(), defaultExpiresIn: ACCESS_SECONDS });
  }

  /** Google takes the client in the form. */
  #tokenRequest(fields: Record<string, string | undefined>): [URL, RequestInit] {
    return tokenRequest(tokenEndpoint, fields, this.#options, { method: 'body' });
  }

  async #call(url: URL, init: RequestInit, call: GoogleCall): Promise<unknown> {
    const response = await this.#options.http.request(url, init);
    const body = await readJson(response, url.host);
    if (response.ok) return body;
    const error = classifyGoogleError(response.status, body, response.headers, { host: url.host, call, now: this.#options.clock.now() });
    // Google names every scope that would do (youtube, youtube.force-ssl, …); ours is the one to ask for.
    const ours = error.missingScopes?.filter((s) => (scopes as readonly string[]).includes(s));
    if (error.kind !== 'insufficient_scope' || !ours?.length) throw error;
    throw new ProviderError(error.kind, error.message, { reason: error.reason, providerCode: error.providerCode, missingScopes: ours });
  }

  #unexpected(message: string): ProviderError {
    return new ProviderError('unexpected_response', `YouTube: ${message}`);
  }
}

/** The largest thumbnail Google lists (high 800 px, medium 240 px, default 88 px). */
function thumbnail(channel: Channel): string | null {
  const thumbnails = channel.snippet?.thumbnails ?? {};
  for (const size of ['high', 'medium', 'default']) {
    const url = thumbnails[size]?.url;
    if (typeof url === 'string') return url;
  }
  return null;
}
