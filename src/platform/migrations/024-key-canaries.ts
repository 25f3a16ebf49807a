/**
 * Key canaries (src/ops/key-canary.ts): one known value sealed under each key that may have sealed
 * data since the last completed rotation, so a start with the wrong ENCRYPTION_KEYS is refused,
 * naming the key it lacks, instead of answering every hand-out with an error.
 */
import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

const schema = `
create table key_canaries (
  key_id text primary key,
  sealed text not null,
  written_at timestamptz not null
);
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, schema);
}
