/**
 * Bulk seeding straight into the tables (not timed as part of any benchmark): one workspace with an
 * API key, one creator per connection, connection rows shaped like the ones complete-oauth writes,
 * and sealed tokens, in multi-row INSERTs of CHUNK rows.
 */
import type { Insertable } from 'kysely';
import type { ConnectionsTable, ConnectionTokensTable } from '../../src/connections/connections.table.ts';
import { newId } from '../../src/kernel/ids.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import type { CreatorsTable } from '../../src/platform/workspaces.table.ts';
import { refreshDueAt } from '../../src/providers/token-policy.ts';

export const CHUNK = 1_000;

export interface SeedAccount {
  accountId: string;
  username: string;
  accessToken: string;
  issuedAt: Date;
  expiresAt: Date;
}

export async function seedWorkspace(deps: Deps, apiKey: string): Promise<string> {
  return (await ensureWorkspaceForApiKey(deps.db, deps.clock, apiKey, 'Bench workspace')).id;
}

/** Inserts one creator + connection + sealed token per account; returns the connection ids in order. */
export async function seedConnections(deps: Deps, workspaceId: string, accounts: readonly SeedAccount[], onProgress?: (done: number) => void): Promise<string[]> {
  const policy = deps.policies.instagram;
  if (!policy) throw new Error('no instagram token policy');
  const now = deps.clock.now();
  const ids: string[] = [];
  let creatorSeq = 0;
  for (let start = 0; start < accounts.length; start += CHUNK) {
    const slice = accounts.slice(start, start + CHUNK);
    const creators: Insertable<CreatorsTable>[] = [];
    const connections: Insertable<ConnectionsTable>[] = [];
    const tokens: Insertable<ConnectionTokensTable>[] = [];
    for (const account of slice) {
      const id = newId('con', deps.clock);
      const creatorId = `creator-${++creatorSeq}`;
      ids.push(id);
      creators.push({
        workspace_id: workspaceId,
        id: creatorId,
        email: `${creatorId}@bench.example`,
        name: `Creator ${creatorSeq}`,
        created_at: account.issuedAt,
        updated_at: account.issuedAt,
      });
      connections.push({
        id,
        workspace_id: workspaceId,
        creator_id: creatorId,
        provider: 'instagram',
        network: 'instagram',
        login: 'instagram_login',
        account_id: account.accountId,
        username: account.username,
        display_name: account.username,
        account_type: 'BUSINESS',
        avatar_url: null,
        status: 'active',
        status_reason: null,
        scopes: ['instagram_business_basic', 'instagram_business_manage_insights'],
        token_issued_at: account.issuedAt,
        token_expires_at: account.expiresAt,
        grant_expires_at: account.expiresAt,
        last_refreshed_at: null,
        connected_at: account.issuedAt,
        disconnected_at: null,
        refresh_due_at: refreshDueAt(policy, { issuedAt: account.issuedAt, expiresAt: account.expiresAt }),
        refresh_retry_at: null,
        refresh_attempts: 0,
        last_error_code: null,
        last_error_at: null,
        last_verified_at: account.issuedAt,
        lease_owner: null,
        lease_expires_at: null,
        created_at: account.issuedAt,
        updated_at: now,
      });
      tokens.push({
        connection_id: id,
        key_id: deps.keyRing.activeKeyId,
        access_token_sealed: deps.keyRing.seal(account.accessToken, `${id}:access`),
        refresh_token_sealed: null,
        updated_at: now,
      });
    }
    await deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('creators').values(creators).execute();
      await trx.insertInto('connections').values(connections).execute();
      await trx.insertInto('connection_tokens').values(tokens).execute();
    });
    onProgress?.(Math.min(start + CHUNK, accounts.length));
  }
  return ids;
}
