/** Runs a migration's SQL one statement at a time: PGlite's extended protocol takes a single statement per query. */
import { type Kysely, sql } from 'kysely';

export async function runStatements(db: Kysely<unknown>, schema: string): Promise<void> {
  for (const statement of schema
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
