/**
 * Secret rotation with overlap (docs/api.md#rotating-a-secret): the secret a rotation replaced keeps
 * signing, beside the new one, until `previous_secret_expires_at` (24 hours), so a receiver can
 * switch without losing a request. It is sealed like the current one, under the row's `key_id`
 * (key rotation re-seals both).
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}

const schema = `
alter table webhook_endpoints add column previous_secret_sealed text;
alter table webhook_endpoints add column previous_secret_expires_at timestamptz
`;
