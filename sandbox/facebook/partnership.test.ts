/**
 * What the Facebook sandbox does for Partnership Ads consent: declined permissions remembered per person
 * and app, one Instagram professional account reached by both logins, and the post-level
 * `branded_content_partner_promote` edge. Driven over HTTP with `app.inject()` and a manual clock.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { connect as connectInstagram, me as instagramMe } from '../core/test-support.ts';
import { buildSandbox } from '../index.ts';
import type { FacebookWorld } from './world.ts';

const APP = { client_id: 'sandbox-facebook-app', client_secret: 'sandbox-facebook-secret' };
const APP_TOKEN = `${APP.client_id}|${APP.client_secret}`;
const REDIRECT = 'https://app.example/callback';
const SCOPES = ['pages_show_list', 'instagram_basic', 'business_management', 'instagram_branded_content_creator'];
const CREATOR = 'instagram_branded_content_creator';
const DIALOG = '/www.facebook.com/v25.0/dialog/oauth';
const GRAPH = '/graph.facebook.com/v25.0';
const DAY_MS = 86_400_000;
const BRAND = '17841499999999999';

function setup() {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const { app, world } = buildSandbox({ clock });
  return { app, world, clock, fb: world.network<FacebookWorld>('facebook') };
}

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

function dialogFields(extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ client_id: APP.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: SCOPES.join(','), state: 's', ...extra });
}

/** Posts the dialog as its form does: the scope picker marker and one `granted` per ticked permission. */
async function consent(app: FastifyInstance, username: string, granted: string[], extra: Record<string, string> = {}): Promise<string> {
  const fields = dialogFields(extra);
  fields.set('account', username);
  fields.set('scope_picker', '1');
  for (const scope of granted) fields.append('granted', scope);
  const res = await app.inject({ method: 'POST', url: DIALOG, payload: fields.toString(), headers: formHeaders });
  expect(res.statusCode).toBe(302);
  const code = new URL(String(res.headers.location)).searchParams.get('code')!;
  const short = (await app.inject({ url: `${GRAPH}/oauth/access_token?${new URLSearchParams({ ...APP, redirect_uri: REDIRECT, code })}` })).json().access_token;
  return (await app.inject({ url: `${GRAPH}/oauth/access_token?${new URLSearchParams({ ...APP, grant_type: 'fb_exchange_token', fb_exchange_token: short })}` })).json()
    .access_token;
}

const get = (app: FastifyInstance, path: string, token: string) => app.inject({ url: `${GRAPH}${path}`, headers: { authorization: `Bearer ${token}` } });

function promote(app: FastifyInstance, mediaId: string, token: string, fields: Record<string, string> = { sponsor_id: BRAND, permission: 'true' }) {
  return app.inject({
    method: 'POST',
    url: `${GRAPH}/${mediaId}/branded_content_partner_promote`,
    payload: new URLSearchParams(fields).toString(),
    headers: { ...formHeaders, authorization: `Bearer ${token}` },
  });
}

async function permissions(app: FastifyInstance, token: string): Promise<Record<string, string>> {
  const data = (await get(app, '/me/permissions', token)).json().data as { permission: string; status: string }[];
  return Object.fromEntries(data.map((p) => [p.permission, p.status]));
}

/** The dialog form of one person (each person has their own, labelled with their name). */
async function formOf(app: FastifyInstance, name: string, extra: Record<string, string> = {}): Promise<string> {
  const html = (await app.inject({ url: `${DIALOG}?${dialogFields(extra)}` })).body;
  const start = html.indexOf(`aria-label="${name}"`);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</form>', start));
}

const tokenScopes = (fb: FacebookWorld, token: string) => fb.token(token)!.scopes;

describe('declined permissions are remembered per person and app', () => {
  it('a permission left unticked is declined: /me/permissions lists it beside the granted ones', async () => {
    const { app } = setup();
    const token = await consent(
      app,
      'ana.facebook',
      SCOPES.filter((s) => s !== CREATOR),
    );
    expect(await permissions(app, token)).toEqual({
      pages_show_list: 'granted',
      instagram_basic: 'granted',
      business_management: 'granted',
      public_profile: 'granted',
      [CREATOR]: 'declined',
    });
  });

  it('a later dialog without auth_type=rerequest neither shows nor grants it, and says it was declined before', async () => {
    const { app, fb } = setup();
    await consent(
      app,
      'ana.facebook',
      SCOPES.filter((s) => s !== CREATOR),
    );
    const form = await formOf(app, 'Ana (Facebook)');
    expect(form).not.toContain(`value="${CREATOR}"`);
    expect(form).toContain(`You declined <code>${CREATOR}</code> before`);
    // Posting it anyway grants nothing: the dialog never offered it.
    const again = await consent(app, 'ana.facebook', SCOPES);
    expect(tokenScopes(fb, again)).not.toContain(CREATOR);
    expect((await permissions(app, again))[CREATOR]).toBe('declined');
    // Another person is asked as usual.
    expect(await formOf(app, 'Ben (Facebook)')).toContain(`name="granted" value="${CREATOR}" checked`);
  });

  it('with auth_type=rerequest it is shown and can be granted, which clears the decline', async () => {
    const { app, fb } = setup();
    await consent(
      app,
      'ana.facebook',
      SCOPES.filter((s) => s !== CREATOR),
    );
    expect(await formOf(app, 'Ana (Facebook)', { auth_type: 'rerequest' })).toContain(`name="granted" value="${CREATOR}" checked`);
    const granted = await consent(app, 'ana.facebook', SCOPES, { auth_type: 'rerequest' });
    expect(tokenScopes(fb, granted)).toContain(CREATOR);
    expect(Object.values(await permissions(app, granted))).not.toContain('declined');
    expect(await formOf(app, 'Ana (Facebook)')).toContain(`value="${CREATOR}"`);
  });

  it('a decline for one app does not follow the person to another app', async () => {
    const { app, fb } = setup();
    fb.config.apps.push({ clientId: 'other-app', clientSecret: 'other-secret', name: 'Other', redirectUris: [] });
    await consent(
      app,
      'ana.facebook',
      SCOPES.filter((s) => s !== CREATOR),
    );
    expect(await formOf(app, 'Ana (Facebook)', { client_id: 'other-app' })).toContain(`value="${CREATOR}"`);
    expect(fb.declinedScopes(fb.user('ana.facebook')!, 'other-app')).toEqual([]);
    const listed = (await app.inject({ url: '/_sandbox/facebook/accounts' })).json().find((u: { username: string }) => u.username === 'ana.facebook');
    expect(listed.declined_scopes).toEqual({ [APP.client_id]: [CREATOR] });
  });

  it('the declines are kept by export and import, and cleared by reset', async () => {
    const { app, fb } = setup();
    await consent(
      app,
      'ana.facebook',
      SCOPES.filter((s) => s !== CREATOR),
    );
    const state = JSON.parse(JSON.stringify(fb.exportState()));
    fb.reset();
    expect(fb.declinedScopes(fb.user('ana.facebook')!, APP.client_id)).toEqual([]);
    fb.importState(state);
    expect(fb.declinedScopes(fb.user('ana.facebook')!, APP.client_id)).toEqual([CREATOR]);
  });
});

describe('one professional account, two logins', () => {
  it("ana.facebook's Page reaches ana.business under the id and username Instagram Login reports", async () => {
    const { app } = setup();
    const viaInstagram = (await instagramMe(app, (await connectInstagram(app, 'ana.business')).long)).json();
    const token = await consent(app, 'ana.facebook', SCOPES);
    const [page] = (await get(app, '/me/accounts?fields=id,name,instagram_business_account{id,username}', token)).json().data;
    expect(page).toMatchObject({ name: 'Ana Business', instagram_business_account: { id: viaInstagram.user_id, username: 'ana.business' } });
    const debug = (await app.inject({ url: `/graph.facebook.com/debug_token?input_token=${token}&access_token=${APP_TOKEN}` })).json().data;
    expect(debug.granular_scopes).toContainEqual({ scope: CREATOR, target_ids: [viaInstagram.user_id] });
  });

  it("a linked account's media and figures through its Page are its Instagram Login ones, under the same ids", async () => {
    const { app, world, fb } = setup();
    const igToken = (await connectInstagram(app, 'ana.business')).long;
    const viaInstagram = (await app.inject({ url: `/v25.0/me/media?fields=id,caption&limit=5&access_token=${igToken}` })).json().data;
    const igId = world.instagram.account('ana.business')!.userId;
    const pageToken = fb.mintToken({ username: 'ana.facebook', kind: 'page' }).value;
    const viaPage = (await get(app, `/${igId}/media?fields=id,caption&limit=5`, pageToken)).json().data;
    expect(viaPage).toEqual(viaInstagram);
    expect((await get(app, `/${igId}?fields=followers_count,media_count`, pageToken)).json()).toMatchObject({ followers_count: 12_840, media_count: 128 });
    world.instagram.metrics.set(viaPage[0].id, { reach: 777 });
    const insights = (await get(app, `/${viaPage[0].id}/insights?metric=reach`, pageToken)).json();
    expect(insights.data[0].values[0].value).toBe(777);
  });

  it('the control API links a new Page or an existing one, and refuses an unknown, personal or already linked account', async () => {
    const { app, world, fb } = setup();
    const created = await app.inject({
      method: 'POST',
      url: '/_sandbox/facebook/accounts',
      payload: { username: 'gia.fb', pages: [{ name: 'Gia', instagram: { link: 'gia.shop' } }] },
    });
    expect(created.json()).toMatchObject({ error: 'cannot_link' });
    expect(fb.user('gia.fb')).toBeUndefined();
    world.instagram.createAccount({ username: 'gia.shop', accountType: 'BUSINESS' });
    const ok = (
      await app.inject({ method: 'POST', url: '/_sandbox/facebook/accounts', payload: { username: 'gia.fb', pages: [{ name: 'Gia', instagram: { link: 'gia.shop' } }] } })
    ).json();
    expect(ok.pages[0].instagram).toEqual({ id: world.instagram.account('gia.shop')!.userId, username: 'gia.shop', followers_count: expect.any(Number), linked: true });
    const travel = fb.pagesOf(fb.user('dana.fb')!.id)[1]!;
    for (const link of ['cara.personal', 'ana.business', 'nobody.here']) {
      expect((await app.inject({ method: 'POST', url: `/_sandbox/facebook/pages/${travel.id}/instagram`, payload: { link } })).statusCode).toBe(409);
    }
    world.instagram.createAccount({ username: 'dana.trips', accountType: 'MEDIA_CREATOR' });
    const linked = await app.inject({ method: 'POST', url: `/_sandbox/facebook/pages/${travel.id}/instagram`, payload: { link: 'dana.trips' } });
    expect(linked.json()).toEqual({ page_id: travel.id, instagram: { id: world.instagram.account('dana.trips')!.userId, username: 'dana.trips', linked: true } });
  });

  it('the seeds keep their ids: the Facebook-only people and accounts come first, unchanged', () => {
    const { fb } = setup();
    expect(fb.users().map((u) => [u.username, u.id])).toEqual([
      ['dana.fb', '10290000000000001'],
      ['eli.fb', '10290000000000005'],
      ['finn.fb', '10290000000000008'],
      ['ana.facebook', '10290000000000009'],
      ['ben.facebook', '10290000000000011'],
    ]);
    expect(fb.pagesOf(fb.user('dana.fb')!.id)[0]!.igId).toBe('17841500000000003');
  });
});

describe('branded_content_partner_promote', () => {
  async function ana() {
    const s = setup();
    const media = s.world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'FEED', caption: 'New in' });
    return { ...s, media, token: await consent(s.app, 'ana.facebook', SCOPES) };
  }

  it('POST allows a brand to boost the post, GET lists it, permission=false takes it back', async () => {
    const { app, fb, media, token } = await ana();
    expect((await promote(app, media.id, token)).json()).toEqual({ success: true });
    expect((await promote(app, media.id, token, { sponsor_id: '17841400000000777', permission: 'true' })).json()).toEqual({ success: true });
    expect((await get(app, `/${media.id}/branded_content_partner_promote`, token)).json().data).toEqual([{ id: BRAND }, { id: '17841400000000777' }]);
    expect((await app.inject({ url: `/_sandbox/facebook/media/${media.id}/partner-promote` })).json()).toEqual({ approved: [BRAND, '17841400000000777'] });
    expect((await promote(app, media.id, token, { sponsor_id: BRAND, permission: 'false' })).json()).toEqual({ success: true });
    expect(fb.partnerApprovals(media.id)).toEqual(['17841400000000777']);
  });

  it("takes the parameters in the query as well, and works for a Facebook world account's own media", async () => {
    const { app, fb } = setup();
    const token = await consent(app, 'dana.fb', SCOPES);
    const igId = fb.pagesOf(fb.user('dana.fb')!.id)[0]!.igId!;
    const [first] = (await get(app, `/${igId}/media?limit=1`, fb.mintToken({ username: 'dana.fb', kind: 'page' }).value)).json().data;
    const res = await app.inject({
      method: 'POST',
      url: `${GRAPH}/${first.id}/branded_content_partner_promote?sponsor_id=${BRAND}&permission=true`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json()).toEqual({ success: true });
    expect(fb.partnerApprovals(first.id)).toEqual([BRAND]);
  });

  it('an unknown media is "Unsupported post request" (100/33)', async () => {
    const { app, token } = await ana();
    const error = (await promote(app, '17999999999999999', token)).json().error;
    expect(error).toMatchObject({ code: 100, error_subcode: 33, message: expect.stringMatching(/^Unsupported post request\. Object with ID '17999999999999999'/) });
  });

  it('refuses a token without instagram_branded_content_creator (10), a person without a role on the Page (200) and a Page token (210)', async () => {
    const { app, fb, media } = await ana();
    const noCreator = await consent(
      app,
      'ben.facebook',
      SCOPES.filter((s) => s !== CREATOR),
    );
    const noScope = fb.mintToken({ username: 'ana.facebook', scopes: ['pages_show_list', 'instagram_basic'] }).value;
    expect((await promote(app, media.id, noScope)).json().error).toMatchObject({ code: 10 });
    const dana = await consent(app, 'dana.fb', SCOPES);
    expect((await promote(app, media.id, dana)).json().error).toMatchObject({ code: 200 });
    expect((await promote(app, media.id, noCreator)).json().error).toMatchObject({ code: 10 });
    // Unpicked on the dialog: the permission's granular target leaves the account out.
    const page = fb.pagesOf(fb.user('ana.facebook')!.id)[0]!;
    const unpicked = await consent(app, 'ana.facebook', SCOPES, { page_picker: '1' });
    expect(fb.token(unpicked)!.pageIds).not.toContain(page.id);
    expect((await promote(app, media.id, unpicked)).json().error).toMatchObject({ code: 200 });
    const pageToken = fb.mintToken({ username: 'ana.facebook', kind: 'page', scopes: SCOPES }).value;
    expect((await promote(app, media.id, pageToken)).json().error).toMatchObject({ code: 210 });
    expect(fb.partnerApprovals(media.id)).toEqual([]);
  });

  it('an Instagram account no Page is linked to cannot be reached (200)', async () => {
    const { app, world } = setup();
    const cara = world.instagram.publishMedia('cara.personal', { mediaType: 'IMAGE', productType: 'FEED', caption: '' });
    expect((await promote(app, cara.id, await consent(app, 'ana.facebook', SCOPES))).json().error).toMatchObject({ code: 200 });
  });

  it('needs a numeric sponsor_id and permission true or false (100)', async () => {
    const { app, media, token } = await ana();
    const bad: Record<string, string>[] = [{ permission: 'true' }, { sponsor_id: 'brand', permission: 'true' }, { sponsor_id: BRAND }, { sponsor_id: BRAND, permission: 'yes' }];
    for (const fields of bad) {
      expect((await promote(app, media.id, token, fields)).json().error).toMatchObject({ code: 100, type: 'OAuthException' });
    }
  });

  it('a story past its 24 hours grants nothing: success false', async () => {
    const { app, world, clock, fb, token } = await ana();
    const story = world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'STORY', caption: '' });
    expect((await promote(app, story.id, token)).json()).toEqual({ success: true });
    clock.advance(DAY_MS);
    expect((await promote(app, story.id, token, { sponsor_id: '42', permission: 'true' })).json()).toEqual({ success: false });
    expect(fb.partnerApprovals(story.id)).toEqual([BRAND]);
  });

  it('is counted, faulted before any work, and follows the clock: 190/460 after a password change, 190/463 after 60 days', async () => {
    const { app, world, clock, fb, media, token } = await ana();
    world.faults.add({ endpoint: 'facebook.partner_promote', fault: 'meta_error', code: 2 });
    expect((await promote(app, media.id, token)).statusCode).toBe(500);
    expect(fb.partnerApprovals(media.id)).toEqual([]);
    expect(world.calls.count('facebook.partner_promote', world.instagram.account('ana.business')!.userId)).toBe(1);
    clock.advance(60 * DAY_MS);
    expect((await promote(app, media.id, token)).json().error).toMatchObject({ code: 190, error_subcode: 463 });
    const fresh = await consent(app, 'ana.facebook', SCOPES);
    fb.applyEvent('ana.facebook', 'password-change');
    expect((await promote(app, media.id, fresh)).json().error).toMatchObject({ code: 190, error_subcode: 460 });
  });

  it('the approvals are kept by export and import, and cleared by reset', async () => {
    const { app, fb, media, token } = await ana();
    await promote(app, media.id, token);
    const state = JSON.parse(JSON.stringify(fb.exportState()));
    fb.reset();
    expect(fb.partnerApprovals(media.id)).toEqual([]);
    fb.importState(state);
    expect(fb.partnerApprovals(media.id)).toEqual([BRAND]);
  });
});
