/**
 * The single-endpoint routes (`/v1/webhook`), as documented before a workspace could have several:
 * they address the workspace's default endpoint, its oldest. The first `PUT` creates it (and shows
 * its secret once), later ones change its URL. An endpoint made here keeps the deprecated
 * `Channelkeeper-Signature` header, the contract these routes documented.
 */
import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { defaultEndpoint, lockWorkspaceEndpoints, updateEndpoint } from './webhook-endpoints.repo.ts';
import { addEndpoint, endpointInputProblem, removeWebhookEndpoint, rotateEndpointSecret, sealSecret, toEndpointView, type WebhookEndpointView } from './webhook-endpoints.ts';

const notSet = () => fail('not_found', 'No webhook is set for this workspace. Set one with PUT /v1/webhook.');

/**
 * Sets the default endpoint's URL. The first time, the endpoint is made and its secret returned;
 * afterwards the secret is kept and not shown. `secret` (WEBHOOK_SECRET at start-up) sets a known
 * secret instead, replacing the current one at once, without overlap: the operator configures both
 * sides, and it is set again at every start.
 */
export async function setWebhookEndpoint(deps: Deps, workspaceId: string, url: string, secret?: string): Promise<Result<WebhookEndpointView>> {
  const problem = endpointInputProblem(deps, { url });
  if (problem) return problem;
  return deps.db.transaction().execute(async (trx) => {
    // The lock makes "is there one yet?" and the insert one step for concurrent PUTs.
    await lockWorkspaceEndpoints(trx, workspaceId);
    const current = await defaultEndpoint(trx, workspaceId);
    if (!current) return addEndpoint(trx, deps, workspaceId, { url }, { legacySignature: true, ...(secret ? { secret } : {}) });
    const now = deps.clock.now();
    const updated = await updateEndpoint(trx, workspaceId, current.id, { url, ...(secret ? { secret: sealSecret(deps, workspaceId, secret) } : {}) }, now);
    return updated ? ok(toEndpointView(updated, now)) : notSet();
  });
}

export async function getDefaultWebhookEndpoint(deps: Pick<Deps, 'db' | 'clock'>, workspaceId: string): Promise<Result<WebhookEndpointView>> {
  const row = await defaultEndpoint(deps.db, workspaceId);
  return row ? ok(toEndpointView(row, deps.clock.now())) : notSet();
}

export async function rotateDefaultWebhookSecret(deps: Deps, workspaceId: string): Promise<Result<WebhookEndpointView>> {
  const row = await defaultEndpoint(deps.db, workspaceId);
  return row ? rotateEndpointSecret(deps, workspaceId, row.id) : notSet();
}

/** Removes the default endpoint and cancels its pending deliveries (the next oldest, if any, becomes the default). */
export async function removeDefaultWebhookEndpoint(deps: Pick<Deps, 'db'>, workspaceId: string): Promise<{ removed: boolean; cancelled: number }> {
  const row = await defaultEndpoint(deps.db, workspaceId);
  return row ? removeWebhookEndpoint(deps, workspaceId, row.id) : { removed: false, cancelled: 0 };
}
