/**
 * What the service's daily schedule runs, in its order, for time-travel tests: the refresh sweep
 * (which also ends grants past their end), the expiry watch (expiring + reminders), then the
 * verification of connections not checked for a day. Stepping one simulated day at a time and
 * running only these keeps a 400-day test to seconds.
 */
import { watchExpiries } from '../../src/connections/expiry-watch.ts';
import { runRefreshSweep, type SweepReport } from '../../src/connections/refresh-sweep.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY } from '../../src/kernel/clock.ts';
import type { TestContext } from './context.ts';

export interface DailyReport {
  sweep: SweepReport;
  watch: { expiring: number; reminded: number };
  verify: { checked: number; disconnected: number };
}

export async function runDailyJobs(t: TestContext): Promise<DailyReport> {
  const sweep = await runRefreshSweep(t.system.deps, { includeScheduled: true });
  const watch = await watchExpiries(t.system.deps);
  const verify = await verifyConnections(t.system.deps);
  return { sweep, watch, verify };
}

/** Moves the clock to `day` days after `start` (same time of day). */
export function travelTo(t: TestContext, start: Date, day: number): void {
  t.clock.set(new Date(start.getTime() + day * DAY));
}

/** The connection ids a connect flow's return URL names (one, or several after a Facebook choice). */
export function connectedIds(location: string | undefined): string[] {
  const back = new URL(location ?? 'about:blank');
  return (back.searchParams.get('connections') ?? back.searchParams.get('connection') ?? '').split(',').filter(Boolean);
}

/** Events of a connection of the given type, oldest first. */
export async function eventsOf(t: TestContext, connectionId: string, type: string) {
  return t.system.deps.db
    .selectFrom('connection_events')
    .select(['type', 'reason', 'detail', 'occurred_at'])
    .where('connection_id', '=', connectionId)
    .where('type', '=', type)
    .orderBy('occurred_at')
    .execute();
}

/** Emails queued for an address, oldest first, with the simulated day each was queued on. */
export async function emailsTo(t: TestContext, address: string, start: Date) {
  const rows = await t.system.deps.db.selectFrom('emails').selectAll().where('to_address', '=', address).orderBy('created_at').execute();
  return rows.map((row) => ({ ...row, day: Math.round((row.created_at.getTime() - start.getTime()) / DAY) }));
}
