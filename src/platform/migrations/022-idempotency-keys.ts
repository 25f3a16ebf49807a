/**
 * Idempotency-Key records (docs/api.md#idempotency): one row per API key (hashed) and key, claimed by
 * the first request with one insert (the primary key decides between concurrent ones), then holding
 * its sealed answer for 24 hours. The daily prune deletes expired rows.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

const schema = `
create table idempotency_keys (
  scope text not null,
  key text not null,
  fingerprint text not null,
  claim_token text not null,
  state text not null check (state in ('in_flight', 'done')),
  response_status integer,
  response_sealed text,
  locked_until timestamptz,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (scope, key)
);

create index idempotency_keys_expiry on idempotency_keys (expires_at);
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}
