/**
 * Idempotency-Key records. A request claims its key with one conditional statement, so of any number
 * of concurrent requests (in any number of processes) exactly one holds it: the primary key decides
 * between inserts, and a conditional UPDATE between takeovers of an expired record or of a claim
 * whose request died. Time is the application's clock, passed in.
 */
import type { KeyRing } from './crypto/key-ring.ts';
import type { Tx } from './db/db.ts';

/** An answer as it is replayed. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { kind: 'claimed' }
  /** Another request (or an earlier one with another body) holds the key. */
  | { kind: 'reused' }
  | { kind: 'in_flight' }
  | { kind: 'done'; answer: StoredAnswer };

export interface ClaimInput {
  scope: string;
  key: string;
  fingerprint: string;
  claimToken: string;
  now: Date;
  expiresAt: Date;
  lockedUntil: Date;
}

const sealContext = (scope: string, key: string) => `idempotency:${scope}:${key}`;

export async function claimKey(db: Tx, keyRing: KeyRing, input: ClaimInput): Promise<Claim> {
  const { scope, key, fingerprint, now } = input;
  const claim = { fingerprint, claim_token: input.claimToken, state: 'in_flight' as const, response_status: null, response_sealed: null };
  const times = { locked_until: input.lockedUntil, created_at: now, expires_at: input.expiresAt };
  // A row can vanish between these steps (its request released it): then try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ scope, key, ...claim, ...times })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return { kind: 'claimed' };
    // An expired record is free for any request; a claim whose lock lapsed (its process died) only for the same request.
    const taken = await db
      .updateTable('idempotency_keys')
      .set({ ...claim, ...times })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb.and([eb('state', '=', 'in_flight'), eb('locked_until', '<=', now), eb('fingerprint', '=', fingerprint)])]))
      .returning('key')
      .executeTakeFirst();
    if (taken) return { kind: 'claimed' };
    const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    if (!row || row.expires_at <= now) continue;
    if (row.fingerprint !== fingerprint) return { kind: 'reused' };
    if (row.state === 'in_flight' || !row.response_sealed) return { kind: 'in_flight' };
    return { kind: 'done', answer: JSON.parse(keyRing.open(row.response_sealed, sealContext(scope, key))) as StoredAnswer };
  }
  return { kind: 'in_flight' };
}

/** Keeps the answer of the request holding the claim; false if the claim is no longer its own. */
export async function completeKey(db: Tx, keyRing: KeyRing, input: { scope: string; key: string; claimToken: string; answer: StoredAnswer }): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({
      state: 'done',
      response_status: input.answer.status,
      response_sealed: keyRing.seal(JSON.stringify(input.answer), sealContext(input.scope, input.key)),
      locked_until: null,
    })
    .where('scope', '=', input.scope)
    .where('key', '=', input.key)
    .where('claim_token', '=', input.claimToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Frees the key of a request that did not succeed, so the same request can be sent again. */
export async function releaseKey(db: Tx, input: { scope: string; key: string; claimToken: string }): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('scope', '=', input.scope)
    .where('key', '=', input.key)
    .where('claim_token', '=', input.claimToken)
    .where('state', '=', 'in_flight')
    .execute();
}
