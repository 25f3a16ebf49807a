/**
 * Traces, recorded by an in-memory exporter through the same start-up `channelkeeper start` runs
 * (startTracing, with the exporter in place of the ones OTEL_TRACES_EXPORTER names): a span per request
 * with its route pattern, status and request id; a span per job run; a span per provider call with its
 * network, endpoint and outcome, nested under the request or job that made it; and no attribute that
 * holds a token or a query string.
 */
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { startQueue } from '../../src/platform/queue.ts';
import { startTracing, type Tracing } from '../../src/platform/tracing.ts';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let t: TestContext;
const handedOut: string[] = [];

const spans = () => exporter.getFinishedSpans();
/** The one span of that name; a request's span ends as its answer finishes, possibly just after inject resolves. */
const spanNamed = (name: string) =>
  vi.waitFor(() => {
    const found = spans().filter((span) => span.name === name);
    expect(found, name).toHaveLength(1);
    return found[0]!;
  });
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

beforeAll(async () => {
  const started = await startTracing({ enabled: true, serviceName: 'channelkeeper-test' }, [new SimpleSpanProcessor({ exporter })]);
  tracing = started!;
  t = await createTestContext({ now: '2026-03-01T10:00:00Z' });
  for (const [creator, account] of [
    ['cr-ana', 'ana.business'],
    ['cr-ben', 'ben.creator'],
  ] as const) {
    expect((await t.connect({ creator: { id: creator, email: `${creator}@example.com` }, account, returnUrl: 'https://platform.example/back' })).statusCode).toBe(302);
  }
});

afterAll(async () => {
  await t.close();
  await tracing.shutdown();
});

it('a request is a server span named by its route pattern, with its status and request id', async () => {
  const [ana] = (await t.api('GET', '/v1/connections?creatorId=cr-ana')).json().data as { id: string }[];
  const res = await t.system.app.inject({
    method: 'POST',
    url: `/v1/connections/${ana!.id}/access-token`,
    headers: { authorization: `Bearer ${API_KEY}`, 'x-request-id': 'trace-handout-1' },
  });
  expect(res.statusCode).toBe(200);
  handedOut.push(res.json().accessToken);
  const span = await spanNamed('POST /v1/connections/:id/access-token');
  expect(span.kind).toBe(SpanKind.SERVER);
  expect(span.attributes).toEqual({
    'http.request.method': 'POST',
    'http.route': '/v1/connections/:id/access-token',
    'http.response.status_code': 200,
    'channelkeeper.request_id': 'trace-handout-1',
  });
  // A URL no route matches is named for no URL at all.
  await t.system.app.inject({ method: 'GET', url: `/nowhere/${ana!.id}?token=sekret-in-query` });
  expect((await spanNamed('GET unmatched')).attributes['http.response.status_code']).toBe(404);
});

it('a provider call made while answering a request is a client span under the request, with network, endpoint and outcome', async () => {
  const exchanges = spans().filter((span) => span.name === 'provider code_exchange');
  expect(exchanges).toHaveLength(2);
  const callbacks = spans().filter((span) => span.name === 'GET /oauth/callback/:provider');
  for (const exchange of exchanges) {
    expect(exchange.kind).toBe(SpanKind.CLIENT);
    expect(exchange.attributes).toEqual({
      'channelkeeper.provider.network': 'instagram',
      'channelkeeper.provider.endpoint': 'code_exchange',
      'channelkeeper.provider.outcome': 'ok',
    });
    const parent = callbacks.find((callback) => callback.spanContext().spanId === parentOf(exchange));
    expect(parent, 'the callback request that exchanged the code').toBeDefined();
    expect(exchange.spanContext().traceId).toBe(parent!.spanContext().traceId);
  }
});

it('a job run is a span of its own, and the provider calls of its sweep nest under it, a refused grant marked reauth_required', async () => {
  t.clock.advance(51 * DAY);
  await t.sandbox.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ben.creator/password-change' });
  const job = { name: 'trace-refresh', cron: '0 0 1 1 *', run: () => runRefreshSweep(t.system.deps, { includeScheduled: true }) };
  const queue = await startQueue(t.system.storage, t.system.deps.logger, [job], { metrics: t.system.deps.metrics });
  try {
    queue.kick(job.name);
    await vi.waitFor(() => expect(spans().some((span) => span.name === 'job trace-refresh')).toBe(true), { timeout: 30_000, interval: 100 });
  } finally {
    await queue.stop();
  }
  const run = await spanNamed('job trace-refresh');
  expect(run.parentSpanContext).toBeUndefined();
  expect(run.attributes).toEqual({ 'channelkeeper.job.queue': 'trace-refresh', 'channelkeeper.job.outcome': 'ok' });
  const refreshes = spans().filter((span) => span.name === 'provider token_refresh');
  expect(refreshes.map((span) => span.attributes['channelkeeper.provider.outcome']).sort()).toEqual(['ok', 'reauth_required']);
  for (const refresh of refreshes) expect(parentOf(refresh)).toBe(run.spanContext().spanId);
  expect(refreshes.find((span) => span.attributes['channelkeeper.provider.outcome'] === 'reauth_required')!.status.code).toBe(2);
});

it('no span name or attribute holds a token, a key or a query string', async () => {
  await t.system.app.inject({ method: 'GET', url: '/dashboard?token=sekret-dashboard-token' });
  expect((await spanNamed('GET /dashboard')).attributes['http.route']).toBe('/dashboard');
  const secrets = [...t.sandbox.world.issuedTokens(), ...handedOut, API_KEY, 'sekret-in-query', 'sekret-dashboard-token'];
  expect(handedOut).toHaveLength(1);
  expect(secrets.length).toBeGreaterThan(4);
  expect(spans().length).toBeGreaterThan(10);
  for (const span of spans()) {
    const text = JSON.stringify([span.name, span.attributes, span.events, span.status]);
    expect(text, span.name).not.toContain('?');
    for (const secret of secrets) expect(text, `${span.name} holds a secret`).not.toContain(secret);
  }
});
