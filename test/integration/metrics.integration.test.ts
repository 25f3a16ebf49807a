/**
 * `/metrics` after real traffic against the sandbox: connects, a hand-out, a refresh sweep (one grant
 * refused with Instagram's 190), a verification, an email and a webhook, then the workers' own jobs.
 * Every series docs/operations.md lists is there, a 190 is counted as `reauth_required`, and no label
 * value carries an id, a token or a query string.
 */
import { sql } from 'kysely';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { DAY } from '../../src/kernel/clock.ts';
import type { Queue } from '../../src/platform/queue.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { startWorkers } from '../../src/workers.ts';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';
import { type Exposition, parseExposition, type Sample } from '../support/exposition.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const returnUrl = 'https://platform.example/back';

let t: TestContext;
let receiver: WebhookReceiver;
let workers: Queue | undefined;
const connectionIds: string[] = [];

const scrape = async (): Promise<Exposition> => {
  const res = await t.system.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(res.body);
};
const find = (parsed: Exposition, name: string, labels: Record<string, string> = {}): Sample[] =>
  parsed.samples.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
const value = (parsed: Exposition, name: string, labels: Record<string, string> = {}) => find(parsed, name, labels).reduce((total, s) => total + s.value, 0);

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T10:00:00Z', env: { METRICS_TOKEN } });
  receiver = await startWebhookReceiver();
  expect((await t.api('PUT', '/v1/webhook', { url: receiver.url })).statusCode).toBe(201);
  for (const [creator, account] of [
    ['cr-ana', 'ana.business'],
    ['cr-ben', 'ben.creator'],
  ] as const) {
    const connected = await t.connect({ creator: { id: creator, email: `${creator}@example.com` }, account, returnUrl });
    connectionIds.push(new URL(connected.headers.location as string).searchParams.get('connection')!);
  }
  expect((await t.connect({ creator: { id: 'cr-dana', email: 'dana@example.com' }, provider: 'facebook', account: 'dana.fb', returnUrl })).statusCode).toBe(302);
  const dana = (await t.api('GET', '/v1/connections?creatorId=cr-dana')).json().data as { id: string }[];
  connectionIds.push(...dana.map((c) => c.id));

  // A hand-out, a 404 on a route with an id, and a URL no route matches, with a token in its query.
  expect((await t.api('POST', `/v1/connections/${connectionIds[0]}/access-token`)).statusCode).toBe(200);
  expect((await t.api('GET', '/v1/connections/con_missing0123')).statusCode).toBe(404);
  expect((await t.system.app.inject({ method: 'GET', url: '/nowhere/con_missing0123?token=sekret-in-query' })).statusCode).toBe(404);

  // 51 days on, both Instagram tokens are due; Ben changed his password, so his refresh gets a 190.
  t.clock.advance(51 * DAY);
  await t.sandbox.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ben.creator/password-change' });
  const sweep = await runRefreshSweep(t.system.deps, { includeScheduled: true });
  expect(sweep).toMatchObject({ refreshed: 1, disconnected: 1 });
  const ben = await t.system.deps.db.selectFrom('connections').select('last_error_code').where('id', '=', connectionIds[1]!).executeTakeFirstOrThrow();
  expect(ben.last_error_code).toMatch(/^190\b/);
  expect((await t.api('POST', `/v1/connections/${dana[0]!.id}/verify`)).json().status).toBe('active');
  await t.deliverEmails();
  expect((await dispatchWebhooks(t.system.deps)).delivered).toBeGreaterThan(0);
});

afterAll(async () => {
  await workers?.stop();
  await receiver.close();
  await t.close();
});

describe('/metrics after some traffic', () => {
  it('counts each request by method, route pattern and status, with its latency', async () => {
    const parsed = await scrape();
    const requests = 'channelkeeper_http_request_duration_seconds_count';
    expect(value(parsed, requests, { method: 'POST', route: '/v1/connections/:id/access-token', status_code: '200' })).toBe(1);
    expect(value(parsed, requests, { method: 'GET', route: '/v1/connections/:id', status_code: '404' })).toBe(1);
    expect(value(parsed, requests, { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(value(parsed, requests, { route: '/oauth/callback/:provider' })).toBe(3);
    expect(find(parsed, 'channelkeeper_http_request_duration_seconds_bucket', { route: '/v1/connections/:id/access-token', le: '+Inf' })).toHaveLength(1);
    expect(parsed.types.get('channelkeeper_http_request_duration_seconds')).toBe('histogram');
  });

  it("counts provider calls by network, endpoint and outcome: Instagram's 190 on refresh is reauth_required", async () => {
    const parsed = await scrape();
    const calls = 'channelkeeper_provider_call_duration_seconds_count';
    expect(value(parsed, calls, { network: 'instagram', endpoint: 'token_refresh', outcome: 'reauth_required' })).toBe(1);
    expect(value(parsed, calls, { network: 'instagram', endpoint: 'token_refresh', outcome: 'ok' })).toBe(1);
    expect(value(parsed, calls, { network: 'instagram', endpoint: 'code_exchange', outcome: 'ok' })).toBe(2);
    expect(value(parsed, calls, { network: 'facebook', endpoint: 'code_exchange', outcome: 'ok' })).toBe(1);
    expect(value(parsed, calls, { network: 'facebook', endpoint: 'account_fetch', outcome: 'ok' })).toBe(1);
    expect(parsed.types.get('channelkeeper_provider_call_duration_seconds')).toBe('histogram');
  });

  it('counts refresh, verification, email and webhook outcomes', async () => {
    const parsed = await scrape();
    expect(value(parsed, 'channelkeeper_refreshes_total', { provider: 'instagram', outcome: 'refreshed' })).toBe(1);
    expect(value(parsed, 'channelkeeper_refreshes_total', { provider: 'instagram', outcome: 'disconnected' })).toBe(1);
    expect(value(parsed, 'channelkeeper_verifications_total', { provider: 'facebook', outcome: 'verified' })).toBe(1);
    // No SMTP_URL in tests: each email is stored in the demo outbox.
    expect(value(parsed, 'channelkeeper_email_attempts_total', { outcome: 'stored' })).toBeGreaterThan(0);
    expect(value(parsed, 'channelkeeper_webhook_attempts_total', { outcome: 'delivered' })).toBe(receiver.received.length);
  });

  it("keeps the database gauges and the process's own series", async () => {
    const parsed = await scrape();
    expect(value(parsed, 'channelkeeper_connections', { status: 'disconnected', network: 'instagram', provider: 'instagram' })).toBe(1);
    expect(value(parsed, 'channelkeeper_email_outbox', { status: 'stored' })).toBeGreaterThan(0);
    for (const name of ['channelkeeper_process_cpu_seconds_total', 'channelkeeper_process_resident_memory_bytes', 'channelkeeper_nodejs_heap_size_used_bytes']) {
      expect(find(parsed, name), name).not.toHaveLength(0);
    }
    expect(parsed.types.get('channelkeeper_nodejs_eventloop_lag_seconds')).toBe('gauge');
  });
});

describe('the queues', () => {
  it("time each job run by queue, and read every queue's backlog from pg-boss at scrape time", async () => {
    workers = await startWorkers(t.system);
    // Started workers run each job once at start; wait for the email dispatch to have run.
    const parsed = await vi.waitFor(
      async () => {
        const current = await scrape();
        expect(value(current, 'channelkeeper_job_duration_seconds_count', { queue: 'deliver-emails', outcome: 'ok' })).toBeGreaterThan(0);
        return current;
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(parsed.types.get('channelkeeper_job_duration_seconds')).toBe('histogram');
    for (const queue of ['refresh-daily', 'verify-connections', 'deliver-emails', 'deliver-webhooks', 'prune-finished-work']) {
      for (const name of ['channelkeeper_queue_waiting_jobs', 'channelkeeper_queue_active_jobs', 'channelkeeper_queue_oldest_waiting_seconds']) {
        expect(find(parsed, name, { queue }), `${name} ${queue}`).toHaveLength(1);
      }
    }
  });

  it('counts waiting jobs, not future ones, and ages the oldest from when it fell due', async () => {
    await workers?.stop();
    workers = undefined;
    // A queue no worker takes: two jobs due now (one of them due for 90 seconds), one due in an hour.
    const boss = new PgBoss({ ...t.system.storage.queueConnection, schema: 'pgboss', supervise: false, schedule: false });
    await boss.start();
    try {
      await boss.createQueue('metrics-backlog');
      await boss.send('metrics-backlog', null);
      const old = await boss.send('metrics-backlog', null);
      await boss.send('metrics-backlog', null, { startAfter: 3600 });
      // Backdated instead of waited for.
      await sql`update pgboss.job set start_after = now() - interval '90 seconds' where id = ${old}::uuid`.execute(t.system.deps.db);
      const parsed = await scrape();
      expect(value(parsed, 'channelkeeper_queue_waiting_jobs', { queue: 'metrics-backlog' })).toBe(2);
      expect(value(parsed, 'channelkeeper_queue_active_jobs', { queue: 'metrics-backlog' })).toBe(0);
      const oldest = value(parsed, 'channelkeeper_queue_oldest_waiting_seconds', { queue: 'metrics-backlog' });
      expect(oldest).toBeGreaterThanOrEqual(90);
      expect(oldest).toBeLessThan(150);
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});

it('no label value carries an id, a token, a key or a query string', async () => {
  const parsed = await scrape();
  const workspaceIds = (await t.system.deps.db.selectFrom('workspaces').select('id').execute()).map((w) => w.id);
  const secrets = [...t.sandbox.world.issuedTokens(), ...connectionIds, ...workspaceIds, API_KEY, METRICS_TOKEN, 'con_missing0123', 'sekret-in-query'];
  expect(connectionIds.length).toBeGreaterThan(3);
  const values = [...new Set(parsed.samples.flatMap((s) => Object.values(s.labels)))];
  for (const label of values) {
    expect(label).not.toContain('?');
    for (const secret of secrets) expect(label, `a label holds ${secret}`).not.toContain(secret);
  }
  for (const route of new Set(find(parsed, 'channelkeeper_http_request_duration_seconds_count').map((s) => s.labels.route!))) {
    expect(route === 'unmatched' || route.startsWith('/'), route).toBe(true);
  }
});
