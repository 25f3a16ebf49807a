/**
 * A platform's webhook endpoint on a loopback port: records every request exactly as received and
 * answers with whatever status the test asks for next. Requests are verified the way a platform
 * would, with the `standardwebhooks` package (the specification's reference library), against the
 * secrets the test says the endpoint holds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; createdAt: string; data: { connection: Record<string, unknown>; post?: Record<string, unknown>; refresh?: Record<string, unknown> } };
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Statuses to answer with, in order; once used up, 200. */
  answers: number[];
  /** The secrets the platform holds for this endpoint: every request must verify with one of them (see `unverified`). */
  secrets: string[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: number[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, body, json: JSON.parse(body) as ReceivedWebhook['json'] });
      response.statusCode = answers.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/channelkeeper`,
    received,
    answers,
    secrets: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Verifies a request as a receiver would, with `new Webhook(secret).verify(body, headers)`, the
 * receiver's clock at `nowSeconds` (default: the attempt's own `webhook-timestamp`, so only the
 * signature is in question). Returns the payload, or throws the library's error.
 */
export function verifyStandard(hook: ReceivedWebhook, secret: string, nowSeconds?: number): unknown {
  const at = nowSeconds ?? Number(hook.headers['webhook-timestamp']);
  // The library reads Date.now() for its five-minute window; the tests live on a manual clock.
  vi.useFakeTimers({ now: at * 1000, toFake: ['Date'] });
  try {
    return new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

/** Whether `secret` verifies the request (see `verifyStandard`). */
export function signedWith(hook: ReceivedWebhook, secret: string, nowSeconds?: number): boolean {
  try {
    verifyStandard(hook, secret, nowSeconds);
    return true;
  } catch {
    return false;
  }
}

/** The requests that none of `receiver.secrets` verifies; a test file ends each test expecting none. */
export function unverified(receiver: WebhookReceiver): { id: string; type: string }[] {
  return receiver.received.filter((hook) => !receiver.secrets.some((secret) => signedWith(hook, secret))).map((hook) => ({ id: hook.json.id, type: hook.json.type }));
}
