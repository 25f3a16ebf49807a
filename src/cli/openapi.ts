/**
 * The OpenAPI document without a running service: the routes are registered on an app whose
 * dependencies are inert stand-ins (registering a route may read a setting or close over the clock, and
 * no handler runs), and the document the app would serve at /openapi.json is returned. Generating it
 * needs no database, no keys and no network.
 */
import fs from 'node:fs';
import type { Deps } from '../platform/deps.ts';
import { buildApp } from '../platform/http/app.ts';
import { apiRoutes, idempotentRoutes } from '../routes.ts';

/** Anything, any property of it, and what calling it returns: itself. */
function inert(): unknown {
  const target = () => undefined;
  const proxy: unknown = new Proxy(target, { get: (_t, property) => (property === Symbol.toPrimitive ? () => '' : proxy), apply: () => proxy });
  return proxy;
}

/** The document, as the service serves it at GET /openapi.json. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const silent = { level: 'silent', child: () => silent, fatal() {}, error() {}, warn() {}, info() {}, debug() {}, trace() {}, silent() {} };
  const stand = inert();
  // Some routes build links from the settings while registering.
  const settings = { publicUrl: 'http://localhost:3000', productName: 'Channelkeeper', emailFrom: 'Channelkeeper <no-reply@localhost>', callbackSecrets: {} };
  const given: Record<string | symbol, unknown> = { logger: silent, settings };
  const deps = new Proxy({} as Deps, { get: (_target, property) => (property in given ? given[property] : stand) });
  const app = await buildApp(deps, { databaseKind: 'none', routes: apiRoutes({}), idempotentRoutes });
  await app.ready();
  const document = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  return document;
}

/** Writes the document as the repository keeps it (docs/openapi.json): two-space JSON and a final newline. */
export async function writeOpenApi(file: string): Promise<void> {
  fs.writeFileSync(file, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
}
