/** The API-key routes' requests and answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { pageQuery } from '../platform/http/page-query.ts';
import { instant, pageOf } from '../platform/http/schemas.ts';
import { MAX_EXPIRY_DAYS } from './api-key-expiry.rules.ts';
import type { ApiKeyPage, ApiKeyView } from './api-keys.ts';

const keyId = z.string().meta({ examples: ['key_01kj2f1mx0a7b3z5qx6v9hc4dn'] });

export const apiKeyParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .meta({ description: 'The key’s id (not its secret).', examples: ['key_01kj2f1mx0a7b3z5qx6v9hc4dn'] }),
});

export const apiKeysQuery = pageQuery();

export const createApiKeyBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'A name for people telling keys apart (where it is deployed, who holds it).', examples: ['production backend'] }),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_EXPIRY_DAYS)
      .optional()
      .meta({ description: 'The key stops working this many days from now. Give this or `expiresAt`, or neither (it never expires).', examples: [90] }),
    expiresAt: instant.optional().meta({ description: 'The key stops working at this instant (in the future, at most ten years ahead).' }),
  })
  .strict();

const keyFields = z.object({
  id: keyId,
  name: z
    .string()
    .nullable()
    .meta({ description: 'The name given when it was created; `BOOTSTRAP_API_KEY` for keys the service made from that variable.', examples: ['production backend'] }),
  hint: z.string().meta({ description: 'The secret’s first characters, to tell keys apart; the secret itself is shown once.', examples: ['ck_live_Xq3f…'] }),
  status: z.enum(['active', 'expired', 'revoked']).meta({ description: '`active`: it opens the API; `expired` and `revoked` keys answer 401.' }),
  createdAt: instant,
  lastUsedAt: instant.nullable().meta({ description: 'When a request last used it, to the minute (stamped at most once a minute); null if never.' }),
  expiresAt: instant.nullable().meta({ description: 'When it stops working; null: never.' }),
  revokedAt: instant.nullable().meta({ description: 'When it was revoked; null while it is not.' }),
});

export const apiKeySchema = keyFields.meta({
  id: 'ApiKey',
  description: 'An API key of the workspace, without its secret.',
}) satisfies z.ZodType<ApiKeyView>;

export const apiKeyWithSecretSchema = keyFields
  .extend({
    secret: z.string().meta({
      description:
        'The key itself, `ck_live_` and 32 characters, shown in this answer only (sent with `Cache-Control: no-store`): only its hash is stored, so store it now. Send it as `Authorization: Bearer <secret>`.',
      examples: ['ck_live_Xq3fUu8bE1v0d5bJr2QZ0mS9kq1wHc7L'],
    }),
  })
  .meta({ id: 'ApiKeyWithSecret', description: 'A new API key with its secret: the one answer that shows it.' }) satisfies z.ZodType<ApiKeyView & { secret: string }>;

export const apiKeyPageSchema = pageOf(apiKeySchema) satisfies z.ZodType<ApiKeyPage>;
