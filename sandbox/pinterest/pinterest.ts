/**
 * Simulated Pinterest API v5 (mirrors src/providers/pinterest/pinterest.ts), per docs/networks.md#pinterest and
 * https://developers.pinterest.com/docs/api/v5/ (its OpenAPI description).
 *
 *   www.pinterest.com  GET|POST /oauth/                          consent page (authorize.ts)
 *   api.pinterest.com  POST /v5/oauth/token                      code → grant; refresh (HTTP Basic client auth)
 *                      POST /v5/oauth/token/revoke               system users' tokens only
 *                      GET  /v5/user_account                     profile
 *                      GET  /v5/user_account/analytics           account metrics (org_analytics)
 *                      GET  /v5/pins                             the user's pins, bookmark pagination
 *                      GET  /v5/pins/{pin_id}                    one pin
 *                      GET  /v5/pins/{pin_id}/analytics          pin metrics (org_analytics)
 *
 * Hosts are served under `/<hostname>` only. Every API answer carries `x-pinterest-rid`. Each endpoint
 * records `pinterest.<endpoint>` with the Pinterest user id, and applies an armed fault before any work
 * (`lost_answer`: after the work). Rate limits: `perUserPerSecond` per user per app on every data call,
 * plus `analyticsPerUserPerMinute` on the analytics endpoints; a breach answers 429 code 8.
 *
 * Personal (PINNER) accounts connect and read their profile and pins, but analytics answer 403 code 29
 * (Pinterest reserves analytics for business accounts; the exact refusal is inferred).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { followersAt } from '../core/account-figures.ts';
import type { World } from '../core/world.ts';
import { ACCOUNT_METRICS, analyticsBody, PIN_METRICS, parseAnalyticsQuery } from './analytics.ts';
import { registerPinterestAuthorize } from './authorize.ts';
import { registerPinterestControl } from './control.ts';
import { invalidParameters, loseAnswer, pinterestError, rateLimited, sendPinterestError, sendPinterestFault } from './errors.ts';
import type { AccessToken, PinterestAccount, PinterestApp, RefreshToken } from './model.ts';
import { PinterestWorld } from './world.ts';

type Fields = Record<string, unknown>;
type Reply = Promise<FastifyReply | undefined>;

interface Ctx {
  world: World;
  pinterest: PinterestWorld;
}

const API = '/api.pinterest.com/v5';
const PIN_SCOPES = ['boards:read', 'pins:read'];

function str(fields: Fields | undefined, key: string): string | undefined {
  const v = fields?.[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** The app from `Authorization: Basic base64(client_id:client_secret)`; the token endpoint takes no other form. */
function clientFrom(ctx: Ctx, req: FastifyRequest): PinterestApp | undefined {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const app = ctx.pinterest.app(decoded.slice(0, colon));
  return app && app.clientSecret === decoded.slice(colon + 1) ? app : undefined;
}

function tokenBody(ctx: Ctx, access: AccessToken, refresh: RefreshToken | undefined, responseType: string): object {
  const now = ctx.world.clock.now().getTime();
  const expiresIn = Math.round((access.expiresAtMs - now) / 1000);
  const body: Record<string, unknown> = {
    access_token: access.value,
    token_type: 'bearer',
    expires_in: ctx.pinterest.config.expiresInAsString ? String(expiresIn) : expiresIn,
    scope: access.scopes.join(' '),
    response_type: responseType,
  };
  if (refresh) {
    body.refresh_token = refresh.value;
    body.refresh_token_expires_in = Math.round((refresh.expiresAtMs - now) / 1000);
    body.refresh_token_expires_at = Math.floor(refresh.expiresAtMs / 1000);
  }
  return body;
}

type TokenResult = { body: object } | { error: ReturnType<typeof pinterestError> };

function exchange(ctx: Ctx, app: PinterestApp, body: Fields): TokenResult {
  const code = ctx.pinterest.redeemCode(str(body, 'code') ?? '', app.clientId, str(body, 'redirect_uri') ?? '');
  if (!code) return { error: pinterestError(283) };
  const { access, refresh } = ctx.pinterest.issueGrant({ account: code.account, clientId: app.clientId, scopes: code.scopes });
  return { body: tokenBody(ctx, access, refresh, 'authorization_code') };
}

function refresh(ctx: Ctx, app: PinterestApp, body: Fields): TokenResult {
  const check = ctx.pinterest.checkRefresh(str(body, 'refresh_token') ?? '');
  if (!check.ok || check.token.clientId !== app.clientId) return { error: pinterestError(283) };
  // `scope` may narrow the new access token to some of the granted scopes, never widen it.
  const asked = str(body, 'scope')
    ?.split(/[\s,]+/)
    .filter(Boolean);
  if (asked?.some((s) => !check.token.scopes.includes(s))) return { error: invalidParameters('scope: only scopes of the original grant can be requested') };
  const next = ctx.pinterest.refresh(check.token, asked?.length ? asked : check.token.scopes);
  return { body: tokenBody(ctx, next.access, next.refresh, 'refresh_token') };
}

async function token(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Reply {
  const body = (req.body ?? {}) as Fields;
  const grantType = str(body, 'grant_type');
  const known = grantType === 'refresh_token' ? ctx.pinterest.refreshToken(str(body, 'refresh_token') ?? '')?.account : ctx.pinterest.peekCode(str(body, 'code') ?? '')?.account;
  ctx.world.calls.record('pinterest.token', known?.id);
  const fault = ctx.world.faults.take('pinterest.token', known?.id);
  if (fault && fault.fault !== 'lost_answer') return sendPinterestFault(reply, fault, ctx.world.faults, ctx.pinterest.config.retryAfterSeconds);
  const app = clientFrom(ctx, req);
  if (!app) return sendPinterestError(reply, pinterestError(2));
  let result: TokenResult;
  if (grantType === 'authorization_code') result = exchange(ctx, app, body);
  else if (grantType === 'refresh_token') result = refresh(ctx, app, body);
  else result = { error: invalidParameters('grant_type must be authorization_code or refresh_token') };
  if ('error' in result) return sendPinterestError(reply, result.error);
  if (fault) return loseAnswer(reply, fault, ctx.world.faults);
  return reply.send(result.body);
}

/** Only tokens issued to system users can be revoked through the API; people remove the app in their settings. */
async function revoke(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Reply {
  const value = str((req.body ?? {}) as Fields, 'token') ?? '';
  const known = ctx.pinterest.accessToken(value) ?? ctx.pinterest.refreshToken(value);
  ctx.world.calls.record('pinterest.revoke', known?.account.id);
  const fault = ctx.world.faults.take('pinterest.revoke', known?.account.id);
  if (fault && fault.fault !== 'lost_answer') return sendPinterestFault(reply, fault, ctx.world.faults, ctx.pinterest.config.retryAfterSeconds);
  const app = clientFrom(ctx, req);
  if (!app) return sendPinterestError(reply, pinterestError(2));
  if (!value) return sendPinterestError(reply, invalidParameters('token is required'));
  if (known && (!known.account.systemUser || known.clientId !== app.clientId)) return sendPinterestError(reply, pinterestError(29));
  if (known) ctx.pinterest.revoke(value);
  if (fault) return loseAnswer(reply, fault, ctx.world.faults);
  return reply.send({});
}

/**
 * The checks every data call makes, in order: fault, Bearer token alive (else 401 code 2), scopes
 * (else 401 code 3), rate limit (else 429 code 8). Returns the token, or undefined once answered.
 */
async function authorize(
  ctx: Ctx,
  req: FastifyRequest,
  reply: FastifyReply,
  endpoint: string,
  scopes: string[],
  category: 'org_read' | 'org_analytics',
): Promise<AccessToken | undefined> {
  const header = req.headers.authorization ?? '';
  const value = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const known = ctx.pinterest.accessToken(value);
  ctx.world.calls.record(`pinterest.${endpoint}`, known?.account.id);
  const fault = ctx.world.faults.take(`pinterest.${endpoint}`, known?.account.id);
  if (fault) return void (await sendPinterestFault(reply, fault, ctx.world.faults, ctx.pinterest.config.retryAfterSeconds));
  const check = ctx.pinterest.checkAccess(value);
  if (!check.ok) return void sendPinterestError(reply, pinterestError(2));
  if (scopes.some((s) => !check.token.scopes.includes(s))) return void sendPinterestError(reply, pinterestError(3));
  const { account, clientId } = check.token;
  const allowed = ctx.pinterest.allowCall(account, clientId, 'org_read') && (category === 'org_read' || ctx.pinterest.allowCall(account, clientId, category));
  if (!allowed) ctx.world.calls.timeline.throttled(`pinterest.${endpoint}`, account.id, 8);
  if (!allowed) return void sendPinterestError(reply, rateLimited(ctx.pinterest.config.retryAfterSeconds));
  return check.token;
}

/** The profile on the sandbox clock: followers grow from the count the account was created with (core/account-figures.ts). */
function userAccountJson(a: PinterestAccount, nowMs: number): object {
  return {
    account_type: a.accountType,
    id: a.id,
    profile_image: a.profileImage,
    website_url: a.websiteUrl,
    username: a.username,
    about: a.about,
    business_name: a.businessName,
    board_count: a.boardCount,
    pin_count: a.pinCount,
    follower_count: a.joinedAtMs === undefined ? a.followerCount : followersAt(a.id, a.followerCount, a.joinedAtMs, nowMs),
    following_count: a.followingCount,
    monthly_views: a.monthlyViews,
  };
}

async function userAccount(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Reply {
  const token = await authorize(ctx, req, reply, 'user_account', ['user_accounts:read'], 'org_read');
  if (token) return reply.send(userAccountJson(token.account, ctx.world.clock.now().getTime()));
}

async function userAccountAnalytics(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Reply {
  const token = await authorize(ctx, req, reply, 'user_account_analytics', ['user_accounts:read'], 'org_analytics');
  if (!token) return;
  if (token.account.accountType !== 'BUSINESS') return sendPinterestError(reply, pinterestError(29));
  const now = ctx.world.clock.now().getTime();
  const parsed = parseAnalyticsQuery(req.query as Record<string, string>, now, ctx.pinterest.config.analyticsMaxDaysBack, ACCOUNT_METRICS, false);
  if ('status' in parsed) return sendPinterestError(reply, parsed);
  const pins = ctx.pinterest.pins(token.account);
  const oldest = pins.length ? Date.parse(`${pins[pins.length - 1]!.created_at}Z`) : token.account.createdAtMs;
  return reply.send(analyticsBody(token.account.id, oldest, now, parsed, false));
}

async function listPins(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Reply {
  const token = await authorize(ctx, req, reply, 'pins', PIN_SCOPES, 'org_read');
  if (!token) return;
  const q = req.query as Record<string, string | undefined>;
  const pageSize = q.page_size === undefined ? 25 : Number(q.page_size);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 250) return sendPinterestError(reply, invalidParameters('page_size must be between 1 and 250'));
  const offset = q.bookmark
    ? Number(
        Buffer.from(q.bookmark, 'base64url')
          .toString('utf8')
          .replace(/^offset:/, ''),
      )
    : 0;
  if (!Number.isInteger(offset) || offset < 0) return sendPinterestError(reply, invalidParameters('bookmark is not valid'));
  const pins = ctx.pinterest.pins(token.account);
  const items = pins.slice(offset, offset + pageSize);
  const next = offset + pageSize < pins.length ? Buffer.from(`offset:${offset + pageSize}`).toString('base64url') : null;
  return reply.send({ items, bookmark: next });
}

function ownPin(ctx: Ctx, account: PinterestAccount, pinId: string, reply: FastifyReply): ReturnType<PinterestWorld['pins']>[number] | undefined {
  const pin = ctx.pinterest.pins(account).find((p) => p.id === pinId);
  if (pin) return pin;
  const owner = ctx.pinterest.accountById(pinId.slice(0, -6));
  const ownedElsewhere = owner !== undefined && ctx.pinterest.pins(owner).some((p) => p.id === pinId);
  void sendPinterestError(reply, ownedElsewhere ? pinterestError(29) : pinterestError(50));
  return undefined;
}

async function getPin(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Reply {
  const token = await authorize(ctx, req, reply, 'pin', PIN_SCOPES, 'org_read');
  if (!token) return;
  const pin = ownPin(ctx, token.account, (req.params as { pin_id: string }).pin_id, reply);
  if (pin) return reply.send(pin);
}

async function pinAnalytics(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): Reply {
  const token = await authorize(ctx, req, reply, 'pin_analytics', PIN_SCOPES, 'org_analytics');
  if (!token) return;
  const pin = ownPin(ctx, token.account, (req.params as { pin_id: string }).pin_id, reply);
  if (!pin) return;
  if (token.account.accountType !== 'BUSINESS') return sendPinterestError(reply, pinterestError(29));
  const now = ctx.world.clock.now().getTime();
  const parsed = parseAnalyticsQuery(req.query as Record<string, string>, now, ctx.pinterest.config.analyticsMaxDaysBack, PIN_METRICS, true);
  if ('status' in parsed) return sendPinterestError(reply, parsed);
  return reply.send(analyticsBody(pin.id, Date.parse(`${pin.created_at}Z`), now, parsed, true, token.account.pinFigures?.[pin.id]));
}

export function registerPinterest(app: FastifyInstance, world: World): void {
  const pinterest = world.addNetwork('pinterest', (context) => new PinterestWorld(context));
  const ctx: Ctx = { world, pinterest };
  registerPinterestAuthorize(app, pinterest, (endpoint) => world.calls.record(endpoint));
  void app.register(async (scope) => {
    // Pinterest's request id, which its support asks for; on every api.pinterest.com answer.
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.header('x-pinterest-rid', BigInt(`0x${randomBytes(7).toString('hex')}`).toString());
      return payload;
    });
    const routes: [string, string, (ctx: Ctx, req: FastifyRequest, reply: FastifyReply) => Reply][] = [
      ['POST', '/oauth/token', token],
      ['POST', '/oauth/token/revoke', revoke],
      ['GET', '/user_account', userAccount],
      ['GET', '/user_account/analytics', userAccountAnalytics],
      ['GET', '/pins', listPins],
      ['GET', '/pins/:pin_id', getPin],
      ['GET', '/pins/:pin_id/analytics', pinAnalytics],
    ];
    for (const [method, path, handler] of routes) scope.route({ method, url: `${API}${path}`, handler: (req, reply) => handler(ctx, req, reply) });
  });
  registerPinterestControl(app, pinterest);
}
