/**
 * Partnership Ads speak each reader's language: the creator's email and notice in the creator's stored
 * locale (emails have no browser to ask), the review page in it too, and the brand's notice in the
 * workspace's default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type Channel, connectInstagram, createCampaign, join, mediaIdOf, publish, syncNow } from '../support/insights-fixtures.ts';

let t: TestContext;
let ana: Channel;
let campaignId: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T00:00:00Z', logLevel: 'warn' });
  ana = await connectInstagram(t, 'ana');
  campaignId = await createCampaign(t, { hashtag: '#AcmeAds', state: 'live' });
  await join(t, campaignId, 'ana');
  t.clock.advance(MINUTE);
});
afterAll(async () => {
  await t?.close();
});

async function askFor(caption: string): Promise<string> {
  const providerId = publish(t, ana, caption);
  t.clock.advance(2 * HOUR);
  await syncNow(t, ana);
  const mediaId = await mediaIdOf(t.system.deps.db, providerId);
  const post = await t.system.deps.db.selectFrom('campaign_posts').select('id').where('media_id', '=', mediaId).executeTakeFirstOrThrow();
  const asked = await t.api('POST', `/v1/campaigns/${campaignId}/posts/${post.id}/partnership-ads`, { brandInstagramAccountId: '17841400000000777', durationDays: 14 });
  expect(asked.statusCode).toBe(201);
  return asked.json().id as string;
}

describe('Partnership Ads in the reader’s language', () => {
  it('emails and notifies the creator in their stored language, and the review page speaks it too', async () => {
    await t.system.deps.db.updateTable('creators').set({ locale: 'pt-BR', time_zone: 'America/Sao_Paulo' }).where('id', '=', 'ana').execute();
    const id = await askFor('Verão com a Acme #AcmeAds #ad');
    const email = await t.system.deps.db.selectFrom('emails').selectAll().where('dedupe_key', '=', `partnership:${id}:request`).executeTakeFirstOrThrow();
    expect(email.subject).toBe('Acme quer usar o seu post do Instagram como anúncio de parceria');
    expect(email.text_body).toContain('por 14 dias, como parte da campanha “#AcmeAds”');
    const notice = (await t.api('GET', '/v1/creators/ana/notifications')).json().data[0];
    expect(notice.title).toBe('Acme quer usar o seu post como anúncio de parceria');
    const link = email.text_body.match(/https?:\/\/\S+partnership-ads\?token=\S+/)![0]!;
    const page = await t.system.app.inject({ method: 'GET', url: link.slice(link.indexOf('/partnership-ads')), headers: { 'accept-language': 'en' } });
    expect(page.body).toContain('<html lang="pt-BR">');
    expect(page.body).toContain('Aprovar com o Facebook');
  });

  it('the brand hears in the workspace’s default language', async () => {
    await t.system.deps.db.updateTable('workspaces').set({ default_locale: 'fr' }).execute();
    const id = await askFor('Automne #AcmeAds #ad');
    const email = await t.system.deps.db.selectFrom('emails').select('text_body').where('dedupe_key', '=', `partnership:${id}:request`).executeTakeFirstOrThrow();
    const link = email.text_body.match(/https?:\/\/\S+partnership-ads\?(token=\S+)/)![1]!;
    const denied = await t.system.app.inject({ method: 'POST', url: `/partnership-ads/deny?${link}` });
    expect(denied.statusCode).toBe(303);
    const notice = (await t.api('GET', '/v1/brands/acme/notifications')).json().data[0];
    expect(notice.title).toBe('@ana.biz a refusé la publicité partenaire');
    expect(notice.body).toBe('La publication ne peut pas être diffusée en publicité partenaire. Vous pourrez redemander plus tard.');
  });
});
