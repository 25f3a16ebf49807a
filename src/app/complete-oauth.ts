/**
 * The OAuth callback: consume the state once, exchange the code for the longest-lived token,
 * refuse accounts the product cannot serve, then create or update the one connection for
 * (workspace, provider, account) with its sealed token, in one transaction.
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { refreshDueAt } from '../domain/token-policy.ts';
import { ProviderError, type Grant, type ProviderAccount, type TokenSet } from '../providers/provider.ts';
import { applyTransition, findByAccount, insertConnection, recordEvent, writeSealedTokens, type Tx } from '../storage/connections.repo.ts';
import { consumeState, findSession, type ConnectSessionRow } from '../storage/connect.repo.ts';
import type { Deps } from './deps.ts';
import { callbackUrl } from './connect-session.ts';

export interface CallbackInput {
  provider: string;
  state?: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

export interface CallbackSuccess {
  connectionId: string;
  reconnected: boolean;
  returnUrl: string | null;
  username: string | null;
  network: string;
}

export type CallbackResult = Result<CallbackSuccess> & { returnUrl?: string | null };

export async function completeAuthorization(deps: Deps, input: CallbackInput): Promise<CallbackResult> {
  const now = deps.clock.now();
  if (!input.state) return fail('state_invalid');
  const consumed = await consumeState(deps.db, input.state, now);
  if (!consumed.ok) {
    if (!consumed.row) return fail('state_invalid');
    return fail(consumed.row.consumed_at ? 'state_used' : 'state_expired');
  }
  const session = await findSession(deps.db, consumed.row.session_id);
  const provider = deps.providers.get(input.provider);
  if (!session || !provider || consumed.row.provider !== input.provider) return fail('state_invalid');
  const withReturn = <R extends Result<unknown>>(result: R) => ({ ...result, returnUrl: session.return_url });
  if (input.error) return withReturn(fail('access_denied'));
  if (session.completed_at) return withReturn(fail('connect_session_used'));
  if (session.expires_at <= now) return withReturn(fail('connect_session_expired'));
  if (!input.code) return withReturn(fail('oauth_failed', 'The network sent no authorization code.'));

  let exchanged: Grant;
  try {
    exchanged = await provider.exchangeCode({ code: input.code, redirectUri: callbackUrl(deps, input.provider) });
  } catch (error) {
    const kind = error instanceof ProviderError ? error.kind : 'unexpected_response';
    deps.logger.warn({ provider: input.provider, kind, providerCode: error instanceof ProviderError ? error.providerCode : undefined }, 'code exchange failed');
    return withReturn(fail(kind === 'transient' || kind === 'rate_limited' ? 'provider_unavailable' : 'oauth_failed'));
  }
  const grant = { tokens: exchanged.tokens, account: exchanged.accounts[0]! };
  if (!grant.account.eligible) {
    deps.logger.info({ provider: input.provider, accountType: grant.account.accountType }, 'refused a non-professional account');
    return withReturn(fail('personal_account', undefined, { accountType: grant.account.accountType, username: grant.account.username }));
  }
  const store = () => deps.db.transaction().execute((trx) => storeConnection(deps, trx, session, provider.login, grant));
  // Two callbacks for the same new account can race to insert it; the loser retries and finds the winner's row.
  const stored = await store().catch((error: unknown) => {
    if (isUniqueViolation(error)) return store();
    throw error;
  });
  if (!stored.ok) return withReturn(stored);
  return ok({ ...stored.value, returnUrl: session.return_url, username: grant.account.username, network: provider.displayName });
}

async function storeConnection(
  deps: Deps,
  trx: Tx,
  session: ConnectSessionRow,
  login: string,
  grant: { tokens: TokenSet; account: ProviderAccount },
): Promise<Result<{ connectionId: string; reconnected: boolean }>> {
  const now = deps.clock.now();
  const { tokens, account } = grant;
  const policy = deps.policies[session.provider];
  const existing = await findByAccount(trx, session.workspace_id, session.provider, account.accountId);
  if (existing && existing.creatorId !== session.creator_id) {
    return fail('account_connected_elsewhere', `@${account.username ?? account.accountId} is already connected by another creator on this platform.`);
  }
  const fields = {
    login,
    username: account.username,
    display_name: account.displayName,
    account_type: account.accountType,
    avatar_url: account.avatarUrl,
    status_reason: null,
    scopes: tokens.scopes ?? [...(deps.providers.get(session.provider)?.scopes ?? [])],
    token_issued_at: tokens.issuedAt,
    token_expires_at: tokens.expiresAt,
    disconnected_at: null,
    refresh_due_at: policy ? refreshDueAt(policy, tokens) : null,
    refresh_retry_at: null,
    refresh_attempts: 0,
    last_error_code: null,
    last_error_at: null,
    last_verified_at: now,
    lease_owner: null,
    lease_expires_at: null,
  };
  const connectionId = existing?.id ?? newId('con', deps.clock);
  if (existing) {
    // Same creator, same account: keep the id and the history, replace the token.
    const updated = await applyTransition(trx, deps.clock, { id: existing.id, transition: 'reconnected', set: { ...fields, connected_at: now }, detail: { from: existing.status } });
    if (!updated) return fail('internal_error');
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
  await writeSealedTokens(
    trx,
    connectionId,
    {
      keyId: deps.keyRing.activeKeyId,
      accessTokenSealed: deps.keyRing.seal(tokens.accessToken, `${connectionId}:access`),
      refreshTokenSealed: tokens.refreshToken ? deps.keyRing.seal(tokens.refreshToken, `${connectionId}:refresh`) : null,
    },
    now,
  );
  await trx.updateTable('connect_sessions').set({ completed_at: now, connection_id: connectionId }).where('id', '=', session.id).execute();
  return ok({ connectionId, reconnected: existing !== undefined });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
