/**
 * The insights worker: claims due insight tasks (SKIP LOCKED, with a lease), groups them per
 * connection, and reads each group in batches of the adapter's insightsBatchSize with a token opened
 * at call time. Before every call it takes the network's budgets from the shared table; a spent
 * budget, a usage header above 90 % or a throttle puts the work back in the queue for later (never a
 * failure, never lost). A connection that cannot be used pauses its tasks with its reason; they
 * resume when it is usable again (checked at every run). Transient failures retry a bounded number
 * of times. Claims that keep dying (a lapsed lease is taken over as a new attempt) end as failed. A post
 * the network has no figures for yet is asked again 2, 5, 15 and 30 minutes later.
 */
import type { Connection } from '../connections/index.ts';
import { ChannelUnusable, callWithToken, forEachLimited, getConnectionById, markDisconnected, pauseProvider, readerFor } from '../connections/index.ts';
import { DAY, HOUR, MINUTE } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import { retryDelayMs } from '../media/index.ts';
import type { Deps } from '../platform/deps.ts';
import { type InsightsBatch, type MediaRef, type Network, type OAuthProvider, ProviderError } from '../providers/provider.ts';
import { budgetsFor, defaultRateLimits, type RateLimits, SLOW_DOWN_PERCENT } from '../providers/rate-limits.ts';
import { pruneBudgets, takeBudget } from './budget.repo.ts';
import { engagementRate } from './engagement.rules.ts';
import {
  advanceRefreshes,
  claimTasks,
  endTasks,
  type InsightTaskRow,
  markCaptured,
  renewTaskLeases,
  resumePausedTasks,
  type Snapshot,
  type TaskEnding,
  writeSnapshots,
} from './insights.repo.ts';

export const MAX_INSIGHT_ATTEMPTS = 5;
/** How long an account waits after a usage header above SLOW_DOWN_PERCENT. */
export const SLOW_DOWN_MS = 10 * MINUTE;
/** A throttle that does not say for how long: Meta's doc suggests an hour for the app limit. */
const DEFAULT_THROTTLE_MS = { app: 60 * MINUTE, account: 15 * MINUTE };
/**
 * A post the network has no figures for yet is asked again after these waits (after the 1st, 2nd, …
 * attempt): a post read right after it was published usually has figures minutes later.
 */
export const NOT_READY_RETRY_MS = [2 * MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE] as const;
const LEASE_SECONDS = 300;
const CONCURRENCY = 4;

export interface InsightsWorkerOptions {
  limits?: RateLimits;
  /** Tasks claimed per round, and rounds per run (a run stays bounded; the next tick goes on). */
  claim?: number;
  rounds?: number;
}

export interface InsightsWorkReport {
  claimed: number;
  done: number;
  failed: number;
  deferred: number;
  paused: number;
  resumed: number;
}

export async function runInsightTasks(deps: Deps, options: InsightsWorkerOptions = {}): Promise<InsightsWorkReport> {
  const limits = options.limits ?? defaultRateLimits;
  const report: InsightsWorkReport = { claimed: 0, done: 0, failed: 0, deferred: 0, paused: 0, resumed: 0 };
  report.resumed = await resumePausedTasks(deps.db, deps.clock.now());
  // The longest window is a day: older windows can no longer be spent from.
  await pruneBudgets(deps.db, new Date(deps.clock.now().getTime() - DAY - HOUR));
  for (let round = 0; round < (options.rounds ?? 20); round++) {
    const claimed = await claimTasks(deps.db, { owner: deps.instanceId, now: deps.clock.now(), limit: options.claim ?? 200, leaseSeconds: LEASE_SECONDS });
    if (claimed.length === 0) break;
    report.claimed += claimed.length;
    // A task whose runs kept dying (each takeover of a lapsed lease is an attempt) ends here.
    const worn = claimed.filter((task) => task.attempts > MAX_INSIGHT_ATTEMPTS);
    await end(deps, worn, { status: 'failed', error: `did not finish in ${MAX_INSIGHT_ATTEMPTS} attempts` }, report);
    const groups = Map.groupBy(
      claimed.filter((task) => task.attempts <= MAX_INSIGHT_ATTEMPTS),
      (task) => task.connection_id,
    );
    await forEachLimited([...groups.values()], CONCURRENCY, (tasks) => runGroup(deps, limits, tasks, report));
    await advanceRefreshes(
      deps.db,
      claimed.map((t) => t.id),
      deps.clock.now(),
      () => newId('evt', deps.clock),
    );
  }
  if (report.claimed > 0 || report.resumed > 0) deps.logger.info({ ...report }, 'insight tasks finished');
  return report;
}

async function end(deps: Deps, tasks: readonly InsightTaskRow[], ending: TaskEnding, report: InsightsWorkReport): Promise<void> {
  await endTasks(
    deps.db,
    tasks.map((t) => t.id),
    deps.instanceId,
    deps.clock.now(),
    ending,
  );
  const key = ending.status === 'done' ? 'done' : ending.status === 'failed' ? 'failed' : ending.status === 'paused' ? 'paused' : 'deferred';
  report[key] += tasks.length;
}

async function runGroup(deps: Deps, limits: RateLimits, tasks: InsightTaskRow[], report: InsightsWorkReport): Promise<void> {
  const owner = await getConnectionById(deps.db, tasks[0]!.connection_id);
  if (!owner) return end(deps, tasks, { status: 'failed', error: 'The channel’s network is not offered any more.' }, report);
  // The posts' own login, or another login to the same account while it is disconnected (channel-reader.ts).
  const connection = await readerFor(deps.db, owner);
  if (!connection) return end(deps, tasks, { status: 'paused', error: owner.statusReason ?? owner.status }, report);
  const provider = deps.providers.get(connection.provider);
  if (!provider) return end(deps, tasks, { status: 'failed', error: 'The channel’s network is not offered any more.' }, report);
  const pause = await deps.db.selectFrom('provider_pauses').select('until').where('provider', '=', connection.provider).where('until', '>', deps.clock.now()).executeTakeFirst();
  if (pause) return end(deps, tasks, { status: 'queued', runAfter: pause.until, countAttempt: false }, report);
  const refs = await mediaRefs(deps, tasks);
  const size = Math.max(1, provider.insightsBatchSize ?? 1);
  // Budgets count the network's requests, not our calls: a Facebook Page post costs two.
  const requests = provider.requestsPerCall?.('insights', connection.network as Network) ?? 1;
  for (let start = 0; start < tasks.length; start += size) {
    // A claim's lease can lapse while earlier calls of the run were slow, and another worker take the
    // task over: each call renews its tasks' leases first and reads only those still held.
    const held = new Set(
      await renewTaskLeases(
        deps.db,
        tasks.slice(start, start + size).map((t) => t.id),
        deps.instanceId,
        LEASE_SECONDS,
      ),
    );
    const chunk = tasks.slice(start, start + size).filter((t) => held.has(t.id));
    if (chunk.length === 0) continue;
    const rest = [...chunk, ...tasks.slice(start + size)];
    const budget = await takeBudget(deps.db, budgetsFor(limits, connection.network, connection.id, deps.clock.now()), requests);
    if (!budget.ok) return end(deps, rest, { status: 'queued', runAfter: budget.retryAt, countAttempt: false }, report);
    let batch: InsightsBatch;
    try {
      batch = await fetchBatch(
        deps,
        connection,
        provider,
        chunk.map((t) => refs.get(t.media_id)!),
      );
    } catch (error) {
      return handleFailure(deps, connection, chunk, tasks.slice(start + size), error, report);
    }
    await recordBatch(deps, chunk, refs, batch, report);
    if ((batch.usagePercent ?? 0) > SLOW_DOWN_PERCENT && start + size < tasks.length) {
      return end(deps, tasks.slice(start + size), { status: 'queued', runAfter: new Date(deps.clock.now().getTime() + SLOW_DOWN_MS), countAttempt: false }, report);
    }
  }
}

type Ref = MediaRef & { mediaId: string };

async function mediaRefs(deps: Deps, tasks: readonly InsightTaskRow[]): Promise<Map<string, Ref>> {
  const rows = await deps.db
    .selectFrom('media')
    .select(['id', 'provider_media_id', 'media_type', 'published_at'])
    .where(
      'id',
      'in',
      tasks.map((t) => t.media_id),
    )
    .execute();
  return new Map(rows.map((r) => [r.id, { mediaId: r.id, id: r.provider_media_id, mediaType: r.media_type, publishedAt: new Date(r.published_at) }]));
}

/**
 * Snapshots what came back; a post with no figures yet (`not_ready`: published minutes ago, or a Pin
 * still processing) is asked again after NOT_READY_RETRY_MS while attempts last, so a post read right
 * after it binds does not wait for tomorrow's plan to show figures.
 */
async function recordBatch(deps: Deps, chunk: readonly InsightTaskRow[], refs: Map<string, Ref>, batch: InsightsBatch, report: InsightsWorkReport): Promise<void> {
  const byProviderId = new Map(batch.items.map((item) => [item.mediaId, item]));
  const now = deps.clock.now();
  const snapshots: Snapshot[] = [];
  const unavailable = new Map<string, string[]>();
  const notReady: InsightTaskRow[] = [];
  for (const task of chunk) {
    const item = byProviderId.get(refs.get(task.media_id)!.id);
    if (item?.status === 'ok')
      snapshots.push({ mediaId: task.media_id, source: task.reason, metrics: item.metrics, engagementRate: engagementRate(item.metrics), extra: item.extra });
    else if (item?.reason === 'not_ready' && task.attempts < MAX_INSIGHT_ATTEMPTS) notReady.push(task);
    else unavailable.set(item?.reason ?? 'not_found', [...(unavailable.get(item?.reason ?? 'not_found') ?? []), task.media_id]);
  }
  await writeSnapshots(deps.db, now, snapshots);
  for (const [reason, ids] of unavailable) await markCaptured(deps.db, ids, now, reason);
  for (const task of notReady) {
    const wait = NOT_READY_RETRY_MS[Math.min(task.attempts, NOT_READY_RETRY_MS.length) - 1]!;
    await end(deps, [task], { status: 'queued', runAfter: new Date(now.getTime() + wait), countAttempt: true, error: 'no figures yet' }, report);
  }
  await end(
    deps,
    chunk.filter((task) => !notReady.includes(task)),
    { status: 'done' },
    report,
  );
}

/** A token opened now (refreshed once where a refresh may help). */
async function fetchBatch(deps: Deps, connection: Connection, provider: OAuthProvider, refs: MediaRef[]): Promise<InsightsBatch> {
  const account = { accountId: connection.accountId, network: connection.network as Network };
  return callWithToken(deps, connection, (token) =>
    provider.fetchMediaInsights(
      token,
      account,
      refs.map(({ id, mediaType, publishedAt }) => ({ id, mediaType, publishedAt })),
    ),
  );
}

async function handleFailure(deps: Deps, connection: Connection, chunk: InsightTaskRow[], rest: InsightTaskRow[], error: unknown, report: InsightsWorkReport): Promise<void> {
  const now = deps.clock.now().getTime();
  const all = [...chunk, ...rest];
  if (error instanceof ChannelUnusable) return end(deps, all, { status: 'paused', error: error.reason }, report);
  const pe = error instanceof ProviderError ? error : undefined;
  const kind = pe?.kind ?? 'transient';
  deps.logger.warn({ connectionId: connection.id, kind, providerCode: pe?.providerCode, tasks: chunk.length }, 'insights call failed');
  if (kind === 'reauth_required') {
    await markDisconnected(deps, connection, { reason: pe?.reason ?? 'revoked', providerCode: pe?.providerCode });
    return end(deps, all, { status: 'paused', error: pe?.reason ?? 'revoked' }, report);
  }
  if (kind === 'rate_limited') {
    const waitMs = pe?.retryAfterSeconds !== undefined ? pe.retryAfterSeconds * 1000 : pe?.appWide ? DEFAULT_THROTTLE_MS.app : DEFAULT_THROTTLE_MS.account;
    const until = new Date(now + waitMs);
    if (pe?.appWide) await pauseProvider(deps.db, connection.provider, until, `insights throttled (${pe.providerCode ?? 'rate_limited'})`);
    return end(deps, all, { status: 'queued', runAfter: until, countAttempt: false, error: 'throttled by the network' }, report);
  }
  if (kind === 'insufficient_scope') return end(deps, all, { status: 'failed', error: 'insufficient_scope' }, report);
  if (kind === 'unexpected_response') {
    await end(deps, chunk, { status: 'failed', error: `unexpected_response${pe?.providerCode ? ` (${pe.providerCode})` : ''}` }, report);
    return end(deps, rest, { status: 'queued', runAfter: new Date(now), countAttempt: false }, report);
  }
  const attempts = Math.max(...chunk.map((t) => t.attempts));
  if (attempts >= MAX_INSIGHT_ATTEMPTS) await end(deps, chunk, { status: 'failed', error: `no answer after ${attempts} attempts` }, report);
  else await end(deps, chunk, { status: 'queued', runAfter: new Date(now + retryDelayMs(attempts)), countAttempt: true, error: 'transient' }, report);
  return end(deps, rest, { status: 'queued', runAfter: new Date(now + retryDelayMs(1)), countAttempt: false }, report);
}
