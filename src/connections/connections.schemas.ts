/** What the connections API answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { mediaSyncSummarySchema } from '../media/index.ts';
import { instant, pageOf } from '../platform/http/schemas.ts';
import { connectionStatuses } from './connection.rules.ts';
import type { ConnectionEventView, ConnectionView } from './connections.ts';

const connectionId = z.string().meta({ examples: ['con_01m95b0ne0cpa2ch6qp1nkz3x0'] });

export const connectSessionSchema = z
  .object({
    url: z.string().meta({ description: 'Send the creator’s browser here.', examples: ['https://channelkeeper.example.com/connect/OVF2uDw6Pgdd2nbeuhKM6UCAmbEFUdzil1k0mIVGhaM'] }),
    expiresAt: instant.meta({ description: 'The link’s end: 60 minutes after it was made.' }),
  })
  .meta({ id: 'ConnectSession', description: 'A connect link for one creator and one network.' }) satisfies z.ZodType<{ url: string; expiresAt: string }>;

/** The connection as every answer shows it (the fields of `Connection`); DELETE adds `revokedAtProvider`. */
const connectionFields = {
  id: connectionId,
  provider: z.string().meta({ description: 'The adapter, and the network of the login.', examples: ['instagram', 'facebook', 'tiktok', 'youtube', 'pinterest'] }),
  network: z.string().meta({ description: 'What the account is: `instagram` for an Instagram account whichever login reached it.', examples: ['instagram'] }),
  login: z.string().meta({
    description: 'Which login flow the connection uses.',
    examples: ['instagram_login', 'facebook_login', 'tiktok_login_kit', 'google_oauth', 'pinterest_oauth'],
  }),
  creatorId: z.string().meta({ description: 'Your id of the creator, as given to the connect link.', examples: ['c1'] }),
  accountId: z.string().meta({ description: 'The network’s id of the account.', examples: ['17841400000000001'] }),
  username: z
    .string()
    .nullable()
    .meta({ examples: ['ana.business'] }),
  displayName: z.string().nullable(),
  accountName: z.string().meta({
    description:
      'How to name the account to people: `@` and its handle, else its display name (a Facebook Page is named by its Page name), else the network’s id of it. The emails and notices use the same name.',
    examples: ['@ana.business', 'Dana Bakes'],
  }),
  linkedConnectionIds: z.array(connectionId).meta({
    description:
      'The creator’s other connections to the same network account through another login (an Instagram account connected with Instagram Login and through its Facebook Page): the account is read through whichever works, and its bound posts pause only when none does. Empty for most connections.',
  }),
  accountType: z
    .string()
    .nullable()
    .meta({ examples: ['BUSINESS', 'MEDIA_CREATOR'] }),
  avatarUrl: z.string().nullable(),
  status: z.enum(connectionStatuses).meta({
    description: '`expiring`: the grant ends soon and nothing the service can do extends it; `disconnected`: the creator has to reconnect.',
  }),
  statusReason: z
    .string()
    .nullable()
    .meta({
      description:
        'Why the connection is disconnected or expiring: `expired`, `password_changed`, `app_removed`, `checkpoint`, `unconfirmed_user`, `invalid_token`, `insufficient_scope`, `revoked`, `refresh_lost`, `disconnected_on_request`, `data_deleted`, `not_professional` (the account was switched to a personal one), or `expires_soon` while expiring. A reason that ends the creator’s login (`app_removed`, `password_changed`, `expired`, `checkpoint`, `unconfirmed_user`) disconnects every connection that login reached at once.',
      examples: ['password_changed'],
    }),
  scopes: z.array(z.string()).meta({ examples: [['instagram_business_basic', 'instagram_business_manage_insights']] }),
  missingScopes: z.array(z.string()).meta({
    description:
      'Scopes the product’s features need that the creator did not grant; a feature that needs one answers 403 `insufficient_scope`, and reconnecting asks for them again.',
  }),
  tokenExpiresAt: instant.nullable().meta({ description: 'The access token’s expiry (hours for TikTok and Google).' }),
  expiresAt: instant.nullable().meta({
    description:
      'When the connection itself ends unless it is refreshed or the creator reconnects (the refresh token’s end, the Facebook user token’s or its data access’s, whichever is first); null: no fixed end.',
  }),
  lastRefreshedAt: instant.nullable(),
  connectedAt: instant,
  disconnectedAt: instant.nullable(),
  mediaSync: mediaSyncSummarySchema.nullable().meta({ description: 'The latest media sync; null for a connection made before media sync existed.' }),
};

export const connectionSchema = z
  .object(connectionFields)
  .meta({ id: 'Connection', description: 'A creator’s connected account. No answer ever carries a token, except the access-token hand-out.' }) satisfies z.ZodType<ConnectionView>;

export const connectionListSchema = pageOf(connectionSchema) satisfies z.ZodType<{ data: ConnectionView[]; nextCursor: string | null }>;

export const revokedConnectionSchema = z
  .object({
    ...connectionFields,
    revokedAtProvider: z.boolean().meta({
      description:
        'Whether the network confirmed the revocation; false where it offers no way for user tokens (Instagram Login, Pinterest) or the Facebook login is still shared by other connections.',
    }),
  })
  .meta({ id: 'RevokedConnection', description: 'The connection after a disconnect on request.' }) satisfies z.ZodType<ConnectionView & { revokedAtProvider: boolean }>;

export const connectionEventSchema = z
  .object({
    id: z.string().meta({ examples: ['evt_01m95b0ne0mqfkvf25kaenkej3'] }),
    type: z.string().meta({
      description:
        '`connected`, `reconnected`, `refreshed`, `refresh_failed` (with the provider’s code and the next attempt), `expiring`, `disconnected` (with the reason) or `data_erased`.',
      examples: ['refreshed'],
    }),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    reason: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).meta({ description: 'Facts about the event; never a token.' }),
    occurredAt: instant,
  })
  .meta({ id: 'ConnectionEvent', description: 'One event in a connection’s history.' }) satisfies z.ZodType<ConnectionEventView>;

export const connectionEventListSchema = pageOf(connectionEventSchema) satisfies z.ZodType<{ data: ConnectionEventView[]; nextCursor: string | null }>;

export const accessTokenSchema = z
  .object({
    accessToken: z.string().meta({ description: 'Use it right away: it changes at every refresh.', examples: ['IGAA…'] }),
    expiresAt: instant.nullable().meta({ description: 'The access token’s expiry; null: the network gives none.' }),
  })
  .meta({ id: 'AccessToken', description: 'A usable access token for the connection’s account.' }) satisfies z.ZodType<{ accessToken: string; expiresAt: string | null }>;
