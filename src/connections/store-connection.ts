/**
 * Writes one connected account: creates or updates the one connection for (workspace, provider,
 * account) with its sealed tokens, inside the caller's transaction. Used by the OAuth callback and by
 * the Facebook account choice.
 *
 * Tokens: when the account has a token of its own (a Facebook Page token), the connection keeps that
 * and the person's token lives once in the shared grant (`grantId`); otherwise the connection keeps the
 * person's access and refresh tokens itself.
 *
 * Reconnecting a channel that was disconnected or about to end queues the confirmation email and
 * in-app notice in the same transaction, once per reconnection (keyed by the version it produced).
 *
 * Connecting and reconnecting both queue a media sync in the same transaction: a crash after the
 * commit loses no sync, and a rolled-back connection leaves none behind.
 */
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import { queueMediaSync, startQueuedSyncNow } from '../media/index.ts';
import { insertNotification } from '../notifications/index.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { enqueueEmail } from '../platform/email/outbox.ts';
import { fromHeader } from '../platform/email/sender.ts';
import { viewerFor } from '../platform/web/viewer.ts';
import { getCreator, getWorkspace } from '../platform/workspaces.repo.ts';
import { accountName } from '../providers/account-name.ts';
import type { OAuthProvider, ProviderAccount, TokenSet } from '../providers/provider.ts';
import { grantExpiresAt, refreshDueAt } from '../providers/token-policy.ts';
import { accountLabel, accountRef, type Labelled } from './account-label.ts';
import type { ConnectSessionRow } from './connect.repo.ts';
import type { Connection } from './connection.rules.ts';
import { reconnectedEmail } from './connection-emails.ts';
import { reconnectedNotice } from './connection-notices.ts';
import { applyTransition, findByAccount, insertConnection, recordEvent, writeSealedTokens } from './connections.repo.ts';

export interface StoreInput {
  session: Pick<ConnectSessionRow, 'workspace_id' | 'creator_id' | 'provider'>;
  provider: OAuthProvider;
  tokens: TokenSet;
  account: ProviderAccount;
  /** The shared grant holding the person's token, when the account has its own token. */
  grantId?: string;
  /** Every account this one login connects now, as accountLabel names them: its one reconnect email names them all. */
  loginAccounts?: Labelled[];
}

export async function storeConnection(deps: Deps, trx: Tx, input: StoreInput): Promise<Result<{ connectionId: string; reconnected: boolean }>> {
  const { session, account } = input;
  const existing = await findByAccount(trx, session.workspace_id, session.provider, account.accountId);
  if (existing && existing.creatorId !== session.creator_id) {
    return fail('account_connected_elsewhere', `${accountName(account)} is already connected by another creator on this platform.`);
  }
  const now = deps.clock.now();
  const connectionId = existing?.id ?? newId('con', deps.clock);
  const fields = connectionFields(deps, input, connectionId);
  if (existing) {
    // Same creator, same account: keep the id and the history, replace the token.
    const updated = await applyTransition(trx, deps.clock, {
      id: existing.id,
      transition: 'reconnected',
      set: { ...fields, connected_at: now },
      detail: { from: existing.status },
    });
    if (!updated) return fail('internal_error');
    if (existing.status !== 'active') await queueReconnectedNotices(deps, trx, updated, input.loginAccounts);
    if (existing.grantId && existing.grantId !== input.grantId) await dropOrphanGrant(trx, existing.grantId);
  } else {
    const connection = await insertConnection(trx, {
      ...fields,
      id: connectionId,
      workspace_id: session.workspace_id,
      creator_id: session.creator_id,
      provider: session.provider,
      account_id: account.accountId,
      status: 'active',
      last_refreshed_at: null,
      connected_at: now,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(trx, deps.clock, connection, 'connected', { to: 'active' });
  }
  await writeSealedTokens(trx, connectionId, sealFor(deps, connectionId, input), now);
  const queued = await queueMediaSync(trx, { id: newId('msy', deps.clock), connectionId, reason: existing ? 'reconnected' : 'connected', now });
  // One already waiting (a retry after a network error) is the sync: it starts now, with the new token.
  if (!queued) await startQueuedSyncNow(trx, connectionId, now);
  return ok({ connectionId, reconnected: existing !== undefined });
}

async function queueReconnectedNotices(deps: Deps, trx: Tx, connection: Connection, loginAccounts: Labelled[] | undefined): Promise<void> {
  const [creator, workspace] = await Promise.all([getCreator(trx, connection.workspaceId, connection.creatorId), getWorkspace(trx, connection.workspaceId)]);
  const network = deps.providers.get(connection.provider)?.displayName ?? connection.provider;
  const dedupeKey = `reconnected:${connection.id}:${connection.version}`;
  const notice = reconnectedNotice({ network, account: accountRef(connection) });
  await insertNotification(trx, deps.clock, {
    workspaceId: connection.workspaceId,
    creatorId: connection.creatorId,
    connectionId: connection.id,
    kind: 'connection_reconnected',
    ...notice,
    dedupeKey,
  });
  if (!creator?.email) return;
  const viewer = await viewerFor(trx, deps.settings, { workspaceId: connection.workspaceId, creatorId: connection.creatorId });
  const account = accountLabel(connection, viewer.locale);
  // One login that reconnected several accounts (Facebook) is one confirmation, like its reminders.
  const perLogin = connection.grantId !== null;
  const accounts = perLogin && loginAccounts?.length ? loginAccounts.map((one) => accountLabel(one, viewer.locale)) : [account];
  await enqueueEmail(trx, deps.clock, {
    ...reconnectedEmail({ viewer, creatorName: creator.name, network, account, accounts }),
    workspaceId: connection.workspaceId,
    creatorId: connection.creatorId,
    connectionId: connection.id,
    kind: 'connection_reconnected',
    dedupeKey: perLogin ? `reconnected:grant:${connection.grantId}` : dedupeKey,
    to: creator.email,
    from: fromHeader(workspace?.emailFrom ?? deps.settings.emailFrom, viewer.brand.senderName),
  });
}

function connectionFields(deps: Deps, input: StoreInput, connectionId: string) {
  const { tokens, account } = input;
  const policy = deps.policies[input.session.provider];
  // A Page token outlives the person's token, but nothing can be read once the person's grant is over.
  const ownToken = account.accountAccessToken !== undefined;
  const grantEnds = grantExpiresAt({
    expiresAt: tokens.expiresAt,
    hasRefreshToken: tokens.refreshToken !== undefined,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    dataAccessExpiresAt: tokens.dataAccessExpiresAt,
  });
  const times = { issuedAt: tokens.issuedAt, expiresAt: ownToken ? null : tokens.expiresAt, grantExpiresAt: grantEnds, spreadKey: connectionId };
  return {
    login: input.provider.login,
    network: account.network,
    username: account.username,
    display_name: account.displayName,
    account_type: account.accountType,
    avatar_url: account.avatarUrl,
    status_reason: null,
    scopes: tokens.scopes ?? [...input.provider.scopes],
    token_issued_at: tokens.issuedAt,
    token_expires_at: times.expiresAt,
    grant_expires_at: grantEnds,
    grant_id: input.grantId ?? null,
    provider_user_id: tokens.providerUserId ?? null,
    disconnected_at: null,
    refresh_due_at: policy ? refreshDueAt(policy, times) : null,
    refresh_retry_at: null,
    refresh_attempts: 0,
    refresh_started_at: null,
    last_error_code: null,
    last_error_at: null,
    last_verified_at: deps.clock.now(),
    lease_owner: null,
    lease_expires_at: null,
  };
}

function sealFor(deps: Deps, connectionId: string, input: StoreInput) {
  const { tokens, account } = input;
  const access = account.accountAccessToken ?? tokens.accessToken;
  const refresh = account.accountAccessToken === undefined ? tokens.refreshToken : undefined;
  return {
    keyId: deps.keyRing.activeKeyId,
    accessTokenSealed: deps.keyRing.seal(access, `${connectionId}:access`),
    refreshTokenSealed: refresh ? deps.keyRing.seal(refresh, `${connectionId}:refresh`) : null,
  };
}

/** Stores the person's token once, for every connection their login reached. */
export async function insertGrant(deps: Deps, trx: Tx, input: { session: StoreInput['session']; tokens: TokenSet }): Promise<string> {
  const id = newId('grt', deps.clock);
  const now = deps.clock.now();
  const { tokens } = input;
  await trx
    .insertInto('provider_grants')
    .values({
      id,
      workspace_id: input.session.workspace_id,
      creator_id: input.session.creator_id,
      provider: input.session.provider,
      provider_user_id: tokens.providerUserId ?? null,
      key_id: deps.keyRing.activeKeyId,
      access_token_sealed: deps.keyRing.seal(tokens.accessToken, `${id}:access`),
      refresh_token_sealed: tokens.refreshToken ? deps.keyRing.seal(tokens.refreshToken, `${id}:refresh`) : null,
      scopes: tokens.scopes ?? [],
      expires_at: tokens.expiresAt,
      data_access_expires_at: tokens.dataAccessExpiresAt ?? null,
      created_at: tokens.issuedAt,
      updated_at: now,
    })
    .execute();
  return id;
}

/** A grant no connection uses any more (replaced by a newer login) is deleted with its sealed token. */
export async function dropOrphanGrant(trx: Tx, grantId: string): Promise<void> {
  await trx
    .deleteFrom('provider_grants')
    .where('id', '=', grantId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('connections').select('id').where('grant_id', '=', grantId))))
    .execute();
}
