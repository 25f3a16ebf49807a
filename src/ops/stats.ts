/**
 * The ops view: how many connections are in each state, what the next 60 days hold (grants ending
 * with nothing scheduled to extend them, the creator reminders before those ends, scheduled
 * refreshes), and the latest failures. One workspace for `GET /v1/stats` and the dashboard; every
 * workspace at once (`workspaceId: null`) for `/metrics`.
 */

import { type ConnectionStatus, connectionStatuses } from '../connections/index.ts';
import { DAY } from '../kernel/clock.ts';
import type { Deps } from '../platform/deps.ts';
import { type DayForecast, forecastExpiries } from './expiry-forecast.rules.ts';
import { type ConnectionCountRow, countConnections, failuresSince, outboxCounts, recentFailures, refreshesByDay, unextendedGrantGroups } from './stats.repo.ts';

export const FORECAST_DAYS = 60;

export type StatusCounts = Record<ConnectionStatus, number>;

export interface FailureView {
  occurredAt: string;
  /** `refresh_failed` (will be retried), `disconnected`, or `expiring` (a failed refresh near the grant's end). */
  type: string;
  reason: string | null;
  /** The failure's class: reauth_required, insufficient_scope, rate_limited, transient, unexpected_response. */
  kind: string | null;
  providerCode: string | null;
  connectionId: string;
  creatorId: string;
  provider: string;
  network: string;
  username: string | null;
}

export interface Stats {
  generatedAt: string;
  totals: StatusCounts & { total: number };
  byNetwork: ({ network: string } & StatusCounts)[];
  byProvider: ({ provider: string; login: string } & StatusCounts)[];
  /** Why connections are expiring or disconnected; `reason` null when none was recorded. */
  byReason: { status: ConnectionStatus; reason: string | null; network: string; count: number }[];
  forecast: (DayForecast & { refreshes: number })[];
  recentFailures: FailureView[];
}

export async function computeStats(deps: Deps, input: { workspaceId: string | null; failureLimit?: number }): Promise<Stats> {
  return (await gather(deps, input)).stats;
}

async function gather(deps: Deps, input: { workspaceId: string | null; failureLimit?: number }): Promise<{ stats: Stats; counts: ConnectionCountRow[] }> {
  const now = deps.clock.now();
  const scope = { workspaceId: input.workspaceId };
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const windowEnd = new Date(todayStart + FORECAST_DAYS * DAY);
  // Grants ending after the window still have reminders inside it.
  const longestReminder = Math.max(0, ...Object.values(deps.policies).flatMap((policy) => policy.reminderDays));
  const [counts, groups, refreshes, failures] = await Promise.all([
    countConnections(deps.db, scope),
    unextendedGrantGroups(deps.db, scope, now, new Date(windowEnd.getTime() + longestReminder * DAY)),
    refreshesByDay(deps.db, scope, now, windowEnd),
    input.failureLimit === 0 ? [] : recentFailures(deps.db, scope, input.failureLimit ?? 20),
  ]);
  const refreshCount = new Map(refreshes.map((row) => [row.day, row.count]));
  const stats: Stats = {
    generatedAt: now.toISOString(),
    ...summarizeCounts(counts),
    forecast: forecastExpiries(deps.policies, groups, now, FORECAST_DAYS).map((day) => ({ ...day, refreshes: refreshCount.get(day.date) ?? 0 })),
    recentFailures: failures.map((row) => ({
      occurredAt: row.occurredAt.toISOString(),
      type: row.type,
      reason: row.reason,
      kind: row.kind,
      providerCode: row.providerCode,
      connectionId: row.connectionId,
      creatorId: row.creatorId,
      provider: row.provider,
      network: row.network,
      username: row.username,
    })),
  };
  return { stats, counts };
}

export interface ServiceMetrics {
  stats: Stats;
  /** Connections per status, network, provider and reason (no workspace: its ids are unbounded). */
  connections: ConnectionCountRow[];
  /** Email outbox rows per status (pending, sent, stored, failed). */
  emails: Record<string, number>;
  /** Webhook deliveries per status (pending, delivered, failed, cancelled). */
  webhooks: Record<string, number>;
  failuresLastDay: { provider: string; type: string; count: number }[];
}

/** Every workspace's figures summed, plus the outboxes and the last 24 hours' failures: what `/metrics` exposes. */
export async function computeServiceMetrics(deps: Deps): Promise<ServiceMetrics> {
  const scope = { workspaceId: null };
  const [{ stats, counts }, outboxes, failuresLastDay] = await Promise.all([
    gather(deps, { workspaceId: null, failureLimit: 0 }),
    outboxCounts(deps.db, scope),
    failuresSince(deps.db, scope, new Date(deps.clock.now().getTime() - DAY)),
  ]);
  return { stats, connections: counts, ...outboxes, failuresLastDay };
}

const zero = (): StatusCounts => ({ active: 0, expiring: 0, disconnected: 0 });
const isStatus = (status: string): status is ConnectionStatus => (connectionStatuses as readonly string[]).includes(status);

function summarizeCounts(rows: ConnectionCountRow[]): Pick<Stats, 'totals' | 'byNetwork' | 'byProvider' | 'byReason'> {
  const totals = { ...zero(), total: 0 };
  const byNetwork = new Map<string, { network: string } & StatusCounts>();
  const byProvider = new Map<string, { provider: string; login: string } & StatusCounts>();
  const byReason: Stats['byReason'] = [];
  for (const row of rows) {
    if (!isStatus(row.status)) continue;
    totals[row.status] += row.count;
    totals.total += row.count;
    const network = byNetwork.get(row.network) ?? { network: row.network, ...zero() };
    network[row.status] += row.count;
    byNetwork.set(row.network, network);
    const key = `${row.provider}\u0000${row.login}`;
    const provider = byProvider.get(key) ?? { provider: row.provider, login: row.login, ...zero() };
    provider[row.status] += row.count;
    byProvider.set(key, provider);
    if (row.status !== 'active') addReason(byReason, { status: row.status, reason: row.reason, network: row.network, count: row.count });
  }
  const byName =
    <T>(name: (item: T) => string) =>
    (a: T, b: T) =>
      name(a).localeCompare(name(b));
  return {
    totals,
    byNetwork: [...byNetwork.values()].sort(byName((n) => n.network)),
    byProvider: [...byProvider.values()].sort(byName((p) => `${p.provider} ${p.login}`)),
    byReason: byReason.sort((a, b) => b.count - a.count || `${a.status}${a.reason}${a.network}`.localeCompare(`${b.status}${b.reason}${b.network}`)),
  };
}

// Several providers reach one network (Instagram through Facebook Login): their rows merge here.
function addReason(list: Stats['byReason'], entry: Stats['byReason'][number]): void {
  const same = list.find((item) => item.status === entry.status && item.reason === entry.reason && item.network === entry.network);
  if (same) same.count += entry.count;
  else list.push(entry);
}
