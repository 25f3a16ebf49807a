/**
 * Rotating an endpoint's secret with overlap: for 24 hours (on the injected clock) every attempt is
 * signed with the new secret and with the one it replaced, `v1,<new> v1,<old>`, so the receiver can
 * switch without losing a request; then only the new one signs. Key rotation re-seals both.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../../src/kernel/clock.ts';
import { countSecretsToRotate, rotateKeys } from '../../src/ops/rotate-keys.ts';
import { parseKeyRing } from '../../src/platform/crypto/key-ring.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type ReceivedWebhook, signedWith, startWebhookReceiver, unverified, type WebhookReceiver } from '../support/webhook-receiver.ts';

let t: TestContext;
let receiver: WebhookReceiver;
let endpointId: string;
beforeAll(async () => {
  t = await createTestContext();
  receiver = await startWebhookReceiver();
  const created = await t.api('POST', '/v1/webhook-endpoints', { url: receiver.url });
  endpointId = created.json().id;
  receiver.secrets.push(created.json().secret);
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});
beforeEach(() => {
  t.clock.advance(1000);
  receiver.received.length = 0;
  receiver.answers.length = 0;
});
afterEach(() => {
  expect(unverified(receiver), 'deliveries the standardwebhooks library does not verify').toEqual([]);
});

async function rotate(path = `/v1/webhook-endpoints/${endpointId}/rotate-secret`): Promise<{ secret: string; previousSecretExpiresAt: string | null }> {
  const res = await t.api('POST', path);
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  receiver.secrets.push(res.json().secret);
  return res.json();
}
async function deliverNew(username: string): Promise<ReceivedWebhook> {
  t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  await t.connect({ creator: { id: username, email: `${username}@example.com` }, account: username, returnUrl: 'https://p.example/' });
  await dispatchWebhooks(t.system.deps);
  return receiver.received.at(-1)!;
}
const signatures = (hook: ReceivedWebhook) => (hook.headers['webhook-signature'] as string).split(' ');
const onlyFirst = (hook: ReceivedWebhook): ReceivedWebhook => ({ ...hook, headers: { ...hook.headers, 'webhook-signature': signatures(hook)[0] } });

describe('rotating a secret', () => {
  let old: string;
  let fresh: string;
  let rotatedAt: number;

  it('a delivery made during a rotation verifies with the old secret and with the new one', async () => {
    old = receiver.secrets.at(-1)!;
    rotatedAt = t.clock.now().getTime();
    const rotated = await rotate();
    fresh = rotated.secret;
    expect(fresh).not.toBe(old);
    expect(rotated.previousSecretExpiresAt).toBe(new Date(rotatedAt + 24 * HOUR).toISOString());
    const hook = await deliverNew('during.rotation');
    expect(signatures(hook)).toHaveLength(2);
    expect(signedWith(hook, fresh)).toBe(true);
    expect(signedWith(hook, old)).toBe(true);
    // The new secret's signature comes first.
    expect(signedWith(onlyFirst(hook), fresh)).toBe(true);
    expect(signedWith(onlyFirst(hook), old)).toBe(false);
  });

  it('a retry during the overlap of a delivery sent before the rotation keeps its webhook-id and is signed with both', async () => {
    receiver.answers.push(500);
    const first = await deliverNew('retried.across');
    const again = (await rotate()).secret;
    t.clock.advance(MINUTE);
    await dispatchWebhooks(t.system.deps);
    const retry = receiver.received.at(-1)!;
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(retry.body).toBe(first.body);
    expect(signedWith(retry, again)).toBe(true);
    expect(signedWith(retry, fresh)).toBe(true);
    [old, fresh, rotatedAt] = [fresh, again, t.clock.now().getTime() - MINUTE];
  });

  it('rotating again within the overlap keeps only the secret just replaced beside the new one', async () => {
    const hook = await deliverNew('twice.rotated');
    expect(signatures(hook)).toHaveLength(2);
    expect(signedWith(hook, fresh)).toBe(true);
    expect(signedWith(hook, old)).toBe(true);
    expect(signedWith(hook, receiver.secrets[0]!)).toBe(false);
  });

  it('after 24 hours only the new secret signs', async () => {
    t.clock.set(new Date(rotatedAt + 24 * HOUR - SECOND));
    const late = await deliverNew('last.second');
    expect(signedWith(late, old)).toBe(true);
    t.clock.set(new Date(rotatedAt + 24 * HOUR));
    const hook = await deliverNew('after.overlap');
    expect(signatures(hook)).toHaveLength(1);
    expect(signedWith(hook, fresh)).toBe(true);
    expect(signedWith(hook, old)).toBe(false);
    expect((await t.api('GET', `/v1/webhook-endpoints/${endpointId}`)).json().previousSecretExpiresAt).toBeNull();
  });
});

describe('rotating the default endpoint through POST /v1/webhook/rotate-secret', () => {
  it('overlaps the same way, and the old header is signed with the new secret only', async () => {
    const before = receiver.secrets.at(-1)!;
    const { secret } = await rotate('/v1/webhook/rotate-secret');
    const hook = await deliverNew('default.rotated');
    expect(signedWith(hook, secret)).toBe(true);
    expect(signedWith(hook, before)).toBe(true);
    expect(hook.headers['channelkeeper-signature']).toBeUndefined();
    // The same endpoint, once set through PUT /v1/webhook, gets the old header too: with the current secret.
    await t.system.deps.db.updateTable('webhook_endpoints').set({ legacy_signature: true }).where('id', '=', endpointId).execute();
    const legacyHook = await deliverNew('default.legacy');
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(verifyWebhookSignature(secret, legacyHook.headers['channelkeeper-signature'] as string, legacyHook.body, now).ok).toBe(true);
    expect(verifyWebhookSignature(before, legacyHook.headers['channelkeeper-signature'] as string, legacyHook.body, now).ok).toBe(false);
  });
});

describe('key rotation', () => {
  it('keys rotate re-seals the old secret as well as the new one, and both still sign', async () => {
    const before = receiver.secrets.at(-1)!;
    const { secret } = await rotate();
    t.system.deps.keyRing = parseKeyRing(`k2:${Buffer.alloc(32, 9).toString('base64')},k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=`);
    expect(await countSecretsToRotate(t.system.deps)).toBeGreaterThan(0);
    await rotateKeys(t.system.deps, () => {});
    expect(await countSecretsToRotate(t.system.deps)).toBe(0);
    const row = await t.system.deps.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
    // With k1 gone, only what was re-sealed under k2 can be opened.
    t.system.deps.keyRing = parseKeyRing(`k2:${Buffer.alloc(32, 9).toString('base64')}`);
    expect(row.key_id).toBe('k2');
    const hook = await deliverNew('after.key.rotation');
    expect(hook.json.data.connection.username).toBe('after.key.rotation');
    expect(signedWith(hook, secret)).toBe(true);
    expect(signedWith(hook, before)).toBe(true);
  });

  it('an old secret past its overlap is dropped rather than re-sealed', async () => {
    t.clock.advance(25 * HOUR);
    t.system.deps.keyRing = parseKeyRing(`k3:${Buffer.alloc(32, 3).toString('base64')},k2:${Buffer.alloc(32, 9).toString('base64')}`);
    await rotateKeys(t.system.deps, () => {});
    const row = await t.system.deps.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ key_id: 'k3', previous_secret_sealed: null, previous_secret_expires_at: null });
    const hook = await deliverNew('after.drop');
    expect(signatures(hook)).toHaveLength(1);
  });
});
