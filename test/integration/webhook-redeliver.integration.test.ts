/**
 * POST /v1/webhook-deliveries/:id/redeliver: one delivery sent again, now, to its own endpoint, with
 * the same webhook-id and body and a fresh timestamp and signature; refused clearly when its endpoint
 * is gone, and invisible from another workspace.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type ReceivedWebhook, signedWith, startWebhookReceiver, unverified, type WebhookReceiver } from '../support/webhook-receiver.ts';

const OTHER_KEY = 'ck_other_workspace_key_redeliver_1';
let t: TestContext;
let receiver: WebhookReceiver;
let other: WebhookReceiver;
let otherEndpointId: string;
beforeAll(async () => {
  t = await createTestContext();
  [receiver, other] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
  for (const r of [receiver, other]) {
    const created = await t.api('POST', '/v1/webhook-endpoints', { url: r.url });
    r.secrets.push(created.json().secret);
    if (r === other) otherEndpointId = created.json().id;
  }
  await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_KEY, 'Other platform');
});
afterAll(async () => {
  await t.close();
  await Promise.all([receiver.close(), other.close()]);
});
beforeEach(() => {
  t.clock.advance(1000);
  for (const r of [receiver, other]) {
    r.received.length = 0;
    r.answers.length = 0;
  }
});
afterEach(() => {
  for (const r of [receiver, other]) expect(unverified(r), 'deliveries the standardwebhooks library does not verify').toEqual([]);
});

const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);
async function deliverNew(username: string): Promise<ReceivedWebhook> {
  t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  await t.connect({ creator: { id: username, email: `${username}@example.com` }, account: username, returnUrl: 'https://p.example/' });
  await dispatchWebhooks(t.system.deps);
  return receiver.received.at(-1)!;
}
const redeliver = (id: string, apiKey?: string) => t.api('POST', `/v1/webhook-deliveries/${id}/redeliver`, undefined, apiKey);

describe('POST /v1/webhook-deliveries/:id/redeliver', () => {
  it('sends a delivered webhook again now: same webhook-id and body, a new timestamp and signature, to its own endpoint only', async () => {
    const first = await deliverNew('sent.twice');
    const id = first.headers['webhook-id'] as string;
    t.clock.advance(2 * HOUR);
    const res = await redeliver(id);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ id, eventId: first.json.id, status: 'pending', nextAttemptAt: t.clock.now().toISOString(), deliveredAt: null });
    expect(res.json().attempts).toHaveLength(1);
    other.received.length = 0;
    expect(await dispatchWebhooks(t.system.deps)).toMatchObject({ delivered: 1 });
    const again = receiver.received.at(-1)!;
    expect(again.headers['webhook-id']).toBe(id);
    expect(again.body).toBe(first.body);
    expect(again.headers['webhook-timestamp']).toBe(String(nowSeconds()));
    expect(again.headers['webhook-signature']).not.toBe(first.headers['webhook-signature']);
    expect(signedWith(again, receiver.secrets[0]!, nowSeconds())).toBe(true);
    expect(other.received).toEqual([]);
    const [logged] = (await t.api('GET', '/v1/webhook-deliveries?limit=200')).json().data.filter((d: { id: string }) => d.id === id);
    expect(logged).toMatchObject({ status: 'delivered', deliveredAt: t.clock.now().toISOString() });
    expect(logged.attempts.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode])).toEqual([
      [1, 200],
      [2, 200],
    ]);
  });

  it('a failed delivery of an older event is one more attempt: failed again at once if it fails, delivered if it succeeds', async () => {
    receiver.answers.push(500);
    const first = await deliverNew('long.failed');
    const id = first.headers['webhook-id'] as string;
    // Backdate instead of waiting out the 24 hours of retries.
    await t.system.deps.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', created_at: new Date(t.clock.now().getTime() - 2 * DAY) })
      .where('id', '=', id)
      .execute();
    receiver.answers.push(503);
    expect((await redeliver(id)).json()).toMatchObject({ status: 'pending' });
    expect(await dispatchWebhooks(t.system.deps)).toMatchObject({ failed: 1, retrying: 0 });
    expect((await redeliver(id)).statusCode).toBe(202);
    expect(await dispatchWebhooks(t.system.deps)).toMatchObject({ delivered: 1 });
    expect(receiver.received.filter((r) => r.headers['webhook-id'] === id).map((r) => r.body)).toEqual(Array(3).fill(first.body));
  });

  it("another workspace's delivery and an unknown id are a 404", async () => {
    const id = (await deliverNew('not.yours')).headers['webhook-id'] as string;
    for (const [deliveryId, key] of [
      [id, OTHER_KEY],
      ['whd_unknown', undefined],
    ] as const) {
      const res = await redeliver(deliveryId, key);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect(await dispatchWebhooks(t.system.deps)).toMatchObject({ delivered: 0 });
  });

  it('a delivery whose endpoint was deleted is refused with webhook_endpoint_removed, and stays as it was', async () => {
    await deliverNew('endpoint.gone');
    const id = other.received.at(-1)!.headers['webhook-id'] as string;
    expect((await t.api('DELETE', `/v1/webhook-endpoints/${otherEndpointId}`)).statusCode).toBe(204);
    const res = await redeliver(id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'webhook_endpoint_removed', message: expect.stringMatching(/deleted/) });
    const [logged] = (await t.api('GET', '/v1/webhook-deliveries?limit=200')).json().data.filter((d: { id: string }) => d.id === id);
    expect(logged).toMatchObject({ status: 'delivered', endpointId: otherEndpointId });
  });
});
