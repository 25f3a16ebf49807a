/**
 * Webhooks to the platform: one per state change, signed, retried with backoff for 24 hours, and
 * delivered by any number of workers exactly once each (unless a worker dies mid-send).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.ts';
import { claimDueDeliveries } from '../../src/webhooks/webhooks.repo.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { signedWith, startWebhookReceiver, unverified, verifyStandard, type WebhookReceiver } from '../support/webhook-receiver.ts';

let t: TestContext;
let receiver: WebhookReceiver;
let secret: string;
beforeAll(async () => {
  t = await createTestContext({ logLevel: 'debug' });
  receiver = await startWebhookReceiver();
  const set = await t.api('PUT', '/v1/webhook', { url: receiver.url });
  expect(set.statusCode).toBe(201);
  secret = set.json().secret;
  receiver.secrets.push(secret);
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});
beforeEach(() => {
  // Each test's deliveries are newer than the last test's (the log orders by time, then id).
  t.clock.advance(1000);
  receiver.received.length = 0;
  receiver.answers.length = 0;
});
afterEach(() => {
  expect(unverified(receiver), 'deliveries the standardwebhooks library does not verify').toEqual([]);
});

const dispatch = (instanceId = t.system.deps.instanceId) => dispatchWebhooks({ ...t.system.deps, instanceId });
const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);
const delivery = (id: string) => t.system.deps.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
async function connectNew(username: string): Promise<string> {
  t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  const res = await t.connect({ creator: { id: username, email: `${username}@example.com` }, account: username, returnUrl: 'https://p.example/' });
  return new URL(res.headers.location as string).searchParams.get('connection') as string;
}
async function sent(): Promise<string[]> {
  await dispatch();
  return receiver.received.map((r) => r.json.type);
}

describe('one webhook per state change', () => {
  it('connected, expiring, refreshed, disconnected and reconnected each send exactly one; other events none', async () => {
    const id = await connectNew('life.cycle');
    expect(await sent()).toEqual(['connection.connected']);
    const connected = receiver.received[0]!;
    expect(connected.json.data.connection).toEqual(apiView((await t.api('GET', `/v1/connections/${id}`)).json()));
    expect(await sent()).toEqual(['connection.connected']);

    // Six days before expiry the refresh fails transiently: a refresh_failed event (no webhook) and `expiring`.
    t.clock.advance(54 * DAY);
    t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'http_500', count: 1 });
    await runRefreshSweep(t.system.deps, { includeScheduled: true });
    expect(await sent()).toEqual(['connection.connected', 'connection.expiring']);
    t.clock.advance(MINUTE);
    await runRefreshSweep(t.system.deps, { includeScheduled: false });
    expect(await sent()).toEqual(['connection.connected', 'connection.expiring', 'connection.refreshed']);
    expect(receiver.received[2]!.json.data.connection).toEqual(apiView((await t.api('GET', `/v1/connections/${id}`)).json()));

    t.clock.advance(DAY);
    t.sandbox.world.instagram.applyEvent('life.cycle', 'password-change');
    await verifyConnections(t.system.deps);
    const types = await sent();
    expect(types.slice(3)).toEqual(['connection.disconnected']);
    const disconnected = receiver.received[3]!.json;
    expect(disconnected.data.connection).toMatchObject({ id, status: 'disconnected', statusReason: 'password_changed' });
    expect(disconnected.data.connection).toEqual(apiView((await t.api('GET', `/v1/connections/${id}`)).json()));

    // A second failure on a disconnected connection changes nothing and sends nothing.
    t.clock.advance(2 * DAY);
    await verifyConnections(t.system.deps);
    await runRefreshSweep(t.system.deps, { includeScheduled: true });
    await t.api('POST', `/v1/connections/${id}/verify`);
    expect(await sent()).toHaveLength(4);

    await t.connect({ creator: { id: 'life.cycle', email: 'life.cycle@example.com' }, account: 'life.cycle', returnUrl: 'https://p.example/' });
    expect((await sent()).slice(4)).toEqual(['connection.reconnected']);
    const events = (await t.api('GET', `/v1/connections/${id}/events`)).json().data.map((e: { id: string; type: string }) => e.id);
    // Every webhook id is its event's id, and no two are alike.
    const ids = receiver.received.map((r) => r.json.id);
    expect(new Set(ids).size).toBe(5);
    for (const webhookId of ids) expect(events).toContain(webhookId);
  });

  it('every body and header is signed, carries its event id and type, and no token, in body or log', async () => {
    await connectNew('signed.one');
    await dispatch();
    const [hook] = receiver.received;
    expect(hook).toBeDefined();
    expect(hook!.headers['content-type']).toBe('application/json');
    expect(hook!.headers['channelkeeper-event-id']).toBe(hook!.json.id);
    expect(hook!.headers['channelkeeper-event-type']).toBe('connection.connected');
    expect(hook!.json.createdAt).toBe(t.clock.now().toISOString());
    expect(hook!.headers['webhook-timestamp']).toBe(String(nowSeconds()));
    expect(verifyStandard(hook!, secret, nowSeconds())).toEqual(hook!.json);
    expect(signedWith(hook!, `${secret.slice(0, -8)}AAAAAAA=`)).toBe(false);
    expect(signedWith({ ...hook!, body: hook!.body.replace('signed.one', 'signed.two') }, secret)).toBe(false);
    expect(signedWith(hook!, secret, nowSeconds() + 301)).toBe(false);
    // An endpoint set through PUT /v1/webhook still gets the old header its receivers were built on.
    const header = hook!.headers['channelkeeper-signature'] as string;
    expect(verifyWebhookSignature(secret, header, hook!.body, nowSeconds())).toMatchObject({ ok: true });
    expect(verifyWebhookSignature(`${secret}x`, header, hook!.body, nowSeconds())).toEqual({ ok: false, reason: 'mismatch' });

    const tokens = t.sandbox.world.issuedTokens();
    const log = (await t.api('GET', '/v1/webhook-deliveries?limit=200')).body;
    const rows = JSON.stringify(await t.system.deps.db.selectFrom('webhook_deliveries').selectAll().execute());
    for (const [where, text] of Object.entries({ logs: t.logs.join(''), log, rows, bodies: receiver.received.map((r) => r.body).join() })) {
      expect(
        tokens.filter((token) => text.includes(token)),
        `${where} contain a token`,
      ).toEqual([]);
      expect(text.includes(secret), `${where} contain the signing secret`).toBe(false);
    }
  });
});

describe('retries', () => {
  it('a receiver answering 500 gets retries after 1, 2 and 4 minutes, and a 200 marks it delivered', async () => {
    await connectNew('retry.me');
    receiver.answers.push(500, 503, 500);
    const created = t.clock.now().getTime();
    expect(await dispatch()).toMatchObject({ retrying: 1, delivered: 0 });
    const id = receiver.received[0]!.headers['webhook-id'] as string;
    for (const waitMinutes of [1, 2, 4]) {
      t.clock.advance(waitMinutes * MINUTE - 1000);
      expect(await dispatch(), `not before ${waitMinutes} min`).toMatchObject({ retrying: 0, delivered: 0 });
      t.clock.advance(1000);
      await dispatch();
    }
    const row = await delivery(id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 4, last_status_code: 200 });
    expect(receiver.received.map((r) => r.body)).toEqual(Array(4).fill(receiver.received[0]!.body));
    const log = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data[0];
    expect(log).toMatchObject({ id, status: 'delivered', deliveredAt: t.clock.now().toISOString(), nextAttemptAt: null });
    expect(log.attempts.map((a: { statusCode: number; attemptedAt: string }) => [a.statusCode, (Date.parse(a.attemptedAt) - created) / MINUTE])).toEqual([
      [500, 0],
      [503, 1],
      [500, 3],
      [200, 7],
    ]);
    expect(log.attempts[0].error).toBe('HTTP 500');
  });

  it('after 24 hours of failures a delivery is failed and never sent again', async () => {
    await connectNew('never.up');
    receiver.answers.push(...Array(100).fill(500));
    const created = t.clock.now().getTime();
    await dispatch();
    const id = receiver.received[0]!.headers['webhook-id'] as string;
    while (t.clock.now().getTime() - created < 25 * HOUR) {
      t.clock.advance(10 * MINUTE);
      await dispatch();
    }
    const row = await delivery(id);
    expect(row.status).toBe('failed');
    expect(row.next_attempt_at.getTime() - created).toBeLessThanOrEqual(DAY);
    const attempts = receiver.received.length;
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
    t.clock.advance(DAY);
    await dispatch();
    expect(receiver.received).toHaveLength(attempts);
    expect((await t.api('GET', '/v1/webhook-deliveries?status=failed')).json().data.map((d: { id: string }) => d.id)).toContain(id);
  });

  it('an unreachable receiver is an attempt with a reason, not a crash', async () => {
    const closed = await startWebhookReceiver();
    await closed.close();
    await t.api('PUT', '/v1/webhook', { url: closed.url });
    await connectNew('unreachable');
    expect(await dispatch()).toMatchObject({ retrying: 1 });
    const [latest] = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data;
    expect(latest.attempts[0]).toMatchObject({ statusCode: null, error: 'ECONNREFUSED' });
    await t.api('PUT', '/v1/webhook', { url: receiver.url });
    t.clock.advance(MINUTE);
    expect(await dispatch()).toMatchObject({ delivered: 1 });
  });
});

describe('workers', () => {
  it('two workers dispatching at once deliver each webhook once', async () => {
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await connectNew(`pair.${i}`));
    await Promise.all([dispatch('worker-a'), dispatch('worker-b'), dispatch('worker-c')]);
    const received = receiver.received.map((r) => r.json.data.connection.id);
    expect(received.toSorted()).toEqual(ids.toSorted());
  });

  it('a worker that died holding a delivery leaves it leased; once the lease runs out another sends it', async () => {
    await connectNew('orphaned');
    const claimed = await claimDueDeliveries(t.system.deps.db, { owner: 'dead-worker', now: t.clock.now(), limit: 10, leaseMs: 60_000 });
    expect(claimed).toHaveLength(1);
    expect(await dispatch()).toMatchObject({ delivered: 0 });
    // Backdate the lease instead of waiting a minute.
    await t.system.deps.db
      .updateTable('webhook_deliveries')
      .set({ lease_expires_at: new Date('2000-01-01') })
      .where('id', '=', claimed[0]!.id)
      .execute();
    expect(await dispatch()).toMatchObject({ delivered: 1 });
    expect(await dispatch()).toMatchObject({ delivered: 0 });
    expect(receiver.received).toHaveLength(1);
  });

  it('removing the endpoint cancels what is pending and queues nothing new', async () => {
    await connectNew('before.delete');
    expect((await t.api('DELETE', '/v1/webhook')).statusCode).toBe(204);
    await connectNew('after.delete');
    expect(await dispatch()).toMatchObject({ delivered: 0 });
    expect(receiver.received).toHaveLength(0);
    const pending = (await t.api('GET', '/v1/webhook-deliveries?status=pending')).json().data;
    expect(pending).toEqual([]);
    const latest = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data[0];
    expect(latest).toMatchObject({ status: 'cancelled', payload: { data: { connection: { username: 'before.delete' } } } });
  });
});

/**
 * The webhook carries the API's view of the connection, less `missingScopes` (which needs the
 * provider's feature table), `mediaSync` (a sync's progress is no state change of the connection) and
 * `linkedConnectionIds` (another login is no change of this one).
 */
function apiView(view: Record<string, unknown>): Record<string, unknown> {
  const { missingScopes: _, mediaSync: __, linkedConnectionIds: ___, ...rest } = view;
  return rest;
}
