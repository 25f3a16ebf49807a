/**
 * A Partnership Ads consent token at rest: sealed under the key ring with its request's id as associated
 * data, so it opens for that request only. Key rotation re-seals them under the active key; the table
 * keeps no key id, because the key that sealed a value is written in the value itself (`keyRing.keyIdOf`).
 */
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';

/** The associated data a request's token is sealed with. */
export const tokenContext = (requestId: string) => `partnership:${requestId}`;

/** How many tokens are sealed under another key than the active one. */
export async function countTokensToReseal(deps: Pick<Deps, 'db' | 'keyRing'>): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from partnership_ad_tokens where split_part(access_token_sealed, '.', 2) <> ${deps.keyRing.activeKeyId}`.execute(deps.db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Re-seals every token under the active key, a batch per transaction over rows locked with SKIP LOCKED:
 * a token being replaced by an approval at the same moment is skipped now and sealed under the active
 * key by that approval anyway.
 */
export async function resealTokens(deps: Pick<Deps, 'db' | 'keyRing'>, batchSize: number): Promise<number> {
  const { keyRing } = deps;
  let total = 0;
  for (;;) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ request_id: string; access_token_sealed: string }>`
        select request_id, access_token_sealed from partnership_ad_tokens
        where split_part(access_token_sealed, '.', 2) <> ${keyRing.activeKeyId}
        limit ${batchSize} for update skip locked`.execute(trx);
      for (const row of rows) {
        const context = tokenContext(row.request_id);
        await trx
          .updateTable('partnership_ad_tokens')
          .set({ access_token_sealed: keyRing.seal(keyRing.open(row.access_token_sealed, context), context) })
          .where('request_id', '=', row.request_id)
          .execute();
      }
      return rows.length;
    });
    total += done;
    if (done < batchSize) return total;
  }
}
