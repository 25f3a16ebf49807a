import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRefreshBatch } from '../../src/connections/refresh.repo.ts';
import { refreshClaimed } from '../../src/connections/refresh-connection.ts';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  // A short provider timeout, so the timeout case below is quick.
  t = await createTestContext({ now: '2026-03-01T02:00:00Z', env: { PROVIDER_TIMEOUT_MS: '1500' } });
});
afterAll(() => t.close());

async function connectNew(username: string, creatorId = username): Promise<string> {
  t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  const res = await t.connect({ creator: { id: creatorId, email: `${creatorId}@example.com`, name: creatorId }, account: username, returnUrl: 'https://p.example/' });
  return new URL(res.headers.location as string).searchParams.get('connection') as string;
}
const sweep = () => runRefreshSweep(t.system.deps, { includeScheduled: true });
const retries = () => runRefreshSweep(t.system.deps, { includeScheduled: false });
const connection = async (id: string) => (await t.api('GET', `/v1/connections/${id}`)).json();
const emailsTo = (address: string) => t.system.deps.db.selectFrom('emails').selectAll().where('to_address', '=', address).execute();
const refreshCalls = (username: string) => t.sandbox.world.calls.count('refresh_access_token', t.sandbox.world.instagram.account(username)?.userId);

describe('keeping a token alive', () => {
  it('does not refresh a token before its due day (45 to 50 days, fixed per connection), and refreshes it after', async () => {
    const id = await connectNew('keep.alive');
    const before = await t.api('POST', `/v1/connections/${id}/access-token`);
    const due = new Date((await t.system.deps.db.selectFrom('connections').select('refresh_due_at').where('id', '=', id).executeTakeFirstOrThrow()).refresh_due_at!);
    const connectedAt = t.clock.now().getTime();
    expect(due.getTime() - connectedAt).toBeGreaterThan(45 * DAY);
    expect(due.getTime() - connectedAt).toBeLessThanOrEqual(50 * DAY);
    t.clock.set(new Date(due.getTime() - 60_000));
    expect((await sweep()).refreshed).toBe(0);
    t.clock.set(due);
    const report = await sweep();
    expect(report.refreshed).toBe(1);
    const after = await connection(id);
    expect(after.status).toBe('active');
    expect(after.lastRefreshedAt).toBe(t.clock.now().toISOString());
    expect(new Date(after.tokenExpiresAt).getTime()).toBe(t.clock.now().getTime() + 60 * DAY);
    const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
    expect(handed.json().accessToken).not.toBe(before.json().accessToken);
    expect(t.sandbox.world.instagram.check(handed.json().accessToken).ok).toBe(true);
    // The same day's second run finds nothing to do.
    expect((await sweep()).refreshed).toBe(0);
    expect(refreshCalls('keep.alive')).toBe(1);
  });

  it('retries a transient failure with backoff, keeping the connection active', async () => {
    const id = await connectNew('flaky.net');
    t.clock.advance(51 * DAY);
    t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'http_500', count: 2, accountUserId: t.sandbox.world.instagram.account('flaky.net')?.userId });
    await sweep();
    let c = await connection(id);
    expect(c.status).toBe('active');
    expect(c.lastRefreshedAt).toBeNull();
    // Not before the backoff has passed…
    expect((await retries()).claimed).toBe(0);
    t.clock.advance(1 * MINUTE);
    expect((await retries()).retry_scheduled).toBe(1);
    t.clock.advance(5 * MINUTE);
    expect((await retries()).refreshed).toBe(1);
    c = await connection(id);
    expect(c.status).toBe('active');
    expect(c.lastRefreshedAt).toBe(t.clock.now().toISOString());
    const history = await t.api('GET', `/v1/connections/${id}/events`);
    expect(history.statusCode).toBe(200);
    expect(history.json().data.map((e: { type: string }) => e.type)).toEqual(['refreshed', 'refresh_failed', 'refresh_failed', 'connected']);
    expect(history.json().data[1]).toMatchObject({ type: 'refresh_failed', detail: { kind: 'transient', providerCode: 'http_500', attempts: 2 } });
    expect(JSON.stringify(history.json())).not.toMatch(/IGAA/);
    expect((await t.api('GET', `/v1/connections/${id}/events?limit=0`)).statusCode).toBe(400);
    expect((await t.api('GET', '/v1/connections/con_nope/events')).statusCode).toBe(404);
    expect(await emailsTo('flaky.net@example.com')).toHaveLength(0);
  });

  it('honours the regain time of a Meta throttle', async () => {
    const id = await connectNew('throttled.one');
    t.clock.advance(51 * DAY);
    t.sandbox.world.faults.add({
      endpoint: 'refresh_access_token',
      fault: 'throttle',
      code: 80002,
      regainMinutes: 45,
      count: 1,
      accountUserId: t.sandbox.world.instagram.account('throttled.one')?.userId,
    });
    await sweep();
    const row = await t.system.deps.db.selectFrom('connections').select(['refresh_retry_at', 'last_error_code', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    expect(row.last_error_code).toBe('80002');
    expect(row.refresh_retry_at?.getTime()).toBe(t.clock.now().getTime() + 45 * MINUTE);
  });

  it('treats a timeout as transient', async () => {
    const id = await connectNew('slow.net');
    t.clock.advance(51 * DAY);
    t.sandbox.world.faults.add({
      endpoint: 'refresh_access_token',
      fault: 'timeout',
      delayMs: 5_000,
      count: 1,
      accountUserId: t.sandbox.world.instagram.account('slow.net')?.userId,
    });
    await sweep();
    const c = await connection(id);
    expect(c.status).toBe('active');
    const row = await t.system.deps.db.selectFrom('connections').select(['last_error_code']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.last_error_code).toBe('timeout');
  });

  it('marks a token that expired unrefreshed as disconnected (expired) with one email', async () => {
    const id = await connectNew('left.alone');
    t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'http_500', count: -1, accountUserId: t.sandbox.world.instagram.account('left.alone')?.userId });
    for (let day = 0; day < 62; day++) {
      t.clock.advance(DAY);
      await sweep();
      await retries();
    }
    t.sandbox.world.faults.clear();
    const c = await connection(id);
    expect(c.status).toBe('disconnected');
    expect(c.statusReason).toBe('expired');
    expect(await emailsTo('left.alone@example.com')).toHaveLength(1);
  });
});

describe('detecting a dead token', () => {
  it.each([
    ['password-change', 'password_changed'],
    ['revoke', 'app_removed'],
    ['checkpoint', 'checkpoint'],
    ['unconfirm', 'unconfirmed_user'],
  ] as const)('after %s, the next refresh disconnects with reason %s and one email', async (event, reason) => {
    const username = `dead.${event}`;
    const id = await connectNew(username);
    t.clock.advance(51 * DAY);
    t.sandbox.world.instagram.applyEvent(username, event);
    const report = await sweep();
    expect(report.disconnected).toBeGreaterThanOrEqual(1);
    const c = await connection(id);
    expect(c.status).toBe('disconnected');
    expect(c.statusReason).toBe(reason);
    // Never retried, and a second failure sends nothing new.
    await sweep();
    t.clock.advance(DAY);
    await sweep();
    expect(refreshCalls(username)).toBe(1);
    const mails = await emailsTo(`${username}@example.com`);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain(`@${username}`);
    expect(mails[0]?.text_body).toContain('/reconnect?token=');
  });

  it('notices a password change between refreshes through the daily verification', async () => {
    const id = await connectNew('verify.me');
    t.clock.advance(2 * DAY);
    t.sandbox.world.instagram.applyEvent('verify.me', 'password-change');
    await verifyConnections(t.system.deps);
    const c = await connection(id);
    expect(c.status).toBe('disconnected');
    expect(c.statusReason).toBe('password_changed');
    await verifyConnections(t.system.deps);
    expect(await emailsTo('verify.me@example.com')).toHaveLength(1);
  });

  it('verifies on demand when the platform reports an auth error, without trusting the report blindly', async () => {
    const id = await connectNew('on.demand');
    const alive = await t.api('POST', `/v1/connections/${id}/verify`);
    expect(alive.statusCode).toBe(200);
    expect(alive.json().status).toBe('active');
    t.sandbox.world.instagram.applyEvent('on.demand', 'revoke');
    const dead = await t.api('POST', `/v1/connections/${id}/verify`);
    expect(dead.json()).toMatchObject({ status: 'disconnected', statusReason: 'app_removed' });
    expect(await emailsTo('on.demand@example.com')).toHaveLength(1);
    expect((await t.api('POST', '/v1/connections/con_missing/verify')).statusCode).toBe(404);
  });

  it('a hand-out of a token that expired before any sweep noticed answers 409 and disconnects it, once', async () => {
    const id = await connectNew('unswept');
    await t.system.deps.db.updateTable('connections').set({ token_expires_at: t.clock.now(), grant_expires_at: t.clock.now() }).where('id', '=', id).execute();
    t.clock.advance(1000);
    for (let i = 0; i < 2; i++) {
      const res = await t.api('POST', `/v1/connections/${id}/access-token`);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'reconnect_required', details: { reason: 'expired' } });
    }
    expect(await connection(id)).toMatchObject({ status: 'disconnected', statusReason: 'expired' });
    expect(await emailsTo('unswept@example.com')).toHaveLength(1);
  });

  it('hands out no token once disconnected', async () => {
    const [c] = (await t.api('GET', '/v1/connections?creatorId=verify.me')).json().data;
    const res = await t.api('POST', `/v1/connections/${c.id}/access-token`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('reconnect_required');
  });
});

describe('the reconnect email', () => {
  it('carries a signed link, valid 7 days, that opens a fresh connect flow and restores the connection', async () => {
    const [mail] = await emailsTo('verify.me@example.com');
    const link = new URL(/(http:\/\/channelkeeper\.test\/reconnect\?token=\S+)/.exec(mail?.text_body ?? '')?.[1] as string);
    expect(mail?.html_body).toContain('Reconnect Instagram');
    const tampered = await t.system.app.inject({ method: 'GET', url: `${link.pathname}?token=${link.searchParams.get('token')}x` });
    expect(tampered.statusCode).toBe(400);
    const opened = await t.system.app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(opened.statusCode).toBe(302);
    const connectPage = await t.system.app.inject({ method: 'GET', url: new URL(opened.headers.location as string).pathname });
    expect(connectPage.statusCode).toBe(302);
    expect(connectPage.headers.location).toContain('/oauth/authorize');
    t.clock.advance(8 * DAY);
    const expired = await t.system.app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(expired.statusCode).toBe(410);
  });

  it('goes out through the outbox into the demo mailbox', async () => {
    await t.deliverEmails();
    const stored = await t.system.deps.db.selectFrom('emails').select(['status']).where('to_address', '=', 'verify.me@example.com').execute();
    expect(stored.map((e) => e.status)).toEqual(['stored']);
  });
});

describe('bookkeeping', () => {
  it('a refresh whose connection changed meanwhile is discarded, keeping what the other writer stored', async () => {
    const id = await connectNew('cas.check');
    t.clock.advance(51 * DAY);
    const [claimed] = (
      await claimRefreshBatch(t.system.deps.db, { owner: t.system.deps.instanceId, now: t.clock.now(), leaseSeconds: 60, limit: 500, includeScheduled: true, pausedProviders: [] })
    ).filter((c) => c.id === id);
    expect(claimed).toBeDefined();
    // Another process reconnects the account between our claim and our write: a new version and a new token.
    await t.system.deps.db
      .updateTable('connections')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
    const reconnected = t.system.deps.keyRing.seal('IGAAreconnected-token', `${id}:access`);
    await t.system.deps.db.updateTable('connection_tokens').set({ access_token_sealed: reconnected }).where('connection_id', '=', id).execute();
    const before = await t.system.deps.db.selectFrom('connection_tokens').select('access_token_sealed').where('connection_id', '=', id).executeTakeFirstOrThrow();
    expect(await refreshClaimed(t.system.deps, claimed!)).toBe('conflict');
    const after = await t.system.deps.db.selectFrom('connection_tokens').select('access_token_sealed').where('connection_id', '=', id).executeTakeFirstOrThrow();
    expect(after.access_token_sealed).toBe(before.access_token_sealed);
    expect((await connection(id)).lastRefreshedAt).toBeNull();
    await t.system.deps.db.updateTable('connections').set({ lease_owner: null, lease_expires_at: null }).where('id', '=', id).execute();
  });

  it('never refreshes a token younger than 24 hours even if asked to retry', async () => {
    const id = await connectNew('young.one');
    await t.system.deps.db.updateTable('connections').set({ refresh_retry_at: t.clock.now(), refresh_due_at: t.clock.now() }).where('id', '=', id).execute();
    t.clock.advance(HOUR);
    await sweep();
    expect(refreshCalls('young.one')).toBe(0);
  });
});
