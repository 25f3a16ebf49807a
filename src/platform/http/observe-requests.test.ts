import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createMetrics } from '../metrics.ts';
import { startTracing, type Tracing, withSpan } from '../tracing.ts';
import { observeRequests } from './observe-requests.ts';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(async () => {
  tracing = (await startTracing({ enabled: true, serviceName: 'test' }, [new SimpleSpanProcessor({ exporter })]))!;
});
afterAll(() => tracing.shutdown());

it('what a handler starts nests under its request span, also when the request has a body to read first, over a real socket', async () => {
  const app = Fastify();
  observeRequests(app, createMetrics());
  app.post('/things/:id', async () => withSpan('inner', {}, async () => ({ ok: true })));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    for (const body of [undefined, JSON.stringify({ big: 'x'.repeat(200_000) })]) {
      exporter.reset();
      const res = await fetch(`${url}/things/th_1?token=abc`, { method: 'POST', body, headers: body ? { 'content-type': 'application/json' } : {} });
      expect(res.status).toBe(200);
      // The request span ends in onResponse, as the answer finishes: possibly after the client has it.
      const [inner, request] = await vi.waitFor(() => {
        expect(exporter.getFinishedSpans()).toHaveLength(2);
        return exporter.getFinishedSpans();
      });
      expect(request!.name).toBe('POST /things/:id');
      expect(inner!.name).toBe('inner');
      expect(inner!.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
    }
  } finally {
    await app.close();
  }
});

it("a request that carries a traceparent joins the caller's trace", async () => {
  exporter.reset();
  const app = Fastify();
  observeRequests(app, createMetrics());
  app.get('/ping', async () => 'pong');
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  await app.inject({ method: 'GET', url: '/ping', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
  const [span] = await vi.waitFor(() => {
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    return exporter.getFinishedSpans();
  });
  expect(span!.spanContext().traceId).toBe(traceId);
  expect(span!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  await app.close();
});
