/** `/v1/api-keys`: a workspace's own API keys, managed with any of its keys. */
import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { apiKeyPageSchema, apiKeyParams, apiKeySchema, apiKeysQuery, apiKeyWithSecretSchema, createApiKeyBody } from './api-keys.schemas.ts';
import { createApiKey, listApiKeys, MAX_ACTIVE_KEYS_PER_WORKSPACE, revokeApiKey } from './api-keys.ts';

const tag = 'API keys';

export function apiKeyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key',
    description: `A new key of this workspace, with an optional \`name\` and expiry (\`expiresInDays\` or \`expiresAt\`; neither: it never expires). Its \`secret\` is in this answer **only** (\`Cache-Control: no-store\`): only its hash is stored. It works at once, beside the workspace's other keys, so a key is rotated without downtime: create the new one, deploy it, then revoke the old one. This route does not take \`Idempotency-Key\`: a retried request makes a second key, which \`GET /v1/api-keys\` shows by its name and which can be revoked. A workspace holds at most ${MAX_ACTIVE_KEYS_PER_WORKSPACE} keys that are neither revoked nor expired (409 \`api_key_limit\`).`,
    tag,
    body: bodyOrEmpty(createApiKeyBody),
    responses: { 201: { description: 'The key, with its secret (shown once).', schema: apiKeyWithSecretSchema } },
    errors: ['invalid_request', 'api_key_limit'],
    handler: async ({ reply, workspace, body }) => {
      const result = await createApiKey(ctx.deps, workspace.id, body);
      if (!result.ok) return sendFailure(reply, result.error);
      return reply.code(201).header('cache-control', 'no-store').send(result.value);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/api-keys',
    operationId: 'listApiKeys',
    summary: 'List the workspace’s API keys, newest first',
    description:
      'Every key of this workspace, revoked and expired ones included (see `status`), never a secret: `hint` tells them apart. `lastUsedAt` is stamped at most once a minute. `limit` 1–200 (default 50); pass `nextCursor` as `cursor` for the next page.',
    tag,
    query: apiKeysQuery,
    responses: { 200: { description: 'A page of the keys, newest first.', schema: apiKeyPageSchema } },
    // invalid_request: also a cursor that is not from a previous page.
    errors: ['invalid_request'],
    handler: async ({ reply, workspace, query }) => {
      const result = await listApiKeys(ctx.deps, workspace.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'DELETE',
    url: '/v1/api-keys/:id',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description:
      'Revokes the key at once, in every process: from this answer on, a request with it answers `401 unauthorized` saying it was revoked. A key may revoke itself. The key stays listed, with `revokedAt`; revoking it again answers it unchanged. 404 `not_found` for an unknown id or another workspace’s.',
    tag,
    params: apiKeyParams,
    responses: { 200: { description: 'The key, revoked.', schema: apiKeySchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const result = await revokeApiKey(ctx.deps, workspace.id, params.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });
}
