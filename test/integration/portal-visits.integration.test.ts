/**
 * Portal visits: the language and time zone a platform asks for when it opens a page, and a browser
 * holding a brand's visit and a creator's at once (the demo story: a brand asks for Partnership Ads,
 * the creator approves on the Channels page, the brand goes back to its campaign).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrandPortalSession } from '../../src/portal/portal-session.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T10:00:00Z' });
});
afterAll(() => t.close());

/** One browser's cookie jar: every Set-Cookie kept by name, sent back to the paths it names. */
class Jar {
  cookies = new Map<string, { value: string; path: string }>();
  keep(response: LightMyRequestResponse): void {
    const headers = response.headers['set-cookie'];
    for (const header of [headers ?? []].flat()) {
      const [pair = '', ...attributes] = String(header).split(';');
      const [name = '', value = ''] = pair.split('=');
      const path =
        attributes
          .map((a) => a.trim())
          .find((a) => a.startsWith('Path='))
          ?.slice(5) ?? '/';
      this.cookies.set(name, { value, path });
    }
  }
  header(url: string): string {
    return [...this.cookies]
      .filter(([, cookie]) => url === cookie.path || url.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`) || url.startsWith(`${cookie.path}?`))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }
  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await t.system.app.inject({ method: 'GET', url, headers: { cookie: this.header(url), ...headers } });
    this.keep(response);
    return response;
  }
  /** Follows a portal link the platform handed out; answers the page it lands on. */
  async open(body: unknown): Promise<LightMyRequestResponse> {
    const created = await t.api('POST', '/v1/portal-sessions', body);
    expect(created.statusCode, created.body).toBe(201);
    const opened = await this.get(new URL(created.json().url).pathname);
    expect(opened.statusCode).toBe(303);
    return this.get(String(opened.headers.location));
  }
}

describe('a brand’s visit and a creator’s in one browser', () => {
  it('opening the creator’s Channels page keeps the brand’s visit, and going back to the brand’s page still works', async () => {
    const browser = new Jar();
    const brandPage = await browser.open({ brand: { id: 'acme', name: 'Acme' } });
    expect(brandPage.statusCode).toBe(200);
    const channels = await browser.open({ creator: { id: 'ana', name: 'Ana' } });
    expect(channels.statusCode).toBe(200);
    expect(browser.cookies.size).toBe(2);

    const back = await browser.get('/portal/campaigns');
    expect(back.statusCode, back.body).toBe(200);
    expect(back.body).not.toContain('has ended');
    expect((await browser.get('/portal')).statusCode).toBe(200);
    // And the other way round: a new brand link leaves the creator's visit alone.
    expect((await browser.open({ brand: { id: 'acme' } })).statusCode).toBe(200);
    expect((await browser.get('/portal')).statusCode).toBe(200);
  });

  it('each visit opens only its own pages: a creator’s cookie opens no campaign, a brand’s no Channels page', async () => {
    const creator = new Jar();
    await creator.open({ creator: { id: 'ana' } });
    expect((await creator.get('/portal/campaigns')).statusCode).toBe(401);
    const brand = new Jar();
    await brand.open({ brand: { id: 'acme' } });
    const refused = await t.system.app.inject({ method: 'GET', url: '/portal', headers: { cookie: `ck_portal=${brand.cookies.get('ck_brand')!.value}` } });
    expect(refused.statusCode).toBe(401);
  });

  it('the brand’s cookie is sent only to the campaign pages', async () => {
    const created = await t.api('POST', '/v1/portal-sessions', { brand: { id: 'acme' } });
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
    expect(opened.headers['set-cookie']).toMatch(/^ck_brand=[\w-]+; Path=\/portal\/campaigns; HttpOnly; SameSite=Lax; Max-Age=3600$/);
  });
});

describe('the language and time zone of a visit', () => {
  it('a creator’s are normalised and stored on the creator, and their page speaks that language in that zone', async () => {
    const created = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'bia', name: 'Bia' }, locale: 'pt-br', timeZone: 'America/Sao_Paulo' });
    expect(created.statusCode, created.body).toBe(201);
    const stored = await t.system.deps.db.selectFrom('creators').select(['locale', 'time_zone']).where('id', '=', 'bia').executeTakeFirstOrThrow();
    expect(stored).toEqual({ locale: 'pt-BR', time_zone: 'America/Sao_Paulo' });
    const browser = new Jar();
    const opened = await browser.get(new URL(created.json().url).pathname);
    const page = await browser.get(String(opened.headers.location), { 'accept-language': 'de' });
    expect(page.body).toContain('<html lang="pt-BR">');
    expect(page.body).toContain('Seus canais');
    // Times in São Paulo's zone (UTC−3), so the page does not say they are in UTC.
    await t.connect({ creator: { id: 'bia' }, account: 'ana.business', returnUrl: 'https://p.example/' });
    const withChannel = await browser.get('/portal');
    expect(withChannel.body).toMatch(/<time datetime="2026-03-01T10:0\d:00\.000Z">1 de mar\. de 2026, 07:0\d<\/time>/);
    expect(withChannel.body).not.toContain('UTC');
    // A later session that says nothing keeps what was stored.
    await t.api('POST', '/v1/portal-sessions', { creator: { id: 'bia' } });
    expect((await t.system.deps.db.selectFrom('creators').select('locale').where('id', '=', 'bia').executeTakeFirstOrThrow()).locale).toBe('pt-BR');
  });

  it('a brand’s hold for its visit, exposed on its session for the brand pages', async () => {
    const created = await t.api('POST', '/v1/portal-sessions', { brand: { id: 'globex' }, locale: 'ja-JP', timeZone: 'Asia/Tokyo' });
    expect(created.statusCode, created.body).toBe(201);
    const browser = new Jar();
    await browser.get(new URL(created.json().url).pathname);
    const session = await findBrandPortalSession(t.system.deps, browser.cookies.get('ck_brand')!.value);
    expect(session).toMatchObject({ brandId: 'globex', locale: 'ja', timeZone: 'Asia/Tokyo' });
  });

  it('an unsupported language or an unknown zone is refused with a sentence saying what is accepted', async () => {
    const language = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'ana' }, locale: 'tlh' });
    expect(language.statusCode).toBe(400);
    expect(language.json().error.code).toBe('invalid_request');
    expect(language.json().error.message).toContain('en, es, pt-BR, fr, de, ja');
    const zone = await t.api('POST', '/v1/portal-sessions', { brand: { id: 'acme' }, timeZone: 'Mars/Olympus' });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.message).toContain('IANA time zone');
  });

  it('a visit that ended says so in the browser’s language, and a brand’s does not call its page the Channels page', async () => {
    const creator = await t.system.app.inject({ method: 'GET', url: '/portal', headers: { 'accept-language': 'ja' } });
    expect(creator.statusCode).toBe(401);
    expect(creator.body).toContain('<html lang="ja">');
    expect(creator.body).toContain('チャンネルページは開いてから1時間で終了します');
    const brand = await t.system.app.inject({ method: 'GET', url: '/portal/campaigns' });
    expect(brand.body).toContain('To keep your campaigns safe, a visit lasts an hour.');
    expect(brand.body).not.toContain('Channels');
  });
});
