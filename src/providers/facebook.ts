/**
 * Facebook Login for a creator's Pages and the Instagram professional accounts linked to them.
 * Docs: https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow and
 * https://developers.facebook.com/docs/pages/access-tokens/ (providers.md §2).
 *
 * One grant reaches several accounts: the person's long-lived user token (60 days, never refreshable by a
 * server) is kept once, and every Page and linked Instagram account carries its Page token, which never
 * expires when obtained with a long-lived user token but dies with a password change, a lost Page role or
 * app removal, and stops reading data 90 days after the person last logged in (data access expiration).
 */
import type { Clock } from '../domain/clock.ts';
import { instagramAccount, pageAccount, str } from './facebook-accounts.ts';
import { fetchFacebookAudience, fetchFacebookMediaInsights, listFacebookStories } from './facebook-insights.ts';
import { listFacebookMedia } from './facebook-media.ts';
import { readJson, type HttpClient } from './http.ts';
import { appUsagePercent, classifyMetaError } from './meta-errors.ts';
import { IG_AUDIENCE_REQUESTS, withScopes, type GraphAnswer } from './meta-insights.ts';
import type { AudienceInsights, InsightsBatch, MediaItem, MediaRef, Network } from './provider.ts';
import { ProviderError, type AccountRef, type AuthorizationInput, type Grant, type MediaPage, type OAuthProvider, type ProviderAccount, type TokenSet } from './provider.ts';

const authorizationEndpoint = 'https://www.facebook.com/v25.0/dialog/oauth';
const graphOrigin = 'https://graph.facebook.com';
const graph = `${graphOrigin}/v25.0`;
const igFields = 'id,username,name,profile_picture_url';
const pageFields = 'id,name,username,picture';
const accountsFields = `${pageFields},access_token,tasks,instagram_business_account{${igFields}}`;
// https://developers.facebook.com/docs/permissions: the Pages list, Page posts, the linked Instagram
// account and its media, and the insights of both.
const scopes = ['pages_show_list', 'pages_read_engagement', 'instagram_basic', 'instagram_manage_insights', 'read_insights', 'business_management'] as const;
// Guards against a `paging.next` loop; 100 × 25 Pages is more than any creator has.
const maxListPages = 100;

export interface FacebookOptions {
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  clock: Clock;
}

type Json = Record<string, unknown>;

export class Facebook implements OAuthProvider {
  readonly id = 'facebook' as const;
  readonly displayName = 'Facebook';
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
  readonly #options: FacebookOptions;

  constructor(options: FacebookOptions) {
    this.#options = options;
  }

  createAuthorizationUrl(input: AuthorizationInput): URL {
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', (input.scopes ?? scopes).join(','));
    // A declined permission is never asked for again unless the dialog is told to re-request it.
    if (input.rerequest) url.searchParams.set('auth_type', 'rerequest');
    return this.#options.http.mapUrl(url);
  }

  async exchangeCode(input: { code: string; redirectUri: string }): Promise<Grant> {
    // Facebook appends "#_=_" to a redirect without a fragment; a browser drops it, a copied URL may not.
    const code = input.code.replace(/#_=_$/, '');
    const shortUrl = this.#tokenUrl({ redirect_uri: input.redirectUri, code });
    const short = (await this.#call(shortUrl)) as Json;
    if (typeof short.access_token !== 'string') throw this.#unexpected('code exchange returned no access_token');
    // https://developers.facebook.com/documentation/facebook-login/guides/access-tokens/get-long-lived
    const long = await this.#request(this.#tokenUrl({ grant_type: 'fb_exchange_token', fb_exchange_token: short.access_token }));
    const tokens = this.#tokenSet(long.body, long.headers);
    Object.assign(tokens, await this.#introspect(tokens.accessToken));
    return { tokens, accounts: await this.#accounts(tokens.accessToken) };
  }

  async fetchAccount(accessToken: string, account?: AccountRef): Promise<ProviderAccount> {
    if (!account) {
      const url = new URL(`${graph}/me`);
      url.searchParams.set('fields', 'id,name');
      const me = (await this.#call(url, accessToken)) as Json;
      if (typeof me.id !== 'string') throw this.#unexpected('/me returned no id');
      // The person is not an account the product serves; only their Pages and Instagram accounts are.
      return { accountId: me.id, network: 'facebook', username: null, displayName: str(me.name), accountType: 'USER', avatarUrl: null, eligible: false, ineligibleReason: 'not_a_page' };
    }
    if (account.network !== 'instagram' && account.network !== 'facebook') throw this.#unexpected(`no ${account.network} accounts through Facebook Login`);
    const url = new URL(`${graph}/${encodeURIComponent(account.accountId)}`);
    url.searchParams.set('fields', account.network === 'instagram' ? igFields : pageFields);
    const node = (await this.#call(url, accessToken)) as Json;
    const mapped = account.network === 'instagram' ? instagramAccount(node, undefined) : pageAccount(node, undefined);
    if (!mapped) throw this.#unexpected(`the ${account.network} node has no id`);
    return mapped;
  }

  /** An Instagram account's feed or a Page's own posts, read with the account's Page token. */
  async listMedia(accessToken: string, account: AccountRef, options: { cursor?: string | null; limit: number }): Promise<MediaPage> {
    return listFacebookMedia((url) => this.#call(url, accessToken), graph, account, options);
  }

  /** An Instagram account's live stories (a Page has none the API lists). */
  async listStories(accessToken: string, account: AccountRef): Promise<MediaItem[]> {
    return listFacebookStories((url) => this.#get(url, accessToken), graph, account);
  }

  // One insights call per media (two for a Page post: its insights and its engagement fields).
  readonly insightsBatchSize = 1;

  requestsPerCall(operation: 'insights' | 'audience', network: Network): number {
    // A Page: insights and its node; its audience: node and follower locations. An Instagram account's audience: followers and four breakdowns.
    if (operation === 'insights') return network === 'facebook' ? 2 : 1;
    return network === 'facebook' ? 2 : IG_AUDIENCE_REQUESTS;
  }

  async fetchMediaInsights(accessToken: string, account: AccountRef, media: readonly MediaRef[]): Promise<InsightsBatch> {
    const now = this.#options.clock.now().getTime();
    return fetchFacebookMediaInsights((url) => this.#get(url, accessToken), graph, account, media, now).catch((error: unknown) => {
      throw withScopes(error, scopesFor(account, this.featureScopes.insights));
    });
  }

  async fetchAudience(accessToken: string, account: AccountRef): Promise<AudienceInsights> {
    return fetchFacebookAudience((url) => this.#get(url, accessToken), graph, account).catch((error: unknown) => {
      throw withScopes(error, scopesFor(account, this.featureScopes.audience));
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
      const body = (await this.#call(url, current.accessToken, 'DELETE')) as Json;
      if (body.success !== true) throw this.#unexpected('revoke did not answer success');
      return true;
    } catch (error) {
      // A token that is already dead (code 190: removed, expired, password changed) has nothing left to revoke.
      if (error instanceof ProviderError && error.providerCode?.startsWith('190')) return true;
      throw error;
    }
  }

  #tokenUrl(extra: Record<string, string>): URL {
    const url = new URL(`${graph}/oauth/access_token`);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('client_secret', this.#options.clientSecret);
    for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
    return url;
  }

  #tokenSet(body: unknown, headers: Headers): TokenSet {
    const { access_token: accessToken, expires_in: expiresIn } = body as Json;
    if (typeof accessToken !== 'string') throw this.#unexpected('token response had no access_token');
    const now = this.#options.clock.now();
    const seconds = Number(expiresIn);
    // ~60 days is Meta's documented long-lived lifetime, used only if expires_in is missing.
    const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds : 60 * 24 * 3600;
    return { accessToken, issuedAt: now, expiresAt: new Date(now.getTime() + lifetime * 1000), appUsagePercent: appUsagePercent(headers) };
  }

  /** debug_token: the scopes actually granted, the person's app-scoped id and when data access ends. */
  async #introspect(token: string): Promise<Pick<TokenSet, 'scopes' | 'providerUserId' | 'dataAccessExpiresAt'>> {
    const url = new URL(`${graph}/debug_token`);
    url.searchParams.set('input_token', token);
    url.searchParams.set('access_token', `${this.#options.clientId}|${this.#options.clientSecret}`);
    const data = ((await this.#call(url)) as { data?: Json }).data ?? {};
    if (data.is_valid !== true) {
      // debug_token answers 200 and describes the dead token's error inside `data`.
      const e = (data.error ?? {}) as Json;
      throw classifyMetaError(400, { error: { code: e.code, error_subcode: e.subcode } }, new Headers(), 'graph.facebook.com');
    }
    const granted = Array.isArray(data.scopes) ? data.scopes.map(String) : undefined;
    const dataAccess = Number(data.data_access_expires_at);
    return {
      // Every app gets public_profile without asking; report only what the person could decline.
      scopes: granted?.filter((s) => s !== 'public_profile'),
      providerUserId: data.user_id === undefined ? undefined : String(data.user_id),
      dataAccessExpiresAt: dataAccess > 0 ? new Date(dataAccess * 1000) : null,
    };
  }

  /** Every Page the person shared on the consent screen, and each linked Instagram account, with the Page token. */
  async #accounts(userToken: string): Promise<ProviderAccount[]> {
    let url: URL | undefined = new URL(`${graph}/me/accounts`);
    url.searchParams.set('fields', accountsFields);
    const out: ProviderAccount[] = [];
    for (let i = 0; url && i < maxListPages; i++) {
      const body = (await this.#call(url, userToken)) as { data?: unknown; paging?: { next?: unknown } };
      for (const page of Array.isArray(body.data) ? (body.data as Json[]) : []) {
        const token = str(page.access_token) ?? undefined;
        const pageEntry = pageAccount(page, token);
        if (pageEntry) out.push(pageEntry);
        const ig = page.instagram_business_account as Json | undefined;
        const igEntry = ig && instagramAccount(ig, token);
        if (igEntry) out.push(igEntry);
      }
      const next = typeof body.paging?.next === 'string' && URL.canParse(body.paging.next) ? new URL(body.paging.next) : undefined;
      // Only ever send the user token back to Graph itself.
      url = next?.origin === graphOrigin ? next : undefined;
    }
    return out;
  }

  async #call(url: URL, bearer?: string, method = 'GET'): Promise<unknown> {
    return (await this.#request(url, bearer, method)).body;
  }

  /** A GET that hands back error answers too (insights read some errors as per-media conditions). */
  async #get(url: URL, bearer: string): Promise<GraphAnswer> {
    const response = await this.#options.http.request(url, { headers: { authorization: `Bearer ${bearer}` } });
    return { status: response.status, ok: response.ok, body: await readJson(response, url.host), headers: response.headers };
  }

  async #request(url: URL, bearer?: string, method = 'GET'): Promise<{ body: unknown; headers: Headers }> {
    // Tokens travel in the Authorization header so they stay out of URLs; Graph accepts both.
    const headers = bearer === undefined ? undefined : { authorization: `Bearer ${bearer}` };
    const response = await this.#options.http.request(url, { method, headers });
    const body = await readJson(response, url.host);
    if (response.ok) return { body, headers: response.headers };
    throw classifyMetaError(response.status, body, response.headers, url.host);
  }

  #unexpected(message: string): ProviderError {
    return new ProviderError('unexpected_response', `Facebook: ${message}`);
  }
}

/** The scopes of a feature that concern this kind of account: instagram_* for Instagram, the rest for a Page. */
function scopesFor(account: AccountRef, scopes: readonly string[]): string[] {
  return scopes.filter((s) => s.startsWith('instagram_') === (account.network === 'instagram'));
}
