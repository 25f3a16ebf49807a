/**
 * Sends one delivery again (`POST /v1/webhook-deliveries/:id/redeliver`): it becomes due now and a
 * worker sends it with the same `webhook-id` and body, a new timestamp and signature. It is one
 * more attempt of the same delivery, so its retries stay within 24 hours of the event: a failed
 * redelivery of an older event is failed again at once, and can be redelivered again.
 */
import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { toDeliveryView, type WebhookDeliveryView } from './webhook-deliveries.ts';
import { findEndpoint } from './webhook-endpoints.repo.ts';
import { attemptsOf, findDelivery, requeueDelivery } from './webhooks.repo.ts';

export async function redeliverWebhook(deps: Pick<Deps, 'db' | 'clock' | 'onWebhookQueued'>, workspaceId: string, id: string): Promise<Result<WebhookDeliveryView>> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const delivery = await findDelivery(trx, workspaceId, id, 'for update');
    if (!delivery) return fail('not_found', 'No webhook delivery with this id in this workspace.');
    // Locked: a concurrent DELETE of the endpoint waits, then cancels this delivery with the others.
    const endpoint = delivery.endpoint_id ? await findEndpoint(trx, workspaceId, delivery.endpoint_id, 'for update') : undefined;
    if (!endpoint) return fail('webhook_endpoint_removed');
    const due = await requeueDelivery(trx, delivery.id, deps.clock.now());
    return ok(toDeliveryView(due, await attemptsOf(trx, [due.id])));
  });
  if (result.ok) deps.onWebhookQueued?.();
  return result;
}
