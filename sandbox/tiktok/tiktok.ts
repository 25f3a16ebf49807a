/**
 * Simulated TikTok Login Kit v2 and Display API v2 (mirrors src/providers/tiktok/tiktok.ts), per
 * docs/networks.md#tiktok and the TikTok docs cited there.
 *
 *   www.tiktok.com       GET|POST /v2/auth/authorize/   consent page (authorize.ts)
 *   open.tiktokapis.com  POST /v2/oauth/token/          code (+ PKCE verifier) or refresh token → flat token JSON
 *                        POST /v2/oauth/revoke/         ends the grant behind a token → {}
 *                        GET  /v2/user/info/?fields=    the person's profile, fields gated by scope
 *                        POST /v2/video/list/?fields=   their videos, newest first, cursor = create_time in ms
 *                        POST /v2/video/query/?fields=  their videos by id
 *
 * Faults: tiktok.token, tiktok.revoke, tiktok.user_info, tiktok.video_list, tiktok.video_query (account = open_id).
 * `lost_answer` on the token endpoint issues and rotates the tokens, then never answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../core/world.ts';
import { pkceChallenge, registerTikTokAuthorize } from './authorize.ts';
import { registerTikTokControl } from './control.ts';
import { registerTikTokData } from './data.ts';
import type { IssuedPair, TikTokApp } from './model.ts';
import { faulted, loseAnswer, sendOAuthError } from './wire.ts';
import { TikTokWorld } from './world.ts';

type Fields = Record<string, unknown>;
type Outcome = { ok: true; body: object } | { ok: false; error: string; description: string };

function one(v: unknown): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

const fail = (error: string, description: string): Outcome => ({ ok: false, error, description });

function tokenBody(tt: TikTokWorld, pair: IssuedPair): object {
  const now = tt.context.clock.now().getTime();
  const { accessToken: a, refreshToken: r } = pair;
  return {
    access_token: a.value,
    expires_in: Math.max(0, Math.floor((a.expiresAtMs - now) / 1000)),
    open_id: a.grant.account.openId,
    // Always what remains: in 'fixed' mode it shrinks with every refresh.
    refresh_expires_in: Math.max(0, Math.floor((r.expiresAtMs - now) / 1000)),
    refresh_token: r.value,
    scope: a.grant.scopes.join(','),
    token_type: 'Bearer',
  };
}

function clientOf(tt: TikTokWorld, body: Fields): TikTokApp | undefined {
  const app = tt.app(one(body.client_key) ?? '');
  return app && one(body.client_secret) === app.clientSecret ? app : undefined;
}

function exchangeCode(tt: TikTokWorld, app: TikTokApp, body: Fields): Outcome {
  const value = one(body.code);
  if (!value) return fail('invalid_request', 'Missing required parameter: code.');
  const code = tt.redeemCode(value);
  if (!code || code.clientKey !== app.clientKey) return fail('invalid_grant', 'Authorization code is expired.');
  if (one(body.redirect_uri) !== code.redirectUri) return fail('invalid_grant', 'Redirect URI does not match the one used in the authorization request.');
  if (code.codeChallenge !== undefined) {
    const verifier = one(body.code_verifier);
    // Observed wording for a PKCE mismatch (docs/networks.md#tiktok).
    if (!verifier || pkceChallenge(verifier) !== code.codeChallenge) return fail('invalid_request', 'Code verifier or code challenge is invalid.');
  }
  return { ok: true, body: tokenBody(tt, tt.createGrant({ account: code.account, clientKey: app.clientKey, scopes: code.scopes })) };
}

function refresh(tt: TikTokWorld, app: TikTokApp, body: Fields): Outcome {
  const value = one(body.refresh_token);
  if (!value) return fail('invalid_request', 'Missing required parameter: refresh_token.');
  const check = tt.checkRefresh(value);
  // TikTok does not say whether the token expired, was rotated away or revoked.
  if (!check.ok || check.token.grant.clientKey !== app.clientKey) return fail('invalid_grant', 'Refresh token is invalid or expired.');
  return { ok: true, body: tokenBody(tt, tt.refresh(check.token)) };
}

async function token(tt: TikTokWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const body = (req.body ?? {}) as Fields;
  const grantType = one(body.grant_type);
  const openId = grantType === 'refresh_token' ? tt.refreshToken(one(body.refresh_token) ?? '')?.grant.account.openId : tt.peekCode(one(body.code) ?? '')?.account.openId;
  const fault = await faulted(tt, reply, 'tiktok.token', 'oauth', openId);
  if (fault === true) return;
  const app = clientOf(tt, body);
  let outcome: Outcome;
  if (!app) outcome = fail('invalid_client', 'Client key or secret is invalid.');
  else if (grantType === 'authorization_code') outcome = exchangeCode(tt, app, body);
  else if (grantType === 'refresh_token') outcome = refresh(tt, app, body);
  else outcome = fail('unsupported_grant_type', 'The grant type is not supported.');
  if (fault) return loseAnswer(tt, reply, fault);
  if (!outcome.ok) return sendOAuthError(tt, reply, outcome.error, outcome.description);
  return reply.header('cache-control', 'no-store').send(outcome.body);
}

/** Like RFC 7009: a token that is unknown or already revoked is answered as a success. */
async function revoke(tt: TikTokWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const body = (req.body ?? {}) as Fields;
  const value = one(body.token) ?? '';
  const known = tt.accessToken(value) ?? tt.refreshToken(value);
  const fault = await faulted(tt, reply, 'tiktok.revoke', 'oauth', known?.grant.account.openId);
  if (fault === true) return;
  const app = clientOf(tt, body);
  if (!app) return sendOAuthError(tt, reply, 'invalid_client', 'Client key or secret is invalid.');
  if (!value) return sendOAuthError(tt, reply, 'invalid_request', 'Missing required parameter: token.');
  tt.revoke(value, app.clientKey);
  if (fault) return loseAnswer(tt, reply, fault);
  return reply.send({});
}

export function registerTikTok(app: FastifyInstance, world: World): TikTokWorld {
  const tt = world.addNetwork('tiktok', (ctx) => new TikTokWorld(ctx));
  const prefix = '/open.tiktokapis.com';
  app.post(`${prefix}/v2/oauth/token/`, (req, reply) => token(tt, req, reply));
  app.post(`${prefix}/v2/oauth/revoke/`, (req, reply) => revoke(tt, req, reply));
  registerTikTokData(app, tt, prefix);
  registerTikTokAuthorize(app, tt, '/www.tiktok.com');
  registerTikTokControl(app, tt);
  return tt;
}
