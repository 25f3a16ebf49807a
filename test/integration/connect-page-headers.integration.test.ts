/**
 * Every page of the connect flow is as closed to framing and caching as the Channels page: a page
 * that can be framed can be clickjacked into connecting an account, and a cached one can show a
 * creator's accounts to the next person on a shared machine.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const get = (url: string) => t.system.app.inject({ method: 'GET', url });

function expectClosedToFramingAndCaching(page: LightMyRequestResponse): void {
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
  expect(page.headers['x-frame-options']).toBe('DENY');
  expect(page.headers['cache-control']).toBe('no-store');
  expect(page.headers['referrer-policy']).toBe('same-origin');
}

/** Opens a fresh link and consents on the sandbox; gives back the callback's path, not yet followed. */
async function consentedCallback(body: Record<string, unknown>, account: string): Promise<string> {
  const session = await t.api('POST', '/v1/connect-sessions', body);
  const opened = await get(new URL(session.json().url).pathname);
  const authorize = new URL(opened.headers.location as string);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('account', account);
  for (const scope of (authorize.searchParams.get('scope') ?? '').split(/[\s,]+/).filter(Boolean)) form.append('granted', scope);
  const decision = await t.sandbox.app.inject({
    method: 'POST',
    url: authorize.pathname,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  const back = new URL(decision.headers.location as string);
  return `${back.pathname}${back.search}`;
}

describe('the connect flow pages refuse framing and caching, like the Channels page', () => {
  it('the account choice page, shown and sent back for another try', async () => {
    const callback = await get(await consentedCallback({ creator: { id: 'hdr-dana' }, provider: 'facebook' }, 'dana.fb'));
    const choose = new URL(callback.headers.location as string).pathname;
    expect(choose).toMatch(/^\/connect\/choose\//);
    const shown = await get(choose);
    expect(shown.statusCode).toBe(200);
    expectClosedToFramingAndCaching(shown);
    const retry = await t.system.app.inject({ method: 'POST', url: choose, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(retry.statusCode).toBe(400);
    expectClosedToFramingAndCaching(retry);
    const unknown = await get('/connect/choose/not-a-choice-token');
    expect(unknown.statusCode).toBe(404);
    expectClosedToFramingAndCaching(unknown);
  });

  it('the OAuth callback result pages: connected, and failed', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'hdr.popup', accountType: 'BUSINESS' });
    const popup = { creator: { id: 'hdr-popup' }, provider: 'instagram', allowedOrigins: ['https://platform.example'] };
    const connected = await get(await consentedCallback(popup, 'hdr.popup'));
    expect(connected.statusCode).toBe(200);
    expectClosedToFramingAndCaching(connected);
    const replayed = await get(await consentedCallback(popup, 'hdr.popup').then((url) => url.replace(/state=[^&]+/, 'state=forged')));
    expect(replayed.statusCode).toBe(400);
    expectClosedToFramingAndCaching(replayed);
  });

  it('the failure page of a connect link', async () => {
    const page = await get('/connect/not-a-connect-token');
    expect(page.statusCode).toBe(404);
    expectClosedToFramingAndCaching(page);
  });

  it('the failure page of a reconnect link', async () => {
    const page = await get('/reconnect?token=not-a-reconnect-token');
    expect(page.statusCode).toBeGreaterThanOrEqual(400);
    expectClosedToFramingAndCaching(page);
  });
});
