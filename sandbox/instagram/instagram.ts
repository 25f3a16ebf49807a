/**
 * Simulated Instagram API with Instagram Login (mirrors src/providers/instagram/instagram.ts), per
 * docs/networks.md#instagram and the Meta docs cited there.
 *
 *   www.instagram.com    GET|POST /oauth/authorize                (authorize.ts)
 *   api.instagram.com    POST /oauth/access_token                 code → short-lived token (1 h)
 *   graph.instagram.com  GET [/vN.N]/access_token                 short → long-lived (60 d)
 *                        GET [/vN.N]/refresh_access_token         long → new long-lived (60 d from now), ≥ 24 h old
 *                        GET [/vN.N]/me                           profile fields
 *                        GET [/vN.N]/me/media, /me/stories        feed and stories (media.ts)
 *                        GET [/vN.N]/{id}/insights                media or account insights (insights.ts)
 *
 * Each host is served at root and under `/<hostname>`. Every endpoint records the call (with the account's
 * user_id when the token or code names one) and applies an armed fault before any real work.
 *
 * Personal accounts: with `personalAccounts: 'token'` (default) they connect like any other and /me answers
 * `account_type: "PERSONAL"`; with 'refuse' the flow still issues tokens but /me answers
 * `(#10) The user is not an Instagram Business account`, as Instagram does for non-professional accounts.
 *
 * A request without any access token answers code 2500 ("An active access token must be used…"), as the
 * Graph API does; every token-validation failure answers code 190 with its subcode.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedPictureUrl } from '../core/cdn.ts';
import type { World } from '../core/world.ts';
import { paramError, sendGraphError, sendOAuthError, tokenError } from '../meta/graph-errors.ts';
import { igFollowers } from '../meta/insights.ts';
import { registerAuthorize } from './authorize.ts';
import { registerInstagramControl } from './control.ts';
import { checkError, faulted, faultedOrLost, loseAnswer, missingToken, one, type Query, sendGraphOk, tokenFrom } from './http.ts';
import { insights } from './insights.ts';
import { media, stories } from './media.ts';
import { mediaById } from './media-node.ts';

const ME_FIELDS = ['id', 'user_id', 'username', 'name', 'account_type', 'profile_picture_url', 'followers_count', 'follows_count', 'media_count'];

async function exchangeCode(world: World, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = one(body.code) ?? '';
  const pending = world.instagram.peekCode(value);
  if (await faulted(world, reply, 'oauth_access_token', 'oauth', pending?.account.userId, pending?.clientId)) return;
  const app = world.instagram.app(one(body.client_id) ?? '');
  if (!app) return sendOAuthError(reply, 'Invalid platform app');
  if (one(body.client_secret) !== app.clientSecret) return sendOAuthError(reply, 'Error validating client secret.');
  if (one(body.grant_type) !== 'authorization_code') return sendOAuthError(reply, 'Invalid grant_type: expected authorization_code');
  const now = world.clock.now().getTime();
  if (!pending || pending.clientId !== app.clientId || pending.expiresAtMs <= now) {
    return sendOAuthError(reply, 'Matching code was not found or was already used');
  }
  if (one(body.redirect_uri) !== pending.redirectUri) {
    return sendOAuthError(reply, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request');
  }
  world.instagram.redeemCode(value, app.clientId);
  const token = world.instagram.issueToken({ account: pending.account, kind: 'short', clientId: app.clientId, scopes: pending.scopes });
  // user_id exceeds 2^53 and Instagram sends it as a bare JSON number: write the digits by hand so they stay exact.
  const item = `{"access_token":${JSON.stringify(token.value)},"user_id":${pending.account.userId},"permissions":${JSON.stringify(pending.scopes.join(','))}}`;
  const json = world.config.codeExchangeShape === 'data' ? `{"data":[${item}]}` : item;
  return reply.type('application/json; charset=utf-8').send(json);
}

async function exchangeForLongLived(world: World, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const q = req.query as Query;
  const value = tokenFrom(req);
  const token = value ? world.instagram.token(value) : undefined;
  if (await faulted(world, reply, 'access_token', 'graph', token?.account.userId, token?.clientId)) return;
  if (one(q.grant_type) !== 'ig_exchange_token') return sendGraphError(reply, paramError('Unsupported grant_type: expected ig_exchange_token'));
  if (!value) return sendGraphError(reply, missingToken);
  if (!token) return sendGraphError(reply, tokenError(467));
  if (one(q.client_secret) !== world.instagram.app(token.clientId)?.clientSecret) {
    return sendGraphError(reply, { status: 400, code: 101, type: 'OAuthException', isTransient: false, message: 'Error validating client secret.' });
  }
  const check = world.instagram.check(value);
  if (!check.ok) return sendGraphError(reply, checkError(world, check));
  if (token.kind !== 'short') return sendGraphError(reply, paramError('(#100) Only a short-lived access token can be exchanged for a long-lived one'));
  const long = world.instagram.issueToken({ account: token.account, kind: 'long', clientId: token.clientId, scopes: token.scopes });
  return sendGraphOk(world, reply, 'access_token', token.account.userId, tokenBody(world, long.value, long.expiresAtMs));
}

async function refresh(world: World, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const q = req.query as Query;
  const value = tokenFrom(req);
  const known = value ? world.instagram.token(value) : undefined;
  // A lost answer is played after the refresh: the new token is issued and the old one superseded.
  const lost = await faultedOrLost(world, reply, 'refresh_access_token', 'graph', known?.account.userId, known?.clientId, true);
  if (lost === true) return;
  if (one(q.grant_type) !== 'ig_refresh_token') return sendGraphError(reply, paramError('Unsupported grant_type: expected ig_refresh_token'));
  if (!value) return sendGraphError(reply, missingToken);
  const check = world.instagram.check(value);
  if (!check.ok) return sendGraphError(reply, checkError(world, check));
  const token = check.token;
  if (token.kind !== 'long') return sendGraphError(reply, paramError('(#100) Only a long-lived access token can be refreshed'));
  const ageSeconds = (world.clock.now().getTime() - token.issuedAtMs) / 1000;
  if (ageSeconds < world.config.minRefreshAgeSeconds) {
    // Meta does not document this answer; the code is configurable (tooYoungErrorCode).
    const code = world.config.tooYoungErrorCode;
    return sendGraphError(reply, {
      status: 400,
      code,
      type: code === 190 ? 'OAuthException' : 'IGApiException',
      isTransient: false,
      message: `(#${code}) The access token is too young to be refreshed: a long-lived token can be refreshed once it is at least 24 hours old`,
    });
  }
  if (!token.scopes.includes('instagram_business_basic')) {
    return sendGraphError(reply, { ...paramError('(#10) Application does not have permission for this action', 10), type: 'OAuthException' });
  }
  const next = world.instagram.refresh(token);
  if (lost) return loseAnswer(world, reply, lost);
  return sendGraphOk(world, reply, 'refresh_access_token', token.account.userId, tokenBody(world, next.value, next.expiresAtMs));
}

function tokenBody(world: World, accessToken: string, expiresAtMs: number): object {
  const expiresIn = Math.floor((expiresAtMs - world.clock.now().getTime()) / 1000);
  return { access_token: accessToken, token_type: 'bearer', expires_in: expiresIn };
}

async function me(world: World, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const value = tokenFrom(req);
  const known = value ? world.instagram.token(value) : undefined;
  if (await faulted(world, reply, 'me', 'graph', known?.account.userId, known?.clientId)) return;
  if (!value) return sendGraphError(reply, missingToken);
  const check = world.instagram.check(value);
  if (!check.ok) return sendGraphError(reply, checkError(world, check));
  const account = check.token.account;
  const fields = (one((req.query as Query).fields) ?? 'id')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.find((f) => !ME_FIELDS.includes(f));
  if (unknown) return sendGraphError(reply, paramError(`(#100) Tried accessing nonexisting field (${unknown}) on node type (User)`));
  if (account.accountType === 'PERSONAL' && world.config.personalAccounts === 'refuse') {
    return sendGraphError(reply, { ...paramError('(#10) The user is not an Instagram Business account', 10), type: 'OAuthException' });
  }
  const all: Record<string, string | number> = {
    id: account.id,
    user_id: account.userId,
    username: account.username,
    name: account.name,
    account_type: account.accountType,
    profile_picture_url: signedPictureUrl(world, account.profilePictureUrl),
    followers_count: igFollowers({ id: account.userId, followersCount: account.followersCount, createdAtMs: account.createdAtMs }, world.clock.now().getTime()),
    follows_count: account.followsCount,
    media_count: account.mediaCount,
  };
  const out: Record<string, string | number> = {};
  for (const f of fields) out[f] = all[f]!;
  out.id = account.id; // the Graph API always returns the node id
  return sendGraphOk(world, reply, 'me', account.userId, out);
}

type Handler = (world: World, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

function registerGraph(app: FastifyInstance, world: World, prefix: string): void {
  const endpoints: [string, Handler][] = [
    ['access_token', exchangeForLongLived],
    ['refresh_access_token', refresh],
    ['me', me],
    ['me/media', media],
    ['me/stories', stories],
  ];
  for (const [name, handler] of endpoints) {
    app.get(`${prefix}/${name}`, (req, reply) => handler(world, req, reply));
    app.get(`${prefix}/:version/${name}`, (req, reply) => {
      const version = (req.params as { version: string }).version;
      if (!/^v\d+\.\d+$/.test(version)) {
        return sendGraphError(reply, { ...paramError(`Unknown path components: /${version}/${name}`, 2500), type: 'OAuthException' });
      }
      return handler(world, req, reply);
    });
    // Only GET works; other methods get a Graph error naming the method.
    const unsupported = (req: FastifyRequest, reply: FastifyReply): FastifyReply => {
      world.calls.record(name);
      return sendGraphError(reply, paramError(`Unsupported request - method type: ${req.method.toLowerCase()}`));
    };
    app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], url: `${prefix}/${name}`, handler: unsupported });
    app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], url: `${prefix}/:version/${name}`, handler: unsupported });
  }
}

/** `/{id}/insights`: an id path segment, so registered apart from the fixed names above. */
function registerInsights(app: FastifyInstance, world: World, prefix: string): void {
  app.get(`${prefix}/:id/insights`, (req, reply) => insights(world, req, reply));
  app.get(`${prefix}/:version/:id/insights`, (req, reply) => {
    const version = (req.params as { version: string }).version;
    if (!/^v\d+\.\d+$/.test(version)) return sendGraphError(reply, { ...paramError(`Unknown path components: /${version}`, 2500), type: 'OAuthException' });
    return insights(world, req, reply);
  });
}

function registerOAuth(app: FastifyInstance, world: World, prefix: string): void {
  app.post(`${prefix}/oauth/access_token`, (req, reply) => exchangeCode(world, req, reply));
  app.get(`${prefix}/oauth/access_token`, (_req, reply) => sendOAuthError(reply, 'Unsupported request - method type: get'));
}

/**
 * `/{ig-media-id}`: under the host prefix only, where a bare id segment cannot shadow another network's
 * root paths.
 */
function registerMediaNode(app: FastifyInstance, world: World, prefix: string): void {
  app.get(`${prefix}/:id`, (req, reply) => mediaById(world, req, reply));
  app.get(`${prefix}/:version/:id`, (req, reply) => {
    const version = (req.params as { version: string }).version;
    if (!/^v\d+\.\d+$/.test(version)) return sendGraphError(reply, { ...paramError(`Unknown path components: /${version}`, 2500), type: 'OAuthException' });
    return mediaById(world, req, reply);
  });
}

export function registerInstagram(app: FastifyInstance, world: World): void {
  for (const prefix of ['', '/www.instagram.com']) registerAuthorize(app, world, prefix);
  for (const prefix of ['', '/api.instagram.com']) registerOAuth(app, world, prefix);
  for (const prefix of ['', '/graph.instagram.com']) {
    registerGraph(app, world, prefix);
    registerInsights(app, world, prefix);
  }
  registerMediaNode(app, world, '/graph.instagram.com');
  registerInstagramControl(app, world);
}
