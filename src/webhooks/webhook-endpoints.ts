/**
 * A workspace's webhook endpoints as resources (`/v1/webhook-endpoints`): each has its URL, an
 * optional description and event-type filter, and its own signing secret, generated here, sealed
 * under the key ring (bound to the workspace) and shown once: when the endpoint is created and when
 * its secret is rotated. The single-endpoint routes (webhook-settings.ts) address the oldest.
 */
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../kernel/keyset-cursor.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { previousSecretInForce, unknownWebhookTypes, WEBHOOK_SECRET_OVERLAP_MS, type WebhookType, webhookTypes } from './webhook.rules.ts';
import {
  deleteEndpoint,
  type EndpointChanges,
  type EndpointRow,
  findEndpoint,
  insertEndpoint,
  listEndpointPage,
  lockWorkspaceEndpoints,
  type SealedSecret,
  updateEndpoint,
} from './webhook-endpoints.repo.ts';
import { newWebhookSecret, secretHint } from './webhook-signature.ts';
import { webhookUrlProblem } from './webhook-url.rules.ts';
import { cancelPendingDeliveries } from './webhooks.repo.ts';

/** Each endpoint multiplies every event's deliveries; past this many a workspace is asked to delete one first. */
export const MAX_ENDPOINTS_PER_WORKSPACE = 20;

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  /** The event types sent here; null: every type, those added later included. */
  eventTypes: WebhookType[] | null;
  secretHint: string;
  /** Present only in the answer that created the endpoint or rotated its secret. */
  secret?: string;
  /** Whether the deprecated `Channelkeeper-Signature` header is sent too (endpoints set through `PUT /v1/webhook`). */
  legacySignatureHeader: boolean;
  /** Until when the secret the last rotation replaced signs too; null when it no longer does. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointInput {
  url?: string;
  description?: string | null;
  eventTypes?: string[] | null;
}

export const webhookSecretContext = (workspaceId: string) => `webhook:${workspaceId}`;

const notFound = () => fail('not_found', 'No webhook endpoint with this id in this workspace.');

export function toEndpointView(row: EndpointRow, now: Date, secret?: string): WebhookEndpointView {
  const previous = row.previous_secret_sealed === null ? null : row.previous_secret_expires_at;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types as WebhookType[] | null,
    secretHint: row.secret_hint,
    ...(secret ? { secret } : {}),
    legacySignatureHeader: row.legacy_signature,
    previousSecretExpiresAt: previousSecretInForce(previous, now) ? previous.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function sealSecret(deps: Pick<Deps, 'keyRing'>, workspaceId: string, secret: string): SealedSecret {
  return { keyId: deps.keyRing.activeKeyId, secretSealed: deps.keyRing.seal(secret, webhookSecretContext(workspaceId)), secretHint: secretHint(secret) };
}

/** The URL rules (private networks, https in production) and the closed list of event types, as one 400 naming each problem. */
export function endpointInputProblem(deps: Pick<Deps, 'webhooks'>, input: EndpointInput): ReturnType<typeof fail<'invalid_request'>> | undefined {
  const fields: { field: string; problem: string }[] = [];
  const urlProblem = input.url === undefined ? undefined : webhookUrlProblem(input.url, { ...deps.webhooks, ownAddresses: deps.webhooks.hostAddresses() });
  if (urlProblem) fields.push({ field: 'url', problem: urlProblem });
  for (const type of unknownWebhookTypes(input.eventTypes ?? [])) {
    fields.push({ field: 'eventTypes', problem: `unknown event type "${type}" (known: ${webhookTypes.join(', ')})` });
  }
  if (fields.length === 0) return undefined;
  return fail('invalid_request', `Invalid request: ${fields.map((f) => `${f.field}: ${f.problem}`).join('; ')}.`, { fields });
}

/** A filter as stored: each type once, in the order given; null (every type) when none is given. */
const filterOf = (eventTypes: string[] | null | undefined) => (eventTypes ? [...new Set(eventTypes)] : eventTypes);

export interface NewEndpointOptions {
  /** Also send the deprecated `Channelkeeper-Signature` (endpoints made through `PUT /v1/webhook`). */
  legacySignature?: boolean;
  /** A known secret (WEBHOOK_SECRET) instead of a new one; it is not shown back. */
  secret?: string;
}

export async function createWebhookEndpoint(
  deps: Deps,
  workspaceId: string,
  input: EndpointInput & { url: string },
  options: NewEndpointOptions = {},
): Promise<Result<WebhookEndpointView>> {
  const problem = endpointInputProblem(deps, input);
  if (problem) return problem;
  return deps.db.transaction().execute((trx) => addEndpoint(trx, deps, workspaceId, input, options));
}

/** Inserts an endpoint whose input is checked, in the caller's transaction, under the workspace lock. */
export async function addEndpoint(
  trx: Tx,
  deps: Pick<Deps, 'clock' | 'keyRing'>,
  workspaceId: string,
  input: EndpointInput & { url: string },
  options: NewEndpointOptions,
): Promise<Result<WebhookEndpointView>> {
  if ((await lockWorkspaceEndpoints(trx, workspaceId)) >= MAX_ENDPOINTS_PER_WORKSPACE) return fail('webhook_endpoint_limit');
  const secret = options.secret ?? newWebhookSecret();
  const row = await insertEndpoint(trx, {
    id: newId('wep', deps.clock),
    workspaceId,
    url: input.url,
    description: input.description ?? null,
    eventTypes: filterOf(input.eventTypes) ?? null,
    legacySignature: options.legacySignature ?? false,
    secret: sealSecret(deps, workspaceId, secret),
    now: deps.clock.now(),
  });
  return ok(toEndpointView(row, deps.clock.now(), options.secret ? undefined : secret));
}

export async function getWebhookEndpoint(deps: Pick<Deps, 'db' | 'clock'>, workspaceId: string, id: string): Promise<Result<WebhookEndpointView>> {
  const row = await findEndpoint(deps.db, workspaceId, id);
  return row ? ok(toEndpointView(row, deps.clock.now())) : notFound();
}

export interface EndpointPage {
  data: WebhookEndpointView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function listWebhookEndpoints(deps: Pick<Deps, 'db' | 'clock'>, workspaceId: string, query: { limit: number; cursor?: string }): Promise<Result<EndpointPage>> {
  const decoded = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !decoded) return fail('invalid_request', 'Invalid request: cursor: not a cursor from a previous page.');
  // One extra row tells whether another page exists.
  const rows = await listEndpointPage(deps.db, workspaceId, { limit: query.limit + 1, after: decoded && { createdAt: decoded.at, id: decoded.id } });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return ok({ data: page.map((row) => toEndpointView(row, deps.clock.now())), nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null });
}

/** Changes what is given; `eventTypes: null` sends every type again, `legacySignatureHeader: false` stops the old header. */
export async function patchWebhookEndpoint(
  deps: Deps,
  workspaceId: string,
  id: string,
  input: EndpointInput & { legacySignatureHeader?: false },
): Promise<Result<WebhookEndpointView>> {
  const problem = endpointInputProblem(deps, input);
  if (problem) return problem;
  const changes: EndpointChanges = {
    ...(input.url === undefined ? {} : { url: input.url }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.eventTypes === undefined ? {} : { eventTypes: filterOf(input.eventTypes) }),
    ...(input.legacySignatureHeader === false ? { legacySignature: false } : {}),
  };
  const now = deps.clock.now();
  const row = await updateEndpoint(deps.db, workspaceId, id, changes, now);
  return row ? ok(toEndpointView(row, now)) : notFound();
}

/** Removes the endpoint and cancels what was still waiting to be sent to it; later changes queue nothing for it. */
export async function removeWebhookEndpoint(deps: Pick<Deps, 'db'>, workspaceId: string, id: string): Promise<{ removed: boolean; cancelled: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const removed = await deleteEndpoint(trx, workspaceId, id);
    return { removed, cancelled: removed ? await cancelPendingDeliveries(trx, id) : 0 };
  });
}

/**
 * A new secret signs every later attempt at once, and the one it replaces signs beside it for 24
 * hours (two signatures in `webhook-signature`), so the receiver can switch without losing a
 * request. Rotating again within that time drops the oldest: only the secret just replaced overlaps.
 */
export async function rotateEndpointSecret(deps: Deps, workspaceId: string, id: string): Promise<Result<WebhookEndpointView>> {
  const secret = newWebhookSecret();
  const now = deps.clock.now();
  const context = webhookSecretContext(workspaceId);
  return deps.db.transaction().execute(async (trx) => {
    // Locked: two rotations at once must not both keep the same "previous" and lose a secret a receiver holds.
    const row = await findEndpoint(trx, workspaceId, id, 'for update');
    if (!row) return notFound();
    // Re-sealed under the active key beside the new secret, so the row's key_id names the key of both.
    const previous = { secretSealed: deps.keyRing.seal(deps.keyRing.open(row.secret_sealed, context), context), expiresAt: new Date(now.getTime() + WEBHOOK_SECRET_OVERLAP_MS) };
    const updated = await updateEndpoint(trx, workspaceId, id, { secret: sealSecret(deps, workspaceId, secret), previous }, now);
    return updated ? ok(toEndpointView(updated, now, secret)) : notFound();
  });
}
