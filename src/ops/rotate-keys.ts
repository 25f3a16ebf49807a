/**
 * Re-seals every secret under the active key, in batches, while the service runs. Each batch is
 * one transaction over rows locked with SKIP LOCKED, so it never blocks or overwrites a concurrent
 * refresh for long: a row being refreshed is skipped now and picked up by the next pass (and a
 * refresh seals under the active key anyway).
 */
import { sql } from 'kysely';
import { countPartnershipTokensToReseal, resealPartnershipTokens } from '../partnership-ads/index.ts';
import type { Deps } from '../platform/deps.ts';
import { previousSecretInForce, webhookSecretContext } from '../webhooks/index.ts';
import { rewriteKeyCanariesAfterRotation } from './key-canary.ts';

export interface RotationProgress {
  done: number;
  total: number;
  /** Secrets still under another key when the rotation ended (busy rows it skipped): run it again. */
  left?: number;
}

export async function countSecretsToRotate(deps: Pick<Deps, 'db' | 'keyRing'>): Promise<number> {
  const row = await deps.db
    .selectFrom('connection_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key_id', '<>', deps.keyRing.activeKeyId)
    .executeTakeFirstOrThrow();
  const webhooks = await deps.db
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key_id', '<>', deps.keyRing.activeKeyId)
    .executeTakeFirstOrThrow();
  const grants = await deps.db
    .selectFrom('provider_grants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key_id', '<>', deps.keyRing.activeKeyId)
    .executeTakeFirstOrThrow();
  return Number(row.n) + Number(webhooks.n) + Number(grants.n) + (await countPartnershipTokensToReseal(deps));
}

/**
 * Shared grants (a Facebook person's token), one per login. Sealed values that live minutes (PKCE
 * verifiers, a pending account choice) are left to expire: retiring a key older than an hour is safe.
 */
async function rotateProviderGrants(deps: Pick<Deps, 'db' | 'keyRing'>, batchSize: number): Promise<number> {
  const { keyRing } = deps;
  let total = 0;
  for (;;) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const rows = await sql<{ id: string; access_token_sealed: string; refresh_token_sealed: string | null }>`
        select id, access_token_sealed, refresh_token_sealed from provider_grants
        where key_id <> ${keyRing.activeKeyId} limit ${batchSize} for update skip locked`.execute(trx);
      for (const row of rows.rows) {
        const reseal = (sealed: string, role: string) => keyRing.seal(keyRing.open(sealed, `${row.id}:${role}`), `${row.id}:${role}`);
        await trx
          .updateTable('provider_grants')
          .set({
            key_id: keyRing.activeKeyId,
            access_token_sealed: reseal(row.access_token_sealed, 'access'),
            refresh_token_sealed: row.refresh_token_sealed ? reseal(row.refresh_token_sealed, 'refresh') : null,
          })
          .where('id', '=', row.id)
          .execute();
      }
      return rows.rows.length;
    });
    total += done;
    if (done < batchSize) return total;
  }
}

/**
 * Webhook signing secrets: a few per workspace, few enough for one pass. The secret a rotation
 * replaced is re-sealed too while it still signs (both share the row's key_id); past its overlap it
 * is dropped instead, as nothing will open it again.
 */
async function rotateWebhookSecrets(deps: Pick<Deps, 'db' | 'keyRing' | 'clock'>): Promise<number> {
  const { keyRing } = deps;
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const rows = await sql<{ id: string; workspace_id: string; secret_sealed: string; previous_secret_sealed: string | null; previous_secret_expires_at: Date | null }>`
      select id, workspace_id, secret_sealed, previous_secret_sealed, previous_secret_expires_at from webhook_endpoints
      where key_id <> ${keyRing.activeKeyId} for update skip locked`.execute(trx);
    for (const row of rows.rows) {
      const context = webhookSecretContext(row.workspace_id);
      const reseal = (sealed: string) => keyRing.seal(keyRing.open(sealed, context), context);
      const previous = row.previous_secret_sealed !== null && previousSecretInForce(row.previous_secret_expires_at, now) ? reseal(row.previous_secret_sealed) : null;
      await trx
        .updateTable('webhook_endpoints')
        .set({
          key_id: keyRing.activeKeyId,
          secret_sealed: reseal(row.secret_sealed),
          previous_secret_sealed: previous,
          previous_secret_expires_at: previous === null ? null : row.previous_secret_expires_at,
        })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.rows.length;
  });
}

export async function rotateKeys(deps: Pick<Deps, 'db' | 'keyRing' | 'clock'>, onProgress: (p: RotationProgress) => void, batchSize = 500): Promise<RotationProgress> {
  const { keyRing } = deps;
  const progress: RotationProgress = { done: 0, total: await countSecretsToRotate(deps) };
  onProgress(progress);
  progress.done += await rotateWebhookSecrets(deps);
  progress.done += await rotateProviderGrants(deps, batchSize);
  // Partnership Ads consent tokens: a brand's approval must survive the old key's retirement like a connection does.
  progress.done += await resealPartnershipTokens(deps, batchSize);
  for (;;) {
    const resealed = await deps.db.transaction().execute(async (trx) => {
      const rows = await sql<{ connection_id: string; access_token_sealed: string; refresh_token_sealed: string | null }>`
        select connection_id, access_token_sealed, refresh_token_sealed from connection_tokens
        where key_id <> ${keyRing.activeKeyId}
        limit ${batchSize}
        for update skip locked`.execute(trx);
      for (const row of rows.rows) {
        const reseal = (sealed: string, role: string) => keyRing.seal(keyRing.open(sealed, `${row.connection_id}:${role}`), `${row.connection_id}:${role}`);
        await trx
          .updateTable('connection_tokens')
          .set({
            key_id: keyRing.activeKeyId,
            access_token_sealed: reseal(row.access_token_sealed, 'access'),
            refresh_token_sealed: row.refresh_token_sealed === null ? null : reseal(row.refresh_token_sealed, 'refresh'),
            updated_at: deps.clock.now(),
          })
          .where('connection_id', '=', row.connection_id)
          .execute();
      }
      return rows.rows.length;
    });
    if (resealed === 0) break;
    progress.done += resealed;
    progress.total = Math.max(progress.total, progress.done);
    onProgress(progress);
  }
  progress.left = await countSecretsToRotate(deps);
  await rewriteKeyCanariesAfterRotation(deps, progress.left);
  return progress;
}
