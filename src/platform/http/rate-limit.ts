/**
 * Inbound rate limits on the `/v1` routes, per API key (its hash; a request without one counts against
 * its address): API_RATE_LIMIT requests a minute, 0 for none. Over it, `429 rate_limited` in the
 * documented error shape, with `Retry-After` and the draft standard's `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` on every answer. The counts live in this process's
 * memory (docs/operations.md says what that means with several processes).
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { apiKeyHashOf } from './auth.ts';

const WINDOW_MS = 60_000;

/** Registers the limit; call it before the routes, which it then covers. */
export async function limitApiRate(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(fastifyRateLimit, {
    max: perMinute,
    timeWindow: WINDOW_MS,
    // One platform calls from a few addresses for all its workspaces: the API key is the client.
    keyGenerator: (request: FastifyRequest) => {
      const hash = apiKeyHashOf(request);
      return hash ? `key:${hash}` : `ip:${request.ip}`;
    },
    // The pages (creators' browsers, network callbacks) and /healthz are not the platform's API.
    allowList: (request: FastifyRequest) => !request.routeOptions.url?.startsWith('/v1/'),
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) => new AppError('rate_limited', `Too many requests with this API key: at most ${context.max} a minute. Retry in ${context.after}.`),
  });
}
