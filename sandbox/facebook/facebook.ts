/**
 * Simulated Facebook Login for Pages and their linked Instagram professional accounts (mirrors
 * src/providers/facebook/facebook.ts), per docs/networks.md#facebook and the Meta docs cited there.
 *
 *   www.facebook.com    GET|POST /{v}/dialog/oauth                       (authorize.ts)
 *   graph.facebook.com  GET|POST [/{v}]/oauth/access_token               code → short-lived user token;
 *                                   grant_type=fb_exchange_token          → long-lived user token (60 d)
 *                       GET [/{v}]/debug_token                           token introspection (app token)
 *                       GET|DELETE [/{v}]/{user|me}/permissions           list (granted and declined) / de-authorize the app
 *                       GET|POST [/{v}]/{ig-media-id}/branded_content_partner_promote
 *                                                                        brands allowed to boost the post (partner-promote.ts)
 *                       GET [/{v}]/me, /{user|me}/accounts, /{id}, /{ig-id}/media, /{page-id}/posts,
 *                           /{page-id}/published_posts, /{id}/insights   (graph.ts, insights.ts)
 *                       GET [/{v}]/{ig-id}/stories, /{post-id}           (stories.ts, insights.ts)
 *
 * Every endpoint records `facebook.<endpoint>` and applies an armed fault first. Token failures answer
 * 190 with the subcode of why (458 app removed, 459 checkpoint, 460 password changed, 463 expired,
 * 467 unknown, 492 Page role lost, 493 data access expired).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../core/world.ts';
import { registerFacebookAuthorize } from './authorize.ts';
import { registerFacebookControl } from './control.ts';
import { accounts, me, media, node, posts, withToken } from './graph.ts';
import { deadToken, fail, faulted, type GraphCall, graphError, params, type Query, sendOk, tokenFrom, unsupportedGet } from './http.ts';
import { insights, postNode } from './insights.ts';
import { igMediaNode } from './media-node.ts';
import type { FacebookConfig } from './model.ts';
import { type FbToken, IG_TARGETED, PAGE_TARGETED } from './model.ts';
import { partnerPromote } from './partner-promote.ts';
import { findIgMedia, stories } from './stories.ts';
import { FacebookWorld } from './world.ts';

export { signRequest, verifySignedRequest } from './signed-request.ts';
export { FacebookWorld } from './world.ts';

const secondsLeft = (call: GraphCall, token: FbToken) => Math.max(0, Math.floor((token.expiresAtMs! - call.fb.clock.now().getTime()) / 1000));

/** client_id and client_secret of a registered app, or the Graph error Facebook answers. */
function checkClient(call: GraphCall, params: Query): FacebookConfig['apps'][number] | undefined {
  const app = call.fb.app(params.client_id ?? '');
  if (!app) return void fail(call, graphError(400, 101, 'Error validating application. Invalid application ID.'));
  if (params.client_secret !== app.clientSecret) return void fail(call, graphError(400, 101, 'Error validating client secret.'));
  return app;
}

/** `oauth/access_token` with a code: the short-lived user token. Code errors are 100 with Meta's subcodes. */
async function codeGrant(call: GraphCall, p: Query): Promise<unknown> {
  const pending = call.fb.peekCode(p.code ?? '');
  if (await faulted(call, 'oauth_access_token', pending?.userId, pending?.clientId)) return;
  const app = checkClient(call, p);
  if (!app) return;
  if (pending && pending.clientId === app.clientId && p.redirect_uri !== pending.redirectUri) {
    return fail(
      call,
      graphError(400, 100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', 36008),
    );
  }
  const redeemed = call.fb.redeemCode(p.code ?? '');
  if ('error' in redeemed) {
    if (redeemed.error === 'used') return fail(call, graphError(400, 100, 'This authorization code has been used.', 36009));
    if (redeemed.error === 'expired') return fail(call, graphError(400, 100, 'This authorization code has expired.', 36007));
    return fail(call, graphError(400, 100, 'Invalid verification code format.'));
  }
  const { code } = redeemed;
  const user = call.fb.userById(code.userId)!;
  const token = call.fb.issueUserToken({ user, kind: 'user-short', clientId: app.clientId, scopes: code.scopes, pageIds: code.pageIds });
  return sendOk(call, { access_token: token.value, token_type: 'bearer', expires_in: secondsLeft(call, token) });
}

/** `grant_type=fb_exchange_token`: "You can not use an expired token to request a long-lived token". */
async function exchangeToken(call: GraphCall, p: Query): Promise<unknown> {
  const value = p.fb_exchange_token ?? '';
  const known = call.fb.token(value);
  if (await faulted(call, 'fb_exchange_token', known?.userId, known?.clientId)) return;
  const app = checkClient(call, p);
  if (!app) return;
  if (!value) return fail(call, graphError(400, 100, 'Missing parameter: fb_exchange_token'));
  const check = call.fb.check(value);
  if (!check.ok) return fail(call, deadToken(call, check.subcode, check.token));
  if (check.token.kind === 'page' || check.token.clientId !== app.clientId) {
    return fail(call, graphError(400, 100, '(#100) fb_exchange_token must be a user access token of this app'));
  }
  const long = call.fb.exchangeForLong(check.token);
  return sendOk(call, { access_token: long.value, token_type: 'bearer', expires_in: secondsLeft(call, long) });
}

async function oauthAccessToken(call: GraphCall): Promise<unknown> {
  const p = params(call);
  if (p.grant_type === 'fb_exchange_token') return exchangeToken(call, p);
  if (p.grant_type !== undefined && p.grant_type !== 'authorization_code') {
    call.world.calls.record('facebook.oauth_access_token');
    return fail(call, graphError(400, 100, `Unsupported grant_type: ${p.grant_type}`));
  }
  return codeGrant(call, p);
}

function granularScopes(call: GraphCall, token: FbToken): unknown[] {
  const pages = call.fb.reachablePages(token);
  return token.scopes.map((scope) => {
    if (PAGE_TARGETED.has(scope)) return { scope, target_ids: pages.map((p) => p.id) };
    if (IG_TARGETED.has(scope)) return { scope, target_ids: pages.flatMap((p) => (p.igId === undefined ? [] : [p.igId])) };
    return { scope };
  });
}

/** `debug_token` (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging): 200 even for a dead token. */
async function debugToken(call: GraphCall): Promise<unknown> {
  const input = call.query.input_token ?? '';
  const token = call.fb.token(input);
  if (await faulted(call, 'debug_token', token?.userId, token?.clientId)) return;
  const [appId, secret] = (call.token ?? '').split('|');
  const app = call.fb.app(appId ?? '');
  if (!app || secret !== app.clientSecret) {
    return fail(call, graphError(400, 100, '(#100) You must provide an app access token, or a user access token that is an owner or developer of the app'));
  }
  if (!token) return sendOk(call, { data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] } });
  const user = call.fb.userById(token.userId)!;
  const check = call.fb.check(input);
  const data: Record<string, unknown> = {
    app_id: token.clientId,
    type: token.kind === 'page' ? 'PAGE' : 'USER',
    application: app.name,
    data_access_expires_at: Math.floor(call.fb.dataAccessExpiresAtMs(user) / 1000),
    expires_at: token.expiresAtMs === null ? 0 : Math.floor(token.expiresAtMs / 1000),
    is_valid: check.ok,
    issued_at: Math.floor(token.issuedAtMs / 1000),
    ...(token.pageId === undefined ? {} : { profile_id: token.pageId }),
    scopes: token.scopes,
    granular_scopes: granularScopes(call, token),
    user_id: user.id,
  };
  if (!check.ok) {
    const e = deadToken(call, check.subcode, token);
    data.error = { code: e.code, message: e.message, subcode: e.subcode };
  }
  return sendOk(call, { data });
}

/** `/{user}/permissions`: GET lists, DELETE de-authorizes the app (`{"success":true}`), with the user or app token. */
async function permissions(call: GraphCall): Promise<unknown> {
  const owner = call.segments[0]!;
  const [appId, secret] = (call.token ?? '').split('|');
  const app = secret === undefined ? undefined : call.fb.app(appId ?? '');
  if (app && secret === app.clientSecret && call.req.method === 'DELETE') {
    const user = call.fb.userById(owner);
    if (await faulted(call, 'permissions', user?.id, app.clientId)) return;
    if (!user) return fail(call, unsupportedGet(owner));
    call.fb.applyEvent(user.username, 'app-removed');
    return sendOk(call, { success: true });
  }
  const checked = await withToken(call, 'permissions', owner === 'me' ? undefined : owner, false);
  if (!checked) return;
  const { token, user } = checked;
  if (token.kind === 'page' || (owner !== 'me' && owner !== user.id)) return fail(call, unsupportedGet(owner));
  if (call.req.method === 'GET') {
    // Granted: this token's permissions; declined: what the person unticked for this app and has not granted since.
    const declined = call.fb.declinedScopes(user, token.clientId).filter((s) => !token.scopes.includes(s));
    const data = [...token.scopes.map((permission) => ({ permission, status: 'granted' })), ...declined.map((permission) => ({ permission, status: 'declined' }))];
    return sendOk(call, { data });
  }
  call.fb.applyEvent(user.username, 'app-removed');
  return sendOk(call, { success: true });
}

/** One wildcard route per host: Graph paths are ids, so they are dispatched here rather than by the router. */
async function dispatch(world: World, fb: FacebookWorld, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const path = ((req.params as { '*': string })['*'] ?? '').split('?')[0]!;
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (/^v\d+\.\d+$/.test(segments[0] ?? '')) segments.shift();
  const call: GraphCall = { world, fb, req, reply, segments, query: req.query as Query, token: tokenFrom(req) };
  const [first, edge, ...rest] = segments;
  const method = req.method;
  if (first === 'oauth' && edge === 'access_token' && rest.length === 0 && method !== 'DELETE') return oauthAccessToken(call);
  if (first === 'debug_token' && edge === undefined && method === 'GET') return debugToken(call);
  if (first !== undefined && edge === 'permissions' && rest.length === 0 && (method === 'GET' || method === 'DELETE')) return permissions(call);
  if (first !== undefined && edge === 'branded_content_partner_promote' && rest.length === 0 && (method === 'GET' || method === 'POST')) return partnerPromote(call, first);
  if (method !== 'GET' || first === undefined || rest.length > 0) {
    world.calls.record('facebook.unsupported');
    return fail(
      call,
      graphError(400, 100, `Unsupported ${method.toLowerCase()} request. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`),
    );
  }
  if (edge === undefined) {
    if (first === 'me') return me(call);
    if (first.includes('_')) return postNode(call, first);
    const igMedia = call.fb.instagram(first) || call.fb.page(first) ? undefined : findIgMedia(call, first);
    return igMedia ? igMediaNode(call, igMedia) : node(call, first);
  }
  if (edge === 'accounts') return accounts(call);
  if (edge === 'media') return media(call, first);
  if (edge === 'stories') return stories(call, first);
  if (edge === 'posts' || edge === 'published_posts') return posts(call, first);
  if (edge === 'insights') return insights(call, first);
  world.calls.record('facebook.unsupported');
  return fail(call, graphError(400, 100, `(#100) Tried accessing nonexisting field (${edge})`));
}

export function registerFacebook(app: FastifyInstance, world: World, config: Partial<FacebookConfig> = {}): FacebookWorld {
  const fb = world.addNetwork('facebook', (ctx) => new FacebookWorld(ctx, config, world.instagram));
  registerFacebookAuthorize(app, world, fb);
  app.route({ method: ['GET', 'POST', 'DELETE'], url: '/graph.facebook.com/*', handler: (req, reply) => dispatch(world, fb, req, reply) });
  registerFacebookControl(app, world, fb);
  return fb;
}
