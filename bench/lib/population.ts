/**
 * A mixed population of connections, as plain data: which provider, when the creator connected, and
 * when the token in hand was issued. Deterministic (a seeded PRNG), so the fixture process and the
 * measured process agree on it, and two runs seed the same population.
 *
 * Two scenarios:
 *  - `steady`: the service has been running all along. A connection made 55 days ago has had its
 *    Instagram token refreshed by the daily sweep on day 50, so its token is 5 days old. This is what
 *    a running service holds on any given morning.
 *  - `import`: every token is as issued at connect and none was ever refreshed: the first sweep of a
 *    service that just took over a platform's existing connections, or that was down for weeks.
 *    Everything past its refresh point is due at once.
 */

import { seededRandom } from '../../sandbox/core/seeded-random.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import type { ProviderId } from '../../src/providers/provider.ts';
import { refreshDueAt, type TokenPolicy, type TokenTimes } from '../../src/providers/token-policy.ts';
import { populationKits } from './kits.ts';

/**
 * Share of each provider in the population (sums to 1), from each network's kit (its `populationShare`);
 * a network with no share is not in the measured population.
 */
export const MIX: Readonly<Partial<Record<ProviderId, number>>> = Object.fromEntries(populationKits.map((kit) => [kit.provider, kit.populationShare]));

const shareOf = (id: ProviderId): number => MIX[id] ?? 0;

export type Scenario = 'steady' | 'import';

/** The daily sweep's hour (REFRESH_CRON's default `0 2 * * *`): refreshes happen at these instants. */
export const SWEEP_HOUR_UTC = 2;

export interface PlannedConnection {
  index: number;
  provider: ProviderId;
  connectedAt: Date;
  /** When the token in hand was issued: connectedAt, or the last daily sweep that refreshed it. */
  issuedAt: Date;
  refreshed: boolean;
}

export interface PopulationOptions {
  n: number;
  /** A daily sweep instant (see sweepInstant); connect dates are spread uniformly over the `windowDays` before it. */
  now: Date;
  windowDays: number;
  scenario: Scenario;
  seed?: number;
}

/** The token times a provider's grant has when issued at `at` (measured from the sandbox, see mixed-seed.ts). */
export type TimesAt = (provider: ProviderId, at: Date) => TokenTimes;

/** The daily sweep instant of `instant`'s UTC day. */
export function sweepInstant(instant: Date): Date {
  const day = new Date(instant);
  day.setUTCHours(SWEEP_HOUR_UTC, 0, 0, 0);
  return day;
}

/** Providers in proportion to MIX, interleaved (largest remainder), so any prefix of the list has the mix too. */
export function providerSequence(n: number): ProviderId[] {
  const ids = populationKits.map((kit) => kit.provider);
  const given = Object.fromEntries(ids.map((id) => [id, 0])) as Record<ProviderId, number>;
  const out: ProviderId[] = [];
  for (let i = 0; i < n; i++) {
    const next = ids.reduce((best, id) => ((i + 1) * shareOf(id) - given[id] > (i + 1) * shareOf(best) - given[best] ? id : best));
    given[next]++;
    out.push(next);
  }
  return out;
}

export function planPopulation(options: PopulationOptions, policies: Record<string, TokenPolicy>, timesAt: TimesAt): PlannedConnection[] {
  const random = seededRandom(options.seed ?? 20_260_101);
  const windowMs = options.windowDays * DAY;
  return providerSequence(options.n).map((provider, index) => {
    // At least an hour old: a connection made during the sweep itself would be a different story.
    const connectedAt = new Date(options.now.getTime() - HOUR - Math.floor(random() * (windowMs - HOUR)));
    const policy = policies[provider];
    if (!policy) throw new Error(`no policy for ${provider}`);
    const issuedAt = options.scenario === 'steady' ? lastRefresh(policy, provider, connectedAt, options.now, timesAt) : connectedAt;
    return { index, provider, connectedAt, issuedAt, refreshed: issuedAt.getTime() !== connectedAt.getTime() };
  });
}

/**
 * Replays the daily sweep from the connect instant to `now`: the issue instant of the token the
 * service would hold. (A refresh is taken to give the same lifetimes as a new grant: true where a
 * refresh renews the grant's own end. Where a refresh-token end is fixed at connect, as TikTok's, the
 * first refresh comes 150 days after connect, beyond any window used here.)
 */
function lastRefresh(policy: TokenPolicy, provider: ProviderId, connectedAt: Date, now: Date, timesAt: TimesAt): Date {
  let issuedAt = connectedAt;
  for (;;) {
    const due = refreshDueAt(policy, timesAt(provider, issuedAt));
    if (due === null) return issuedAt;
    let sweep = sweepInstant(due);
    if (sweep.getTime() < due.getTime()) sweep = new Date(sweep.getTime() + DAY);
    // `now` is itself a sweep instant, still to be run: it is what the benchmark measures.
    if (sweep.getTime() >= now.getTime()) return issuedAt;
    issuedAt = sweep;
  }
}
