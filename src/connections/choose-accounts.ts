/**
 * The creator's choice after a login that reached several accounts (Facebook: their Pages and the
 * Instagram accounts linked to them). Each chosen account becomes its own connection; all of them
 * share the one sealed grant parked by the callback. The choice link works once, within the hour.
 */

import { fail, ok, type Result } from '../kernel/errors.ts';
import { sha256 } from '../platform/crypto/hash.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { accountName } from '../providers/account-name.ts';
import type { Network, TokenSet } from '../providers/provider.ts';
import type { ConnectSessionRow } from './connect.repo.ts';
import { type FlowTarget, targetOf } from './connect-flow.ts';
import type { AccountChoice } from './connections.table.ts';
import { storeConnection } from './store-connection.ts';

export const choiceKey = (choice: Pick<AccountChoice, 'network' | 'accountId'>) => `${choice.network}:${choice.accountId}`;

export interface PendingChoice {
  network: string;
  returnUrl: string | null;
  choices: Omit<AccountChoice, 'accountTokenSealed'>[];
}

export async function loadChoice(deps: Deps, token: string): Promise<Result<PendingChoice> & FlowTarget> {
  const session = await deps.db.selectFrom('connect_sessions').selectAll().where('choice_token_hash', '=', sha256(token)).executeTakeFirst();
  const usable = checkSession(deps, session);
  if (!usable.ok) return usable;
  const provider = deps.providers.get(usable.value.provider);
  const value = {
    network: provider?.displayName ?? usable.value.provider,
    returnUrl: usable.value.return_url,
    choices: (usable.value.choices ?? []).map(({ accountTokenSealed: _, ...rest }) => rest),
  };
  return { ...ok(value), ...targetOf(usable.value) };
}

export interface ChoiceResult {
  connectionIds: string[];
  returnUrl: string | null;
  network: string;
  names: string[];
  allowedOrigins: string[] | null;
}

export async function completeChoice(deps: Deps, token: string, selected: readonly string[]): Promise<Result<ChoiceResult> & FlowTarget> {
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const session = await trx.selectFrom('connect_sessions').selectAll().where('choice_token_hash', '=', sha256(token)).forUpdate().executeTakeFirst();
      const usable = checkSession(deps, session);
      if (!usable.ok) return usable;
      const row = usable.value;
      const provider = deps.providers.get(row.provider);
      const picked = (row.choices ?? []).filter((choice) => selected.includes(choiceKey(choice)));
      const allowedOrigins = row.allowed_origins;
      const target = targetOf(row);
      if (!provider || !row.pending_grant_id) return { ...fail('state_invalid'), ...target };
      if (picked.length === 0) return { ...fail('choice_invalid'), ...target };
      const tokens = await grantTokens(deps, trx, row.pending_grant_id);
      const connectionIds: string[] = [];
      const loginAccounts = picked.map((choice) => ({ ...choice, provider: row.provider }));
      for (const choice of picked) {
        const accountAccessToken = choice.accountTokenSealed ? deps.keyRing.open(choice.accountTokenSealed, `choice:${row.id}:${choice.network}:${choice.accountId}`) : undefined;
        const account = { ...choice, network: choice.network as Network, eligible: true, accountAccessToken };
        const stored = await storeConnection(deps, trx, { session: row, provider, tokens, account, grantId: row.pending_grant_id, loginAccounts });
        // Throwing rolls the whole choice back: a creator never ends up with half of what they picked.
        if (!stored.ok) throw new ChoiceRefused(stored.error, target);
        connectionIds.push(stored.value.connectionId);
      }
      await trx
        .updateTable('connect_sessions')
        .set({ completed_at: deps.clock.now(), connection_id: connectionIds[0] ?? null, choices: null, choice_token_hash: null })
        .where('id', '=', row.id)
        .execute();
      const names = picked.map((choice) => accountName(choice));
      return { ...ok({ connectionIds, returnUrl: row.return_url, network: provider.displayName, names, allowedOrigins }), ...target };
    })
    .catch((error: unknown) => {
      if (error instanceof ChoiceRefused) return { ok: false as const, error: error.failure, ...error.target };
      throw error;
    });
}

class ChoiceRefused extends Error {
  readonly failure: Extract<Result<never>, { ok: false }>['error'];
  readonly target: FlowTarget;
  constructor(failure: Extract<Result<never>, { ok: false }>['error'], target: FlowTarget) {
    super(failure.code);
    this.failure = failure;
    this.target = target;
  }
}

function checkSession(deps: Deps, session: ConnectSessionRow | undefined): Result<ConnectSessionRow> & FlowTarget {
  if (!session?.choices) return fail('connect_session_not_found');
  if (session.completed_at) return { ...fail('connect_session_used'), ...targetOf(session) };
  if (session.expires_at <= deps.clock.now()) return { ...fail('connect_session_expired'), ...targetOf(session) };
  return ok(session);
}

async function grantTokens(deps: Deps, trx: Tx, grantId: string): Promise<TokenSet> {
  const grant = await trx.selectFrom('provider_grants').selectAll().where('id', '=', grantId).executeTakeFirstOrThrow();
  return {
    accessToken: deps.keyRing.open(grant.access_token_sealed, `${grant.id}:access`),
    issuedAt: grant.created_at,
    expiresAt: grant.expires_at,
    scopes: grant.scopes,
    dataAccessExpiresAt: grant.data_access_expires_at,
    providerUserId: grant.provider_user_id ?? undefined,
  };
}
