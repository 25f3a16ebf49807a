/** The webhook settings API and the delivery log: secrets shown once, clear 400s, pages, workspaces apart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSecretsToRotate, rotateKeys } from '../../src/ops/rotate-keys.ts';
import { parseKeyRing } from '../../src/platform/crypto/key-ring.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { signedWith, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const OTHER_KEY = 'ck_other_workspace_key_0123456789';
let t: TestContext;
let receiver: WebhookReceiver;
beforeAll(async () => {
  t = await createTestContext();
  receiver = await startWebhookReceiver();
  await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_KEY, 'Other platform');
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

async function connectNew(username: string): Promise<void> {
  t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  t.clock.advance(1000);
  await t.connect({ creator: { id: username, email: `${username}@example.com` }, account: username, returnUrl: 'https://p.example/' });
}

describe('PUT /v1/webhook', () => {
  it('refuses what cannot receive webhooks with a 400 that names the problem', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /url: required/],
      [{ url: '' }, /url:/],
      [{ url: 'not a url' }, /url: must be an absolute URL/],
      [{ url: '/relative/path' }, /url: must be an absolute URL/],
      [{ url: 'ftp://files.example/hook' }, /url: must be an http\(s\) URL/],
      [{ url: 'https://user:pass@platform.example/hook' }, /url: must not contain a user name or password/],
      [{ url: `https://platform.example/${'x'.repeat(2001)}` }, /url:/],
      [{ url: 'https://platform.example/hook', secret: 'mine' }, /secret|Unrecognized/i],
      [{ url: 42 }, /url:/],
    ];
    for (const [body, message] of cases) {
      const res = await t.api('PUT', '/v1/webhook', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(res.json().error.message).toMatch(message);
    }
    const notJson = await t.system.app.inject({
      method: 'PUT',
      url: '/v1/webhook',
      headers: { authorization: 'Bearer ck_test_key_0123456789abcdef', 'content-type': 'application/json' },
      payload: '{"url":',
    });
    expect(notJson.statusCode).toBe(400);
    expect((await t.api('PUT', '/v1/webhook', { url: 'https://platform.example/hook' }, null)).statusCode).toBe(401);
  });

  it('shows the secret once when the webhook is first set, then only a hint', async () => {
    expect((await t.api('GET', '/v1/webhook')).statusCode).toBe(404);
    const first = await t.api('PUT', '/v1/webhook', { url: 'https://platform.example/hooks' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['cache-control']).toBe('no-store');
    const { secret, secretHint } = first.json();
    expect(secret).toMatch(/^whsec_/);
    expect(secretHint).toBe(`whsec_…${secret.slice(-4)}`);
    const read = await t.api('GET', '/v1/webhook');
    expect(read.json()).toEqual({
      id: first.json().id,
      url: 'https://platform.example/hooks',
      description: null,
      eventTypes: null,
      secretHint,
      legacySignatureHeader: true,
      previousSecretExpiresAt: null,
      createdAt: t.clock.now().toISOString(),
      updatedAt: t.clock.now().toISOString(),
    });
    expect(read.body).not.toContain(secret);
    const changed = await t.api('PUT', '/v1/webhook', { url: receiver.url });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ url: receiver.url, secretHint });
    expect(changed.json().secret).toBeUndefined();
    // Sealed at rest.
    const row = await t.system.deps.db.selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('a rotated secret is shown once and signs every later attempt', async () => {
    const before = (await t.api('GET', '/v1/webhook')).json().secretHint;
    const rotated = await t.api('POST', '/v1/webhook/rotate-secret');
    expect(rotated.statusCode).toBe(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const { secret, secretHint } = rotated.json();
    expect(secretHint).not.toBe(before);
    await connectNew('rotated.one');
    await dispatchWebhooks(t.system.deps);
    const hook = receiver.received.at(-1)!;
    expect(signedWith(hook, secret, Math.floor(t.clock.now().getTime() / 1000))).toBe(true);
  });
});

describe('GET /v1/webhook-deliveries', () => {
  it('pages newest first with a cursor, filters by status, and rejects bad parameters', async () => {
    for (const name of ['page.a', 'page.b', 'page.c', 'page.d']) await connectNew(name);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.api('GET', `/v1/webhook-deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().data.length).toBeLessThanOrEqual(2);
      all.push(...res.json().data.map((d: { payload: { data: { connection: { username: string } } } }) => d.payload.data.connection.username));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(all).toEqual(['page.d', 'page.c', 'page.b', 'page.a', 'rotated.one']);
    const pending = (await t.api('GET', '/v1/webhook-deliveries?status=pending')).json().data;
    expect(pending.map((d: { status: string }) => d.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(pending[0]).toMatchObject({ type: 'connection.connected', attempts: [], deliveredAt: null, nextAttemptAt: t.clock.now().toISOString() });
    for (const query of ['limit=0', 'limit=201', 'status=sent', 'cursor=bm9wZQ']) {
      const res = await t.api('GET', `/v1/webhook-deliveries?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });

  it('a crafted cursor is a 400 invalid_request, never a 500', async () => {
    const crafted = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of [
      crafted('+275760-09-13T00:00:00.000Z|evt_01'),
      crafted('-000001-01-01T00:00:00.000Z|evt_01'),
      crafted('2026-01-01T00:00:00.000Z|evt_01\u0000'),
      crafted('2026-01-01T00:00:00.000Z|'),
      crafted('2026-01-01T00:00:00.000Z|evt_01|x'),
      crafted('no bar at all'),
    ]) {
      const res = await t.api('GET', `/v1/webhook-deliveries?cursor=${cursor}`);
      expect(res.statusCode, Buffer.from(cursor, 'base64url').toString()).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/cursor/) });
    }
  });

  it('keys rotate re-seals the signing secret under the new key, and it still signs', async () => {
    const secret = (await t.api('POST', '/v1/webhook/rotate-secret')).json().secret;
    t.system.deps.keyRing = parseKeyRing(`k2:${Buffer.alloc(32, 7).toString('base64')},k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=`);
    expect(await countSecretsToRotate(t.system.deps)).toBeGreaterThan(1);
    await rotateKeys(t.system.deps, () => {});
    expect(await countSecretsToRotate(t.system.deps)).toBe(0);
    const row = await t.system.deps.db.selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
    expect(row.key_id).toBe('k2');
    await connectNew('after.rotation');
    await dispatchWebhooks(t.system.deps);
    const hook = receiver.received.at(-1)!;
    expect(hook.json.data.connection.username).toBe('after.rotation');
    expect(signedWith(hook, secret, Math.floor(t.clock.now().getTime() / 1000))).toBe(true);
  });

  it('another workspace sees none of these deliveries and has no webhook of its own', async () => {
    const log = await t.api('GET', '/v1/webhook-deliveries', undefined, OTHER_KEY);
    expect(log.json()).toEqual({ data: [], nextCursor: null });
    expect((await t.api('GET', '/v1/webhook', undefined, OTHER_KEY)).statusCode).toBe(404);
    expect((await t.api('POST', '/v1/webhook/rotate-secret', undefined, OTHER_KEY)).statusCode).toBe(404);
  });

  it('DELETE /v1/webhook stops it and cancels what was pending; deleting again is fine', async () => {
    await connectNew('pending.at.delete');
    expect((await t.api('DELETE', '/v1/webhook')).statusCode).toBe(204);
    expect((await t.api('DELETE', '/v1/webhook')).statusCode).toBe(204);
    expect((await t.api('GET', '/v1/webhook')).statusCode).toBe(404);
    const statuses = (await t.api('GET', '/v1/webhook-deliveries')).json().data.map((d: { status: string }) => d.status);
    expect(statuses).toEqual(['cancelled', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
  });
});
