/**
 * The networks tell us when a person removes our app or asks for their data to be deleted: Meta
 * through signed_request callbacks, TikTok through a signed webhook. Only a request signed with our
 * app secret, inside its time window, changes anything; a replay changes nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertConnection, writeSealedTokens } from '../../src/connections/connections.repo.ts';
import { MINUTE } from '../../src/kernel/clock.ts';
import { sandboxCredentials } from '../../src/providers/registry.ts';
import { createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';
import { signMetaRequest, signTikTok } from '../support/signed-callbacks.ts';

const IG_SECRET = sandboxCredentials.instagram.clientSecret;
const FB_SECRET = sandboxCredentials.facebook.clientSecret;
const TIKTOK_SECRET = sandboxCredentials.tiktok.clientSecret;

let t: TestContext;
const signedRequests: string[] = [];
beforeAll(async () => {
  t = await createTestContext({ logLevel: 'debug' });
  // The creator who owns the connections inserted directly below.
  await connectNew('cb.owner');
});
afterAll(() => t.close());

const seconds = () => Math.floor(t.clock.now().getTime() / 1000);
const db = () => t.system.deps.db;

async function connectNew(username: string): Promise<{ id: string; userId: string; email: string }> {
  const account = t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  const email = `${username}@example.com`;
  const res = await t.connect({ creator: { id: username, email, name: username }, account: username, returnUrl: 'https://p.example/' });
  return { id: new URL(res.headers.location as string).searchParams.get('connection') as string, userId: account.userId, email };
}

function post(url: string, signedRequest: string | undefined) {
  if (signedRequest) signedRequests.push(signedRequest);
  const form = new URLSearchParams(signedRequest === undefined ? {} : { signed_request: signedRequest });
  return t.system.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
}
const metaRequest = (userId: string, extra: Record<string, unknown> = {}, secret = IG_SECRET) =>
  signMetaRequest(secret, { user_id: userId, algorithm: 'HMAC-SHA256', issued_at: seconds(), ...extra });

const view = async (id: string) => (await t.api('GET', `/v1/connections/${id}`)).json();
const emailsOf = (id: string) => db().selectFrom('emails').selectAll().where('connection_id', '=', id).execute();
const eventsOf = (id: string) => db().selectFrom('connection_events').selectAll().where('connection_id', '=', id).execute();

describe('Meta deauthorize callback', () => {
  it('disconnects the Instagram connection of that user with app_removed and queues exactly one email', async () => {
    const { id, userId, email } = await connectNew('deauth.one');
    const signed = metaRequest(userId);
    const res = await post('/meta/deauthorize', signed);
    expect(res.statusCode).toBe(200);
    expect(await view(id)).toMatchObject({ status: 'disconnected', statusReason: 'app_removed' });
    const emails = await emailsOf(id);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to_address: email, kind: 'connection_disconnected' });
    expect((await eventsOf(id)).find((e) => e.type === 'disconnected')).toMatchObject({ reason: 'app_removed', detail: { providerCode: 'deauthorize_callback' } });

    // The same callback again (Meta may retry) changes nothing and sends nothing.
    const events = (await eventsOf(id)).length;
    expect((await post('/meta/deauthorize', signed)).statusCode).toBe(200);
    expect(await emailsOf(id)).toHaveLength(1);
    expect(await eventsOf(id)).toHaveLength(events);
  });

  it('a replay of an old deauthorize after the creator reconnected leaves the new connection alone', async () => {
    const { id, userId } = await connectNew('deauth.replay');
    const signed = metaRequest(userId);
    expect((await post('/meta/deauthorize', signed)).statusCode).toBe(200);
    t.clock.advance(10 * MINUTE);
    await t.connect({ creator: { id: 'deauth.replay', email: 'deauth.replay@example.com' }, account: 'deauth.replay', returnUrl: 'https://p.example/' });
    expect((await view(id)).status).toBe('active');
    expect((await post('/meta/deauthorize', signed)).statusCode).toBe(200);
    expect((await view(id)).status).toBe('active');
    // Nor does another request signed before the reconnect (first delivered now).
    expect((await post('/meta/deauthorize', metaRequest(userId, { issued_at: seconds() - 5 * 60 }))).statusCode).toBe(200);
    expect((await view(id)).status).toBe('active');
    // The one disconnection email, and the confirmation of the reconnect; nothing from the replays.
    expect((await emailsOf(id)).map((e) => e.kind).sort()).toEqual(['connection_disconnected', 'connection_reconnected']);
  });

  it('acts only on the network whose app secret signed it; a path naming the network accepts only its secret', async () => {
    const { id, userId } = await connectNew('deauth.paths');
    // Signed by the Facebook app: a Facebook user of that id is meant, not this Instagram account.
    expect((await post('/meta/deauthorize', metaRequest(userId, {}, FB_SECRET))).statusCode).toBe(200);
    expect((await view(id)).status).toBe('active');
    const onFacebookPath = await post('/meta/deauthorize/facebook', metaRequest(userId));
    expect(onFacebookPath.statusCode).toBe(400);
    expect(onFacebookPath.json().error.code).toBe('signed_request_invalid');
    expect((await post('/meta/deauthorize/tiktok', metaRequest(userId))).statusCode).toBe(400);
    expect((await post('/meta/deauthorize/instagram', metaRequest(userId))).statusCode).toBe(200);
    expect((await view(id)).status).toBe('disconnected');
  });

  describe('refuses, with 400 and a code, and changes nothing', () => {
    let target: { id: string; userId: string };
    beforeAll(async () => {
      target = await connectNew('deauth.forged');
    });
    const body = (extra: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ user_id: target.userId, algorithm: 'HMAC-SHA256', issued_at: seconds(), ...extra })).toString('base64url');
    const cases: [string, () => string | undefined, string][] = [
      ['no signed_request', () => undefined, 'signed_request_invalid'],
      ['a forged signature', () => `${Buffer.alloc(32, 1).toString('base64url')}.${body({})}`, 'signed_request_invalid'],
      ['a payload signed with another secret', () => metaRequest(target.userId, {}, 'not-our-secret'), 'signed_request_invalid'],
      ['a string without a dot', () => 'bm90IGEgc2lnbmVkIHJlcXVlc3Q', 'signed_request_invalid'],
      ['bad base64', () => `${metaRequest(target.userId).split('.')[0]}.!!not*base64!!`, 'signed_request_invalid'],
      ['a signed payload that is not JSON', () => signMetaRequest(IG_SECRET, '{"user_id":'), 'signed_request_invalid'],
      ['a wrong algorithm', () => metaRequest(target.userId, { algorithm: 'HMAC-SHA1' }), 'signed_request_invalid'],
      ['a request issued more than an hour ago', () => metaRequest(target.userId, { issued_at: seconds() - 3601 }), 'signed_request_expired'],
      ['a request whose expires has passed', () => metaRequest(target.userId, { expires: seconds() - 1 }), 'signed_request_expired'],
      ['a request issued in the future', () => metaRequest(target.userId, { issued_at: seconds() + 3600 }), 'signed_request_invalid'],
    ];
    it.each(cases)('%s', async (_name, make, code) => {
      for (const url of ['/meta/deauthorize', '/meta/data-deletion']) {
        const res = await post(url, make());
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.code, url).toBe(code);
      }
      expect(await view(target.id)).toMatchObject({ status: 'active', username: 'deauth.forged' });
      expect(await emailsOf(target.id)).toHaveLength(0);
      expect((await t.api('POST', `/v1/connections/${target.id}/access-token`)).statusCode).toBe(200);
    });

    it('a JSON body without the form field', async () => {
      const res = await t.system.app.inject({ method: 'POST', url: '/meta/deauthorize', payload: { user_id: target.userId } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('signed_request_invalid');
    });
  });
});

describe('Meta data-deletion callback', () => {
  it('deletes the sealed token and the profile, keeps an anonymised record, and answers url and confirmation_code', async () => {
    const { id, userId } = await connectNew('delete.me');
    // Removing the app first (as Meta does) queues the reconnect email, whose content is then erased.
    await post('/meta/deauthorize', metaRequest(userId));
    const notices = () => db().selectFrom('notifications').select('title').where('connection_id', '=', id).execute();
    expect(await notices()).toHaveLength(1);
    const signed = metaRequest(userId);
    const res = await post('/meta/data-deletion', signed);
    expect(res.statusCode).toBe(200);
    const { url, confirmation_code: code } = res.json();
    expect(code).toMatch(/^[\w-]{16}$/);
    expect(url).toBe(`${PUBLIC_URL}/meta/data-deletion/${code}`);

    const handout = await t.api('POST', `/v1/connections/${id}/access-token`);
    expect(handout.statusCode).toBe(409);
    expect(handout.json().error.code).toBe('reconnect_required');
    expect(await db().selectFrom('connection_tokens').selectAll().where('connection_id', '=', id).execute()).toHaveLength(0);
    const erased = await view(id);
    expect(erased).toMatchObject({ status: 'disconnected', statusReason: 'app_removed', username: null, displayName: null, avatarUrl: null });
    expect(erased.accountId).not.toContain(userId);
    const emails = await emailsOf(id);
    expect(emails).toHaveLength(1);
    // The envelope stays (the creator's address is the platform's data); what it said about the account goes.
    expect(emails[0]).toMatchObject({ text_body: '', html_body: '', to_address: 'delete.me@example.com' });
    expect(emails[0]?.subject).not.toContain('delete.me');
    // It had not been sent yet: it is cancelled rather than sent empty.
    expect(emails[0]).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/^cancelled/) });
    expect((await eventsOf(id)).map((e) => e.type)).toContain('data_erased');
    // The in-app notice named the account: it goes too.
    expect(await notices()).toHaveLength(0);

    const records = await db().selectFrom('data_deletion_requests').selectAll().where('confirmation_code', '=', code).execute();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ provider: 'instagram', status: 'completed', connections_erased: 1, tokens_deleted: 1, emails_erased: 1, connection_ids: [id] });
    expect(JSON.stringify(records)).not.toContain(userId);

    // The same request again returns the same confirmation code and writes nothing new.
    const again = await post('/meta/data-deletion', signed);
    expect(again.json()).toEqual({ url, confirmation_code: code });
    expect(await db().selectFrom('data_deletion_requests').selectAll().execute()).toHaveLength(1);
  });

  it('a connection still active is disconnected as data_deleted without an email', async () => {
    const { id, userId } = await connectNew('delete.active');
    const res = await post('/meta/data-deletion/instagram', metaRequest(userId));
    expect(res.statusCode).toBe(200);
    expect(await view(id)).toMatchObject({ status: 'disconnected', statusReason: 'data_deleted', username: null });
    expect(await emailsOf(id)).toHaveLength(0);
    // A later, different request for the same user finds nothing left and says so.
    t.clock.advance(MINUTE);
    const later = await post('/meta/data-deletion', metaRequest(userId));
    expect(later.json().confirmation_code).not.toBe(res.json().confirmation_code);
    const status = await t.system.app.inject({ method: 'GET', url: `/meta/data-deletion/${later.json().confirmation_code}?format=json` });
    expect(status.json()).toMatchObject({ status: 'completed', deleted: { connections: 0, tokens: 0, emails: 0 } });
  });

  it('an email already sent keeps its envelope and status but loses its content', async () => {
    const { id, userId } = await connectNew('delete.sent');
    await post('/meta/deauthorize', metaRequest(userId));
    await t.deliverEmails();
    await post('/meta/data-deletion', metaRequest(userId));
    expect(await emailsOf(id)).toMatchObject([{ status: 'stored', text_body: '', html_body: '', to_address: 'delete.sent@example.com' }]);
  });

  it('two deliveries of the same request at once make one record with one confirmation code', async () => {
    const { userId } = await connectNew('delete.twice');
    const signed = metaRequest(userId);
    const [a, b] = await Promise.all([post('/meta/data-deletion', signed), post('/meta/data-deletion', signed)]);
    expect(a.statusCode).toBe(200);
    expect(b.json().confirmation_code).toBe(a.json().confirmation_code);
    const records = await db().selectFrom('data_deletion_requests').selectAll().where('confirmation_code', '=', a.json().confirmation_code).execute();
    expect(records).toMatchObject([{ connections_erased: 1, tokens_deleted: 1 }]);
  });

  it('the status page shows the request, escaped, with no personal data; JSON on request', async () => {
    const { userId } = await connectNew('status.page');
    const { url, confirmation_code: code } = (await post('/meta/data-deletion', metaRequest(userId))).json();
    const page = await t.system.app.inject({ method: 'GET', url: new URL(url).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain(code);
    expect(page.body).toContain('Completed');
    expect(page.body).not.toContain('status.page');
    expect(page.body).not.toContain(userId);
    const json = await t.system.app.inject({ method: 'GET', url: new URL(url).pathname, headers: { accept: 'application/json' } });
    expect(json.json()).toMatchObject({ confirmationCode: code, status: 'completed', deleted: { connections: 1, tokens: 1, emails: 0 } });
    expect(json.body).not.toContain(userId);
    const unknown = await t.system.app.inject({ method: 'GET', url: '/meta/data-deletion/nope?format=json' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const hostile = await t.system.app.inject({ method: 'GET', url: `/meta/data-deletion/${encodeURIComponent('<script>alert(1)</script>')}` });
    expect(hostile.statusCode).toBe(404);
    expect(hostile.body).not.toContain('<script>alert');
  });
});

/**
 * Connections the connect flow in this branch cannot make yet (TikTok, Facebook Login), inserted as
 * their adapters store them: the person's id in provider_user_id, a Facebook Page's token beside the
 * person's shared grant.
 */
async function insertRawConnection(input: { provider: string; accountId: string; providerUserId: string; grantId?: string }): Promise<string> {
  const { workspace_id: workspaceId } = await db().selectFrom('creators').select('workspace_id').where('id', '=', 'cb.owner').executeTakeFirstOrThrow();
  const now = t.clock.now();
  const id = `con_${input.provider}_${input.accountId.replace(/\W/g, '')}`;
  await insertConnection(db(), {
    id,
    workspace_id: workspaceId,
    creator_id: 'cb.owner',
    provider: input.provider,
    network: input.provider,
    login: `${input.provider}_login`,
    account_id: input.accountId,
    provider_user_id: input.providerUserId,
    grant_id: input.grantId ?? null,
    username: 'someone',
    display_name: 'Someone',
    account_type: null,
    avatar_url: 'https://cdn.example/p.jpg',
    status: 'active',
    status_reason: null,
    scopes: [],
    token_issued_at: now,
    token_expires_at: new Date(now.getTime() + 86_400_000),
    grant_expires_at: null,
    last_refreshed_at: null,
    connected_at: now,
    disconnected_at: null,
    refresh_due_at: null,
    refresh_retry_at: null,
    refresh_started_at: null,
    last_error_code: null,
    last_error_at: null,
    last_verified_at: now,
    lease_owner: null,
    lease_expires_at: null,
    created_at: now,
    updated_at: now,
  });
  const { keyRing } = t.system.deps;
  await writeSealedTokens(db(), id, { keyId: keyRing.activeKeyId, accessTokenSealed: keyRing.seal('act.secret', `${id}:access`), refreshTokenSealed: null }, now);
  t.clock.advance(5_000);
  return id;
}

async function insertGrant(id: string, providerUserId: string): Promise<void> {
  const { keyRing } = t.system.deps;
  const { workspace_id: workspaceId } = await db().selectFrom('creators').select('workspace_id').where('id', '=', 'cb.owner').executeTakeFirstOrThrow();
  await db()
    .insertInto('provider_grants')
    .values({
      id,
      workspace_id: workspaceId,
      creator_id: 'cb.owner',
      provider: 'facebook',
      provider_user_id: providerUserId,
      key_id: keyRing.activeKeyId,
      access_token_sealed: keyRing.seal('EAAG.person.secret', `${id}:access`),
      refresh_token_sealed: null,
      scopes: [],
      expires_at: null,
      data_access_expires_at: null,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .execute();
}

describe('Facebook Login connections', () => {
  it('a deauthorize signed by the Facebook app disconnects every account reached through that person', async () => {
    await insertGrant('grt_fb_one', 'fb-user-1');
    const page = await insertRawConnection({ provider: 'facebook', accountId: 'page-1', providerUserId: 'fb-user-1', grantId: 'grt_fb_one' });
    const res = await post('/meta/deauthorize', signMetaRequest(FB_SECRET, { user_id: 'fb-user-1', algorithm: 'HMAC-SHA256', issued_at: seconds() }));
    expect(res.statusCode).toBe(200);
    expect(await view(page)).toMatchObject({ status: 'disconnected', statusReason: 'app_removed' });
    expect(await emailsOf(page)).toHaveLength(1);
  });

  it('data deletion also deletes the person’s shared grant', async () => {
    await insertGrant('grt_fb_two', 'fb-user-2');
    const page = await insertRawConnection({ provider: 'facebook', accountId: 'page-2', providerUserId: 'fb-user-2', grantId: 'grt_fb_two' });
    const res = await post('/meta/data-deletion/facebook', signMetaRequest(FB_SECRET, { user_id: 'fb-user-2', algorithm: 'HMAC-SHA256', issued_at: seconds() }));
    expect(res.statusCode).toBe(200);
    expect(await db().selectFrom('provider_grants').select('id').where('id', '=', 'grt_fb_two').execute()).toHaveLength(0);
    expect(await view(page)).toMatchObject({ status: 'disconnected', statusReason: 'data_deleted', username: null, avatarUrl: null });
    const record = await db().selectFrom('data_deletion_requests').selectAll().where('confirmation_code', '=', res.json().confirmation_code).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ provider: 'facebook', connections_erased: 1, tokens_deleted: 2 });
    expect(JSON.stringify(record)).not.toContain('fb-user-2');
  });
});

describe('TikTok authorization.removed webhook', () => {
  const tiktokConnection = (openId: string) => insertRawConnection({ provider: 'tiktok', accountId: openId, providerUserId: openId });
  const removal = (openId: string, reason: number) =>
    JSON.stringify({
      client_key: sandboxCredentials.tiktok.clientId,
      event: 'authorization.removed',
      create_time: seconds(),
      user_openid: openId,
      content: JSON.stringify({ reason }),
    });
  const deliver = (raw: string, signature: string | undefined) =>
    t.system.app.inject({
      method: 'POST',
      url: '/tiktok/webhook',
      headers: { 'content-type': 'application/json', ...(signature ? { 'tiktok-signature': signature } : {}) },
      payload: raw,
    });

  it('a user disconnecting the app (reason 1) disconnects with app_removed and one email; a retry sends nothing more', async () => {
    const id = await tiktokConnection('act.user-one');
    const raw = removal('act.user-one', 1);
    const res = await deliver(raw, signTikTok(TIKTOK_SECRET, raw, seconds()));
    expect(res.statusCode).toBe(200);
    expect(await view(id)).toMatchObject({ status: 'disconnected', statusReason: 'app_removed' });
    expect((await eventsOf(id)).find((e) => e.type === 'disconnected')).toMatchObject({ detail: { providerCode: 'authorization.removed:1' } });
    t.clock.advance(MINUTE);
    expect((await deliver(raw, signTikTok(TIKTOK_SECRET, raw, seconds()))).statusCode).toBe(200);
    expect(await emailsOf(id)).toHaveLength(1);
  });

  it('other reasons (account banned) disconnect with revoked', async () => {
    const id = await tiktokConnection('act.banned');
    const raw = removal('act.banned', 4);
    expect((await deliver(raw, signTikTok(TIKTOK_SECRET, raw, seconds()))).statusCode).toBe(200);
    expect(await view(id)).toMatchObject({ status: 'disconnected', statusReason: 'revoked' });
  });

  it('refuses a forged, stale or missing signature with 400 and changes nothing', async () => {
    const id = await tiktokConnection('act.forged');
    const raw = removal('act.forged', 1);
    const cases: [string | undefined, string][] = [
      [signTikTok('not-our-secret', raw, seconds()), 'webhook_signature_invalid'],
      [signTikTok(TIKTOK_SECRET, raw.replace('act.forged', 'act.other'), seconds()), 'webhook_signature_invalid'],
      [undefined, 'webhook_signature_invalid'],
      ['t=abc,s=def', 'webhook_signature_invalid'],
      [signTikTok(TIKTOK_SECRET, raw, seconds() - 301), 'webhook_signature_expired'],
    ];
    for (const [signature, code] of cases) {
      const res = await deliver(raw, signature);
      expect(res.statusCode, String(signature)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    expect((await view(id)).status).toBe('active');
  });

  it('answers 200 to a valid event it does not handle, and 400 to a signed body that is not JSON', async () => {
    const raw = JSON.stringify({ client_key: 'ck', event: 'video.publish.completed', create_time: seconds(), user_openid: 'act.x', content: '{}' });
    const res = await deliver(raw, signTikTok(TIKTOK_SECRET, raw, seconds()));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ignored' });
    const broken = await deliver('{oops', signTikTok(TIKTOK_SECRET, '{oops', seconds()));
    expect(broken.statusCode).toBe(400);
  });
});

it('no app secret, signed request or Meta user id appears in the logs', () => {
  const logs = t.logs.join('');
  expect(logs.length).toBeGreaterThan(0);
  for (const secret of [IG_SECRET, FB_SECRET, TIKTOK_SECRET, 'act.secret', 'EAAG.person.secret']) expect(logs).not.toContain(secret);
  for (const signed of signedRequests) {
    expect(logs).not.toContain(signed.split('.')[0]);
  }
  expect(logs).not.toMatch(/1784140\d{10}/);
});
