/**
 * A crash between the state change and the send loses nothing: the webhook was committed with the
 * change, so a new process on the same database delivers it, once. Also: WEBHOOK_URL and
 * WEBHOOK_SECRET configure the bootstrap workspace, and the queue's worker delivers on its own.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.ts';
import { startWorkers } from '../../src/workers.ts';
import { API_KEY } from '../support/context.ts';
import { createRestartable, type Restartable } from '../support/restartable.ts';
import { signedWith, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

// Free text, as WEBHOOK_SECRET always allowed: its key is its own bytes, and whsec_ + its base64 is its standard form.
const SECRET = 'whsec_configured_by_env_0123456789';
const STANDARD_FORM = `whsec_${Buffer.from(SECRET).toString('base64')}`;
let world: Restartable;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  world = await createRestartable({ now: '2026-02-01T10:00:00Z', env: { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET } });
});
afterAll(async () => {
  await world.close();
  await receiver.close();
});

it('a state change committed just before a crash is delivered once by the next process', async () => {
  const first = await world.open();
  const configured = await first.app.inject({ method: 'GET', url: '/v1/webhook', headers: { authorization: `Bearer ${API_KEY}` } });
  expect(configured.json()).toMatchObject({ url: receiver.url, secretHint: `whsec_…${SECRET.slice(-4)}` });
  await world.connectInstagram(first, 'crash.victim');
  // The process goes away before any worker ran: nothing was sent.
  await first.close();
  expect(receiver.received).toHaveLength(0);

  const second = await world.open();
  try {
    expect(await dispatchWebhooks(second.deps)).toMatchObject({ delivered: 1 });
    expect(await dispatchWebhooks(second.deps)).toMatchObject({ delivered: 0 });
    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(hook!.json).toMatchObject({ type: 'connection.connected', data: { connection: { username: 'crash.victim', status: 'active' } } });
    const now = Math.floor(world.clock.now().getTime() / 1000);
    expect(signedWith(hook!, STANDARD_FORM, now)).toBe(true);
    expect(verifyWebhookSignature(SECRET, hook!.headers['channelkeeper-signature'] as string, hook!.body, now).ok).toBe(true);
  } finally {
    await second.close();
  }
});

it('the queue worker delivers a new webhook by itself, woken after the commit', async () => {
  const system = await world.open();
  const workers = await startWorkers(system);
  try {
    await world.connectInstagram(system, 'queued.one');
    await vi.waitFor(() => expect(receiver.received.map((r) => r.json.data.connection.username)).toContain('queued.one'), { timeout: 20_000, interval: 200 });
    expect(receiver.received).toHaveLength(2);
    expect(signedWith(receiver.received[1]!, STANDARD_FORM)).toBe(true);
  } finally {
    await workers.stop();
    await system.close();
  }
});
