/**
 * Meta's deauthorize and data-deletion callbacks (App Dashboard), and the deletion status page.
 * Instagram Login apps sign with the Instagram app secret, Facebook Login apps with the Facebook
 * app secret: `/meta/<callback>` accepts either and acts on the network whose secret verified;
 * `/meta/<callback>/instagram|facebook` accepts only that one.
 * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, errorCatalog } from '../kernel/errors.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { dataDeletionNotFoundPage, dataDeletionPage, toDeletionStatus } from './data-deletion.page.ts';
import { findDeletionByCode } from './data-deletion.repo.ts';
import { deauthorizeProviderUser } from './deauthorize.ts';
import { deleteProviderUserData } from './delete-user-data.ts';
import { verifySignedRequest } from './meta-signed-request.ts';

const metaProviders = ['instagram', 'facebook'] as const;
type MetaProvider = (typeof metaProviders)[number];
const providerParams = z.object({ provider: z.enum(metaProviders).optional() });
const codeParams = z.object({ code: z.string().regex(/^[\w-]{1,64}$/) });

export function metaCallbackRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;

  function verify(request: FastifyRequest) {
    const { provider } = parseOrThrow(providerParams, request.params);
    const secrets = metaProviders
      .filter((p) => provider === undefined || p === provider)
      .flatMap((p) => (deps.settings.callbackSecrets[p] ? [[p, deps.settings.callbackSecrets[p]] as const] : []));
    const body = request.body as Record<string, unknown> | undefined;
    const check = verifySignedRequest<MetaProvider>(typeof body === 'object' && body ? body.signed_request : undefined, secrets, deps.clock.now());
    if (!check.ok) {
      request.log.warn({ code: check.code, problem: check.problem }, 'refused a Meta callback');
      throw new AppError(check.code, `${errorCatalog[check.code].message} ${check.problem}`);
    }
    return { ...check, secretOf: (p: MetaProvider) => deps.settings.callbackSecrets[p] ?? '' };
  }

  async function deauthorize(request: FastifyRequest) {
    const { request: signed, verifiedBy } = verify(request);
    for (const provider of verifiedBy) {
      await deauthorizeProviderUser(deps, {
        provider,
        providerUserId: signed.userId,
        issuedAt: signed.issuedAt,
        fingerprint: `${provider}:${signed.fingerprint}`,
        reason: 'app_removed',
        providerCode: 'deauthorize_callback',
      });
    }
    return { status: 'ok' };
  }
  app.post('/meta/deauthorize', deauthorize);
  app.post('/meta/deauthorize/:provider', deauthorize);

  async function dataDeletion(request: FastifyRequest) {
    const { request: signed, verifiedBy, secretOf } = verify(request);
    const records = [];
    for (const provider of verifiedBy) {
      records.push(
        await deleteProviderUserData(deps, {
          provider,
          providerUserId: signed.userId,
          issuedAt: signed.issuedAt,
          fingerprint: `${provider}:${signed.fingerprint}`,
          hashKey: secretOf(provider),
        }),
      );
    }
    // Meta takes one code; when both apps share a secret, both networks were erased and the first names it.
    const code = records[0]!.confirmation_code;
    return { url: `${deps.settings.publicUrl}/meta/data-deletion/${code}`, confirmation_code: code };
  }
  app.post('/meta/data-deletion', dataDeletion);
  app.post('/meta/data-deletion/:provider', dataDeletion);

  app.get('/meta/data-deletion/:code', async (request, reply) => {
    const parsed = codeParams.safeParse(request.params);
    const found = parsed.success ? await findDeletionByCode(deps.db, parsed.data.code) : undefined;
    const wantsJson = (request.query as { format?: string }).format === 'json' || /application\/json/.test(request.headers.accept ?? '');
    const viewer = anonymousViewer(deps.settings, request.headers['accept-language']);
    if (!found) {
      return wantsJson
        ? sendFailure(reply, { code: 'not_found', message: 'There is no data deletion request with this confirmation code.' })
        : reply.code(404).type('text/html; charset=utf-8').send(dataDeletionNotFoundPage(viewer));
    }
    reply.header('cache-control', 'no-store');
    return wantsJson ? toDeletionStatus(found) : reply.type('text/html; charset=utf-8').send(dataDeletionPage(toDeletionStatus(found), viewer));
  });
}
