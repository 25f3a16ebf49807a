/**
 * A workspace's webhook endpoint. The signing secret is generated here, sealed under the key ring
 * (bound to the workspace), and shown once: when the endpoint is first set and when it is rotated.
 */
import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { isIpAddress, privateAddressReason } from './network-address.rules.ts';
import { deleteEndpoint, type EndpointRow, getEndpoint, insertEndpoint, type SealedSecret, updateEndpoint } from './webhook-endpoints.repo.ts';
import { newWebhookSecret, secretHint } from './webhook-signature.ts';
import { cancelPendingDeliveries } from './webhooks.repo.ts';

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

/** Where a webhook URL may point: https only (production), and whether private networks are allowed (WEBHOOK_ALLOW_PRIVATE). */
export interface WebhookUrlRules {
  requireHttps: boolean;
  allowPrivate: boolean;
}

/** Why a URL cannot receive webhooks, or undefined when it can. */
export function webhookUrlProblem(url: string, rules: WebhookUrlRules): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  if (rules.requireHttps && parsed.protocol !== 'https:') return 'must use https in production';
  // Credentials in a URL end up in proxies' and servers' logs; requests are signed instead.
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  return rules.allowPrivate ? undefined : privateHostProblem(parsed.hostname);
}

/**
 * The part of the SSRF guard that can be decided from the URL alone. The URL parser has already
 * normalised 2130706433, 0x7f.1 and [::ffff:127.0.0.1] into canonical addresses. A host name is
 * checked again at each delivery, after resolving it (src/webhooks/webhook-transport.ts).
 */
function privateHostProblem(hostname: string): string | undefined {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  // RFC 6761: localhost and every name under it resolve to this host.
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at this host (localhost); set WEBHOOK_ALLOW_PRIVATE=true to allow it';
  if (!isIpAddress(host)) return undefined;
  const reason = privateAddressReason(host);
  return reason ? `must not point at ${reason}; set WEBHOOK_ALLOW_PRIVATE=true to allow it` : undefined;
}

/**
 * Sets the URL. The first time, a secret is made and returned; afterwards the secret is kept and
 * not shown. `secret` (WEBHOOK_SECRET at start-up) sets a known secret instead.
 */
export async function setWebhookEndpoint(deps: Deps, workspaceId: string, url: string, secret?: string): Promise<Result<WebhookEndpointView>> {
  const problem = webhookUrlProblem(url, deps.webhooks);
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
