/**
 * The OpenAPI 3.1 document, generated from the schemas each `/v1` operation declares (api-route.ts):
 * served at `GET /openapi.json`, rendered for people at `GET /docs` by Swagger UI from its npm package
 * (no CDN, no outside validator), and written to docs/openapi.json by `npm run openapi`.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '1.0.0';

const description = `Channelkeeper keeps creators' social channels connected and their data fresh, for influencer-marketing and creator platforms.

Every \`/v1\` call sends the workspace's API key as \`Authorization: Bearer <key>\`. Every failure answers \`{"error": {"code", "message", "details"?}}\` with the status of its code; the codes an operation may answer with are listed under its responses, and the whole catalogue is in docs/errors.md.`;

const apiRoutesOf = new WeakMap<FastifyInstance, string[]>();

/** Every `/v1` route registered on the app, as `METHOD /path` (what the document must cover). */
export function registeredApiRoutes(app: FastifyInstance): string[] {
  return apiRoutesOf.get(app) ?? [];
}

/** Registers the document's generator; call before any route is registered, so each one is seen. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const seen: string[] = [];
  apiRoutesOf.set(app, seen);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') seen.push(`${method} ${route.url}`);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Channelkeeper API', version: API_VERSION, description, license: { name: 'MIT', identifier: 'MIT' } },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: "The workspace's API key." } } },
      tags: [
        { name: 'Connections', description: "Connect links, creators' connections, their history and the access-token hand-out." },
        { name: 'Media', description: "Each connection's posts, and syncs of them." },
        { name: 'Campaigns', description: 'Brands’ campaigns, their participants and the posts bound to them.' },
        { name: 'Insights', description: 'Post figures, audiences and the Refresh Insights button.' },
        { name: 'Partnership Ads', description: "Brands' requests to run a creator's post as an ad, and the creator's answer." },
        { name: 'Webhooks', description: 'Where changes are sent, and what was sent.' },
        { name: 'Portal', description: 'Signed links that open the Channels and Campaign Performance pages.' },
        { name: 'Notifications', description: 'The in-app notices creators and brands read.' },
        { name: 'Operations', description: 'Health, stats and the dashboard.' },
        { name: 'API keys', description: "The workspace's own API keys: created (the secret shown once), listed, revoked." },
      ],
    },
    // Only the operations declared through apiRoute (they carry a tag); pages and callbacks stay out.
    hideUntagged: true,
    transform: jsonSchemaTransform,
    transformObject: (input) => withoutUnusedSchemas(jsonSchemaTransformObject(input) as OpenApiDocument) as ReturnType<typeof jsonSchemaTransformObject>,
  });
}

type OpenApiDocument = { components?: { schemas?: Record<string, unknown> } } & Record<string, unknown>;

/**
 * Drops component schemas nothing refers to. Every schema with an id gets an input and an output variant
 * (`MediaInput`, `Media`); a response-only schema's input variant is noise in the reference and in a
 * generated client.
 */
function withoutUnusedSchemas(document: OpenApiDocument): OpenApiDocument {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  for (;;) {
    const text = JSON.stringify({ ...document, components: { ...document.components, schemas: undefined } }) + JSON.stringify(schemas);
    const unused = Object.keys(schemas).filter((name) => !text.includes(`"#/components/schemas/${name}"`));
    if (unused.length === 0) return document;
    for (const name of unused) delete schemas[name];
  }
}

/** Serves the document and the page that renders it; call after every route is registered. */
export async function serveOpenApi(app: FastifyInstance): Promise<void> {
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-cache').send(app.swagger()));
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Swagger UI would otherwise send the document to an outside validator.
    validatorUrl: false,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
}
