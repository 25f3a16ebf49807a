/**
 * The graph.facebook.com plumbing both Facebook Login adapters share (facebook.ts for connections,
 * partnership-ads.ts for Partnership Ads consent): the Login dialog URL, the code → short-lived →
 * long-lived exchange, debug_token introspection, list paging, and one request wrapper that keeps tokens in
 * the Authorization header and classifies Graph errors once (classifyMetaError).
 * Docs: https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow and
 * https://developers.facebook.com/documentation/facebook-login/guides/access-tokens/debugging; our record:
 * docs/networks.md#facebook.
 */
import type { Clock } from '../../kernel/clock.ts';
import { type HttpClient, readJson } from '../http.ts';
import { appUsagePercent, classifyMetaError } from '../meta/errors.ts';
import type { GraphAnswer } from '../meta/insights.ts';
import { parseTokenAnswer } from '../oauth2.ts';
import { ProviderError, type TokenSet } from '../provider.ts';

const authorizationEndpoint = 'https://www.facebook.com/v25.0/dialog/oauth';
export const graphOrigin = 'https://graph.facebook.com';
export const graph = `${graphOrigin}/v25.0`;
// Guards against a `paging.next` loop; 100 × 25 Pages is more than any creator has.
const maxListPages = 100;
// Meta's documented long-lived lifetime (about 60 days), assumed only if an answer leaves expires_in out;
// the short-lived token lives an hour or two and is exchanged at once.
const LONG_LIVED_SECONDS = 60 * 24 * 3600;
const SHORT_LIVED_SECONDS = 3600;

export interface FacebookOptions {
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  clock: Clock;
}

export type Json = Record<string, unknown>;

/** What debug_token says of a token: `data` as Graph sends it (200 even for a dead token). */
export type DebugTokenData = Json;

export class FacebookGraphClient {
  readonly #options: FacebookOptions;

  constructor(options: FacebookOptions) {
    this.#options = options;
  }

  get clock(): Clock {
    return this.#options.clock;
  }

  /** The Facebook Login dialog, mapped through the origin map (the browser goes there). */
  authorizationUrl(input: { scopes: readonly string[]; state: string; redirectUri: string; rerequest?: boolean }): URL {
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', input.scopes.join(','));
    // A declined permission is never asked for again unless the dialog is told to re-request it.
    if (input.rerequest) url.searchParams.set('auth_type', 'rerequest');
    return this.#options.http.mapUrl(url);
  }

  /** Code → short-lived → long-lived user token, with the scopes, user id and data access end from debug_token. */
  async exchangeCode(input: { code: string; redirectUri: string }): Promise<TokenSet> {
    // Facebook appends "#_=_" to a redirect without a fragment; a browser drops it, a copied URL may not.
    const code = input.code.replace(/#_=_$/, '');
    const short = this.#tokenSet(await this.call(this.#tokenUrl({ redirect_uri: input.redirectUri, code })), SHORT_LIVED_SECONDS);
    // https://developers.facebook.com/documentation/facebook-login/guides/access-tokens/get-long-lived
    const long = await this.request(this.#tokenUrl({ grant_type: 'fb_exchange_token', fb_exchange_token: short.accessToken }));
    const tokens = this.#tokenSet(long.body, LONG_LIVED_SECONDS);
    // The scopes granted, the person's id and the data access end are not in the answer: debug_token tells them.
    return { ...tokens, appUsagePercent: appUsagePercent(long.headers), ...(await this.#introspect(tokens.accessToken)) };
  }

  /** debug_token with the app token: the token's `data`, alive or dead. */
  async debugToken(token: string): Promise<DebugTokenData> {
    const url = new URL(`${graph}/debug_token`);
    url.searchParams.set('input_token', token);
    url.searchParams.set('access_token', `${this.#options.clientId}|${this.#options.clientSecret}`);
    return ((await this.call(url)) as { data?: Json }).data ?? {};
  }

  /** Every item of a cursor-paged list edge, following `paging.next` only back to Graph itself. */
  async listAll(first: URL, bearer: string): Promise<Json[]> {
    let url: URL | undefined = first;
    const out: Json[] = [];
    for (let i = 0; url && i < maxListPages; i++) {
      const body = (await this.call(url, bearer)) as { data?: unknown; paging?: { next?: unknown } };
      out.push(...(Array.isArray(body.data) ? (body.data as Json[]) : []));
      const next = typeof body.paging?.next === 'string' && URL.canParse(body.paging.next) ? new URL(body.paging.next) : undefined;
      // Only ever send the user token back to Graph itself.
      url = next?.origin === graphOrigin ? next : undefined;
    }
    return out;
  }

  async call(url: URL, bearer?: string, method = 'GET', form?: URLSearchParams): Promise<unknown> {
    return (await this.request(url, bearer, method, form)).body;
  }

  /** A GET that hands back error answers too (insights read some errors as per-media conditions). */
  async get(url: URL, bearer: string): Promise<GraphAnswer> {
    const response = await this.#options.http.request(url, { headers: { authorization: `Bearer ${bearer}` } });
    return { status: response.status, ok: response.ok, body: await readJson(response, url.host), headers: response.headers };
  }

  async request(url: URL, bearer?: string, method = 'GET', form?: URLSearchParams): Promise<{ body: unknown; headers: Headers }> {
    // Tokens travel in the Authorization header so they stay out of URLs; Graph accepts both.
    const headers = bearer === undefined ? undefined : { authorization: `Bearer ${bearer}` };
    const response = await this.#options.http.request(url, form === undefined ? { method, headers } : { method, headers, body: form });
    const body = await readJson(response, url.host);
    if (response.ok) return { body, headers: response.headers };
    throw classifyMetaError(response.status, body, response.headers, url.host);
  }

  unexpected(message: string): ProviderError {
    return new ProviderError('unexpected_response', `Facebook: ${message}`);
  }

  /** Graph's token endpoint is a GET with the client in the query, as the manual flow documents it. */
  #tokenUrl(extra: Record<string, string>): URL {
    const url = new URL(`${graph}/oauth/access_token`);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('client_secret', this.#options.clientSecret);
    for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
    return url;
  }

  #tokenSet(body: unknown, defaultExpiresIn: number): TokenSet {
    return parseTokenAnswer(body, { network: 'Facebook', now: this.#options.clock.now(), defaultExpiresIn });
  }

  /** debug_token: the scopes actually granted, the person's app-scoped id and when data access ends. */
  async #introspect(token: string): Promise<Pick<TokenSet, 'scopes' | 'providerUserId' | 'dataAccessExpiresAt'>> {
    const data = await this.debugToken(token);
    if (data.is_valid !== true) throw deadTokenError(data);
    const dataAccess = Number(data.data_access_expires_at);
    return {
      scopes: grantedScopes(data),
      providerUserId: data.user_id === undefined ? undefined : String(data.user_id),
      dataAccessExpiresAt: dataAccess > 0 ? new Date(dataAccess * 1000) : null,
    };
  }
}

/** debug_token answers 200 and describes the dead token's error inside `data`: classified like any Graph error. */
export function deadTokenError(data: DebugTokenData): ProviderError {
  const e = (data.error ?? {}) as Json;
  return classifyMetaError(400, { error: { code: e.code, error_subcode: e.subcode } }, new Headers(), 'graph.facebook.com');
}

/** Every app gets public_profile without asking; report only what the person could decline. */
export function grantedScopes(data: DebugTokenData): string[] | undefined {
  return Array.isArray(data.scopes) ? data.scopes.map(String).filter((s) => s !== 'public_profile') : undefined;
}
