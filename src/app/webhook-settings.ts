/**
 * A workspace's webhook endpoint. The signing secret is generated here, sealed under the key ring
 * (bound to the workspace), and shown once: when the endpoint is first set and when it is rotated.
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import { newWebhookSecret, secretHint } from '../notify/webhook-signature.ts';
import { deleteEndpoint, getEndpoint, insertEndpoint, updateEndpoint, type EndpointRow, type SealedSecret } from '../storage/webhook-endpoints.repo.ts';
import { cancelPendingDeliveries } from '../storage/webhooks.repo.ts';
import type { Deps } from './deps.ts';

export interface WebhookEndpointView {
  url: string;
  secretHint: string;
  /** Present only in the answer that created or rotated the secret. */
  secret?: string;
  createdAt: string;
  updatedAt: string;
}

export const webhookSecretContext = (workspaceId: string) => `webhook:${workspaceId}`;

const notSet = () => fail('not_found', 'No webhook is set for this workspace. Set one with PUT /v1/webhook.');

function toView(row: EndpointRow, secret?: string): WebhookEndpointView {
  return { url: row.url, secretHint: row.secret_hint, ...(secret ? { secret } : {}), createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

function seal(deps: Pick<Deps, 'keyRing'>, workspaceId: string, secret: string): SealedSecret {
  return { keyId: deps.keyRing.activeKeyId, secretSealed: deps.keyRing.seal(secret, webhookSecretContext(workspaceId)), secretHint: secretHint(secret) };
}

/** Why a URL cannot receive webhooks, or undefined when it can. */
export function webhookUrlProblem(url: string, requireHttps: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  if (requireHttps && parsed.protocol !== 'https:') return 'must use https in production';
  // Credentials in a URL end up in proxies' and servers' logs; requests are signed instead.
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  return undefined;
}

/**
 * Sets the URL. The first time, a secret is made and returned; afterwards the secret is kept and
 * not shown. `secret` (WEBHOOK_SECRET at start-up) sets a known secret instead.
 */
export async function setWebhookEndpoint(deps: Deps, workspaceId: string, url: string, secret?: string): Promise<Result<WebhookEndpointView>> {
  const problem = webhookUrlProblem(url, deps.webhooks.requireHttps);
  if (problem) return fail('invalid_request', `Invalid request: url: ${problem}.`, { fields: [{ field: 'url', problem }] });
  const now = deps.clock.now();
  const fresh = secret ?? newWebhookSecret();
  const inserted = await insertEndpoint(deps.db, workspaceId, url, seal(deps, workspaceId, fresh), now);
  if (inserted) return ok(toView(inserted, secret ? undefined : fresh));
  const updated = await updateEndpoint(deps.db, workspaceId, { url, ...(secret ? { secret: seal(deps, workspaceId, secret) } : {}) }, now);
  return updated ? ok(toView(updated)) : setWebhookEndpoint(deps, workspaceId, url, secret);
}

export async function getWebhookEndpoint(deps: Deps, workspaceId: string): Promise<Result<WebhookEndpointView>> {
  const row = await getEndpoint(deps.db, workspaceId);
  return row ? ok(toView(row)) : notSet();
}

/** A new secret takes effect at once: the next attempt of every delivery is signed with it. */
export async function rotateWebhookSecret(deps: Deps, workspaceId: string): Promise<Result<WebhookEndpointView>> {
  const secret = newWebhookSecret();
  const row = await updateEndpoint(deps.db, workspaceId, { secret: seal(deps, workspaceId, secret) }, deps.clock.now());
  return row ? ok(toView(row, secret)) : notSet();
}

/** Removes the endpoint and cancels what was still waiting to be sent; later changes queue nothing. */
export async function removeWebhookEndpoint(deps: Deps, workspaceId: string): Promise<{ removed: boolean; cancelled: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const removed = await deleteEndpoint(trx, workspaceId);
    return { removed, cancelled: await cancelPendingDeliveries(trx, workspaceId) };
  });
}
