/**
 * Several webhook endpoints per workspace: each a resource with its own secret and event-type
 * filter, a change queued once per endpoint that takes it (in the change's transaction), the URL
 * rules on every endpoint, and the single-endpoint routes still addressing the oldest one.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { type ReceivedWebhook, signedWith, startWebhookReceiver, unverified, type WebhookReceiver } from '../support/webhook-receiver.ts';

const OTHER_KEY = 'ck_other_workspace_key_endpoints_01';
let t: TestContext;
let all: WebhookReceiver;
let disconnections: WebhookReceiver;
beforeAll(async () => {
  t = await createTestContext();
  [all, disconnections] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
  await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_KEY, 'Other platform');
});
afterAll(async () => {
  await t.close();
  await Promise.all([all.close(), disconnections.close()]);
});
beforeEach(() => {
  t.clock.advance(1000);
  for (const receiver of [all, disconnections]) receiver.received.length = 0;
});
afterEach(() => {
  for (const receiver of [all, disconnections]) expect(unverified(receiver), 'deliveries the standardwebhooks library does not verify').toEqual([]);
});

type Endpoint = { id: string; url: string; eventTypes: string[] | null; secret?: string; secretHint: string; description: string | null; legacySignatureHeader: boolean };
async function createEndpoint(body: Record<string, unknown>, receiver?: WebhookReceiver): Promise<Endpoint> {
  const res = await t.api('POST', '/v1/webhook-endpoints', body);
  expect(res.statusCode, res.body).toBe(201);
  const endpoint = res.json() as Endpoint;
  if (receiver) receiver.secrets.push(endpoint.secret!);
  return endpoint;
}
async function connectNew(username: string): Promise<string> {
  t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  const res = await t.connect({ creator: { id: username, email: `${username}@example.com` }, account: username, returnUrl: 'https://p.example/' });
  return new URL(res.headers.location as string).searchParams.get('connection') as string;
}
async function passwordChange(username: string): Promise<void> {
  t.clock.advance(DAY);
  t.sandbox.world.instagram.applyEvent(username, 'password-change');
  await verifyConnections(t.system.deps);
}
const deliveriesOf = async (endpointId: string) =>
  (await t.api('GET', '/v1/webhook-deliveries?limit=200')).json().data.filter((d: { endpointId: string }) => d.endpointId === endpointId) as {
    id: string;
    eventId: string;
    type: string;
    status: string;
  }[];

let everything: Endpoint;
let onlyDisconnected: Endpoint;
/** The disconnection as each endpoint received it (the receivers are emptied before each test). */
let pair: [ReceivedWebhook, ReceivedWebhook];

describe('POST /v1/webhook-endpoints', () => {
  it('creates an endpoint for every event type by default, shows its secret once, and lists it', async () => {
    const created = await t.api('POST', '/v1/webhook-endpoints', { url: all.url, description: 'CRM' });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    everything = created.json();
    all.secrets.push(everything.secret!);
    expect(everything).toMatchObject({ id: expect.stringMatching(/^wep_/), url: all.url, description: 'CRM', eventTypes: null, legacySignatureHeader: false });
    expect(everything.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const read = await t.api('GET', `/v1/webhook-endpoints/${everything.id}`);
    expect(read.json()).toEqual({ ...everything, secret: undefined, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(read.body).not.toContain(everything.secret);
    expect((await t.api('GET', '/v1/webhook-endpoints')).json()).toEqual({ data: [read.json()], nextCursor: null });
  });

  it('an unknown event type in a filter is a 400 invalid_request naming it; so are a bad URL and an empty filter', async () => {
    const unknown = await t.api('POST', '/v1/webhook-endpoints', { url: all.url, eventTypes: ['connection.disconnected', 'connection.exploded'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('eventTypes: unknown event type "connection.exploded"') });
    expect(unknown.json().error.message).not.toContain('"connection.disconnected"');
    const cases: [unknown, RegExp][] = [
      [{ url: all.url, eventTypes: [] }, /eventTypes: list at least one event type/],
      [{ url: all.url, eventTypes: 'connection.connected' }, /eventTypes:/],
      [{ url: 'ftp://files.example/hook' }, /url: must be an http\(s\) URL/],
      [{ eventTypes: ['connection.connected'] }, /url: required/],
      [{ url: all.url, secret: 'mine' }, /Unrecognized/i],
    ];
    for (const [body, message] of cases) {
      const res = await t.api('POST', '/v1/webhook-endpoints', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message, JSON.stringify(body)).toMatch(message);
    }
  });

  it('the URL rules apply to every endpoint: no private network unless allowed, https in production', async () => {
    const settings = t.system.deps.webhooks;
    t.system.deps.webhooks = { ...settings, allowPrivate: false, requireHttps: true };
    try {
      const privateUrl = await t.api('POST', '/v1/webhook-endpoints', { url: 'https://169.254.169.254/latest/meta-data/' });
      expect(privateUrl.json().error.message).toMatch(/url: must not point at a link-local address/);
      const plain = await t.api('POST', '/v1/webhook-endpoints', { url: 'http://platform.example/hooks' });
      expect(plain.json().error.message).toMatch(/url: must use https in production/);
      const patched = await t.api('PATCH', `/v1/webhook-endpoints/${everything.id}`, { url: 'https://localhost/hooks' });
      expect(patched.statusCode).toBe(400);
      expect(patched.json().error.message).toMatch(/url: must not point at this host/);
    } finally {
      t.system.deps.webhooks = settings;
    }
  });
});

describe('event-type filters', () => {
  it('an endpoint filtered to connection.disconnected gets only those; an unfiltered one gets every change', async () => {
    onlyDisconnected = await createEndpoint({ url: disconnections.url, eventTypes: ['connection.disconnected', 'connection.disconnected'] }, disconnections);
    expect(onlyDisconnected.eventTypes).toEqual(['connection.disconnected']);
    await connectNew('filtered.one');
    await passwordChange('filtered.one');
    await dispatchWebhooks(t.system.deps);
    // Order is not guaranteed: deliveries go out in parallel lanes.
    expect(all.received.map((r) => r.json.type).toSorted()).toEqual(['connection.connected', 'connection.disconnected']);
    expect(disconnections.received.map((r) => r.json.type)).toEqual(['connection.disconnected']);
    pair = [all.received.find((r) => r.json.type === 'connection.disconnected')!, disconnections.received[0]!];
  });

  it('one event is one delivery per endpoint: the same body and event id, its own webhook-id, signed with its own secret only', async () => {
    const [mine, theirs] = pair;
    expect(mine.body).toBe(theirs.body);
    expect(mine.headers['channelkeeper-event-id']).toBe(theirs.json.id);
    expect(mine.headers['webhook-id']).not.toBe(theirs.headers['webhook-id']);
    expect(signedWith(mine, everything.secret!)).toBe(true);
    expect(signedWith(mine, onlyDisconnected.secret!)).toBe(false);
    expect(signedWith(theirs, everything.secret!)).toBe(false);
    // Endpoints made through /v1/webhook-endpoints carry the standard headers only.
    expect(mine.headers['channelkeeper-signature']).toBeUndefined();
    const log = (await t.api('GET', '/v1/webhook-deliveries?limit=5')).json().data.filter((d: { eventId: string }) => d.eventId === theirs.json.id);
    expect(log.map((d: { endpointId: string }) => d.endpointId).toSorted()).toEqual([everything.id, onlyDisconnected.id].toSorted());
  });

  it('PATCH changes the filter, and eventTypes null sends every type again', async () => {
    const patched = await t.api('PATCH', `/v1/webhook-endpoints/${onlyDisconnected.id}`, { eventTypes: ['connection.connected'], description: 'alerts' });
    expect(patched.json()).toMatchObject({ eventTypes: ['connection.connected'], description: 'alerts', url: disconnections.url });
    await connectNew('filtered.two');
    await passwordChange('filtered.two');
    await dispatchWebhooks(t.system.deps);
    expect(disconnections.received.map((r) => r.json.type)).toEqual(['connection.connected']);
    const reset = await t.api('PATCH', `/v1/webhook-endpoints/${onlyDisconnected.id}`, { eventTypes: null, description: null });
    expect(reset.json()).toMatchObject({ eventTypes: null, description: null });
    const bad = await t.api('PATCH', `/v1/webhook-endpoints/${onlyDisconnected.id}`, { eventTypes: ['nope'] });
    expect(bad.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('unknown event type "nope"') });
    expect((await t.api('PATCH', `/v1/webhook-endpoints/${onlyDisconnected.id}`, { legacySignatureHeader: true })).statusCode).toBe(400);
  });

  it('an endpoint of one workspace is not found from another', async () => {
    for (const [method, path] of [
      ['GET', `/v1/webhook-endpoints/${everything.id}`],
      ['PATCH', `/v1/webhook-endpoints/${everything.id}`],
      ['DELETE', `/v1/webhook-endpoints/${everything.id}`],
      ['POST', `/v1/webhook-endpoints/${everything.id}/rotate-secret`],
      ['GET', '/v1/webhook-endpoints/wep_unknown'],
    ] as const) {
      const res = await t.api(method, path, method === 'PATCH' ? { description: 'x' } : undefined, path.includes('unknown') ? undefined : OTHER_KEY);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await t.api('GET', '/v1/webhook-endpoints', undefined, OTHER_KEY)).json()).toEqual({ data: [], nextCursor: null });
  });
});

describe('workers', () => {
  it('three workers dispatching at once deliver each event once to each endpoint', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await connectNew(`fan.out.${i}`));
    await Promise.all(['worker-a', 'worker-b', 'worker-c'].map((instanceId) => dispatchWebhooks({ ...t.system.deps, instanceId })));
    for (const receiver of [all, disconnections]) {
      expect(receiver.received.map((r) => r.json.data.connection.id as string).toSorted()).toEqual(ids.toSorted());
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(ids.length);
    }
  });
});

describe('DELETE /v1/webhook-endpoints/:id', () => {
  it("cancels that endpoint's pending deliveries and no other's; later changes queue nothing for it", async () => {
    await connectNew('before.removal');
    const removed = await t.api('DELETE', `/v1/webhook-endpoints/${onlyDisconnected.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await t.api('DELETE', `/v1/webhook-endpoints/${onlyDisconnected.id}`)).statusCode).toBe(404);
    expect((await deliveriesOf(onlyDisconnected.id)).filter((d) => d.status === 'pending')).toEqual([]);
    expect((await deliveriesOf(onlyDisconnected.id))[0]).toMatchObject({ type: 'connection.connected', status: 'cancelled' });
    expect((await deliveriesOf(everything.id))[0]).toMatchObject({ type: 'connection.connected', status: 'pending' });
    await connectNew('after.removal');
    await dispatchWebhooks(t.system.deps);
    expect(disconnections.received).toEqual([]);
    // Delivery order is not guaranteed (the documented contract): deliveries go out in parallel lanes.
    expect(all.received.map((r) => r.json.data.connection.username).toSorted()).toEqual(['after.removal', 'before.removal']);
  });
});

describe('GET /v1/webhook-endpoints', () => {
  it('pages oldest first with a cursor, and refuses a crafted cursor or a limit over 200', async () => {
    const made = [everything.id];
    for (const n of [1, 2, 3]) {
      t.clock.advance(1000);
      made.push((await createEndpoint({ url: `https://platform.example/hooks/${n}` })).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.api('GET', `/v1/webhook-endpoints?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().data.map((e: { id: string }) => e.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(made);
    for (const query of ['limit=0', 'limit=201', `cursor=${Buffer.from('+275760-09-13T00:00:00.000Z|wep_1').toString('base64url')}`]) {
      const res = await t.api('GET', `/v1/webhook-endpoints?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });

  it('a workspace holds at most 20 endpoints: the 21st is a 409 webhook_endpoint_limit', async () => {
    const count = (await t.api('GET', '/v1/webhook-endpoints?limit=200')).json().data.length;
    for (let n = count; n < 20; n++) await createEndpoint({ url: `https://platform.example/more/${n}` });
    const refused = await t.api('POST', '/v1/webhook-endpoints', { url: 'https://platform.example/one-too-many' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('webhook_endpoint_limit');
    const extra = (await t.api('GET', '/v1/webhook-endpoints?limit=200')).json().data.slice(1) as { id: string }[];
    for (const { id } of extra) expect((await t.api('DELETE', `/v1/webhook-endpoints/${id}`)).statusCode).toBe(204);
  });
});

describe('the single-endpoint routes', () => {
  it('address the oldest endpoint: GET /v1/webhook shows it, PUT changes its URL, DELETE removes it and the next oldest takes its place', async () => {
    const later = await createEndpoint({ url: disconnections.url }, disconnections);
    expect((await t.api('GET', '/v1/webhook')).json()).toMatchObject({ id: everything.id, url: all.url });
    const put = await t.api('PUT', '/v1/webhook', { url: `${all.url}?v=2` });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ id: everything.id, url: `${all.url}?v=2` });
    expect(put.json().secret).toBeUndefined();
    expect((await t.api('DELETE', '/v1/webhook')).statusCode).toBe(204);
    expect((await t.api('GET', '/v1/webhook')).json()).toMatchObject({ id: later.id, url: disconnections.url });
    expect((await t.api('DELETE', '/v1/webhook')).statusCode).toBe(204);
    expect((await t.api('GET', '/v1/webhook')).statusCode).toBe(404);
  });

  it('two PUT /v1/webhook at once on a workspace without one create one endpoint, with the old header', async () => {
    const [one, two] = await Promise.all([t.api('PUT', '/v1/webhook', { url: all.url }), t.api('PUT', '/v1/webhook', { url: all.url })]);
    expect([one.statusCode, two.statusCode].toSorted()).toEqual([200, 201]);
    const listed = (await t.api('GET', '/v1/webhook-endpoints')).json().data;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ url: all.url, legacySignatureHeader: true });
    all.secrets.push((one.statusCode === 201 ? one : two).json().secret);
    await connectNew('legacy.again');
    await dispatchWebhooks(t.system.deps);
    expect(all.received.at(-1)!.headers['channelkeeper-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const off = await t.api('PATCH', `/v1/webhook-endpoints/${listed[0].id}`, { legacySignatureHeader: false });
    expect(off.json().legacySignatureHeader).toBe(false);
    await connectNew('legacy.off');
    await dispatchWebhooks(t.system.deps);
    expect(all.received.at(-1)!.headers['channelkeeper-signature']).toBeUndefined();
  });
});
