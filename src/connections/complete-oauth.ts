/**
 * The OAuth callback: consume the state once, exchange the code (with its PKCE verifier) for the
 * longest-lived token, refuse accounts the product cannot serve, then store the connection with its
 * sealed token in one transaction. A login that reached several accounts (Facebook: Pages and the
 * Instagram accounts linked to them) is parked, sealed, until the creator picks which to connect.
 */

import { fail, ok, type Result } from '../kernel/errors.ts';
import { randomToken, sha256 } from '../platform/crypto/hash.ts';
import type { Deps } from '../platform/deps.ts';
import { accountName } from '../providers/account-name.ts';
import { type Grant, type OAuthProvider, ProviderError } from '../providers/provider.ts';
import { type ConnectSessionRow, claimOpenSession, consumeState, findSession } from './connect.repo.ts';
import { type FlowTarget, retryLink, targetOf } from './connect-flow.ts';
import { CONNECT_SESSION_MINUTES, callbackUrl } from './connect-session.ts';
import type { AccountChoice } from './connections.table.ts';
import { insertGrant, storeConnection } from './store-connection.ts';

/** Failures that another go at the network's consent can fix, while the connect link is still valid. */
const RETRYABLE: ReadonlySet<string> = new Set(['access_denied', 'oauth_failed', 'provider_unavailable', 'personal_account', 'no_eligible_account', 'account_connected_elsewhere']);

export interface CallbackInput {
  provider: string;
  state?: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

export interface CallbackSuccess {
  /** Set when one account was connected. */
  connectionId: string | null;
  /** Set when the creator must pick among several accounts first: where to send them. */
  chooseUrl: string | null;
  reconnected: boolean;
  returnUrl: string | null;
  /** The account connected, as accountName names it; null when the creator picks among several first. */
  account: string | null;
  network: string;
  allowedOrigins: string[] | null;
}

export type CallbackResult = Result<CallbackSuccess> & { returnUrl?: string | null } & FlowTarget;

export async function completeAuthorization(deps: Deps, input: CallbackInput): Promise<CallbackResult> {
  const now = deps.clock.now();
  if (!input.state) return fail('state_invalid');
  const consumed = await consumeState(deps.db, input.state, now);
  if (!consumed.ok) {
    if (!consumed.row) return fail('state_invalid');
    return consumed.row.consumed_at ? fail('state_used') : lateConsent(deps, consumed.row.session_id);
  }
  const session = await findSession(deps.db, consumed.row.session_id);
  const provider = deps.providers.get(input.provider);
  if (!session || !provider || consumed.row.provider !== input.provider) return fail('state_invalid');
  // A failure the creator can undo (a cancelled consent, a personal account switched, a network hiccup) offers "Try again".
  const withReturn = <R extends Result<unknown>>(result: R) => ({
    ...result,
    ...targetOf(session),
    returnUrl: session.return_url,
    retryUrl: !result.ok && RETRYABLE.has(result.error.code) ? retryLink(deps, session) : null,
  });
  if (input.error) return withReturn(fail('access_denied'));
  if (session.completed_at) return withReturn(fail('connect_session_used'));
  if (session.expires_at <= now) return withReturn(fail('connect_session_expired'));
  if (!input.code) return withReturn(fail('oauth_failed', 'The network sent no authorization code.'));
  const verifier = consumed.row.code_verifier_sealed ? deps.keyRing.open(consumed.row.code_verifier_sealed, `state:${consumed.row.state_hash}`) : undefined;

  const exchanged = await exchange(deps, provider, input.code, verifier);
  if (!exchanged.ok) return withReturn(exchanged);
  const grant = exchanged.value;
  const eligible = grant.accounts.filter((account) => account.eligible);
  if (eligible.length === 0) return withReturn(refusal(deps, provider, grant));
  if (eligible.length > 1) return withReturn(ok(await parkChoice(deps, session, provider, { ...grant, accounts: eligible })));
  const account = eligible[0]!;
  const store = () =>
    deps.db
      .transaction()
      .execute(async (trx): Promise<Result<{ connectionId: string; reconnected: boolean }>> => {
        // The link completes once: a second callback of the same link (opened twice) stores nothing.
        if (!(await claimOpenSession(trx, session.id, now))) return fail('connect_session_used');
        const grantId = account.accountAccessToken !== undefined ? await insertGrant(deps, trx, { session, tokens: grant.tokens }) : undefined;
        const stored = await storeConnection(deps, trx, { session, provider, tokens: grant.tokens, account, grantId });
        // A refusal rolls the claim back with everything else: the link stays usable for another account.
        if (!stored.ok) throw new StoreRefused(stored);
        await trx.updateTable('connect_sessions').set({ connection_id: stored.value.connectionId }).where('id', '=', session.id).execute();
        return stored;
      })
      .catch((error: unknown) => {
        if (error instanceof StoreRefused) return error.result;
        throw error;
      });
  // Two callbacks for the same new account can race to insert it; the loser retries and finds the winner's row.
  const stored = await store().catch((error: unknown) => {
    if (isUniqueViolation(error)) return store();
    throw error;
  });
  if (!stored.ok) return withReturn(stored);
  const done = ok({
    ...stored.value,
    chooseUrl: null,
    returnUrl: session.return_url,
    account: accountName(account),
    network: provider.displayName,
    allowedOrigins: session.allowed_origins,
  });
  return { ...done, ...targetOf(session) };
}

/** Consent that took longer than the state lives: the connect link may still be valid, so the creator can try again. */
async function lateConsent(deps: Deps, sessionId: string): Promise<CallbackResult> {
  const session = await findSession(deps.db, sessionId);
  if (!session) return fail('state_expired');
  return { ...fail('state_expired'), ...targetOf(session), returnUrl: session.return_url, retryUrl: retryLink(deps, session) };
}

async function exchange(deps: Deps, provider: OAuthProvider, code: string, codeVerifier: string | undefined): Promise<Result<Grant>> {
  try {
    return ok(await provider.exchangeCode({ code, redirectUri: callbackUrl(deps, provider.id), codeVerifier }));
  } catch (error) {
    const kind = error instanceof ProviderError ? error.kind : 'unexpected_response';
    deps.logger.warn({ provider: provider.id, kind, providerCode: error instanceof ProviderError ? error.providerCode : undefined }, 'code exchange failed');
    return fail(kind === 'transient' || kind === 'rate_limited' ? 'provider_unavailable' : 'oauth_failed');
  }
}

function refusal(deps: Deps, provider: OAuthProvider, grant: Grant) {
  const first = grant.accounts[0];
  deps.logger.info({ provider: provider.id, accountType: first?.accountType, reason: first?.ineligibleReason }, 'refused an account the product cannot serve');
  if (first?.ineligibleReason === 'personal_account' && first.network === 'instagram') {
    return fail('personal_account', undefined, { accountType: first.accountType, username: first.username });
  }
  const why: Record<string, string> = {
    no_channel: 'This Google account has no YouTube channel. Create a channel on YouTube, then connect again.',
    personal_account: `Only ${provider.displayName} business accounts can be connected. Switch to a business account (free), then connect again.`,
  };
  const message = first
    ? why[first.ineligibleReason ?? '']
    : `Your ${provider.displayName} login gave access to no Page or professional account. Check that you chose at least one, then connect again.`;
  return fail('no_eligible_account', message, { reason: first?.ineligibleReason ?? 'no_accounts' });
}

/** Seals the person's token and each account's own token, and hands back a one-time choice link. */
async function parkChoice(deps: Deps, session: ConnectSessionRow, provider: OAuthProvider, grant: Grant): Promise<CallbackSuccess> {
  const token = randomToken();
  await deps.db.transaction().execute(async (trx) => {
    const grantId = await insertGrant(deps, trx, { session, tokens: grant.tokens });
    const choices: AccountChoice[] = grant.accounts.map((account) => ({
      accountId: account.accountId,
      network: account.network,
      username: account.username,
      displayName: account.displayName,
      accountType: account.accountType,
      avatarUrl: account.avatarUrl,
      accountTokenSealed: account.accountAccessToken ? deps.keyRing.seal(account.accountAccessToken, `choice:${session.id}:${account.network}:${account.accountId}`) : null,
    }));
    // The creator gets a fresh hour to choose; the link is good once.
    const expiresAt = new Date(deps.clock.now().getTime() + CONNECT_SESSION_MINUTES * 60_000);
    await trx
      .updateTable('connect_sessions')
      .set({ choice_token_hash: sha256(token), pending_grant_id: grantId, choices: JSON.stringify(choices), expires_at: expiresAt })
      .where('id', '=', session.id)
      .execute();
  });
  return {
    connectionId: null,
    chooseUrl: `${deps.settings.publicUrl}/connect/choose/${token}`,
    reconnected: false,
    returnUrl: session.return_url,
    account: null,
    network: provider.displayName,
    allowedOrigins: session.allowed_origins,
  };
}

class StoreRefused extends Error {
  readonly result: Extract<Result<never>, { ok: false }>;
  constructor(result: Extract<Result<never>, { ok: false }>) {
    super(result.error.code);
    this.result = result;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
