/**
 * An account's own figures on the sandbox clock, the same for every simulated network, so a reading taken
 * day after day climbs the way a real account's does (docs/sandbox.md, "Account figures"):
 *
 * - followers grow from the count the account was created with by a rate fixed per account (0.05–0.45 %
 *   a day), compounded per whole UTC day since its creation day: the count on its first day is exactly the
 *   one it was created with, which is what tests that set a count read back;
 * - each day's activity (views, unique viewers, interactions split into likes, comments, shares and saves,
 *   follows gained and lost) is proportional to that day's followers, with a seeded wobble per day.
 *
 * Everything is a pure function of (seed, base count, creation instant, day): nothing is stored, any two
 * calls agree, and a persisted world restarts with the same figures. Only finished days have activity, as
 * networks report a day once it is over.
 */
import { seededRandom } from './seeded-random.ts';

export const DAY_MS = 86_400_000;

export interface DayActivity {
  views: number;
  reach: number;
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  /** likes + comments + shares + saves. */
  interactions: number;
  followsGained: number;
  followsLost: number;
}

function hash(seed: string): number {
  let h = 2_166_136_261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16_777_619);
  return h >>> 0;
}

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** The account's daily growth rate: 0.0005–0.0045. */
function growthRate(seed: string): number {
  return 0.0005 + seededRandom(hash(`${seed}:growth`))() * 0.004;
}

/** Followers at the end of UTC day `day` (days since the epoch). */
export function followersOnDay(seed: string, base: number, createdAtMs: number, day: number): number {
  const elapsed = day - dayOf(createdAtMs);
  if (elapsed <= 0 || base === 0) return base;
  return Math.round(base * (1 + growthRate(seed)) ** elapsed);
}

/** Followers at `nowMs`. */
export function followersAt(seed: string, base: number, createdAtMs: number, nowMs: number): number {
  return followersOnDay(seed, base, createdAtMs, dayOf(nowMs));
}

/** What the account's content drew on one UTC day. */
export function activityOnDay(seed: string, base: number, createdAtMs: number, day: number): DayActivity {
  const next = seededRandom(hash(`${seed}:${day}`));
  const followers = Math.max(followersOnDay(seed, base, createdAtMs, day), 20);
  const views = Math.round(followers * (0.25 + next() * 0.5));
  const reach = Math.round(views * (0.55 + next() * 0.2));
  const share = (ratio: number) => Math.round(views * ratio * (0.5 + next()));
  const likes = share(0.04);
  const comments = share(0.004);
  const shares = share(0.003);
  const saves = share(0.005);
  const followsGained = Math.max(0, followersOnDay(seed, base, createdAtMs, day) - followersOnDay(seed, base, createdAtMs, day - 1)) + Math.round(next() * 3);
  const followsLost = Math.round(followsGained * next() * 0.2);
  return { views, reach, likes, comments, shares, saves, interactions: likes + comments + shares + saves, followsGained, followsLost };
}

/**
 * Activity summed over the finished UTC days from `sinceMs` (inclusive) to `untilMs` (exclusive); `reach`
 * counts people once over the range, so it grows slower than the sum of the days' reach.
 */
export function activityBetween(seed: string, base: number, createdAtMs: number, sinceMs: number, untilMs: number, nowMs: number): DayActivity {
  const total: DayActivity = { views: 0, reach: 0, likes: 0, comments: 0, shares: 0, saves: 0, interactions: 0, followsGained: 0, followsLost: 0 };
  let widest = 0;
  const lastFinished = dayOf(nowMs) - 1;
  for (let day = dayOf(sinceMs); day < dayOf(untilMs + DAY_MS - 1) && day <= lastFinished; day++) {
    const a = activityOnDay(seed, base, createdAtMs, day);
    for (const key of Object.keys(total) as (keyof DayActivity)[]) total[key] += a[key];
    widest = Math.max(widest, a.reach);
  }
  // The same people come back: unique viewers over several days are well below the days' sum.
  total.reach = Math.max(widest, Math.round(total.reach * 0.45));
  return total;
}
