import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/cli/openapi.ts';
import { registeredApiRoutes } from '../src/platform/http/openapi.ts';
import { createTestContext, type TestContext } from './support/context.ts';

const committed = path.resolve(import.meta.dirname, '../docs/openapi.json');

describe('the OpenAPI document', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('docs/openapi.json is the document the code generates (run `npm run openapi` after changing a route)', async () => {
    expect(JSON.parse(fs.readFileSync(committed, 'utf8'))).toEqual(await openApiDocument());
  });

  it("the client package's types are generated from it (run `npm run openapi` after changing a route)", async () => {
    const generated = astToString(await openapiTS(JSON.parse(fs.readFileSync(committed, 'utf8'))));
    const types = fs.readFileSync(path.resolve(import.meta.dirname, '../clients/node/src/schema.d.ts'), 'utf8');
    // openapi-typescript's command line puts a "generated, do not edit" comment on top.
    expect(types.replace(/^\/\*\*[\s\S]*?\*\/\n\n/, '')).toBe(generated);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const document = JSON.parse(fs.readFileSync(committed, 'utf8'));
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(document)).resolves.toBeTruthy();
  });

  it('covers every /v1 route the service registers, each with the errors it may answer', async () => {
    const document = (await openApiDocument()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(registeredApiRoutes(t.system.app).sort()).toEqual(documented.filter((route) => route.includes(' /v1/')).sort());
    // Beside the API, only the probes orchestrators call.
    expect(documented.filter((route) => !route.includes(' /v1/')).sort()).toEqual(['GET /healthz', 'GET /readyz']);
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods)) expect(Object.keys(operation.responses)).toContain('500');
    }
  });

  it('is served at GET /openapi.json, without an API key, as generated', async () => {
    const response = await t.system.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual(await openApiDocument());
  });

  it('is rendered for people at GET /docs from the service itself, reaching no other host', async () => {
    const page = await t.system.app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    const scripts = [...page.body.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect(src).not.toMatch(/^(https?:)?\/\//);
  });
});
