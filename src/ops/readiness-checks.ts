/**
 * What makes this process ready (`GET /readyz`), beside the queue its workers add: the database
 * answers, every migration of this version is applied, and the key ring opens the key canaries.
 */
import { sql } from 'kysely';
import { pendingMigrations } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { Readiness } from '../platform/readiness.ts';
import { checkKeys } from './key-canary.ts';

export function serviceReadiness(deps: Pick<Deps, 'db' | 'keyRing' | 'logger'>): Readiness {
  const readiness = new Readiness((name, error) => deps.logger.warn({ check: name, err: error instanceof Error ? error.message : String(error) }, 'readiness check failed'));
  readiness.add('database', async () => {
    await sql`select 1`.execute(deps.db);
    return { ok: true, message: 'The database answers.' };
  });
  let allApplied = false;
  readiness.add('migrations', async () => {
    // Applied migrations stay applied: once all are, there is nothing more to ask.
    const pending = allApplied ? [] : await pendingMigrations(deps.db);
    allApplied = pending.length === 0;
    return allApplied ? { ok: true, message: 'Every migration is applied.' } : { ok: false, message: `Migrations not applied yet: ${pending.join(', ')}.` };
  });
  // Asked each time: another process's start or rotation may have sealed with a key this process lacks.
  readiness.add('keys', async () => {
    const check = await checkKeys(deps.db, deps.keyRing);
    return { ok: check.ok, message: check.message };
  });
  return readiness;
}
