/**
 * Partnership Ads end to end through HTTP: a brand asks for a bound Instagram post, the creator gets
 * one email and one notice, opens the signed link, and approves through the sandbox's Facebook Login
 * (or denies). Approval checks ownership, turns boosting on at the sandbox, keeps a sealed token of its
 * own and never touches the Instagram Login connection. Then the lifecycle: partial grants and
 * re-requests, the wrong Facebook user, the one reminder, expiry, revocation by Facebook, and
 * concurrent requests collapsing into one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { countSecretsToRotate, rotateKeys } from '../../src/ops/rotate-keys.ts';
import { endPartnership } from '../../src/partnership-ads/partnership-end.ts';
import { runPartnershipSweep } from '../../src/partnership-ads/partnership-sweep.ts';
import { parseKeyRing } from '../../src/platform/crypto/key-ring.ts';
import { sandboxCredentials } from '../../src/providers/registry.ts';
import { createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';
import { type Channel, connectInstagram, createCampaign, join, mediaIdOf, publish, syncNow } from '../support/insights-fixtures.ts';
import { signMetaRequest } from '../support/signed-callbacks.ts';

const BRAND_IG = '17841400000000777';
const ALL = ['pages_show_list', 'instagram_basic', 'business_management', 'instagram_branded_content_creator'];

let t: TestContext;
let ana: Channel;
let campaignId: string;
let fb: FacebookWorld;
let deniedEndpointId: string;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T00:00:00Z', logLevel: 'warn' });
  fb = t.sandbox.world.network<FacebookWorld>('facebook');
  // Deliveries are only queued here (never sent): the test reads them from the outbox table.
  expect((await t.api('PUT', '/v1/webhook', { url: 'http://127.0.0.1:9/hooks' })).statusCode).toBe(201);
  // A second endpoint that takes denials only: Partnership Ads webhooks follow endpoint filters too.
  const deniedOnly = await t.api('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/denials', eventTypes: ['partnership_ads.denied'] });
  deniedEndpointId = deniedOnly.json().id;
  ana = await connectInstagram(t, 'ana');
  // Ana's Facebook login manages a Page linked to the same Instagram professional account; Bob's manages another one.
  fb.createUser({ username: 'anabiz.facebook', name: 'Ana Biz (Facebook)', pages: [{ name: 'Ana Page', instagram: { link: ana.username } }] });
  fb.createUser({ username: 'bob.facebook', name: 'Bob', pages: [{ name: 'Bob Page', instagram: { username: 'bob.ig' } }] });
  campaignId = await createCampaign(t, { hashtag: '#AcmeAds', state: 'live' });
  await join(t, campaignId, 'ana');
  t.clock.advance(MINUTE);
});
afterAll(() => t.close());
beforeEach(() => t.clock.advance(1000));

const db = () => t.system.deps.db;

/** A new post with the campaign's hashtag, bound by the real media sync; the campaign post's id. */
async function boundPost(caption = 'Launch day #AcmeAds #ad'): Promise<{ postId: string; providerId: string }> {
  const providerId = publish(t, ana, caption);
  t.clock.advance(2 * HOUR);
  await syncNow(t, ana);
  const mediaId = await mediaIdOf(db(), providerId);
  const post = await db().selectFrom('campaign_posts').select('id').where('campaign_id', '=', campaignId).where('media_id', '=', mediaId).executeTakeFirstOrThrow();
  return { postId: post.id, providerId };
}

const ask = (postId: string, body: object = { brandInstagramAccountId: BRAND_IG }, campaign = campaignId) =>
  t.api('POST', `/v1/campaigns/${campaign}/posts/${postId}/partnership-ads`, body);
const requestRow = (id: string) => db().selectFrom('partnership_ad_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const emailsOf = (kind: string) => db().selectFrom('emails').selectAll().where('kind', '=', kind).orderBy('created_at').execute();

/** The review link (path and query) in the newest request email for this request. */
async function reviewPathFor(requestId: string): Promise<string> {
  const emails = await db()
    .selectFrom('emails')
    .select(['text_body', 'kind'])
    .where('kind', 'in', ['partnership_ads_requested', 'partnership_ads_reminder'])
    .where('dedupe_key', 'like', `partnership:${requestId}:%`)
    .orderBy('created_at', 'desc')
    .execute();
  const url = emails[0]?.text_body.match(/Approve or deny: (\S+)/)?.[1];
  if (!url) throw new Error('no request email');
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** Clicks Approve on the review page, then consents on the sandbox's Facebook dialog; our callback's answer. */
async function approve(reviewPath: string, input: { account: string; grant?: string[]; deny?: boolean }) {
  const { authorize, back } = await consent(reviewPath, input);
  const callback = await t.system.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
  return { authorize, callback, outcome: new URL(callback.headers.location as string, PUBLIC_URL).searchParams.get('outcome') };
}

/** Approve and Facebook's dialog, up to (not including) the redirect back to our callback. */
async function consent(reviewPath: string, input: { account: string; grant?: string[]; deny?: boolean }) {
  const started = await t.system.app.inject({ method: 'POST', url: reviewPath.replace('/partnership-ads?', '/partnership-ads/approve?'), headers: { origin: PUBLIC_URL } });
  expect(started.statusCode).toBe(303);
  const authorize = new URL(started.headers.location as string);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('scope_picker', '1');
  if (input.deny) form.set('deny', '1');
  else {
    form.set('account', input.account);
    for (const scope of input.grant ?? ALL) form.append('granted', scope);
  }
  const decision = await t.sandbox.app.inject({
    method: 'POST',
    url: authorize.pathname,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  return { authorize, back: new URL(decision.headers.location as string) };
}

const igTokenState = async () => ({
  connection: await db().selectFrom('connections').select(['version', 'status', 'scopes', 'token_expires_at']).where('id', '=', ana.connectionId).executeTakeFirstOrThrow(),
  tokens: await db().selectFrom('connection_tokens').selectAll().where('connection_id', '=', ana.connectionId).execute(),
});

describe('asking for Partnership Ads', () => {
  it('a brand asks once per post: the request waits for the creator, who gets one email and one notice', async () => {
    const { postId } = await boundPost();
    const first = await ask(postId, { brandInstagramAccountId: BRAND_IG, durationDays: 14, message: 'Love it' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      state: 'requested',
      postId,
      creatorId: 'ana',
      brandId: 'acme',
      brandInstagramAccountId: BRAND_IG,
      durationDays: 14,
      message: 'Love it',
      instagramAccountId: ana.accountId,
      grant: null,
    });
    const again = await ask(postId, {});
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const emails = (await emailsOf('partnership_ads_requested')).filter((e) => e.dedupe_key.startsWith(`partnership:${first.json().id}:`));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to_address).toBe('ana@example.com');
    expect(emails[0]!.subject).toBe('Acme asks to run your Instagram post as a Partnership Ad');
    const notices = (await t.api('GET', '/v1/creators/ana/notifications')).json().data.filter((n: { kind: string }) => n.kind === 'partnership_ads_requested');
    expect(notices).toHaveLength(1);
  });

  it('concurrent asks for one post make exactly one request', async () => {
    const { postId } = await boundPost('Second look #AcmeAds #ad');
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask(postId)));
    const ids = new Set(answers.map((a) => a.json().id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(7);
    const rows = await db().selectFrom('partnership_ad_requests').select('id').where('campaign_post_id', '=', postId).execute();
    expect(rows).toHaveLength(1);
    expect((await emailsOf('partnership_ads_requested')).filter((e) => e.dedupe_key.startsWith(`partnership:${[...ids][0]}:`))).toHaveLength(1);
  });

  it('a post that is not bound, not on Instagram any more, or unknown is refused with a clear error', async () => {
    const { postId } = await boundPost('Unbind me #AcmeAds #ad');
    expect((await t.api('DELETE', `/v1/campaigns/${campaignId}/posts/${postId}`)).statusCode).toBe(200);
    const unbound = await ask(postId);
    expect(unbound.statusCode).toBe(422);
    expect(unbound.json().error.code).toBe('partnership_post_not_bound');

    const gone = await boundPost('Deleted later #AcmeAds #ad');
    await db().updateTable('media').set({ insights_status: 'not_found' }).where('provider_media_id', '=', gone.providerId).execute();
    expect((await ask(gone.postId)).json().error.code).toBe('partnership_post_not_live');

    const missing = await ask('cpo_nope');
    expect(missing.statusCode).toBe(404);
    expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts/${postId}/partnership-ads`, { durationDays: 90 })).statusCode).toBe(400);
  });

  it('a brand that never said which Instagram account may boost is asked for it', async () => {
    const globex = await t.api('POST', '/v1/campaigns', { brand: { id: 'globex', name: 'Globex' }, name: 'Globex', hashtag: '#GlobexAds', state: 'live' });
    await join(t, globex.json().id, 'ana');
    const providerId = publish(t, ana, 'Globex time #GlobexAds #ad');
    t.clock.advance(2 * HOUR);
    await syncNow(t, ana);
    const post = await db()
      .selectFrom('campaign_posts')
      .select('id')
      .where('campaign_id', '=', globex.json().id)
      .where('media_id', '=', await mediaIdOf(db(), providerId))
      .executeTakeFirstOrThrow();
    const refused = await ask(post.id, {}, globex.json().id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'partnership_sponsor_required' });
  });
});

describe('the creator approves with Facebook', () => {
  it('approving with the Facebook account that manages the Instagram account approves this request only; the Instagram connection is untouched', async () => {
    const before = await igTokenState();
    const { postId, providerId } = await boundPost('Approve me #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    const review = await t.system.app.inject({ method: 'GET', url: await reviewPathFor(id) });
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Acme asks to run your post as a Partnership Ad');
    expect(review.body).toContain('Approve me #AcmeAds #ad');
    expect(review.body).toContain('Approve with Facebook');
    expect(review.body).toContain('>Deny<');

    const { authorize, callback, outcome } = await approve(await reviewPathFor(id), { account: 'anabiz.facebook' });
    expect(authorize.searchParams.get('scope')).toBe(ALL.join(','));
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/partnership-ads/callback`);
    expect(authorize.searchParams.has('auth_type')).toBe(false);
    expect(callback.statusCode).toBe(303);
    expect(outcome).toBe('approved');

    const row = await requestRow(id);
    expect(row).toMatchObject({
      state: 'approved',
      grant_level: 'full',
      promotion_enabled: true,
      declined_scopes: [],
      last_attempt_error: null,
      facebook_user_name: 'Ana Biz (Facebook)',
    });
    expect(row.expires_at!.getTime()).toBe(row.decided_at!.getTime() + 30 * DAY);
    expect(fb.partnerApprovals(providerId)).toEqual([BRAND_IG]);
    const token = await db().selectFrom('partnership_ad_tokens').selectAll().where('request_id', '=', id).executeTakeFirstOrThrow();
    const plain = t.system.deps.keyRing.open(token.access_token_sealed, `partnership:${id}`);
    expect(token.access_token_sealed).not.toContain(plain);
    expect(() => t.system.deps.keyRing.open(token.access_token_sealed, `partnership:par_other`)).toThrow();
    expect(await igTokenState()).toEqual(before);
    expect(t.logs.join('\n')).not.toContain(plain);

    const brandNotices = (await t.api('GET', '/v1/brands/acme/notifications')).json().data;
    expect(brandNotices[0]).toMatchObject({ kind: 'partnership_ads_approved', title: `@${ana.username} approved Partnership Ads` });
    const page = await t.system.app.inject({ method: 'GET', url: (callback.headers.location as string).replace(PUBLIC_URL, '') });
    expect(page.body).toContain('Approved.');
    const hooks = await db().selectFrom('webhook_deliveries').select(['type', 'body', 'campaign_id', 'connection_id']).where('type', 'like', 'partnership_ads.%').execute();
    const hook = hooks.map((h) => ({ ...h, json: JSON.parse(h.body) })).find((h) => h.json.data.partnershipAd.id === id)!;
    expect(hook).toMatchObject({ type: 'partnership_ads.approved', campaign_id: campaignId, connection_id: ana.connectionId });
    expect(hook.json.data.partnershipAd).toMatchObject({ id, state: 'approved', grant: 'full', promotionEnabled: true, brandInstagramAccountId: BRAND_IG });
    expect(hook.body).not.toContain(plain);
    const api = (await t.api('GET', `/v1/partnership-ads/${id}`)).json();
    expect(api.events.map((e: { type: string }) => e.type)).toEqual(['requested', 'approval_started', 'approved']);
    expect(JSON.stringify(api)).not.toContain(plain);
  });

  it('a Facebook account that does not manage the Instagram account approves nothing and keeps no token', async () => {
    const { postId } = await boundPost('Wrong owner #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    const { outcome, callback } = await approve(await reviewPathFor(id), { account: 'bob.facebook' });
    expect(outcome).toBe('wrong_owner');
    expect(await requestRow(id)).toMatchObject({ state: 'requested', last_attempt_error: 'wrong_owner', facebook_user_name: 'Bob' });
    expect(await db().selectFrom('partnership_ad_tokens').selectAll().where('request_id', '=', id).execute()).toEqual([]);
    const page = await t.system.app.inject({ method: 'GET', url: (callback.headers.location as string).replace(PUBLIC_URL, '') });
    expect(page.body).toContain('The Facebook account you logged in with (Bob) does not manage');
    // The right account still can.
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook' })).outcome).toBe('approved');
  });

  it('a declined branded-content permission is a partial grant shown to both sides; approving again re-requests it', async () => {
    const { postId, providerId } = await boundPost('Partial #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    const partial = await approve(await reviewPathFor(id), { account: 'anabiz.facebook', grant: ALL.filter((s) => s !== 'instagram_branded_content_creator') });
    expect(partial.outcome).toBe('partial');
    expect(await requestRow(id)).toMatchObject({ state: 'approved', grant_level: 'partial', promotion_enabled: false, declined_scopes: ['instagram_branded_content_creator'] });
    expect(fb.partnerApprovals(providerId)).toEqual([]);
    expect((await t.api('GET', '/v1/brands/acme/notifications')).json().data[0].title).toBe(`@${ana.username} approved Partnership Ads in part`);
    const review = await t.system.app.inject({ method: 'GET', url: await reviewPathFor(id) });
    expect(review.body).toContain('Grant the missing permissions with Facebook');

    const first = await requestRow(id);
    t.clock.advance(5 * DAY);
    const full = await approve(await reviewPathFor(id), { account: 'anabiz.facebook' });
    expect(full.authorize.searchParams.get('auth_type')).toBe('rerequest');
    expect(full.outcome).toBe('approved');
    expect(await requestRow(id)).toMatchObject({ state: 'approved', grant_level: 'full', promotion_enabled: true, declined_scopes: [] });
    // Completing the grant does not extend what the creator agreed to: still 30 days from the first approval.
    expect((await requestRow(id)).expires_at).toEqual(first.expires_at);
    expect((await requestRow(id)).decided_at).toEqual(first.decided_at);
    expect(fb.partnerApprovals(providerId)).toEqual([BRAND_IG]);
  });

  it('a permission declined on an earlier request is re-requested by the first Approve of a new one (Facebook remembers the decline per person, not per request)', async () => {
    const first = (await ask((await boundPost('Declined once #AcmeAds #ad')).postId)).json().id as string;
    expect((await approve(await reviewPathFor(first), { account: 'anabiz.facebook', grant: ALL.filter((s) => s !== 'instagram_branded_content_creator') })).outcome).toBe(
      'partial',
    );
    const next = (await ask((await boundPost('Asked anew #AcmeAds #ad')).postId)).json().id as string;
    const review = await t.system.app.inject({ method: 'GET', url: await reviewPathFor(next) });
    expect(review.body).toContain('Facebook will show again the permissions you declined last time.');
    const approved = await approve(await reviewPathFor(next), { account: 'anabiz.facebook' });
    expect(approved.authorize.searchParams.get('auth_type')).toBe('rerequest');
    expect(approved.outcome).toBe('approved');
  });

  it('a second partial grant without the boost permission keeps the record of boosting turned on at Instagram, so ending it still tries to turn it off', async () => {
    const { postId, providerId } = await boundPost('Boost kept #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook', grant: ALL.filter((s) => s !== 'business_management') })).outcome).toBe('partial');
    expect(fb.partnerApprovals(providerId)).toEqual([BRAND_IG]);
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook', grant: ALL.filter((s) => s !== 'instagram_branded_content_creator') })).outcome).toBe('partial');
    expect(fb.partnerApprovals(providerId)).toEqual([BRAND_IG]);
    expect(await requestRow(id)).toMatchObject({ state: 'approved', promotion_enabled: true });
    expect((await t.api('POST', `/v1/partnership-ads/${id}/withdraw`)).statusCode).toBe(200);
    const events = await db().selectFrom('partnership_ad_events').select('type').where('request_id', '=', id).orderBy('seq').execute();
    expect(events.map((e) => e.type)).toContain('promotion_off_failed');
  });

  it('a failed attempt to complete a partial grant leaves the approval as it stands, for both sides', async () => {
    const { postId } = await boundPost('Partial stays #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook', grant: ALL.filter((s) => s !== 'instagram_branded_content_creator') })).outcome).toBe('partial');
    const approval = await requestRow(id);
    const declined = await approve(await reviewPathFor(id), { account: 'anabiz.facebook', grant: ['instagram_basic'] });
    expect(declined.outcome).toBe('permissions_declined');
    const wrong = await approve(await reviewPathFor(id), { account: 'bob.facebook' });
    expect(wrong.outcome).toBe('wrong_owner');
    const row = await requestRow(id);
    expect(row).toMatchObject({ state: 'approved', grant_level: 'partial', last_attempt_error: 'wrong_owner' });
    expect({ declined: row.declined_scopes, granted: row.granted_scopes, user: row.facebook_user_id, name: row.facebook_user_name }).toEqual({
      declined: approval.declined_scopes,
      granted: approval.granted_scopes,
      user: approval.facebook_user_id,
      name: approval.facebook_user_name,
    });
    expect((await t.api('GET', `/v1/partnership-ads/${id}`)).json().declinedPermissions).toEqual(['instagram_branded_content_creator']);
    const page = await t.system.app.inject({ method: 'GET', url: (wrong.callback.headers.location as string).replace(PUBLIC_URL, '') });
    // The approval's own Facebook account is not the one that just failed.
    expect(page.body).toContain('The Facebook account you logged in with does not manage');
  });

  it('without the permissions that prove ownership nothing is approved, and the next Approve asks for them again', async () => {
    const { postId } = await boundPost('No pages #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    const first = await approve(await reviewPathFor(id), { account: 'anabiz.facebook', grant: ['instagram_basic', 'instagram_branded_content_creator'] });
    expect(first.outcome).toBe('permissions_declined');
    expect(await requestRow(id)).toMatchObject({ state: 'requested', last_attempt_error: 'permissions_declined' });
    const second = await approve(await reviewPathFor(id), { account: 'anabiz.facebook' });
    expect(second.authorize.searchParams.get('auth_type')).toBe('rerequest');
    expect(second.outcome).toBe('approved');
  });

  it('two tabs approving at once approve once, and the one that lost leaves boosting on', async () => {
    const { postId, providerId } = await boundPost('Two tabs #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    const tabs = [await consent(await reviewPathFor(id), { account: 'anabiz.facebook' }), await consent(await reviewPathFor(id), { account: 'anabiz.facebook' })];
    const callbacks = await Promise.all(tabs.map(({ back }) => t.system.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })));
    const outcomes = callbacks.map((c) => new URL(c.headers.location as string, PUBLIC_URL).searchParams.get('outcome')).sort();
    expect(outcomes).toEqual(['approved', 'closed']);
    expect(await requestRow(id)).toMatchObject({ state: 'approved', promotion_enabled: true });
    expect(fb.partnerApprovals(providerId)).toEqual([BRAND_IG]);
    const approvals = await db().selectFrom('partnership_ad_events').select('type').where('request_id', '=', id).where('type', '=', 'approved').execute();
    expect(approvals).toHaveLength(1);
  });

  it('cancelling the Facebook dialog changes nothing, and a replayed callback is refused', async () => {
    const { postId } = await boundPost('Cancel #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    const cancelled = await approve(await reviewPathFor(id), { account: 'anabiz.facebook', deny: true });
    expect(cancelled.outcome).toBe('access_denied');
    expect((await requestRow(id)).state).toBe('requested');
    const replay = await t.system.app.inject({ method: 'GET', url: `/partnership-ads/callback?state=${cancelled.authorize.searchParams.get('state')}&code=x` });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('state_used');
  });
});

describe('the creator denies', () => {
  it('Deny records the decision, tells the brand, and cannot be answered twice', async () => {
    const { postId } = await boundPost('Deny me #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    const path = await reviewPathFor(id);
    const deny = path.replace('/partnership-ads?', '/partnership-ads/deny?');
    const denied = await t.system.app.inject({ method: 'POST', url: deny, headers: { origin: PUBLIC_URL } });
    expect(denied.statusCode).toBe(303);
    expect(denied.headers.location).toBe(`${path}&outcome=denied`);
    expect(await requestRow(id)).toMatchObject({ state: 'denied' });
    expect((await t.api('GET', '/v1/brands/acme/notifications')).json().data[0]).toMatchObject({ kind: 'partnership_ads_denied' });
    const filtered = await db().selectFrom('webhook_deliveries').select(['type', 'body']).where('endpoint_id', '=', deniedEndpointId).execute();
    expect(filtered.map((d) => [d.type, JSON.parse(d.body).data.partnershipAd.id])).toEqual([['partnership_ads.denied', id]]);
    const again = await t.system.app.inject({ method: 'POST', url: deny, headers: { origin: PUBLIC_URL } });
    expect(again.statusCode).toBe(409);
    const foreign = await t.system.app.inject({ method: 'POST', url: path.replace('/partnership-ads?', '/partnership-ads/approve?'), headers: { origin: 'https://evil.example' } });
    expect(foreign.statusCode).toBe(403);
    // After a denial the brand may ask again: a new request.
    const asked = await ask(postId);
    expect(asked.statusCode).toBe(201);
    expect(asked.json().id).not.toBe(id);
  });

  it('a tampered or unknown link opens nothing', async () => {
    const bad = await t.system.app.inject({ method: 'GET', url: '/partnership-ads?token=eyJ3cyI6IngifQ.AAAA' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('partnership_link_invalid');
  });
});

describe('the lifecycle of an approval', () => {
  it('an unanswered request gets one reminder after 3 days, once', async () => {
    const { postId } = await boundPost('Remind me #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    const reminders = async () => (await emailsOf('partnership_ads_reminder')).filter((e) => e.dedupe_key === `partnership:${id}:reminder`);
    t.clock.advance(3 * DAY - HOUR);
    await runPartnershipSweep(t.system.deps);
    expect(await reminders()).toHaveLength(0);
    t.clock.advance(HOUR);
    await runPartnershipSweep(t.system.deps);
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]!.subject.startsWith('Reminder: ')).toBe(true);
    t.clock.advance(3 * DAY);
    await runPartnershipSweep(t.system.deps);
    expect(await reminders()).toHaveLength(1);
    expect((await requestRow(id)).reminded_at).not.toBeNull();
  });

  it('an approval ends with its agreed duration: boosting is turned off, the token deleted, the brand told', async () => {
    const { postId, providerId } = await boundPost('Short run #AcmeAds #ad');
    const id = (await ask(postId, { brandInstagramAccountId: BRAND_IG, durationDays: 7 })).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook' })).outcome).toBe('approved');
    t.clock.advance(7 * DAY + HOUR);
    await runPartnershipSweep(t.system.deps);
    expect(await requestRow(id)).toMatchObject({ state: 'expired', state_reason: 'duration_ended', promotion_enabled: false });
    expect(fb.partnerApprovals(providerId)).toEqual([]);
    expect(await db().selectFrom('partnership_ad_tokens').selectAll().where('request_id', '=', id).execute()).toEqual([]);
    expect((await t.api('GET', '/v1/brands/acme/notifications')).json().data[0]).toMatchObject({ kind: 'partnership_ads_expired' });
    const creatorNotice = (await t.api('GET', '/v1/creators/ana/notifications')).json().data.find((n: { kind: string }) => n.kind === 'partnership_ads_expired');
    expect(creatorNotice).toMatchObject({ title: 'Your Partnership Ads approval for Acme ended' });
    expect(creatorNotice.body).toContain('The agreed duration is over.');
  });

  it('a token Facebook killed (password change) is found by the daily check and reported revoked', async () => {
    const { postId } = await boundPost('Password #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook' })).outcome).toBe('approved');
    fb.applyEvent('anabiz.facebook', 'password-change');
    t.clock.advance(DAY + MINUTE);
    await runPartnershipSweep(t.system.deps);
    expect(await requestRow(id)).toMatchObject({ state: 'revoked', state_reason: 'password_changed' });
    const notice = (await t.api('GET', '/v1/brands/acme/notifications')).json().data[0];
    expect(notice).toMatchObject({ kind: 'partnership_ads_revoked', urgent: true });
    const told = (await t.api('GET', '/v1/creators/ana/notifications')).json().data.find((n: { kind: string }) => n.kind === 'partnership_ads_revoked');
    expect(told.body).toContain('You changed your Facebook password');
    // Ana logs in again for later approvals.
    fb.touch(fb.user('anabiz.facebook')!);
  });

  it('an approval survives a key rotation that retires the old key: its token is re-sealed, and withdrawing still turns boosting off', async () => {
    const { postId, providerId } = await boundPost('Rotate #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook' })).outcome).toBe('approved');
    const newKey = `k9:${Buffer.alloc(32, 9).toString('base64')}`;
    t.system.deps.keyRing = parseKeyRing(`${newKey},k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=`);
    try {
      await rotateKeys(t.system.deps, () => {});
      expect(await countSecretsToRotate(t.system.deps)).toBe(0);
      // The old key is retired: only the new one is left in the ring.
      t.system.deps.keyRing = parseKeyRing(newKey);
      const withdrawn = await t.api('POST', `/v1/partnership-ads/${id}/withdraw`);
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ state: 'withdrawn', promotionEnabled: false });
      expect(fb.partnerApprovals(providerId)).toEqual([]);
    } finally {
      // Every secret is sealed under k9 now: the tests after this one need the old key first and k9 beside it.
      t.system.deps.keyRing = parseKeyRing(`k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,${newKey}`);
    }
  });

  it('the brand can withdraw an approval: boosting goes off and the creator is told', async () => {
    const { postId, providerId } = await boundPost('Withdraw #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook' })).outcome).toBe('approved');
    t.clock.advance(1000);
    const withdrawn = await t.api('POST', `/v1/partnership-ads/${id}/withdraw`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ state: 'withdrawn', promotionEnabled: false });
    expect(fb.partnerApprovals(providerId)).toEqual([]);
    expect((await t.api('POST', `/v1/partnership-ads/${id}/withdraw`)).statusCode).toBe(409);
    const notices = (await t.api('GET', '/v1/creators/ana/notifications')).json().data;
    expect(notices[0]).toMatchObject({ kind: 'partnership_ads_withdrawn', title: 'Acme withdrew its Partnership Ads request' });
  });
  it('an end that loses its race to another change leaves Instagram as the standing approval says', async () => {
    const { postId, providerId } = await boundPost('Race #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook' })).outcome).toBe('approved');
    const current = await requestRow(id);
    // A revoke that read the row before another change landed: it turns boosting off, then its conditional UPDATE finds a newer version.
    const stale = { ...current, version: current.version - 1 };
    expect(await endPartnership(t.system.deps, stale, 'revoked', 'creator')).toBeUndefined();
    expect(await requestRow(id)).toMatchObject({ state: 'approved', promotion_enabled: true });
    expect(fb.partnerApprovals(providerId)).toEqual([BRAND_IG]);
    const events = (await t.api('GET', `/v1/partnership-ads/${id}`)).json().events.map((e: { type: string }) => e.type);
    expect(events.slice(-2)).toEqual(['promotion_off', 'promotion_on']);
  });

  it("Meta's deauthorize callback for the Facebook user revokes their approvals; a data-deletion request also forgets who they were", async () => {
    const { postId } = await boundPost('Deauthorize #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook' })).outcome).toBe('approved');
    const userId = (await requestRow(id)).facebook_user_id!;
    t.clock.advance(1000);
    const signed = signMetaRequest(sandboxCredentials.facebook.clientSecret, { user_id: userId, algorithm: 'HMAC-SHA256', issued_at: Math.floor(t.clock.now().getTime() / 1000) });
    const form = new URLSearchParams({ signed_request: signed }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await t.system.app.inject({ method: 'POST', url: '/meta/deauthorize/facebook', headers, payload: form })).statusCode).toBe(200);
    expect(await requestRow(id)).toMatchObject({ state: 'revoked', state_reason: 'app_removed' });
    expect(await db().selectFrom('partnership_ad_tokens').selectAll().where('request_id', '=', id).execute()).toEqual([]);
    expect((await t.system.app.inject({ method: 'POST', url: '/meta/data-deletion/facebook', headers, payload: form })).statusCode).toBe(200);
    expect(await requestRow(id)).toMatchObject({ facebook_user_id: null, facebook_user_name: null });
    fb.touch(fb.user('anabiz.facebook')!);
  });

  it('a data-deletion request from a Facebook user who only tried to approve (wrong account) erases who they were and what they reach', async () => {
    const { postId } = await boundPost('Bob tried #AcmeAds #ad');
    const id = (await ask(postId)).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'bob.facebook' })).outcome).toBe('wrong_owner');
    const attempt = await db().selectFrom('partnership_ad_events').select('detail').where('request_id', '=', id).where('type', '=', 'wrong_owner').executeTakeFirstOrThrow();
    const bobId = String(attempt.detail.facebookUserId);
    expect(JSON.stringify(attempt.detail)).toContain('bob.ig');
    t.clock.advance(1000);
    const signed = signMetaRequest(sandboxCredentials.facebook.clientSecret, { user_id: bobId, algorithm: 'HMAC-SHA256', issued_at: Math.floor(t.clock.now().getTime() / 1000) });
    const form = new URLSearchParams({ signed_request: signed }).toString();
    expect(
      (await t.system.app.inject({ method: 'POST', url: '/meta/data-deletion/facebook', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form }))
        .statusCode,
    ).toBe(200);
    const row = await requestRow(id);
    expect(row).toMatchObject({ state: 'requested', facebook_user_id: null, facebook_user_name: null });
    const events = await db().selectFrom('partnership_ad_events').select('detail').where('request_id', '=', id).execute();
    expect(JSON.stringify(events)).not.toContain(bobId);
    expect(JSON.stringify(events)).not.toContain('bob.ig');
  });

  // Last: it moves the clock 60 days on, past the Instagram connection's own token.
  it('an approval ends with its Facebook token when that comes first', async () => {
    const { postId } = await boundPost('Long run #AcmeAds #ad');
    const id = (await ask(postId, { brandInstagramAccountId: BRAND_IG, durationDays: 60 })).json().id as string;
    expect((await approve(await reviewPathFor(id), { account: 'anabiz.facebook' })).outcome).toBe('approved');
    const row = await requestRow(id);
    const token = await db().selectFrom('partnership_ad_tokens').select('expires_at').where('request_id', '=', id).executeTakeFirstOrThrow();
    expect(row.expires_at).toEqual(token.expires_at);
    t.clock.set(new Date(row.expires_at!.getTime() + HOUR));
    await runPartnershipSweep(t.system.deps);
    expect(await requestRow(id)).toMatchObject({ state: 'expired', state_reason: 'token_expired' });
  });
});
