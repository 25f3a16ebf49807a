/**
 * Delivers queued webhooks. Due rows are claimed with a lease under SKIP LOCKED, so several
 * workers never send the same delivery at once; each attempt is POSTed to the delivery's endpoint
 * with a timeout, signed at send time with that endpoint's secret (and, during a rotation's
 * overlap, the one it replaced), and recorded with its outcome while the lease is still ours. A
 * crash after sending and before recording sends it again (at-least-once: receivers deduplicate on
 * `webhook-id`); a crash before sending loses nothing. A URL that resolves to a private address
 * (src/webhooks/webhook-transport.ts) fails the delivery at once: retrying would not change where
 * it points.
 */
import type { Deps } from '../platform/deps.ts';
import { nextWebhookAttempt, previousSecretInForce } from './webhook.rules.ts';
import { type EndpointRow, endpointsByIds } from './webhook-endpoints.repo.ts';
import { webhookSecretContext } from './webhook-endpoints.ts';
import { signatureHeaders } from './webhook-signature.ts';
import { postPinned, vetDestination } from './webhook-transport.ts';
import { claimDueDeliveries, type DeliveryRow, recordAttempt } from './webhooks.repo.ts';

const BATCH = 20;
const CONCURRENCY = 5;
const MAX_BATCHES = 50;

/** `metrics` counts each attempt's outcome (`channelkeeper_webhook_attempts_total`); absent: not counted. */
export type WebhookDispatchDeps = Pick<Deps, 'db' | 'clock' | 'logger' | 'keyRing' | 'instanceId' | 'webhooks'> & Partial<Pick<Deps, 'metrics'>>;

export interface WebhookDispatchReport {
  delivered: number;
  retrying: number;
  failed: number;
  cancelled: number;
}

export async function dispatchWebhooks(deps: WebhookDispatchDeps): Promise<WebhookDispatchReport> {
  const report: WebhookDispatchReport = { delivered: 0, retrying: 0, failed: 0, cancelled: 0 };
  // The lease outlasts a whole batch of timed-out attempts, so no other worker takes a row mid-send.
  const leaseMs = Math.ceil(BATCH / CONCURRENCY) * deps.webhooks.timeoutMs + 60_000;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await claimDueDeliveries(deps.db, { owner: deps.instanceId, now: deps.clock.now(), limit: BATCH, leaseMs });
    if (claimed.length === 0) break;
    const ids = [...new Set(claimed.flatMap((d) => (d.endpoint_id ? [d.endpoint_id] : [])))];
    const endpoints = new Map((await endpointsByIds(deps.db, ids)).map((e) => [e.id, e]));
    await forEachLimited(claimed, CONCURRENCY, async (delivery) => {
      const endpoint = delivery.endpoint_id ? endpoints.get(delivery.endpoint_id) : undefined;
      const outcome = await deliverOne(deps, delivery, endpoint?.workspace_id === delivery.workspace_id ? endpoint : undefined);
      report[outcome]++;
      deps.metrics?.webhook(outcome);
    });
  }
  return report;
}

async function deliverOne(deps: WebhookDispatchDeps, delivery: DeliveryRow, endpoint: EndpointRow | undefined): Promise<keyof WebhookDispatchReport> {
  if (!endpoint) {
    // The endpoint was removed after this was queued: nowhere to send it.
    await deps.db
      .updateTable('webhook_deliveries')
      .set({ status: 'cancelled', lease_owner: null, lease_expires_at: null })
      .where('id', '=', delivery.id)
      .where('lease_owner', '=', deps.instanceId)
      .where('status', '=', 'pending')
      .execute();
    return 'cancelled';
  }
  const attemptedAt = deps.clock.now();
  const sent = await post(deps, endpoint, delivery, attemptedAt);
  const attempt = delivery.attempts + 1;
  const next = sent.ok || sent.refused ? attemptedAt : nextWebhookAttempt(delivery.created_at, attempt, attemptedAt);
  const status = sent.ok ? 'delivered' : next && !sent.refused ? 'pending' : 'failed';
  await recordAttempt(deps.db, {
    deliveryId: delivery.id,
    owner: deps.instanceId,
    attempt,
    attemptedAt,
    statusCode: sent.statusCode,
    durationMs: sent.durationMs,
    error: sent.error,
    status,
    nextAttemptAt: next ?? attemptedAt,
  });
  if (!sent.ok) {
    deps.logger.warn(
      { deliveryId: delivery.id, type: delivery.type, attempt, statusCode: sent.statusCode, err: sent.error, gaveUp: status === 'failed' },
      'webhook delivery failed',
    );
  }
  return status === 'pending' ? 'retrying' : status;
}

interface SendResult {
  ok: boolean;
  /** The destination was refused by the private-network guard: final, not retried. */
  refused?: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

async function post(deps: WebhookDispatchDeps, endpoint: EndpointRow, delivery: DeliveryRow, at: Date): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = new URL(endpoint.url);
    const destination = await vetDestination(url, deps.webhooks);
    if ('refused' in destination) return { ok: false, refused: true, statusCode: null, durationMs: elapsed(), error: `refused: ${destination.refused}` };
    const context = webhookSecretContext(endpoint.workspace_id);
    const secrets = [deps.keyRing.open(endpoint.secret_sealed, context)];
    // During a rotation's overlap the replaced secret signs too (webhook.rules.ts); the attempt's own time decides.
    if (endpoint.previous_secret_sealed && previousSecretInForce(endpoint.previous_secret_expires_at, at)) {
      secrets.push(deps.keyRing.open(endpoint.previous_secret_sealed, context));
    }
    const statusCode = await postPinned(url, destination.addresses, {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Channelkeeper-Webhooks/1',
        'channelkeeper-event-id': delivery.event_id,
        'channelkeeper-event-type': delivery.type,
        ...signatureHeaders({
          webhookId: delivery.id,
          timestampSeconds: Math.floor(at.getTime() / 1000),
          body: delivery.body,
          secrets,
          legacyHeader: endpoint.legacy_signature,
        }),
      },
      body: delivery.body,
      timeoutMs: deps.webhooks.timeoutMs,
    });
    // A redirect is not a delivery: the receiver must answer 2xx at the URL it gave us.
    const ok = statusCode >= 200 && statusCode < 300;
    return { ok, statusCode, durationMs: elapsed(), error: ok ? null : `HTTP ${statusCode}` };
  } catch (error) {
    return { ok: false, statusCode: null, durationMs: elapsed(), error: summarize(error) };
  }
}

/** A short, secret-free reason: the error's code or name, never a URL or a header. */
function summarize(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  if (error instanceof Error && error.name === 'KeyRingError') return 'secret could not be opened';
  // node:http and node:dns put the system error code (ECONNREFUSED, ENOTFOUND) on the error itself.
  const own = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof own === 'string' && own !== 'ABORT_ERR') return own;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // e.g. "bad port"; a message quoting the URL (which may carry the platform's own token) is not kept.
    if (!cause.message.includes('://')) return cause.message.slice(0, 200);
  }
  return error instanceof Error ? error.name : 'error';
}

async function forEachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++] as T);
  });
  await Promise.all(lanes);
}
