import { describe, expect, it } from 'vitest';
import { APP, authorize, authorizeFields, exchangeCode, form, REDIRECT, setup } from '../core/test-support.ts';

const authorizeUrl = (fields: Record<string, string>) => `/www.instagram.com/oauth/authorize?${new URLSearchParams(fields)}`;

describe('the authorize dialog', () => {
  it('asks for the requested permissions with one button per test account and a Cancel button', async () => {
    const { app } = setup();
    const res = await app.inject({ url: authorizeUrl(authorizeFields()) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('wants to access your Instagram account');
    expect(res.body).toContain('instagram_business_manage_insights');
    expect(res.body).toContain('<button type="submit" name="account" value="ana.business">Continue as @ana.business (Business)</button>');
    expect(res.body).toContain('Continue as @ben.creator (Creator)');
    expect(res.body).toContain('<button type="submit" name="deny" value="1">Cancel</button>');
    expect(res.body).toContain('action="/www.instagram.com/oauth/authorize"');
  });

  it('shows an "Invalid platform app" page for an unknown client_id', async () => {
    const { app } = setup();
    const res = await app.inject({ url: authorizeUrl(authorizeFields({ client_id: 'nope' })) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Invalid platform app');
  });

  it('refuses unknown scopes and requests without instagram_business_basic', async () => {
    const { app } = setup();
    const unknown = await app.inject({ url: authorizeUrl(authorizeFields({ scope: 'instagram_business_basic business_basic' })) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Invalid Scopes: business_basic');
    const noBasic = await app.inject({ url: authorizeUrl(authorizeFields({ scope: 'instagram_business_manage_insights' })) });
    expect(noBasic.statusCode).toBe(400);
  });

  it('accepts space-separated scopes', async () => {
    const { app } = setup();
    const res = await app.inject({ url: authorizeUrl(authorizeFields({ scope: 'instagram_business_basic instagram_business_manage_insights' })) });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a redirect_uri that the app did not register, when it registered some', async () => {
    const { app } = setup({ apps: [{ ...APP_CONFIG, redirectUris: ['https://app.example/registered'] }] });
    const res = await app.inject({ url: authorizeUrl(authorizeFields()) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Invalid redirect_uri');
  });

  it('redirects an allowed request with the code, the state and a literal trailing #_', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'POST', url: '/oauth/authorize', ...form(authorizeFields({ account: 'ana.business' })) });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^https:\/\/app\.example\/callback\?code=AQ[\w-]+&state=st4te#_$/);
  });

  it('redirects a cancelled request with access_denied / user_denied and the state', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'POST', url: '/oauth/authorize', ...form(authorizeFields({ deny: '1' })) });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`${REDIRECT}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=st4te`);
  });
});

const APP_CONFIG = { clientId: APP.client_id, clientSecret: APP.client_secret, name: 'Test', redirectUris: [] as string[] };

describe('the code exchange', () => {
  it('answers a flat short-lived token whose user_id is an exact JSON number above 2^53', async () => {
    const { app } = setup();
    const res = await exchangeCode(app, await authorize(app, 'ana.business'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^\{"access_token":"IGAA[\w-]{140,}","user_id":17841400000000001,"permissions":"instagram_business_basic,instagram_business_manage_insights"\}$/);
  });

  it('uses a code once only', async () => {
    const { app } = setup();
    const code = await authorize(app, 'ana.business');
    expect((await exchangeCode(app, code)).statusCode).toBe(200);
    const again = await exchangeCode(app, code);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({ error_type: 'OAuthException', code: 400, error_message: 'Matching code was not found or was already used' });
  });

  it('refuses a code older than one hour', async () => {
    const { app, clock } = setup();
    const code = await authorize(app, 'ana.business');
    clock.advance(3_600_000);
    expect((await exchangeCode(app, code)).json().error_message).toBe('Matching code was not found or was already used');
  });

  it('refuses a code that still carries the trailing #_', async () => {
    const { app } = setup();
    const code = await authorize(app, 'ana.business');
    expect((await exchangeCode(app, `${code}#_`)).statusCode).toBe(400);
  });

  it('requires the redirect_uri used at authorize, and the right client secret', async () => {
    const { app } = setup();
    const code = await authorize(app, 'ana.business');
    const mismatch = await exchangeCode(app, code, { redirect_uri: 'https://app.example/other' });
    expect(mismatch.json().error_message).toMatch(/redirect_uri is identical/);
    const badSecret = await exchangeCode(app, code, { client_secret: 'wrong' });
    expect(badSecret.statusCode).toBe(400);
    expect(badSecret.json()).toMatchObject({ error_type: 'OAuthException', code: 400 });
    expect((await exchangeCode(app, code)).statusCode).toBe(200);
  });

  it("wraps the answer in data[] when configured to follow the docs' shape", async () => {
    const { app } = setup({ codeExchangeShape: 'data' });
    const res = await exchangeCode(app, await authorize(app, 'ben.creator'));
    expect(res.body).toMatch(/^\{"data":\[\{"access_token":"IGAA[\w-]+","user_id":17841400000000002,"permissions":"[\w,]+"\}\]\}$/);
  });

  it('grants only the scopes the user left ticked, and never more than the account override', async () => {
    const { app, world } = setup();
    const ticked = await authorize(app, 'ana.business', { granted: 'instagram_business_basic' });
    expect((await exchangeCode(app, ticked)).json().permissions).toBe('instagram_business_basic');
    world.instagram.account('ben.creator')!.grantedScopes = ['instagram_business_basic'];
    expect((await exchangeCode(app, await authorize(app, 'ben.creator'))).json().permissions).toBe('instagram_business_basic');
  });
});
