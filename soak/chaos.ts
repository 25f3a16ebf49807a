/**
 * What goes wrong, and when. The rates (transient errors, timeouts) are armed once as sandbox faults that
 * take a random share of every call; the rest is planned per simulated day from a seeded generator, so two
 * runs with one seed meet the same days of trouble: lost answers on rotating refreshes, throttling bursts,
 * revocations, kill -9 of a worker and database restarts.
 */
import { populationKits } from '../bench/lib/kits.ts';
import type { FaultSpec } from '../sandbox/core/faults.ts';
import type { ProviderId } from '../src/providers/profiles.ts';

export interface ChaosSettings {
  /** Share of provider calls answered with a bare 500. */
  transientRate: number;
  /** Share of provider calls that hang past our timeout. */
  timeoutRate: number;
  /** How long a timed-out call or a lost answer hangs (real time; longer than the workers' PROVIDER_TIMEOUT_MS). */
  hangMs: number;
  /** Refreshes of rotating tokens whose answer is lost after the network rotated them, per simulated week. */
  lostAnswersPerWeek: number;
  /** Every this many days one network answers a burst of calls with its rate-limit error. */
  throttleEveryDays: number;
  throttleBurstCalls: number;
  /** Channels whose creator removes the app at the network, per simulated day. */
  revocationsPerDay: number;
  /** kill -9 of a worker mid-sweep every this many days (null: never, e.g. in process). */
  killEveryDays: number | null;
  /** A database restart (every connection dropped, new ones refused) every this many days (null: never). */
  dbRestartEveryDays: number | null;
  dbRestartMs: number;
  /** Share of disconnected creators who reconnect (through the real connect flow), 1 to 7 days later. */
  reconnectShare: number;
  /** New creators connecting through the real connect flow each day. */
  newConnectionsPerDay: number;
  /** The last days bring no new revocations, so every revoked channel meets a verification before the end. */
  quietTailDays: number;
}

export const yearOfChaos: ChaosSettings = {
  transientRate: 0.05,
  timeoutRate: 0.01,
  hangMs: 1_200,
  lostAnswersPerWeek: 3,
  throttleEveryDays: 10,
  throttleBurstCalls: 60,
  revocationsPerDay: 2,
  killEveryDays: 7,
  dbRestartEveryDays: 30,
  dbRestartMs: 3_000,
  reconnectShare: 0.3,
  newConnectionsPerDay: 2,
  quietTailDays: 14,
};

export interface DayChaos {
  revocations: number;
  /** Token endpoints that lose their next answer (after rotating). */
  lostAnswers: string[];
  throttle: ProviderId | undefined;
  kill: boolean;
  dbRestart: boolean;
  newConnections: number;
}

/** The two rate faults, until cleared. */
export function rateFaults(settings: ChaosSettings): FaultSpec[] {
  return [
    { endpoint: '*', fault: 'http_500', rate: settings.transientRate, count: -1 },
    { endpoint: '*', fault: 'timeout', rate: settings.timeoutRate, count: -1, delayMs: settings.hangMs },
  ];
}

/**
 * The endpoints where a refresh rotates away the token it presents, and the sandbox can lose the answer
 * after doing so: those of the networks in the population (each kit names its own).
 */
export const rotatingTokenEndpoints: readonly string[] = populationKits.flatMap((kit) => (kit.rotatingRefreshEndpoint ? [kit.rotatingRefreshEndpoint] : []));

/** The networks a burst may hit: those in the population (a network without accounts has nothing to throttle). Each kit has its rate-limit answer. */
const networks = populationKits.map((kit) => kit.provider);

export function planDay(day: number, days: number, settings: ChaosSettings, random: () => number): DayChaos {
  // A fractional rate is a chance: 0.25 a day is one day in four on average.
  const some = (rate: number) => Math.floor(rate) + (random() < rate % 1 ? 1 : 0);
  const quiet = day >= days - settings.quietTailDays;
  return {
    revocations: quiet ? 0 : some(settings.revocationsPerDay),
    lostAnswers: Array.from({ length: some(settings.lostAnswersPerWeek / 7) }, () => rotatingTokenEndpoints[Math.floor(random() * rotatingTokenEndpoints.length)]!),
    throttle: day % settings.throttleEveryDays === settings.throttleEveryDays - 1 ? networks[Math.floor(random() * networks.length)] : undefined,
    kill: settings.killEveryDays !== null && day % settings.killEveryDays === settings.killEveryDays - 1,
    // Mid-month, apart from most kill days (both on one day is a day like any other).
    dbRestart: settings.dbRestartEveryDays !== null && day % settings.dbRestartEveryDays === Math.floor(settings.dbRestartEveryDays / 2),
    newConnections: some(settings.newConnectionsPerDay),
  };
}
