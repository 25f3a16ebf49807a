/**
 * The private-network guard on webhook URLs (WEBHOOK_ALLOW_PRIVATE unset, as in production):
 * refused when the URL is saved if it names a private address, and refused at each delivery if
 * the host name resolves to one, even when it resolved to a public address before (DNS rebinding).
 * The receiver listens on loopback, so host names are resolved by an injected resolver.
 */
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../../src/kernel/clock.ts';
import type { WebhookSettings } from '../../src/platform/deps.ts';
import { interfaceAddresses, type ResolvedAddress } from '../../src/platform/dns.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { postPinned } from '../../src/webhooks/webhook-transport.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { signedWith, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

let t: TestContext;
let receiver: WebhookReceiver;
beforeAll(async () => {
  t = await createTestContext({ env: { WEBHOOK_ALLOW_PRIVATE: 'false' } });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});
beforeEach(() => {
  t.clock.advance(1000);
  receiver.received.length = 0;
});

/** The receiver's URL under a host name that only the injected resolver knows. */
const named = () => receiver.url.replace('127.0.0.1', 'hooks.platform.test');
const resolvingTo =
  (...addresses: string[]) =>
  async (hostname: string): Promise<ResolvedAddress[]> => {
    if (hostname !== 'hooks.platform.test') throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
const dispatchWith = (webhooks: Partial<WebhookSettings>) => dispatchWebhooks({ ...t.system.deps, webhooks: { ...t.system.deps.webhooks, ...webhooks } });

async function connectNew(username: string): Promise<void> {
  t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  await t.connect({ creator: { id: username, email: `${username}@example.com` }, account: username, returnUrl: 'https://p.example/' });
}

describe('when the URL is saved', () => {
  it('a URL naming this host, a private network or the metadata service is refused with the reason', async () => {
    const cases: [string, RegExp][] = [
      [receiver.url, /url: must not point at a loopback address \(127\.0\.0\.0\/8\)/],
      ['http://localhost:8080/hooks', /url: must not point at this host \(localhost\)/],
      ['http://169.254.169.254/latest/meta-data/', /link-local address, where cloud metadata lives/],
      ['http://10.0.0.5/hooks', /private network \(10\.0\.0\.0\/8\)/],
      ['http://[::ffff:192.168.0.1]/hooks', /private network \(192\.168\.0\.0\/16\), written as IPv6/],
      ['http://[fd00::5]/hooks', /unique local/],
    ];
    for (const [url, message] of cases) {
      const res = await t.api('PUT', '/v1/webhook', { url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(res.json().error.message, url).toMatch(message);
    }
    expect((await t.api('GET', '/v1/webhook')).statusCode).toBe(404);
  });
});

describe('when a webhook is delivered', () => {
  it('a host name that now resolves to a private address is refused: one failed attempt with the reason, nothing sent, no retry', async () => {
    const set = await t.api('PUT', '/v1/webhook', { url: named() });
    expect(set.statusCode).toBe(201);
    receiver.secrets.push(set.json().secret);
    await connectNew('rebound');
    expect(await dispatchWith({ resolve: resolvingTo('127.0.0.1') })).toMatchObject({ failed: 1, retrying: 0, delivered: 0 });
    expect(receiver.received).toHaveLength(0);
    const [latest] = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data;
    expect(latest).toMatchObject({ status: 'failed', attempts: [{ statusCode: null, error: expect.stringMatching(/^refused: the host resolves to a loopback address/) }] });
    t.clock.advance(DAY);
    expect(await dispatchWith({ resolve: resolvingTo('127.0.0.1') })).toMatchObject({ failed: 0, retrying: 0, delivered: 0 });
  });

  it('one private address among public ones refuses the host', async () => {
    await connectNew('mixed.answers');
    expect(await dispatchWith({ resolve: resolvingTo('93.184.216.34', '169.254.169.254') })).toMatchObject({ failed: 1 });
    const [latest] = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data;
    expect(latest.attempts[0].error).toMatch(/cloud metadata/);
    expect(receiver.received).toHaveLength(0);
  });

  it('a URL saved before the guard was on is refused at delivery too', async () => {
    await t.system.deps.db.updateTable('webhook_endpoints').set({ url: receiver.url }).execute();
    await connectNew('saved.before');
    expect(await dispatchWith({})).toMatchObject({ failed: 1 });
    expect(receiver.received).toHaveLength(0);
  });

  it('a host name that does not resolve is an ordinary failure, retried later', async () => {
    await t.system.deps.db
      .updateTable('webhook_endpoints')
      .set({ url: receiver.url.replace('127.0.0.1', 'gone.platform.test') })
      .execute();
    await connectNew('not.found');
    expect(await dispatchWith({ resolve: resolvingTo('127.0.0.1') })).toMatchObject({ retrying: 1 });
    const [latest] = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data;
    expect(latest.attempts[0].error).toBe('ENOTFOUND');
  });

  it('with WEBHOOK_ALLOW_PRIVATE the same host is delivered, to the address the check saw', async () => {
    await t.system.deps.db.updateTable('webhook_endpoints').set({ url: named() }).execute();
    t.clock.advance(DAY);
    await connectNew('allowed.private');
    const report = await dispatchWith({ allowPrivate: true, resolve: resolvingTo('127.0.0.1') });
    expect(report.delivered).toBeGreaterThanOrEqual(1);
    expect(receiver.received.at(-1)!.headers.host).toBe(new URL(named()).host);
    expect(receiver.received.filter((hook) => !signedWith(hook, receiver.secrets[0]!))).toEqual([]);
  });
});

describe('the pinned connection', () => {
  it('goes to the checked address and never resolves the host name again', async () => {
    // .invalid never resolves (RFC 6761): only the pinned address can have been used.
    const url = new URL(receiver.url.replace('127.0.0.1', 'receiver.invalid'));
    const status = await postPinned(url, [{ address: '127.0.0.1', family: 4 }], { headers: { 'content-type': 'application/json' }, body: '{"id":"x"}', timeoutMs: 5000 });
    expect(status).toBe(200);
    expect(receiver.received.at(-1)).toMatchObject({ body: '{"id":"x"}', headers: { host: url.host } });
  });

  it('every checked address is a candidate: a host whose first address refuses is reached at the next', async () => {
    // Nothing listens on ::1 at the receiver's port (it listens on 127.0.0.1 only), as with many "localhost" servers.
    const url = new URL(receiver.url.replace('127.0.0.1', 'receiver.invalid'));
    const status = await postPinned(
      url,
      [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ],
      { headers: {}, body: '{"id":"y"}', timeoutMs: 5000 },
    );
    expect(status).toBe(200);
    expect(receiver.received.at(-1)!.body).toBe('{"id":"y"}');
  });

  it('a receiver that accepts the connection and never answers is a timeout, retried later', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await t.system.deps.db
        .updateTable('webhook_endpoints')
        .set({ url: `http://hooks.platform.test:${port}/hooks` })
        .execute();
      t.clock.advance(DAY);
      await connectNew('never.answers');
      expect(await dispatchWith({ allowPrivate: true, resolve: resolvingTo('127.0.0.1'), timeoutMs: 200 })).toMatchObject({ retrying: 1 });
      const [latest] = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data;
      expect(latest.attempts[0]).toMatchObject({ statusCode: null, error: 'timeout' });
    } finally {
      silent.close();
    }
  });
});

/** This machine's first IPv4 interface address (not loopback): the service listens there too (HOST=0.0.0.0). */
const ownAddress = interfaceAddresses().find((address) => !address.includes(':'));

const specialPurpose: [string, string, RegExp][] = [
  ['192.0.2.1', 'http://192.0.2.1/hooks', /documentation network.*TEST-NET-1/],
  ['198.51.100.7', 'http://198.51.100.7/hooks', /documentation network.*TEST-NET-2/],
  ['203.0.113.9', 'http://203.0.113.9/hooks', /documentation network.*TEST-NET-3/],
  ['::ffff:0:7f00:1', 'http://[::ffff:0:7f00:1]/hooks', /loopback address.*written as IPv6/],
  ['::ffff:127.0.0.1', 'http://[::ffff:127.0.0.1]/hooks', /loopback address.*written as IPv6/],
  ['64:ff9b:1::7f00:1', 'http://[64:ff9b:1::7f00:1]/hooks', /loopback address.*written as IPv6/],
  ['2001:db8::1', 'http://[2001:db8::1]/hooks', /documentation network.*2001:db8::\/32/],
  ['100::1', 'http://[100::1]/hooks', /discard-only/],
];

describe('special-purpose addresses and this machine', () => {
  it.each(specialPurpose)('%s is refused when the endpoint is saved, with the reason', async (_address, url, reason) => {
    const res = await t.api('POST', '/v1/webhook-endpoints', { url });
    expect(res.statusCode, url).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.message).toMatch(reason);
  });

  it.each(specialPurpose)('%s is refused at delivery, nothing sent', async (address, _url, reason) => {
    await t.system.deps.db.updateTable('webhook_endpoints').set({ url: named() }).execute();
    t.clock.advance(DAY);
    await connectNew(`special.${address.replace(/[^\w]/g, '')}`);
    expect((await dispatchWith({ resolve: resolvingTo(address) })).failed).toBeGreaterThanOrEqual(1);
    expect(receiver.received).toHaveLength(0);
    const [latest] = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data;
    expect(latest.attempts.at(-1).error).toMatch(reason);
  });

  it.skipIf(!ownAddress)("this machine's own interface address is refused when saved and at delivery", async () => {
    const saved = await t.api('POST', '/v1/webhook-endpoints', { url: `http://${ownAddress}/hooks` });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().error.message).toContain(`an address of this machine (${ownAddress})`);
    await t.system.deps.db.updateTable('webhook_endpoints').set({ url: named() }).execute();
    t.clock.advance(DAY);
    await connectNew('special.own');
    expect((await dispatchWith({ resolve: resolvingTo(ownAddress!) })).failed).toBeGreaterThanOrEqual(1);
    expect(receiver.received).toHaveLength(0);
    const [latest] = (await t.api('GET', '/v1/webhook-deliveries?limit=1')).json().data;
    expect(latest.attempts.at(-1).error).toContain(`an address of this machine (${ownAddress})`);
  });
});
