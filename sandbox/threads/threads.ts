/**
 * Simulated Threads API (mirrors src/providers/threads/threads.ts), per docs/networks.md#threads and the
 * Meta pages cited there.
 *
 *   threads.com         GET|POST /oauth/authorize                     the Authorization Window (authorize.ts)
 *   graph.threads.net   POST [/v1.0]/oauth/access_token               code → short-lived token (1 h) and user_id
 *   (and .com)          GET  [/v1.0]/access_token                     th_exchange_token: short → long-lived (60 d)
 *                       GET  [/v1.0]/refresh_access_token             th_refresh_token: ≥ 24 h old, not expired,
 *                                                                     threads_basic granted → 60 d from now
 *                       GET  [/v1.0]/me                               profile fields
 *                       GET  [/v1.0]/{me|user-id}/threads             the profile's posts (posts.ts)
 *                       GET  [/v1.0]/{threads-media-id}               a post's node: its files as fresh signed CDN links
 *                       GET  [/v1.0]/{threads-media-id}/insights      a post's figures (insights.ts)
 *                       GET  [/v1.0]/{me|user-id}/threads_insights    the profile's figures and demographics
 *
 * Every endpoint records `threads.<endpoint>` and applies an armed fault first (http.ts). A dead token
 * answers 190 with its subcode (458 app removed, 460 password changed, 463 expired, 467 unknown or
 * refreshed away); a missing permission (#10); anything else about the request (#100).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../core/world.ts';
import { registerThreadsAuthorize } from './authorize.ts';
import { registerThreadsControl } from './control.ts';
import { type Call, checkError, fail, faulted, graphError, loseAnswer, missingToken, noPermission, params, tokenFrom } from './http.ts';
import { mediaInsights, userInsights } from './insights.ts';
import type { ThreadsConfig, ThreadsToken } from './model.ts';
import { findPost, POST_FIELDS, page, postNode, threadsCdnUrl, timeline } from './posts.ts';
import { ThreadsWorld } from './world.ts';

const HOSTS = ['graph.threads.net', 'graph.threads.com'];
const ME_FIELDS = ['id', 'username', 'name', 'threads_profile_picture_url', 'threads_biography', 'is_verified'];

function tokenBody(call: Call, token: ThreadsToken): object {
  return { access_token: token.value, token_type: 'bearer', expires_in: Math.floor((token.expiresAtMs - call.threads.clock.now().getTime()) / 1000) };
}

async function exchangeCode(call: Call): Promise<unknown> {
  const p = params(call.req);
  const pending = call.threads.peekCode(p.code ?? '');
  if (await faulted(call, 'oauth_access_token', pending?.profile.id)) return;
  const app = call.threads.app(p.client_id ?? '');
  if (!app) return fail(call, graphError(101, 'Error validating application. Invalid application ID.'));
  if (p.client_secret !== app.clientSecret) return fail(call, graphError(101, 'Error validating client secret.'));
  if (p.grant_type !== 'authorization_code') return fail(call, graphError(100, 'Invalid grant_type: expected authorization_code'));
  if (!pending || pending.clientId !== app.clientId || pending.expiresAtMs <= call.threads.clock.now().getTime()) {
    return fail(call, graphError(100, 'Matching code was not found or was already used', { subcode: 36009 }));
  }
  if (p.redirect_uri !== pending.redirectUri) {
    return fail(
      call,
      graphError(100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', { subcode: 36008 }),
    );
  }
  call.threads.redeemCode(pending.value);
  const token = call.threads.issueToken({ profile: pending.profile, kind: 'short', clientId: app.clientId, scopes: pending.scopes });
  // user_id is a bare JSON number above 2^53: written by hand so its digits stay exact.
  return call.reply.type('application/json; charset=utf-8').send(`{"access_token":${JSON.stringify(token.value)},"user_id":${pending.profile.id}}`);
}

async function exchangeForLongLived(call: Call): Promise<unknown> {
  const p = params(call.req);
  const value = tokenFrom(call.req);
  const token = value ? call.threads.token(value) : undefined;
  if (await faulted(call, 'access_token', token?.profile.id)) return;
  if (p.grant_type !== 'th_exchange_token') return fail(call, graphError(100, 'Unsupported grant_type: expected th_exchange_token'));
  if (!value) return fail(call, missingToken);
  if (!token) return fail(call, checkError(call, { ok: false, subcode: 467, reason: 'unknown' }));
  if (p.client_secret !== call.threads.app(token.clientId)?.clientSecret) return fail(call, graphError(101, 'Error validating client secret.'));
  const check = call.threads.check(value);
  if (!check.ok) return fail(call, checkError(call, check));
  if (token.kind !== 'short') return fail(call, graphError(100, '(#100) Only a short-lived access token can be exchanged for a long-lived one'));
  const long = call.threads.issueToken({ profile: token.profile, kind: 'long', clientId: token.clientId, scopes: token.scopes });
  return call.reply.send(tokenBody(call, long));
}

async function refresh(call: Call): Promise<unknown> {
  const value = tokenFrom(call.req);
  const known = value ? call.threads.token(value) : undefined;
  // A lost answer is played after the refresh: the new token is issued and the old one superseded.
  const lost = await faulted(call, 'refresh_access_token', known?.profile.id, known?.clientId, true);
  if (lost === true) return;
  if (params(call.req).grant_type !== 'th_refresh_token') return fail(call, graphError(100, 'Unsupported grant_type: expected th_refresh_token'));
  if (!value) return fail(call, missingToken);
  const check = call.threads.check(value);
  if (!check.ok) return fail(call, checkError(call, check));
  const token = check.token;
  if (token.kind !== 'long') return fail(call, graphError(100, '(#100) Only a long-lived access token can be refreshed'));
  // The documented rule; the answer to a token under 24 hours is not documented (Instagram's sandbox uses 100 too).
  if (call.threads.clock.now().getTime() - token.issuedAtMs < call.threads.config.minRefreshAgeSeconds * 1000) {
    return fail(call, graphError(100, '(#100) The access token is too young to be refreshed: a long-lived token can be refreshed once it is at least 24 hours old'));
  }
  if (!token.scopes.includes('threads_basic')) return fail(call, noPermission);
  const next = call.threads.refresh(token);
  if (lost) return loseAnswer(call, lost.delayMs);
  return call.reply.send(tokenBody(call, next));
}

/** The live token of a data call with the permission it needs, or undefined once the error is sent. */
async function authorized(call: Call, endpoint: string, scope: string): Promise<ThreadsToken | undefined> {
  const value = tokenFrom(call.req);
  const known = value ? call.threads.token(value) : undefined;
  if (await faulted(call, endpoint, known?.profile.id, known?.clientId)) return undefined;
  if (!value) return void fail(call, missingToken);
  const check = call.threads.check(value);
  if (!check.ok) return void fail(call, checkError(call, check));
  if (!check.token.scopes.includes(scope)) return void fail(call, noPermission);
  return check.token;
}

function fieldsOf(call: Call): string[] {
  return (params(call.req).fields ?? 'id')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

async function me(call: Call): Promise<unknown> {
  const token = await authorized(call, 'me', 'threads_basic');
  if (!token) return;
  const fields = fieldsOf(call);
  const unknown = fields.find((f) => !ME_FIELDS.includes(f));
  if (unknown) return fail(call, graphError(100, `(#100) Tried accessing nonexisting field (${unknown}) on node type (ThreadsUser)`));
  const p = token.profile;
  const all: Record<string, unknown> = {
    id: p.id,
    username: p.username,
    name: p.name,
    threads_profile_picture_url: threadsCdnUrl(call.world, `avatars/${encodeURIComponent(p.username)}.jpg`),
    threads_biography: p.biography,
    is_verified: false,
  };
  return call.reply.send(Object.fromEntries([...fields, 'id'].map((f) => [f, all[f]])));
}

async function posts(call: Call, node: string): Promise<unknown> {
  const token = await authorized(call, 'threads', 'threads_basic');
  if (!token) return;
  if (node !== 'me' && node !== token.profile.id) return fail(call, objectNotFound(node));
  const fields = fieldsOf(call);
  const unknown = fields.find((f) => !POST_FIELDS.has(f));
  if (unknown) return fail(call, graphError(100, `(#100) Tried accessing nonexisting field (${unknown}) on node type (ThreadsMedia)`));
  const list = timeline(token.profile);
  const nodeAt = (k: number) => pick(postNode(call.world, token.profile, list.at(k)), fields);
  return call.reply.send(page(params(call.req), list.count, nodeAt, call.req.url.startsWith('/graph.threads.com') ? 'graph.threads.com' : 'graph.threads.net'));
}

async function insights(call: Call, id: string): Promise<unknown> {
  const token = await authorized(call, 'media_insights', 'threads_manage_insights');
  if (!token) return;
  const now = call.threads.clock.now().getTime();
  const found = findPost(call.threads, id);
  if (!found || found.profile !== token.profile || found.post.publishedAtMs > now) {
    return fail(call, objectNotFound(id));
  }
  const answer = mediaInsights(params(call.req), found.post, now, call.threads.metrics);
  return 'code' in answer ? fail(call, graphError(answer.code, answer.message)) : call.reply.send(answer);
}

async function profileInsights(call: Call, node: string): Promise<unknown> {
  const token = await authorized(call, 'user_insights', 'threads_manage_insights');
  if (!token) return;
  if (node !== 'me' && node !== token.profile.id) return fail(call, objectNotFound(node));
  const answer = userInsights(params(call.req), token.profile, call.threads.clock.now().getTime(), call.threads.config.demographicsFloor);
  return 'code' in answer ? fail(call, graphError(answer.code, answer.message)) : call.reply.send(answer);
}

/** A Threads Media node: its files (fresh signed CDN links), a carousel's children with theirs. */
async function mediaNode(call: Call, id: string): Promise<unknown> {
  const token = await authorized(call, 'media_node', 'threads_basic');
  if (!token) return;
  const found = findPost(call.threads, id);
  if (!found || found.profile !== token.profile || found.post.publishedAtMs > call.threads.clock.now().getTime()) {
    return fail(call, objectNotFound(id));
  }
  const node = postNode(call.world, found.profile, found.post);
  const requested = (params(call.req).fields ?? 'id').replace(/children\{[^}]*\}/, 'children');
  const fields = requested
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.find((f) => !POST_FIELDS.has(f) && f !== 'children');
  if (unknown) return fail(call, graphError(100, `(#100) Tried accessing nonexisting field (${unknown}) on node type (ThreadsMedia)`));
  const children = (node.children as { data: { id: string }[] } | undefined)?.data.map((child) => ({
    id: child.id,
    media_type: 'IMAGE',
    media_url: threadsCdnUrl(call.world, `${child.id}.jpg`),
  }));
  const all: Record<string, unknown> = { ...node, children: children ? { data: children } : undefined };
  return call.reply.send(pick(all, fields));
}

/** The fields asked for (and always `id`), leaving out those the node does not have, as Graph does. */
function pick(all: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries([...fields, 'id'].flatMap((f) => (all[f] === undefined ? [] : [[f, all[f]]])));
}

/** Graph's answer for a node the token cannot see (or that does not exist): 100 with subcode 33. */
function objectNotFound(id: string) {
  return graphError(100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, {
    subcode: 33,
  });
}

async function dispatch(world: World, threads: ThreadsWorld, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const call: Call = { world, threads, req, reply };
  const path = ((req.params as { '*': string })['*'] ?? '').replace(/\/+$/, '');
  let segments = path.split('/').filter(Boolean);
  if (segments[0] && /^v\d+\.\d+$/.test(segments[0])) segments = segments.slice(1);
  const route = segments.join('/');
  if (req.method === 'POST' && route === 'oauth/access_token') return exchangeCode(call);
  if (req.method !== 'GET') {
    world.calls.record('threads.unsupported');
    return fail(call, graphError(100, `Unsupported request - method type: ${req.method.toLowerCase()}`));
  }
  if (route === 'access_token') return exchangeForLongLived(call);
  if (route === 'refresh_access_token') return refresh(call);
  if (route === 'me') return me(call);
  if (segments.length === 2 && segments[1] === 'threads') return posts(call, segments[0]!);
  if (segments.length === 2 && segments[1] === 'insights') return insights(call, segments[0]!);
  if (segments.length === 2 && segments[1] === 'threads_insights') return profileInsights(call, segments[0]!);
  if (segments.length === 1 && segments[0] !== 'me') return mediaNode(call, segments[0]!);
  world.calls.record('threads.unknown_path');
  return fail(call, graphError(100, `Unknown path components: /${route}`, { type: 'OAuthException' }));
}

export function registerThreads(app: FastifyInstance, world: World, config: Partial<ThreadsConfig> = {}): ThreadsWorld {
  const threads = world.addNetwork('threads', (ctx) => new ThreadsWorld(ctx, config));
  registerThreadsAuthorize(app, world, threads);
  for (const host of HOSTS) app.route({ method: ['GET', 'POST', 'PUT', 'DELETE'], url: `/${host}/*`, handler: (req, reply) => dispatch(world, threads, req, reply) });
  registerThreadsControl(app, threads);
  return threads;
}
