/**
 * The Facebook part of the control API, under `/_sandbox/facebook/...`. Nothing here exists on Facebook.
 *
 *   GET|PATCH /_sandbox/facebook/config                  the network's knobs (see FacebookConfig)
 *   GET|POST  /_sandbox/facebook/accounts                people with their Pages and linked IG accounts; a Page's
 *                                                        `instagram: { link: '<username>' }` links it to an existing
 *                                                        Instagram Login professional account (same id and username)
 *   POST      /_sandbox/facebook/pages/:pageId/instagram  {link}: link an existing Page the same way
 *   POST      /_sandbox/facebook/accounts/:username/events  {event, pageId?}: password-change | app-removed |
 *                                                        checkpoint | page-role-removed (also as /:username/:event)
 *   POST      /_sandbox/facebook/tokens                  mint a user (short/long) or Page token directly
 *   POST      /_sandbox/facebook/connections             {count}: people with a Page, an IG account and tokens
 *   PUT       /_sandbox/facebook/media/:id/insights    exact figures for an IG media or Page post id (Graph names)
 *   GET       /_sandbox/facebook/media/:id/partner-promote  {approved: [brand IG ids]}: who may boost the post
 *   POST      /_sandbox/facebook/deauthorize/:userId     the person removes the app; answers the `signed_request`
 *                                                        Facebook posts to the app's Deauthorize callback
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { fail, parse, seedBody } from '../core/control-support.ts';
import type { World } from '../core/world.ts';
import { figuresBody } from '../meta/metrics.ts';
import { FACEBOOK_EVENTS, type FacebookEvent, type FbUser } from './model.ts';
import { signRequest } from './signed-request.ts';
import type { FacebookWorld } from './world.ts';

const configBody = z
  .object({
    shortLivedSeconds: z.number().int().positive(),
    longLivedSeconds: z.number().int().positive(),
    pageFromShortSeconds: z.number().int().positive(),
    codeSeconds: z.number().int().positive(),
    dataAccessSeconds: z.number().int().positive(),
    longToLong: z.enum(['keep_ceiling', 'extend']),
    appendFragment: z.boolean(),
    listPageSize: z.number().int().min(1).max(100),
    appUsagePercent: z.number().int().min(0).max(100),
    appCallsPerHour: z.number().int().min(0),
    igCallsPerDay: z.number().int().min(0),
  })
  .partial()
  .strict();

const igUsername = z.string().regex(/^[a-z0-9._]{1,30}$/i);
const linkBody = z.object({ link: igUsername }).strict();

const pageBody = z.object({
  name: z.string().min(1),
  username: z.string().nullable().optional(),
  category: z.string().optional(),
  followersCount: z.number().int().min(0).optional(),
  instagram: z
    .union([
      linkBody,
      z.object({ username: igUsername, name: z.string().optional(), followersCount: z.number().int().min(0).optional(), mediaCount: z.number().int().min(0).optional() }),
    ])
    .optional(),
});

const userBody = z.object({
  username: z.string().regex(/^[a-z0-9._]{1,50}$/i),
  name: z.string().optional(),
  grantedScopes: z.array(z.string()).optional(),
  pages: z.array(pageBody).optional(),
});

const eventBody = z.object({ event: z.enum(FACEBOOK_EVENTS), pageId: z.string().optional() });

const tokenBody = z.object({
  username: z.string(),
  kind: z.enum(['user-short', 'user-long', 'page']).optional(),
  pageId: z.string().optional(),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
  expiresInSeconds: z.number().int().optional(),
  clientId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
});

export function userJson(fb: FacebookWorld, user: FbUser): object {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    last_active_at: new Date(user.lastActiveAtMs).toISOString(),
    data_access_expires_at: new Date(fb.dataAccessExpiresAtMs(user)).toISOString(),
    granted_scopes: user.grantedScopes ?? null,
    // Permissions declined on the dialog, per app (client id): asked again only with auth_type=rerequest.
    declined_scopes: user.declined ?? {},
    pages: fb.pagesOf(user.id).map((p) => {
      const ig = p.igId === undefined ? undefined : fb.instagram(p.igId);
      const instagram = ig ? { id: ig.id, username: ig.username, followers_count: ig.followersCount, linked: ig.linked === true } : null;
      return { id: p.id, name: p.name, username: p.username, tasks: p.roles[user.id], instagram };
    }),
  };
}

const base = '/_sandbox/facebook';

export function registerFacebookControl(app: FastifyInstance, world: World, fb: FacebookWorld): void {
  registerPeople(app, fb);
  registerTokens(app, world, fb);
}

function registerPeople(app: FastifyInstance, fb: FacebookWorld): void {
  app.get(`${base}/config`, () => fb.config);
  app.patch(`${base}/config`, (req, reply) => {
    const body = parse(configBody, req.body, reply);
    if (!body) return reply;
    Object.assign(fb.config, body);
    return fb.config;
  });
  app.get(`${base}/accounts`, () => fb.users().map((u) => userJson(fb, u)));
  app.post(`${base}/accounts`, (req, reply) => {
    const body = parse(userBody, req.body, reply);
    if (!body) return reply;
    if (fb.user(body.username)) return fail(reply, 409, 'account_exists', `${body.username} already exists`);
    try {
      return reply.code(201).send(userJson(fb, fb.createUser(body)));
    } catch (error) {
      return fail(reply, 409, 'cannot_link', (error as Error).message);
    }
  });
  app.post(`${base}/pages/:pageId/instagram`, (req, reply) => {
    const body = parse(linkBody, req.body, reply);
    if (!body) return reply;
    const { pageId } = req.params as { pageId: string };
    if (!fb.page(pageId)) return fail(reply, 404, 'unknown_page', `No Page ${pageId}`);
    try {
      const ig = fb.linkInstagram(pageId, body.link);
      return reply.code(201).send({ page_id: pageId, instagram: { id: ig.id, username: ig.username, linked: true } });
    } catch (error) {
      return fail(reply, 409, 'cannot_link', (error as Error).message);
    }
  });
  const event = (username: string, body: { event: FacebookEvent; pageId?: string }, reply: FastifyReply): unknown => {
    if (!fb.user(username)) return fail(reply, 404, 'unknown_account', `No user ${username}`);
    try {
      fb.applyEvent(username, body.event, body.pageId);
    } catch (error) {
      return fail(reply, 409, 'no_page_role', (error as Error).message);
    }
    return { username, ...body };
  };
  app.post(`${base}/accounts/:username/events`, (req, reply) => {
    const body = parse(eventBody, req.body, reply);
    return body ? event((req.params as { username: string }).username, body, reply) : reply;
  });
  // The Instagram sandbox's form, event in the path: POST /_sandbox/facebook/accounts/dana.fb/password-change.
  app.post(`${base}/accounts/:username/:event`, (req, reply) => {
    const params = req.params as { username: string; event: string };
    const body = parse(eventBody, { ...(req.body as object | undefined), event: params.event }, reply);
    return body ? event(params.username, body, reply) : reply;
  });
}

function registerTokens(app: FastifyInstance, world: World, fb: FacebookWorld): void {
  app.post(`${base}/tokens`, (req, reply) => {
    const body = parse(tokenBody, req.body, reply);
    if (!body) return reply;
    if (!fb.user(body.username)) return fail(reply, 404, 'unknown_account', `No user ${body.username}`);
    try {
      const token = fb.mintToken({ ...body, issuedAt: body.issuedAt === undefined ? undefined : new Date(body.issuedAt) });
      const expiresAt = token.expiresAtMs === null ? null : new Date(token.expiresAtMs).toISOString();
      return reply.code(201).send({
        access_token: token.value,
        kind: token.kind,
        user_id: token.userId,
        page_id: token.pageId ?? null,
        issued_at: new Date(token.issuedAtMs).toISOString(),
        expires_at: expiresAt,
      });
    } catch (error) {
      return fail(reply, 409, 'no_page', (error as Error).message);
    }
  });
  app.post(`${base}/connections`, (req, reply) => {
    const body = parse(seedBody, req.body, reply);
    if (!body) return reply;
    return reply.code(201).send(fb.seedConnections(body.count, { prefix: body.prefix }));
  });
  app.put(`${base}/media/:id/insights`, (req, reply) => {
    const body = parse(figuresBody, req.body, reply);
    if (!body) return reply;
    return { id: (req.params as { id: string }).id, figures: fb.metrics.set((req.params as { id: string }).id, body) };
  });
  app.get(`${base}/media/:id/partner-promote`, (req) => ({ approved: fb.partnerApprovals((req.params as { id: string }).id) }));
  app.post(`${base}/deauthorize/:userId`, (req, reply) => {
    const { userId } = req.params as { userId: string };
    const user = fb.userById(userId) ?? fb.user(userId);
    if (!user) return fail(reply, 404, 'unknown_account', `No user ${userId}`);
    fb.applyEvent(user.username, 'app-removed');
    const issuedAt = Math.floor(world.clock.now().getTime() / 1000);
    const payload = { user_id: user.id, algorithm: 'HMAC-SHA256' as const, issued_at: issuedAt, expires: issuedAt + 3600 };
    return { user_id: user.id, signed_request: signRequest(payload, fb.config.apps[0]!.clientSecret) };
  });
}
