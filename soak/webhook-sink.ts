/**
 * The platform's webhook endpoint during the soak, on a loopback port: it answers 200 and remembers, per
 * `webhook-id`, how many times a delivery arrived and whether its Standard Webhooks signature verified
 * (HMAC-SHA256 of `id.timestamp.body` under the endpoint's secret). The timestamp is simulated time, so
 * the signature is checked by hand rather than by a library that compares it with the wall clock.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookSink {
  url: string;
  /** The endpoint's signing secret, as the API showed it once. */
  secret: string;
  /** webhook-id → times received. */
  readonly received: Map<string, number>;
  /** Requests whose signature did not verify, or that were not Standard Webhooks requests at all. */
  readonly badSignatures: number;
  close(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const received = new Map<string, number>();
  let bad = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(request.headers['webhook-id'] ?? '');
      const timestamp = String(request.headers['webhook-timestamp'] ?? '');
      const key = Buffer.from(sink.secret.replace(/^whsec_/, ''), 'base64');
      const expected = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
      const signatures = String(request.headers['webhook-signature'] ?? '')
        .split(' ')
        .map((part) => part.split(',')[1]);
      if (!id || !signatures.includes(expected)) bad++;
      received.set(id, (received.get(id) ?? 0) + 1);
      response.statusCode = 200;
      response.end('ok');
    });
  });
  // Deliveries come from several processes at once.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sink: WebhookSink = {
    url: `http://127.0.0.1:${port}/hooks/channelkeeper`,
    secret: '',
    received,
    get badSignatures() {
      return bad;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sink;
}
