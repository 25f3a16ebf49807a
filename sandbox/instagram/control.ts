/**
 * The Instagram part of the control API, under `/_sandbox/instagram/...`. Nothing here exists on Instagram.
 *
 *   GET|POST  /_sandbox/instagram/accounts                    test accounts; create one
 *   POST      /_sandbox/instagram/accounts/:username/media    publish a post, reel or story
 *   POST      /_sandbox/instagram/accounts/:username/account-type  {accountType}: switch to personal, or back
 *   POST      /_sandbox/instagram/accounts/:username/:event   revoke | checkpoint | password-change | unconfirm
 *   PUT       /_sandbox/instagram/media/:id/insights          exact figures for a media id (Graph names)
 *   POST      /_sandbox/instagram/tokens                      mint a token directly
 *   POST      /_sandbox/instagram/connections                 {count}: new accounts, each with a long-lived token
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fail, parse, seedBody } from '../core/control-support.ts';
import type { World } from '../core/world.ts';
import { figuresBody } from '../meta/metrics.ts';
import { type Account, type AccountEvent, eventSubcode } from './model.ts';

const mediaBody = z.object({
  mediaType: z.enum(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM']).default('IMAGE'),
  productType: z.enum(['FEED', 'REELS', 'STORY']).default('FEED'),
  caption: z.string().max(2200).default(''),
  copyrighted: z.boolean().optional(),
});

const accountBody = z.object({
  username: z.string().regex(/^[a-z0-9._]{1,30}$/i),
  accountType: z.enum(['BUSINESS', 'MEDIA_CREATOR', 'PERSONAL']),
  name: z.string().optional(),
  followersCount: z.number().int().min(0).optional(),
  followsCount: z.number().int().min(0).optional(),
  mediaCount: z.number().int().min(0).optional(),
  grantedScopes: z.array(z.string()).optional(),
});

const accountTypeBody = z.object({ accountType: z.enum(['BUSINESS', 'MEDIA_CREATOR', 'PERSONAL']) });

const tokenBody = z.object({
  username: z.string(),
  kind: z.enum(['long', 'short']).optional(),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
  expiresInSeconds: z.number().int().optional(),
  clientId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
});

export function accountJson(a: Account): object {
  return {
    id: a.id,
    user_id: a.userId,
    username: a.username,
    name: a.name,
    account_type: a.accountType,
    profile_picture_url: a.profilePictureUrl,
    followers_count: a.followersCount,
    follows_count: a.followsCount,
    media_count: a.mediaCount,
    granted_scopes: a.grantedScopes ?? null,
  };
}

export function registerInstagramControl(app: FastifyInstance, world: World): void {
  const ig = world.instagram;

  app.get('/_sandbox/instagram/accounts', () => ig.accounts().map(accountJson));
  app.post('/_sandbox/instagram/accounts', (req, reply) => {
    const body = parse(accountBody, req.body, reply);
    if (!body) return reply;
    if (ig.account(body.username)) return fail(reply, 409, 'account_exists', `@${body.username} already exists`);
    return reply.code(201).send(accountJson(ig.createAccount(body)));
  });
  // The creator switches the account to personal (or back) in the app; static, so never read as an event.
  app.post('/_sandbox/instagram/accounts/:username/account-type', (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(accountTypeBody, req.body, reply);
    if (!body) return reply;
    if (!ig.account(username)) return fail(reply, 404, 'unknown_account', `No account @${username}`);
    return accountJson(ig.setAccountType(username, body.accountType));
  });
  // A static segment wins over `:event` in the router, so `media` is never read as an event.
  app.post('/_sandbox/instagram/accounts/:username/media', (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(mediaBody, req.body ?? {}, reply);
    if (!body) return reply;
    if (!ig.account(username)) return fail(reply, 404, 'unknown_account', `No account @${username}`);
    return reply.code(201).send(ig.publishMedia(username, body));
  });
  app.post('/_sandbox/instagram/accounts/:username/:event', (req, reply) => {
    const { username, event } = req.params as { username: string; event: string };
    if (!(event in eventSubcode)) return fail(reply, 404, 'unknown_event', `Events: ${Object.keys(eventSubcode).join(', ')}`);
    if (!ig.account(username)) return fail(reply, 404, 'unknown_account', `No account @${username}`);
    ig.applyEvent(username, event as AccountEvent);
    return { username, event, subcode: eventSubcode[event as AccountEvent] };
  });

  // Set figures win over the generated ones for this media id, and are kept in the state file.
  app.put('/_sandbox/instagram/media/:id/insights', (req, reply) => {
    const body = parse(figuresBody, req.body, reply);
    if (!body) return reply;
    return { id: (req.params as { id: string }).id, figures: ig.metrics.set((req.params as { id: string }).id, body) };
  });

  app.post('/_sandbox/instagram/tokens', (req, reply) => {
    const body = parse(tokenBody, req.body, reply);
    if (!body) return reply;
    if (!ig.account(body.username)) return fail(reply, 404, 'unknown_account', `No account @${body.username}`);
    const token = ig.mintToken({ ...body, issuedAt: body.issuedAt === undefined ? undefined : new Date(body.issuedAt) });
    return reply.code(201).send({
      access_token: token.value,
      user_id: token.account.userId,
      kind: token.kind,
      issued_at: new Date(token.issuedAtMs).toISOString(),
      expires_at: new Date(token.expiresAtMs).toISOString(),
    });
  });
  app.post('/_sandbox/instagram/connections', (req, reply) => {
    const body = parse(seedBody, req.body, reply);
    if (!body) return reply;
    return reply.code(201).send(ig.seedConnections(body.count, { prefix: body.prefix }));
  });
}
