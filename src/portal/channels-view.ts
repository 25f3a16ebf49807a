/**
 * What a creator's Channels page shows: every network the workspace offers, the creator's channels
 * with their status in plain words and their verified figures, brands' Partnership Ads requests, and their notifications.
 * Viewing the page marks the notifications it shows as read (they are shown as new this once).
 */

import { type Connection, describeReason, grantDays, listConnections, professionalSwitchOf } from '../connections/index.ts';
import { creatorProfile } from '../insights/index.ts';
import { DAY } from '../kernel/clock.ts';
import { type MediaSyncSummary, syncSummaries } from '../media/index.ts';
import { countUnread, listNotifications, markRead, type Notification } from '../notifications/index.ts';
import { type CreatorPartnership, listCreatorPartnerships } from '../partnership-ads/index.ts';
import type { Deps } from '../platform/deps.ts';
import type { ReaderLocale } from '../platform/i18n/locales.ts';
import type { NetworkMark } from '../platform/web/network-mark.ts';
import { getCreator } from '../platform/workspaces.repo.ts';
import { accountName } from '../providers/account-name.ts';
import { displayNameOf, profileOf } from '../providers/profiles.ts';
import type { TokenPolicy } from '../providers/token-policy.ts';
import type { ChannelFigures } from './account-figures.page.ts';
import type { PortalSession } from './portal-session.ts';

export const NOTIFICATIONS_SHOWN = 20;

export type ChannelState = 'connected' | 'expiring' | 'disconnected';

/**
 * How long a healthy channel stays connected: until a fixed end nothing we do can move (Facebook's
 * 60-day grant, TikTok's refresh token), renewed automatically before an end that refreshing moves
 * (Instagram, Threads, Pinterest), or with no end at all while it is used (YouTube).
 */
export type ChannelLifetime = { kind: 'until'; at: Date } | { kind: 'renewed' } | { kind: 'stays' };

export interface ChannelCard {
  id: string;
  provider: string;
  /** The network the account is on, whichever login reached it: "Instagram". */
  network: string;
  /** The network's mark (simple-icons), drawn beside its name. */
  mark: NetworkMark | null;
  /** The account as accountName names it (`@handle`, a Page's name, or the network's id). */
  name: string;
  /** `@handle` when the network gave one (TikTok's needs user.info.profile). */
  handle: string | null;
  /**
   * The network account this connection reaches (`instagram:17841…`): the page shows an account reached
   * by two logins (Instagram Login and a Facebook Page) once, with both logins under it.
   */
  accountKey: string;
  /** The network whose login this is, by its display name: "Facebook" for an Instagram account reached through a Facebook Page. */
  loginNetwork: string;
  /** True when the account was reached through another network's login. */
  throughOtherLogin: boolean;
  username: string | null;
  displayName: string | null;
  avatarUrl: string | null;
  state: ChannelState;
  /** Whole days until an expiring channel's end; null: unknown. */
  daysLeft: number | null;
  /** A healthy channel's end, or that it has none; null for the others. */
  lifetime: ChannelLifetime | null;
  /** Why and what to do, for channels that are not simply connected. */
  help: { why: string; fix: string } | null;
  /** The last time we saw the connection work (a check or a token renewal); null: not yet. */
  checkedAt: Date | null;
  connectedAt: Date;
  /** The latest media sync (its progress while it runs); null: none yet. */
  mediaSync: MediaSyncSummary | null;
  /** The channel's verified figures and followers trend (account insights); absent: not loaded. */
  figures?: ChannelFigures;
}

export interface ChannelsView {
  creatorName: string | null;
  networks: { id: string; name: string; mark: NetworkMark | null }[];
  channels: ChannelCard[];
  notifications: Notification[];
  unreadCount: number;
  /** Brands' Partnership Ads requests for the creator's posts: open ones and those ended lately. */
  partnerships: CreatorPartnership[];
  returnUrl: string | null;
}

/** `locale`: the reader's, for the reasons' words (`describeReason`); English when absent. */
export async function loadChannelsView(deps: Deps, session: PortalSession, locale?: ReaderLocale): Promise<ChannelsView> {
  const { workspaceId, creatorId } = session;
  const [creator, connections, notifications, unreadCount, partnerships] = await Promise.all([
    getCreator(deps.db, workspaceId, creatorId),
    listConnections(deps.db, workspaceId, { creatorId }),
    listNotifications(deps.db, workspaceId, { creatorId }, { limit: NOTIFICATIONS_SHOWN }),
    countUnread(deps.db, workspaceId, { creatorId }),
    listCreatorPartnerships(deps, { workspaceId, creatorId }),
  ]);
  const [syncs, profile] = await Promise.all([
    syncSummaries(
      deps,
      connections.map((connection) => connection.id),
    ),
    creatorProfile(deps, workspaceId, creatorId),
  ]);
  const figures = new Map(profile.ok ? profile.value.channels.map((c) => [c.connectionId, c]) : []);
  const shownUnread = notifications.filter((n) => n.readAt === null).map((n) => n.id);
  await markRead(deps.db, workspaceId, { creatorId }, deps.clock.now(), shownUnread);
  return {
    creatorName: creator?.name ?? null,
    networks: deps.providers.all().map((provider) => ({ id: provider.id, name: provider.displayName, mark: profileOf(provider.id)?.mark ?? null })),
    channels: connections.map((connection) => ({ ...toCard(deps, connection, syncs.get(connection.id) ?? null, locale), figures: figures.get(connection.id) })),
    notifications,
    unreadCount,
    partnerships,
    returnUrl: session.returnUrl,
  };
}

type CardDeps = Pick<Deps, 'providers' | 'clock' | 'policies' | 'displayImageUrl'>;

export function toCard(deps: CardDeps, connection: Connection, mediaSync: MediaSyncSummary | null = null, locale?: ReaderLocale): ChannelCard {
  const loginNetwork = deps.providers.get(connection.provider)?.displayName ?? displayNameOf(connection.provider);
  const bare = connection.username?.trim().replace(/^@+/, '');
  const base = {
    id: connection.id,
    provider: connection.provider,
    network: displayNameOf(connection.network),
    mark: profileOf(connection.network)?.mark ?? null,
    name: accountName(connection),
    handle: bare ? `@${bare}` : null,
    accountKey: `${connection.network}:${connection.accountId}`,
    loginNetwork,
    throughOtherLogin: connection.network !== connection.provider,
    username: connection.username,
    displayName: connection.displayName,
    // The network's picture, as a browser can reach it (the sandbox's CDN in the demo and tests).
    avatarUrl: deps.displayImageUrl(connection.avatarUrl),
    checkedAt: latest(connection.lastVerifiedAt, connection.lastRefreshedAt),
    connectedAt: connection.connectedAt,
    mediaSync,
    daysLeft: null,
    lifetime: null,
  };
  if (connection.status === 'disconnected') {
    const context = { grantDays: grantDays(connection), professionalSwitch: professionalSwitchOf(connection), locale };
    return { ...base, state: 'disconnected', help: describeReason(connection.statusReason, loginNetwork, context) };
  }
  if (connection.status === 'expiring') {
    const daysLeft = connection.grantExpiresAt ? Math.max(0, Math.ceil((connection.grantExpiresAt.getTime() - deps.clock.now().getTime()) / DAY)) : null;
    return { ...base, state: 'expiring', daysLeft, help: describeReason('expires_soon', loginNetwork, { grantDays: grantDays(connection), locale }) };
  }
  return { ...base, state: 'connected', lifetime: lifetimeOf(deps.policies[connection.provider], connection), help: null };
}

/**
 * From the login's token policy and the stored ends: an end is fixed when the network cannot refresh
 * from the server, or when refreshing does not move it (a refresh token with its own end).
 */
export function lifetimeOf(policy: TokenPolicy | undefined, connection: Pick<Connection, 'grantExpiresAt'>): ChannelLifetime {
  // The grant's end, not the access token's: a YouTube access token lives an hour, its grant has no end.
  const end = connection.grantExpiresAt;
  if (!end) return { kind: 'stays' };
  const fixed = !policy?.refreshable || policy.refreshWhen.by === 'grant_expiry' || policy.refreshWhen.by === 'never';
  return fixed ? { kind: 'until', at: end } : { kind: 'renewed' };
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a.getTime() >= b.getTime() ? a : b;
}
