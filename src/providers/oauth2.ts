/**
 * The OAuth 2.0 every adapter shares: the token request, the reading of a token answer, PKCE and form
 * encoding. An adapter keeps only its network's quirks (a GET exchange, a renamed client id, Basic
 * authentication, an absolute refresh expiry), each commented where it handles it.
 * RFC 6749 (https://www.rfc-editor.org/rfc/rfc6749#section-5.1, the token answer) and RFC 7636 (PKCE,
 * https://www.rfc-editor.org/rfc/rfc7636#section-4).
 *
 * One rule for a token answer, everywhere: `access_token` must be a non-empty string; every other
 * field may be absent (or null), but a field that is present with a value of the wrong kind is an
 * `unexpected_response`, never guessed around. Lifetimes (`expires_in`, `refresh_expires_in`,
 * `refresh_token_expires_in`) are whole or fractional seconds ≥ 0, as a JSON number or a string of
 * digits (Pinterest's own fixture sends "2592000").
 */
import { createHash, randomBytes } from 'node:crypto';
import { ProviderError, type TokenSet } from './provider.ts';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface ClientAuthentication {
  /**
   * `body`: client_id and client_secret as form fields (RFC 6749 section 2.3.1 allows it; most networks want
   * it). `basic`: an HTTP Basic header of id:secret (the RFC's default).
   */
  method: 'body' | 'basic';
  /** The form field the client id goes in, for `body` (default client_id). */
  clientIdField?: string;
}

/** A form body of the fields that have a value (undefined ones are left out). */
export function formBody(fields: Readonly<Record<string, string | undefined>>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  return form;
}

/**
 * A POST of `fields` to a token (or revocation) endpoint, the client authenticated as the network
 * wants: the arguments of HttpClient.request. Secrets travel in the body or a header, never the URL.
 */
export function tokenRequest(endpoint: string, fields: Readonly<Record<string, string | undefined>>, client: OAuthClient, auth: ClientAuthentication): [URL, RequestInit] {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  let form: URLSearchParams;
  if (auth.method === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
    form = formBody(fields);
  } else {
    form = formBody({ [auth.clientIdField ?? 'client_id']: client.clientId, client_secret: client.clientSecret, ...fields });
  }
  return [new URL(endpoint), { method: 'POST', headers, body: form }];
}

/** A PKCE code verifier: 48 random bytes in base64url, 64 characters (RFC 7636 asks 43 to 128). */
export function createCodeVerifier(): string {
  return randomBytes(48).toString('base64url');
}

/** The S256 code challenge of a verifier: the base64url (unpadded) SHA-256 of it. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Adds the S256 challenge of `verifier` to an authorization URL. */
export function setCodeChallenge(url: URL, verifier: string): void {
  url.searchParams.set('code_challenge', codeChallengeS256(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
}

export interface TokenAnswerOptions {
  /** Who answered, for error messages ("TikTok"). */
  network: string;
  /** The clock's now: expiries are counted from our clock, not the network's. */
  now: Date;
  /** The network's documented access-token lifetime in seconds, used only when the answer has no expires_in. */
  defaultExpiresIn: number;
}

/**
 * A token answer as a TokenSet. Scopes from `scope`; the refresh token's end from `refresh_expires_in`
 * (TikTok) or `refresh_token_expires_in` (Google, Pinterest): null when a refresh token came without
 * either (no fixed end), absent when neither came (the caller keeps what it knows).
 */
export function parseTokenAnswer(body: unknown, options: TokenAnswerOptions): TokenSet {
  const { network, now } = options;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badAnswer(network, 'is not an object');
  const answer = body as Record<string, unknown>;
  if (typeof answer.access_token !== 'string' || answer.access_token === '') throw badAnswer(network, 'has no access_token');
  const after = (field: string): Date | undefined => {
    const seconds = readSeconds(answer, field, network);
    return seconds === undefined ? undefined : new Date(now.getTime() + seconds * 1000);
  };
  const expiresAt = after('expires_in') ?? new Date(now.getTime() + options.defaultExpiresIn * 1000);
  const tokens: TokenSet = { accessToken: answer.access_token, issuedAt: now, expiresAt };
  if (present(answer.refresh_token)) {
    if (typeof answer.refresh_token !== 'string' || answer.refresh_token === '') throw badAnswer(network, 'has a refresh_token that is not a token');
    tokens.refreshToken = answer.refresh_token;
  }
  const refreshEnd = after('refresh_expires_in') ?? after('refresh_token_expires_in');
  if (refreshEnd !== undefined || tokens.refreshToken !== undefined) tokens.refreshTokenExpiresAt = refreshEnd ?? null;
  const scopes = parseScopes(answer.scope, network);
  if (scopes !== undefined) tokens.scopes = scopes;
  return tokens;
}

/**
 * A granted scope list: a string split on spaces (RFC 6749) or commas (TikTok, Meta), or an array of
 * strings (Instagram's `permissions`); undefined when absent, an unexpected_response when anything else.
 */
export function parseScopes(value: unknown, network: string): string[] | undefined {
  if (!present(value)) return undefined;
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value) && value.every((scope) => typeof scope === 'string')) return value.filter(Boolean);
  throw badAnswer(network, 'has a scope list that is neither a string nor a list of strings');
}

const present = (value: unknown): boolean => value !== undefined && value !== null;

function badAnswer(network: string, what: string): ProviderError {
  return new ProviderError('unexpected_response', `${network}: the token answer ${what}`);
}

/**
 * A count of seconds in a token answer, as a number or a string of digits; undefined when absent, and an
 * unexpected_response when anything else or negative.
 */
export function readSeconds(body: unknown, field: string, network: string): number | undefined {
  const value = (body as Record<string, unknown>)[field];
  if (!present(value)) return undefined;
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0) throw badAnswer(network, `has ${field} ${JSON.stringify(value)}, not a number of seconds`);
  return seconds;
}
