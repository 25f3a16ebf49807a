/** `/v1/workspace/branding` and its logo: set, cleared, refused with reasons; the logo served by us, cached for good, safe as SVG. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { MAX_LOGO_BYTES } from '../../src/workspaces/logo.rules.ts';
import { API_KEY, createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';
import { acmeSvg, solidPng, tinyJpeg } from '../support/logos.ts';

const OTHER_KEY = 'ck_other_workspace_brand_0123456789';
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T09:00:00Z' });
  await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_KEY, 'Other workspace');
});
afterAll(() => t.close());

const upload = (body: Buffer | string, contentType: string, apiKey = API_KEY) =>
  t.system.app.inject({ method: 'PUT', url: '/v1/workspace/branding/logo', headers: { authorization: `Bearer ${apiKey}`, 'content-type': contentType }, payload: body });

describe('setting and clearing the brand', () => {
  it('a new workspace has no brand: every field null, our product name as the fallback', async () => {
    const answer = await t.api('GET', '/v1/workspace/branding', undefined, OTHER_KEY);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ productName: null, accentColor: null, logo: null, fallbackProductName: 'Channelkeeper', updatedAt: null });
  });

  it('the fields sent are set (normalised), the dark accent is derived, and a later PUT leaves the others alone', async () => {
    const set = await t.api('PUT', '/v1/workspace/branding', {
      productName: '  Acme Creators ',
      accentColor: '#C2410C',
      supportEmail: 'creators@acme.test',
      defaultLocale: 'pt-br',
      emailSenderName: 'Acme',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ productName: 'Acme Creators', accentColor: '#c2410c', defaultLocale: 'pt-BR', updatedAt: '2026-03-01T09:00:00.000Z' });
    expect(set.json().accentColorDark).toMatch(/^#[0-9a-f]{6}$/);
    const later = await t.api('PUT', '/v1/workspace/branding', { supportUrl: 'https://help.acme.test/creators' });
    expect(later.json()).toMatchObject({ productName: 'Acme Creators', supportEmail: 'creators@acme.test', supportUrl: 'https://help.acme.test/creators' });
  });

  it('null clears a field, and one workspace’s brand is not another’s', async () => {
    const cleared = await t.api('PUT', '/v1/workspace/branding', { supportUrl: null, emailSenderName: null });
    expect(cleared.json()).toMatchObject({ supportUrl: null, emailSenderName: null, productName: 'Acme Creators' });
    expect((await t.api('GET', '/v1/workspace/branding', undefined, OTHER_KEY)).json().productName).toBeNull();
  });

  it('an unreadable accent is refused with its contrast and the 4.5:1 needed, and nothing is changed', async () => {
    const refused = await t.api('PUT', '/v1/workspace/branding', { accentColor: '#ffcc00', productName: 'Changed' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'branding_invalid', details: { field: 'accentColor', problem: 'low_contrast', contrastWithWhite: 1.51, needed: 4.5 } });
    expect((await t.api('GET', '/v1/workspace/branding')).json()).toMatchObject({ productName: 'Acme Creators', accentColor: '#c2410c' });
  });

  it('other refusals name their field: an http support link, a language we do not speak, a malformed colour or email, an unknown field', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ supportUrl: 'http://help.acme.test' }, 422, 'supportUrl'],
      [{ defaultLocale: 'ko' }, 422, 'defaultLocale'],
      [{ emailSenderName: 'Acme <x@evil.test>' }, 422, 'emailSenderName'],
      [{ accentColor: 'orange' }, 400, 'accentColor'],
      [{ supportEmail: 'not-an-email' }, 400, 'supportEmail'],
      [{ logoUrl: 'https://acme.test/logo.png' }, 400, 'logoUrl'],
    ];
    for (const [body, status, field] of cases) {
      const answer = await t.api('PUT', '/v1/workspace/branding', body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(answer.json().error), JSON.stringify(body)).toContain(field);
    }
  });

  it('without an API key the brand is neither read nor changed', async () => {
    expect((await t.api('GET', '/v1/workspace/branding', undefined, null)).statusCode).toBe(401);
    expect((await t.api('PUT', '/v1/workspace/branding', { productName: 'x' }, null)).statusCode).toBe(401);
  });
});

describe('the logo', () => {
  it('an SVG is stored sanitised and served by us with a cache-for-good URL, nosniff and a CSP that runs nothing', async () => {
    const answer = await upload(acmeSvg, 'image/svg+xml; charset=utf-8');
    expect(answer.statusCode, answer.body).toBe(200);
    const logo = answer.json().logo;
    expect(logo).toMatchObject({ contentType: 'image/svg+xml' });
    expect(logo.url).toMatch(new RegExp(`^${PUBLIC_URL}/brand/[^/]+/logo/[0-9a-f]{16}$`));
    const served = await t.system.app.inject({ method: 'GET', url: new URL(logo.url).pathname });
    expect(served.statusCode).toBe(200);
    expect(served.headers).toMatchObject({
      'content-type': 'image/svg+xml',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
    expect(served.body).toContain('>Acme</text>');
    expect(served.body).not.toMatch(/script|onload|alert/);
    expect(served.body.length).toBe(logo.size);
  });

  it('a new logo gets a new URL and the old one answers 404, as does a made-up hash', async () => {
    const before = (await t.api('GET', '/v1/workspace/branding')).json().logo.url as string;
    const png = await upload(solidPng(64, 64), 'image/png');
    expect(png.statusCode, png.body).toBe(200);
    const after = png.json().logo.url as string;
    expect(after).not.toBe(before);
    expect((await t.system.app.inject({ method: 'GET', url: new URL(before).pathname })).statusCode).toBe(404);
    const served = await t.system.app.inject({ method: 'GET', url: new URL(after).pathname });
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['content-security-policy']).toBeUndefined();
    expect(served.rawPayload.equals(solidPng(64, 64))).toBe(true);
    const forged = `${new URL(after).pathname.slice(0, -16)}0000000000000000`;
    expect((await t.system.app.inject({ method: 'GET', url: forged })).statusCode).toBe(404);
  });

  it('a JPEG is accepted; bytes that are not the declared type are refused with the reason', async () => {
    expect((await upload(tinyJpeg, 'image/jpeg')).statusCode).toBe(200);
    const lying = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'image/png');
    expect(lying.statusCode).toBe(422);
    expect(lying.json().error).toMatchObject({ code: 'branding_invalid', details: { field: 'logo', problem: 'not_an_image' } });
    const entities = await upload('<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>', 'image/svg+xml');
    expect(entities.json().error.details).toMatchObject({ field: 'logo', problem: 'svg_entities' });
  });

  it('a logo over 200 KB is refused with 413 saying the limit; another type with 415 naming the ones taken', async () => {
    const big = await upload(Buffer.concat([solidPng(4, 4), Buffer.alloc(MAX_LOGO_BYTES)]), 'image/png');
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'payload_too_large', details: { field: 'logo' } });
    expect(big.json().error.message).toContain('200 KB');
    const gif = await upload(Buffer.from('GIF89a'), 'image/gif');
    expect(gif.statusCode).toBe(415);
    expect(gif.json().error.message).toContain('image/png');
  });

  it('removing the logo clears it and its URL answers 404', async () => {
    const url = (await t.api('GET', '/v1/workspace/branding')).json().logo.url as string;
    const removed = await t.api('DELETE', '/v1/workspace/branding/logo');
    expect(removed.statusCode).toBe(200);
    expect(removed.json().logo).toBeNull();
    expect((await t.system.app.inject({ method: 'GET', url: new URL(url).pathname })).statusCode).toBe(404);
  });
});

describe('the favicon', () => {
  it('every page’s /favicon.svg is served as an SVG, and /favicon.ico leads to it', async () => {
    const svg = await t.system.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const ico = await t.system.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(ico.statusCode).toBe(301);
    expect(ico.headers.location).toBe('/favicon.svg');
  });
});
