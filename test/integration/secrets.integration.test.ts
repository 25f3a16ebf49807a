/**
 * No token ever leaves through a side door: a whole lifecycle runs with debug logging, then every
 * token and code the sandbox issued is searched for in the logs, the events, the emails and every
 * API response other than the access-token hand-out.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { rotateKeys } from '../../src/ops/rotate-keys.ts';
import { parseKeyRing } from '../../src/platform/crypto/key-ring.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
const responses: string[] = [];
beforeAll(async () => {
  t = await createTestContext({ logLevel: 'debug' });
});
afterAll(() => t.close());

it('a full lifecycle at debug level leaks no token into logs, events, emails or responses', async () => {
  const record = (body: string) => responses.push(body);
  const connected = await t.connect({ creator: { id: 'ana', email: 'ana@example.com' }, account: 'ana.business', returnUrl: 'https://p.example/' });
  record(JSON.stringify(connected.headers));
  const id = new URL(connected.headers.location as string).searchParams.get('connection') as string;
  record((await t.api('GET', `/v1/connections/${id}`)).body);
  record((await t.api('GET', '/v1/connections?creatorId=ana')).body);
  const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
  expect(handed.statusCode).toBe(200);
  // Refresh, with a transient failure and a throttle on the way.
  t.clock.advance(51 * DAY);
  t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'http_500', count: 1 });
  await runRefreshSweep(t.system.deps, { includeScheduled: true });
  t.clock.advance(10 * 60_000);
  await runRefreshSweep(t.system.deps, { includeScheduled: false });
  // A personal account, a denied consent and a forged callback.
  record((await t.connect({ creator: { id: 'cara', email: 'cara@example.com' }, account: 'cara.personal' })).body);
  record((await t.connect({ creator: { id: 'dan', email: 'dan@example.com' }, deny: true })).body);
  record((await t.system.app.inject({ method: 'GET', url: '/oauth/callback/instagram?state=x&code=AQsecretcode' })).body);
  // Every other network: a Facebook login shared by three accounts, a rotating TikTok grant, Google, Pinterest.
  const others = [
    { provider: 'facebook', account: 'dana.fb' },
    { provider: 'tiktok', account: 'tess.tiktok' },
    { provider: 'youtube', account: 'maya.makes' },
    { provider: 'pinterest', account: 'pia.pins' },
  ];
  for (const other of others) {
    const res = await t.connect({ creator: { id: `sec-${other.provider}`, email: `${other.provider}@example.com` }, ...other });
    record(res.body);
    expect(res.statusCode, res.body).toBeLessThan(400);
  }
  const otherIds = (await t.system.deps.db.selectFrom('connections').select('id').where('provider', '<>', 'instagram').execute()).map((r) => r.id);
  for (const otherId of otherIds) record((await t.api('POST', `/v1/connections/${otherId}/access-token`)).body.replace(/"accessToken":"[^"]*"/, ''));
  // Key rotation, then revocation and the disconnect email.
  t.system.deps.keyRing = parseKeyRing(`k2:${Buffer.alloc(32, 7).toString('base64')},k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=`);
  await rotateKeys(t.system.deps, () => {});
  t.clock.advance(DAY);
  t.sandbox.world.instagram.applyEvent('ana.business', 'password-change');
  await verifyConnections(t.system.deps);
  await t.deliverEmails();
  record((await t.api('POST', `/v1/connections/${id}/access-token`)).body);
  record((await t.api('GET', `/v1/connections/${id}`)).body);

  const after = (await t.api('GET', `/v1/connections/${id}`)).json();
  expect(after.status).toBe('disconnected');
  expect(after.lastRefreshedAt).not.toBeNull();

  const events = await t.system.deps.db.selectFrom('connection_events').selectAll().execute();
  const emails = await t.system.deps.db.selectFrom('emails').selectAll().execute();
  const haystacks = {
    logs: t.logs.join(''),
    events: JSON.stringify(events),
    emails: JSON.stringify(emails),
    responses: responses.join('\n'),
  };
  expect(t.logs.length).toBeGreaterThan(20);
  expect(haystacks.logs).toContain('"level":20'); // debug lines really were written
  const secrets = t.sandbox.world.issuedTokens();
  expect(secrets.length).toBeGreaterThan(5);
  for (const [where, text] of Object.entries(haystacks)) {
    const leaked = secrets.filter((secret) => text.includes(secret));
    expect(leaked, `${where} contain an issued token or code`).toEqual([]);
  }
  // Sealed at rest: no plaintext token in the tokens table, and everything is under the new key.
  const sealed = await t.system.deps.db.selectFrom('connection_tokens').selectAll().execute();
  expect(secrets.filter((secret) => JSON.stringify(sealed).includes(secret))).toEqual([]);
  expect(new Set(sealed.map((row) => row.key_id))).toEqual(new Set(['k2']));
  const grants = await t.system.deps.db.selectFrom('provider_grants').selectAll().execute();
  expect(grants).toHaveLength(1);
  expect(secrets.filter((secret) => JSON.stringify(grants).includes(secret))).toEqual([]);
  expect(grants[0]!.key_id).toBe('k2');
  // Re-sealed secrets still open: every other network hands out a token the sandbox accepts.
  for (const otherId of otherIds) expect((await t.api('POST', `/v1/connections/${otherId}/access-token`)).statusCode).toBe(200);
});
