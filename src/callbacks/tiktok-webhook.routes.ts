/**
 * TikTok's webhook (Developer Portal → Webhooks). The signature covers the raw body, so this route
 * reads the body as text in its own scope. TikTok retries any non-2xx for 72 hours, so only a
 * forged, stale or unreadable delivery is refused; valid events we do not handle get 200.
 * https://developers.tiktok.com/doc/webhooks-overview , https://developers.tiktok.com/doc/webhooks-events
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DisconnectReason } from '../connections/index.ts';
import { AppError, errorCatalog } from '../kernel/errors.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { deauthorizeProviderUser } from './deauthorize.ts';
import { verifyTikTokSignature } from './tiktok-signature.ts';

const eventSchema = z.looseObject({
  event: z.string().max(100),
  create_time: z.number().int().positive().optional(),
  user_openid: z.string().min(1).max(200).optional(),
  content: z.string().max(10_000).optional(),
});

/**
 * authorization.removed `content.reason`: 0 unknown, 1 the user disconnected the app, 2 account
 * deleted, 3 age changed, 4 account banned, 5 the developer revoked. Only 1 is the person's choice
 * in their settings; the others mean TikTok no longer honours the grant.
 */
export function tiktokRemovalReason(code: number): DisconnectReason {
  return code === 1 ? 'app_removed' : 'revoked';
}

function removalCode(content: string | undefined): number {
  try {
    const reason = (JSON.parse(content ?? '{}') as { reason?: unknown }).reason;
    return typeof reason === 'number' && Number.isInteger(reason) ? reason : 0;
  } catch {
    return 0;
  }
}

export function tiktokWebhookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.post('/tiktok/webhook', async (request) => {
      const secret = deps.settings.callbackSecrets.tiktok;
      if (!secret) throw new AppError('not_found', 'TikTok is not configured on this service.');
      const raw = typeof request.body === 'string' ? request.body : '';
      const check = verifyTikTokSignature(request.headers['tiktok-signature'], raw, secret, deps.clock.now());
      if (!check.ok) {
        request.log.warn({ code: check.code, problem: check.problem }, 'refused a TikTok webhook');
        throw new AppError(check.code, `${errorCatalog[check.code].message} ${check.problem}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new AppError('invalid_request', 'The webhook body is not JSON.');
      }
      const event = parseOrThrow(eventSchema, json);
      if (event.event !== 'authorization.removed' || !event.user_openid) return { status: 'ignored' };
      const code = removalCode(event.content);
      await deauthorizeProviderUser(deps, {
        provider: 'tiktok',
        providerUserId: event.user_openid,
        // The event's own time, unchanged across TikTok's retries: a reconnect after it stays.
        issuedAt: event.create_time ? new Date(event.create_time * 1000) : check.signedAt,
        // The body, not the signature: a retry is signed afresh but is the same event.
        fingerprint: `tiktok:${crypto.createHash('sha256').update(raw).digest('base64url')}`,
        reason: tiktokRemovalReason(code),
        providerCode: `authorization.removed:${code}`,
      });
      return { status: 'ok' };
    });
  });
}
