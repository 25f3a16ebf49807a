/**
 * A creator's verified profile (`GET /v1/creators/:id/profile`, and the pages built on it): every channel
 * the creator connected in this workspace, each with its latest account reading, the followers trend of
 * the last 30 days, its latest audience, and when the figures were read from the network, which is what
 * makes them verified rather than self-reported (docs/api.md#creator-profile).
 */
import { listConnections } from '../connections/index.ts';
import { DAY } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { getCreator } from '../platform/workspaces.repo.ts';
import { displayNameOf } from '../providers/profiles.ts';
import { followerTrends, latestAccountReadings } from './account-readings.repo.ts';
import { type AudienceView, audienceView } from './audience.ts';
import { type AccountReadingView, readingView } from './connection-insights.ts';
import { latestAudience } from './insights-read.repo.ts';

const TREND_DAYS = 30;

export interface ProfileChannelView {
  connectionId: string;
  network: string;
  /** The network's name for people: "Instagram". */
  networkName: string;
  username: string | null;
  displayName: string | null;
  avatarUrl: string | null;
  status: string;
  /** The latest reading (available or not); null before the first. */
  latest: AccountReadingView | null;
  /** When the latest figures were read from the network; null before the first reading. */
  verifiedAt: string | null;
  /** Followers by day over the last 30 days, oldest first. */
  trend: { day: string; followers: number }[];
  audience: AudienceView;
}

export interface CreatorProfileView {
  creatorId: string;
  name: string | null;
  /** Followers added up over the usable channels whose latest reading has a count. */
  followers: number | null;
  channels: ProfileChannelView[];
}

export async function creatorProfile(deps: Deps, workspaceId: string, creatorId: string): Promise<Result<CreatorProfileView>> {
  const [creator, connections] = await Promise.all([getCreator(deps.db, workspaceId, creatorId), listConnections(deps.db, workspaceId, { creatorId })]);
  if (!creator && connections.length === 0) return fail('not_found', 'There is no creator with this id in this workspace.');
  const ids = connections.map((c) => c.id);
  const since = new Date(deps.clock.now().getTime() - (TREND_DAYS - 1) * DAY).toISOString().slice(0, 10);
  const [latest, trends, audiences] = await Promise.all([
    latestAccountReadings(deps.db, ids),
    followerTrends(deps.db, ids, since),
    Promise.all(ids.map((id) => latestAudience(deps.db, id))),
  ]);
  const channels = connections.map((c, i): ProfileChannelView => {
    const reading = latest.get(c.id);
    return {
      connectionId: c.id,
      network: c.network,
      networkName: displayNameOf(c.network),
      username: c.username,
      displayName: c.displayName,
      avatarUrl: c.avatarUrl,
      status: c.status,
      latest: reading ? readingView(reading) : null,
      verifiedAt: reading ? reading.capturedAt.toISOString() : null,
      trend: trends.get(c.id) ?? [],
      audience: audienceView(audiences[i]),
    };
  });
  // A disconnected channel's figures are no longer verified: they stay listed, but are not added up.
  const counted = channels
    .filter((c) => c.status !== 'disconnected')
    .map((c) => c.latest?.followers)
    .filter((n): n is number => typeof n === 'number');
  return ok({ creatorId, name: creator?.name ?? null, followers: counted.length ? counted.reduce((a, b) => a + b, 0) : null, channels });
}
