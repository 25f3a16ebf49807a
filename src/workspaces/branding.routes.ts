/**
 * `/v1/workspace/branding`: the brand creators meet on pages and in emails. `PUT` sets the fields it
 * is sent (null clears one; a field left out stays), so one call can change the accent alone. The logo
 * is its own resource, uploaded as the file itself (`curl --data-binary @logo.svg`), up to 200 KB.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { apiRoute } from '../platform/http/api-route.ts';
import { errorHandler, sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { brandingBody, brandingSchema } from './branding.schemas.ts';
import { changeBranding, deleteLogo, getBranding, uploadLogo } from './branding.ts';
import { LOGO_TYPES, MAX_LOGO_BYTES } from './logo.rules.ts';

const tag = 'Branding';
const answer = { 200: { description: 'The workspace’s brand, as it now is.', schema: brandingSchema } };

export function brandingRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/workspace/branding',
    operationId: 'getBranding',
    summary: 'Read the workspace’s brand',
    description:
      'The product name, sender name, accent colour (and its derived dark-mode twin), support contact, default language and logo creators see. A null field shows the service’s own (`fallbackProductName`, our colours).',
    tag,
    responses: answer,
    handler: async ({ reply, workspace }) => {
      const result = await getBranding(ctx.deps, workspace.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'PUT',
    url: '/v1/workspace/branding',
    operationId: 'setBranding',
    summary: 'Set the workspace’s brand',
    description:
      'Sets each field sent; `null` clears one (creators see ours again) and a field left out keeps its value, so `{"accentColor": "#c2410c"}` changes the colour alone. Checked before anything is stored: an accent under 4.5:1 against white, a support URL that is not https, a sender name that would break the From header or an unsupported language answer `422 branding_invalid` with `details.field`, `details.problem` (and, for the accent, `contrastWithWhite` and `needed`); nothing is changed. Pages and emails show the change at once.',
    tag,
    body: bodyOrEmpty(brandingBody),
    responses: answer,
    errors: ['branding_invalid'],
    handler: async ({ reply, workspace, body }) => {
      const result = await changeBranding(ctx.deps, workspace.id, body);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  void app.register(async (scope) => logoRoutes(scope, ctx));
}

/** The logo's routes read the file itself as the body, so they live in a scope with image parsers and a 200 KB limit. */
function logoRoutes(scope: FastifyInstance, ctx: RouteContext): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser([...LOGO_TYPES], { parseAs: 'buffer', bodyLimit: MAX_LOGO_BYTES }, (_request, body, done) => done(null, body));
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendFailure(reply, {
        code: 'payload_too_large',
        message: `The logo is larger than ${MAX_LOGO_BYTES} bytes (200 KB); send a smaller file.`,
        details: { field: 'logo', problem: 'too_large' },
      });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendFailure(reply, { code: 'unsupported_media_type', message: `Send the logo file itself with Content-Type ${LOGO_TYPES.join(', ')}.` });
    return errorHandler(error, request, reply);
  });

  apiRoute(scope, ctx, {
    method: 'PUT',
    url: '/v1/workspace/branding/logo',
    operationId: 'setBrandingLogo',
    summary: 'Upload the workspace’s logo',
    description: `The body is the file itself, with \`Content-Type\` ${LOGO_TYPES.map((type) => `\`${type}\``).join(', ')}, at most 200 KB (\`curl -X PUT --data-binary @logo.svg -H 'Content-Type: image/svg+xml'\`). A PNG or JPEG must be one (its first bytes are checked) of 1 to 4096 pixels each way. An SVG is rebuilt from an allowlist of shapes, gradients, text and their presentation attributes: scripts, event handlers, \`foreignObject\`, images, external links and \`url()\`s, CSS imports and DTDs are dropped, and a document with entities is refused. Refusals are \`422 branding_invalid\` with \`details.field\` \`logo\` and \`details.problem\`; over 200 KB is \`413 payload_too_large\`. The logo replaces any before it, at a new URL.`,
    tag,
    responses: answer,
    errors: ['branding_invalid'],
    handler: async ({ request, reply, workspace }) => {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await uploadLogo(ctx.deps, workspace.id, new Uint8Array(body), contentType);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(scope, ctx, {
    method: 'DELETE',
    url: '/v1/workspace/branding/logo',
    operationId: 'deleteBrandingLogo',
    summary: 'Remove the workspace’s logo',
    description: 'Pages show the product name in its place. Its old URL answers 404 from now on.',
    tag,
    responses: answer,
    handler: async ({ reply, workspace }) => {
      const result = await deleteLogo(ctx.deps, workspace.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });
}
