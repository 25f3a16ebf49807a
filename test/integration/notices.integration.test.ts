/**
 * What a creator is told, and how many times: one email, one in-app notice and one webhook per
 * state change (disconnected, each expiry reminder, reconnected), never per failed attempt; an
 * urgent email when a live campaign needs the channel; and nothing lost or doubled by a crash.
 */
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchExpiries } from '../../src/connections/expiry-watch.ts';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY, MINUTE } from '../../src/kernel/clock.ts';
import type { CampaignDirectory } from '../../src/platform/deps.ts';
import { dispatchPendingEmails } from '../../src/platform/email/dispatch.ts';
import { createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T02:00:00Z', env: { PRODUCT_NAME: 'Acme Creators', EMAIL_FROM: 'Acme Creators <creators@acme.example>' } });
  // A webhook endpoint, so webhooks are queued (nothing delivers them in this file).
  expect((await t.api('PUT', '/v1/webhook', { url: 'https://platform.example/hooks' })).statusCode).toBe(201);
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const emailsOf = (connectionId: string) => db().selectFrom('emails').selectAll().where('connection_id', '=', connectionId).orderBy('created_at').orderBy('id').execute();
const noticesOf = (connectionId: string) => db().selectFrom('notifications').selectAll().where('connection_id', '=', connectionId).orderBy('created_at').orderBy('id').execute();
const webhooksOf = async (connectionId: string) =>
  (await db().selectFrom('webhook_deliveries').select('type').where('connection_id', '=', connectionId).orderBy('created_at').orderBy('id').execute()).map((w) => w.type);
// Each step a second after the last, as in life: rows written by one step sort after the previous one's.
const verifyAll = () => {
  t.clock.advance(1000);
  return verifyConnections(t.system.deps, { olderThanMs: 0 });
};

async function connectInstagram(username: string, creatorId = username): Promise<string> {
  t.clock.advance(1000);
  if (!t.sandbox.world.instagram.account(username)) t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  const res = await t.connect({ creator: { id: creatorId, email: `${creatorId}@example.com`, name: creatorId }, account: username, returnUrl: 'https://p.example/' });
  return new URL(res.headers.location as string).searchParams.get('connection') as string;
}

/** A transport that renders each message as nodemailer would send it, and can be made to fail. */
function recordingTransport(options: { failing?: () => boolean } = {}) {
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const sent: string[] = [];
  const transport = {
    async sendMail(message: SendMailOptions) {
      if (options.failing?.()) throw new Error('connect ECONNREFUSED 127.0.0.1:25');
      const info = await render.sendMail(message);
      sent.push((info.message as Buffer).toString('utf8'));
      return info;
    },
  } as unknown as Transporter;
  return { transport, sent };
}
const dispatch = (transport: Transporter | null) => dispatchPendingEmails({ db: db(), clock: t.clock, logger: t.system.deps.logger, transport });

describe('one notice per state change', () => {
  it('a disconnection: one email, one in-app notice, one webhook; later failures add none', async () => {
    const id = await connectInstagram('once.only');
    t.sandbox.world.instagram.applyEvent('once.only', 'password-change');
    await verifyAll();
    await verifyAll();
    t.clock.advance(DAY);
    await runRefreshSweep(t.system.deps, { includeScheduled: true });
    await verifyAll();
    const [email, ...moreEmails] = await emailsOf(id);
    expect(moreEmails).toEqual([]);
    expect(email).toMatchObject({ kind: 'connection_disconnected', priority: 'normal', from_address: 'Acme Creators <creators@acme.example>' });
    expect(email!.subject).toBe('Action needed: reconnect Instagram @once.only to Acme Creators');
    expect(email!.text_body).toContain('password or username was changed');
    expect(email!.html_body).toContain('Reconnect Instagram');
    const notices = await noticesOf(id);
    expect(notices.map((n) => [n.kind, n.title])).toEqual([['connection_disconnected', 'Instagram @once.only is disconnected']]);
    expect(notices[0]!.body).toContain('password or username was changed');
    expect(await webhooksOf(id)).toEqual(['connection.connected', 'connection.disconnected']);
  });

  it('a reconnection after it: one confirmation email, one notice, one webhook; reconnecting a live channel confirms nothing', async () => {
    const id = await connectInstagram('once.only');
    const emails = await emailsOf(id);
    expect(emails.map((e) => e.kind)).toEqual(['connection_disconnected', 'connection_reconnected']);
    expect(emails[1]!.subject).toBe('Instagram @once.only is reconnected to Acme Creators');
    expect(emails[1]!.text_body).toContain('is connected again');
    expect(emails[1]!.html_body).toContain('is connected again');
    expect((await noticesOf(id)).map((n) => n.title)).toEqual(['Instagram @once.only is disconnected', 'Instagram @once.only is reconnected']);
    expect(await webhooksOf(id)).toEqual(['connection.connected', 'connection.disconnected', 'connection.reconnected']);

    await connectInstagram('once.only');
    expect(await emailsOf(id)).toHaveLength(2);
    expect(await noticesOf(id)).toHaveLength(2);
  });

  it('a grant nothing can extend: reminders 14, 3 and 1 days before its end, one email per login and one notice per account each, then one disconnection', async () => {
    const res = await t.connect({ creator: { id: 'dana', email: 'dana@example.com', name: 'Dana' }, provider: 'facebook', account: 'dana.fb', returnUrl: 'https://p.example/' });
    const ids = new URL(res.headers.location as string).searchParams.get('connections')!.split(',');
    const end = (await db().selectFrom('connections').select('grant_expires_at').where('id', '=', ids[0]!).executeTakeFirstOrThrow()).grant_expires_at!;
    for (let day = 0; day < 70; day++) {
      t.clock.advance(DAY);
      // Twice a day, as two processes might: still one of each.
      await watchExpiries(t.system.deps);
      await watchExpiries(t.system.deps);
      await runRefreshSweep(t.system.deps, { includeScheduled: true });
    }
    // The three accounts one login reached share each email, which names them all.
    const emails = (await Promise.all(ids.map(emailsOf))).flat().sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    expect(emails.map((e) => e.kind)).toEqual(['connection_expiring', 'connection_expiring', 'connection_expiring', 'connection_disconnected']);
    expect(emails.map((e) => Math.round((end.getTime() - e.created_at.getTime()) / DAY))).toEqual([14, 3, 1, expect.any(Number)]);
    expect(emails[0]!.subject).toMatch(/\(3 accounts\).*it ends in 14 days$/);
    expect(emails[2]!.subject).toMatch(/it ends tomorrow$/);
    for (const id of ids) {
      const notices = await noticesOf(id);
      expect(notices.map((n) => n.kind)).toEqual(['connection_expiring', 'connection_expiring', 'connection_expiring', 'connection_disconnected']);
      expect(notices[1]!.title).toMatch(/disconnects in 3 days$/);
      expect(await webhooksOf(id)).toEqual(['connection.connected', 'connection.expiring', 'connection.disconnected']);
    }
  });
});

describe('a channel lost during a live campaign', () => {
  it('gets an urgent email naming the campaign, sent before the others and marked high priority', async () => {
    const real = t.system.deps.campaigns;
    const campaigns: CampaignDirectory = {
      liveCampaignsFor: async (_db, _workspaceId, creatorId) => (creatorId === 'in.campaign' ? [{ id: 'cmp_1', name: 'Summer Glow' }] : []),
    };
    t.system.deps.campaigns = campaigns;
    try {
      await dispatch(null);
      const calm = await connectInstagram('calm.creator');
      const urgent = await connectInstagram('in.campaign');
      t.sandbox.world.instagram.applyEvent('calm.creator', 'revoke');
      await verifyAll();
      t.sandbox.world.instagram.applyEvent('in.campaign', 'revoke');
      await verifyAll();
      const [email] = await emailsOf(urgent);
      expect(email).toMatchObject({ priority: 'high' });
      expect(email!.subject).toBe('Urgent: reconnect Instagram @in.campaign — your campaign "Summer Glow" is live');
      expect(email!.text_body).toContain('the live campaign "Summer Glow"');
      expect((await emailsOf(calm))[0]).toMatchObject({ priority: 'normal' });
      const [notice] = await noticesOf(urgent);
      expect(notice).toMatchObject({ urgent: true, title: 'Urgent: Instagram @in.campaign is disconnected' });
      expect(notice!.body).toContain('"Summer Glow"');

      const { transport, sent } = recordingTransport();
      await dispatchPendingEmails({ db: db(), clock: t.clock, logger: t.system.deps.logger, transport }, 1);
      expect(sent).toHaveLength(1);
      // The subject is MIME-encoded (it has a dash), and starts with the word that matters.
      expect(sent[0]).toMatch(/^Subject: =\?UTF-8\?Q\?Urgent=3A_reconnect/m);
      expect(sent[0]).toMatch(/^X-Priority: 1 \(Highest\)$/m);
      expect(sent[0]).toMatch(/^Importance: High$/m);
      expect(sent[0]).toContain('Content-Type: text/plain');
      expect(sent[0]).toContain('Content-Type: text/html');
      expect(sent[0]).not.toMatch(/unsubscribe/i);
      await dispatch(transport);
      expect(sent).toHaveLength(2);
    } finally {
      t.system.deps.campaigns = real;
    }
  });
});

describe('crash safety', () => {
  it('a failure inside the disconnecting transaction leaves nothing behind; the next check does it all, once', async () => {
    const id = await connectInstagram('mid.crash');
    const real = t.system.deps.campaigns;
    t.system.deps.campaigns = { liveCampaignsFor: async () => Promise.reject(new Error('process killed')) };
    t.sandbox.world.instagram.applyEvent('mid.crash', 'checkpoint');
    await verifyAll().catch(() => undefined);
    t.system.deps.campaigns = real;
    expect((await t.api('GET', `/v1/connections/${id}`)).json().status).toBe('active');
    expect(await emailsOf(id)).toEqual([]);
    expect(await noticesOf(id)).toEqual([]);
    expect(await webhooksOf(id)).toEqual(['connection.connected']);
    await db().updateTable('connections').set({ lease_owner: null, lease_expires_at: null }).where('id', '=', id).execute();
    await verifyAll();
    expect((await emailsOf(id)).map((e) => e.kind)).toEqual(['connection_disconnected']);
    expect(await noticesOf(id)).toHaveLength(1);
    expect(await webhooksOf(id)).toEqual(['connection.connected', 'connection.disconnected']);
  });

  it('a crash between the state change and the send loses nothing: the email waits in the outbox, is retried, and goes once', async () => {
    await dispatch(null);
    const id = await connectInstagram('after.crash');
    t.sandbox.world.instagram.applyEvent('after.crash', 'password-change');
    // The process dies right after the commit: nothing was sent, the worker never woke.
    await verifyAll();
    expect((await emailsOf(id)).map((e) => e.status)).toEqual(['pending']);

    let smtpDown = true;
    const { transport, sent } = recordingTransport({ failing: () => smtpDown });
    await dispatch(transport);
    expect(await emailsOf(id)).toMatchObject([{ status: 'pending', attempts: 1, last_error: expect.stringContaining('ECONNREFUSED') }]);
    await dispatch(transport);
    expect(sent).toHaveLength(0);
    smtpDown = false;
    t.clock.advance(2 * MINUTE);
    await dispatch(transport);
    await dispatch(transport);
    expect(sent).toHaveLength(1);
    expect(await emailsOf(id)).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('a worker that died holding an email: others wait for its lease, then one sends it', async () => {
    const id = await connectInstagram('held.lease');
    t.sandbox.world.instagram.applyEvent('held.lease', 'password-change');
    await verifyAll();
    // The lease is on the database's clock (several processes share it): set it, as a dead worker left it.
    await db()
      .updateTable('emails')
      .set({ lease_expires_at: new Date(Date.now() + 60_000) })
      .where('connection_id', '=', id)
      .execute();
    const { transport, sent } = recordingTransport();
    await dispatch(transport);
    expect(sent.filter((m) => m.includes('@held.lease'))).toHaveLength(0);
    await db()
      .updateTable('emails')
      .set({ lease_expires_at: new Date(Date.now() - 1_000) })
      .where('connection_id', '=', id)
      .execute();
    await dispatch(transport);
    await dispatch(transport);
    expect(sent.filter((m) => m.includes('@held.lease'))).toHaveLength(1);
  });
});

describe('the reconnect link in the email', () => {
  it('names one account; an edited or cut link is refused; it works for 7 days, then says it expired', async () => {
    const id = await connectInstagram('link.owner');
    t.sandbox.world.instagram.applyEvent('link.owner', 'password-change');
    await verifyAll();
    const [email] = await emailsOf(id);
    const link = new URL(/(http:\/\/channelkeeper\.test\/reconnect\?token=\S+)/.exec(email!.text_body)![1]!);
    expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC_URL}/reconnect`);
    const token = link.searchParams.get('token')!;
    const [body, signature] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    expect(payload).toMatchObject({ connectionId: id, creatorId: 'link.owner', provider: 'instagram' });
    const open = (value: string) => t.system.app.inject({ method: 'GET', url: `/reconnect?token=${encodeURIComponent(value)}` });

    const otherCreator = Buffer.from(JSON.stringify({ ...payload, creatorId: 'someone.else' })).toString('base64url');
    expect((await open(`${otherCreator}.${signature}`)).statusCode).toBe(400);
    const longer = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 30 * DAY })).toString('base64url');
    expect((await open(`${longer}.${signature}`)).statusCode).toBe(400);
    expect((await open(body)).statusCode).toBe(400);
    expect((await open(`${body}.${signature.slice(0, -2)}`)).statusCode).toBe(400);

    t.clock.advance(7 * DAY - MINUTE);
    const opened = await open(token);
    expect(opened.statusCode).toBe(302);
    const connectSession = await db().selectFrom('connect_sessions').select(['creator_id', 'provider', 'purpose']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(connectSession).toEqual({ creator_id: 'link.owner', provider: 'instagram', purpose: 'reconnect' });
    t.clock.advance(2 * MINUTE);
    const expired = await open(token);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This reconnect link has expired');
  });
});

describe('notifications for the platform', () => {
  it('are listed newest first with the unread count, scoped to the workspace, and marked read on request or when the creator views the page', async () => {
    const res = await t.api('GET', '/v1/creators/once.only/notifications');
    expect(res.statusCode).toBe(200);
    const { data, unreadCount } = res.json();
    expect(data.map((n: { title: string }) => n.title)).toEqual(['Instagram @once.only is reconnected', 'Instagram @once.only is disconnected']);
    expect(unreadCount).toBe(2);
    expect(data[0]).toEqual({
      id: expect.stringMatching(/^ntf_/),
      kind: 'connection_reconnected',
      urgent: false,
      title: 'Instagram @once.only is reconnected',
      body: expect.any(String),
      connectionId: expect.stringMatching(/^con_/),
      createdAt: expect.any(String),
      readAt: null,
    });
    // Reading through the API is not the creator seeing them.
    expect((await t.api('GET', '/v1/creators/once.only/notifications?unread=true')).json().data).toHaveLength(2);
    expect((await t.api('GET', '/v1/creators/once.only/notifications', undefined, null)).statusCode).toBe(401);
    expect((await t.api('GET', '/v1/creators/once.only/notifications?limit=0')).statusCode).toBe(400);

    const marked = await t.api('POST', '/v1/creators/once.only/notifications/read', { ids: [data[1].id] });
    expect(marked.json()).toEqual({ marked: 1 });
    expect((await t.api('GET', '/v1/creators/once.only/notifications?unread=true')).json()).toMatchObject({ data: [{ id: data[0].id }], unreadCount: 1 });

    const portal = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'once.only' } });
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(portal.json().url).pathname });
    const cookie = String(opened.headers['set-cookie']).split(';')[0]!;
    const page = await t.system.app.inject({ method: 'GET', url: '/portal', headers: { cookie } });
    expect(page.body).toContain('<span class="badge">1 new</span>');
    expect(page.body).toContain('Instagram @once.only is reconnected');
    expect((await t.api('GET', '/v1/creators/once.only/notifications')).json().unreadCount).toBe(0);
    const again = await t.system.app.inject({ method: 'GET', url: '/portal', headers: { cookie } });
    expect(again.body).not.toContain('class="badge"');
  });
});
