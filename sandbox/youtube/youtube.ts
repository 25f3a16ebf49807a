/**
 * Simulated Google OAuth 2.0 and YouTube (mirrors src/providers/youtube/youtube.ts), per docs/networks.md#youtube:
 *
 *   accounts.google.com              GET|POST /o/oauth2/v2/auth          consent screen (authorize.ts)
 *   oauth2.googleapis.com            POST /token                         code (PKCE) → access 3599 s (+ refresh); refresh grant
 *                                    POST /revoke?token=…                either token ends the grant
 *   www.googleapis.com               GET /youtube/v3/channels|playlistItems|videos   (data.ts)
 *   youtubeanalytics.googleapis.com  GET /v2/reports                     (data.ts)
 *
 * Routes live only under the `/<host>` prefixes. Every endpoint records its call (under the channel id, or the
 * Google account id for an account without a channel) and applies an armed fault before any real work; faults
 * are named `google.token` (or `google.token.code` / `google.token.refresh` for one grant type), `google.revoke`,
 * `google.channels`, `google.playlistItems`, `google.videos`, `google.reports`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../core/world.ts';
import { registerGoogleAuthorize } from './authorize.ts';
import { registerGoogleControl } from './control.ts';
import { registerGoogleData } from './data.ts';
import type { Code, GoogleConfig } from './model.ts';
import { sendGoogleFault, sendOAuthError } from './replies.ts';
import { GoogleWorld } from './world.ts';

type Fields = Record<string, unknown>;

function str(fields: Fields, key: string): string | undefined {
  const v = fields[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** Client credentials from the form (client_secret_post) or an Authorization: Basic header. */
function clientCredentials(req: FastifyRequest, body: Fields): { clientId?: string; clientSecret?: string } {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
    return { clientId: decodeURIComponent(id ?? ''), clientSecret: decodeURIComponent(secret ?? '') };
  }
  return { clientId: str(body, 'client_id'), clientSecret: str(body, 'client_secret') };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** https://www.rfc-editor.org/rfc/rfc7636#section-4.6 */
function verifierMatches(code: Code, verifier: string): boolean {
  const derived = code.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return sameSecret(derived, code.codeChallenge!);
}

interface TokenRequest {
  google: GoogleWorld;
  body: Fields;
  clientId: string;
  reply: FastifyReply;
}

/** The authorization_code grant: the answer's body, or the reply when an error was sent. */
function codeGrant({ google, body, clientId, reply }: TokenRequest): FastifyReply | object {
  const value = str(body, 'code');
  if (!value) return sendOAuthError(reply, 400, 'invalid_request', 'Missing required parameter: code');
  const code = google.redeemCode(value);
  if (!code || code.clientId !== clientId) return sendOAuthError(reply, 400, 'invalid_grant', 'Malformed auth code.');
  if (str(body, 'redirect_uri') !== code.redirectUri) return sendOAuthError(reply, 400, 'redirect_uri_mismatch', 'Bad Request');
  const verifier = str(body, 'code_verifier');
  if (code.codeChallenge === undefined && verifier !== undefined) return sendOAuthError(reply, 400, 'invalid_request', 'code_verifier or verifier is not needed.');
  if (code.codeChallenge !== undefined && verifier === undefined) return sendOAuthError(reply, 400, 'invalid_grant', 'Missing code verifier.');
  if (code.codeChallenge !== undefined && !verifierMatches(code, verifier!)) return sendOAuthError(reply, 400, 'invalid_grant', 'Invalid code verifier.');
  const account = google.account(code.username)!;
  const refresh = code.withRefreshToken ? google.issueRefreshToken(account, clientId, code.scopes) : undefined;
  const access = google.issueAccessToken(account, clientId, code.scopes, refresh?.value);
  return {
    access_token: access.value,
    expires_in: google.config.accessTokenSeconds,
    ...(refresh ? { refresh_token: refresh.value } : {}),
    scope: code.scopes.join(' '),
    token_type: 'Bearer',
  };
}

function refreshGrant({ google, body, clientId, reply }: TokenRequest): FastifyReply | object {
  const value = str(body, 'refresh_token');
  if (!value) return sendOAuthError(reply, 400, 'invalid_request', 'Missing required parameter: refresh_token');
  const token = google.refreshToken(value);
  if (token && token.clientId !== clientId) return sendOAuthError(reply, 400, 'unauthorized_client', 'Unauthorized');
  // Whatever killed it (revoke, six idle months, the 100-token limit, Testing's 7 days), Google says the same.
  if (!token || google.refreshDeath(value) !== undefined) return sendOAuthError(reply, 400, 'invalid_grant', 'Token has been expired or revoked.');
  google.touch(value);
  const access = google.issueAccessToken(google.account(token.username)!, clientId, token.scopes, value);
  // Not rotated: the response carries no refresh_token.
  return { access_token: access.value, expires_in: google.config.accessTokenSeconds, scope: token.scopes.join(' '), token_type: 'Bearer' };
}

function accountOfTokenRequest(google: GoogleWorld, body: Fields): string | undefined {
  const code = google.peekCode(str(body, 'code') ?? '');
  const username = code?.username ?? google.refreshToken(str(body, 'refresh_token') ?? '')?.username;
  return GoogleWorld.accountKey(username === undefined ? undefined : google.account(username));
}

async function token(world: World, google: GoogleWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const body = (req.body ?? {}) as Fields;
  const grantType = str(body, 'grant_type');
  const accountId = accountOfTokenRequest(google, body);
  world.calls.record('google.token', accountId);
  const specific = grantType === 'authorization_code' ? 'google.token.code' : grantType === 'refresh_token' ? 'google.token.refresh' : undefined;
  const fault = (specific ? world.faults.take(specific, accountId) : undefined) ?? world.faults.take('google.token', accountId);
  if (fault && fault.fault !== 'lost_answer') return sendGoogleFault(reply, fault, 'oauth', world.faults);
  const { clientId, clientSecret } = clientCredentials(req, body);
  const client = google.client(clientId ?? '');
  if (!client) return sendOAuthError(reply, 401, 'invalid_client', 'The OAuth client was not found.');
  if (!sameSecret(clientSecret ?? '', client.clientSecret)) return sendOAuthError(reply, 401, 'invalid_client', 'Unauthorized');
  const grant = grantType === 'authorization_code' ? codeGrant : grantType === 'refresh_token' ? refreshGrant : undefined;
  if (!grant) return sendOAuthError(reply, 400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  const result = grant({ google, body, clientId: client.clientId, reply });
  if (result === reply) return reply;
  // lost_answer: the tokens were issued (and are live); only the answer never arrives.
  if (fault) return sendGoogleFault(reply, fault, 'oauth', world.faults);
  return reply.header('cache-control', 'no-cache, no-store, max-age=0, must-revalidate').type('application/json; charset=utf-8').send(result);
}

async function revoke(world: World, google: GoogleWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  // Google documents the token in the query string; a form body works too.
  const value = str(req.query as Fields, 'token') ?? str((req.body ?? {}) as Fields, 'token') ?? '';
  const known = google.refreshToken(value) ?? google.accessToken(value);
  const accountId = GoogleWorld.accountKey(known ? google.account(known.username) : undefined);
  world.calls.record('google.revoke', accountId);
  const fault = world.faults.take('google.revoke', accountId);
  if (fault && fault.fault !== 'lost_answer') return sendGoogleFault(reply, fault, 'oauth', world.faults);
  if (!value) return sendOAuthError(reply, 400, 'invalid_request', 'Missing required parameter: token');
  const revoked = google.revoke(value);
  if (fault) return sendGoogleFault(reply, fault, 'oauth', world.faults);
  return revoked ? reply.type('application/json; charset=utf-8').send({}) : sendOAuthError(reply, 400, 'invalid_token', 'Token expired or revoked');
}

export function registerGoogle(app: FastifyInstance, world: World, config: Partial<GoogleConfig> = {}): GoogleWorld {
  const google = world.addNetwork('google', (ctx) => new GoogleWorld(ctx, config));
  registerGoogleAuthorize(app, google, (endpoint) => world.calls.record(endpoint));
  app.post('/oauth2.googleapis.com/token', (req, reply) => token(world, google, req, reply));
  app.post('/oauth2.googleapis.com/revoke', (req, reply) => revoke(world, google, req, reply));
  registerGoogleData(app, world, google);
  registerGoogleControl(app, google);
  return google;
}
