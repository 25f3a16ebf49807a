/**
 * `channelkeeper start` as an operator runs it with the standard OTEL_* variables: spans go to the OTLP
 * endpoint they name (here a receiver on a loopback port, OTLP over HTTP with JSON bodies), under the
 * service name they give, and the spans still buffered are sent when the process is stopped.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../support/browser.ts';
import { type RunningProcess, startChannelkeeper, waitFor } from '../support/rotating-networks.ts';

interface OtlpSpan {
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const exports: { path: string; body: OtlpExport }[] = [];
let collector: http.Server;
let dataDir: string;

beforeAll(async () => {
  collector = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      exports.push({ path: request.url ?? '', body: JSON.parse(body) as OtlpExport });
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-otel-'));
});

afterAll(async () => {
  await new Promise((resolve) => collector.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('start sends its spans to the OTLP endpoint the OTEL_* variables name, and flushes them when stopped', async () => {
  const port = await freePort();
  const service: RunningProcess = startChannelkeeper(['start'], {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SANDBOX_PORT: String(await freePort()),
    WORKERS: 'off',
    LOG_LEVEL: 'warn',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'channelkeeper-e2e',
  });
  try {
    await waitFor('the service to start', () => service.output().includes('Channelkeeper is running') || service.child.exitCode !== null, 60_000);
    expect(service.output()).toContain('Tracing:        OpenTelemetry, as service "channelkeeper-e2e"');
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { 'x-request-id': 'e2e-health-1' } });
    expect(res.status).toBe(200);
  } finally {
    service.child.kill('SIGTERM');
    expect((await service.exited).code, service.output()).toBe(0);
  }
  const sent = exports.filter((e) => e.path === '/v1/traces').flatMap((e) => e.body.resourceSpans);
  const spans = sent.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  const health = spans.find((span) => span.name === 'GET /healthz');
  expect(health, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
  const attribute = (attributes: OtlpSpan['attributes'], key: string) => attributes.find((a) => a.key === key)?.value;
  expect(attribute(health!.attributes, 'channelkeeper.request_id')).toEqual({ stringValue: 'e2e-health-1' });
  expect(attribute(sent[0]!.resource.attributes, 'service.name')).toEqual({ stringValue: 'channelkeeper-e2e' });
});
