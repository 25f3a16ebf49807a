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
import { getCreator, getWorkspace } from '../platform/workspaces.repo.ts';
import { accountName } from '../providers/account-name.ts';
import { displayNameOf } from '../providers/profiles.ts';
import type { ChannelFigures } from './account-figures.page.ts';
import type { PortalSession } from './portal-session.ts';

export const NOTIFICATIONS_SHOWN = 20;

export type ChannelState = 'connected' | 'expiring' | 'disconnected';

export interface ChannelCard {
  id: string;
  provider: string;
  network: string;
  /** The account as accountName names it (`@handle`, a Page's name, or the network's id). */
  name: string;
  /**
   * The network account this connection reaches (`instagram:17841…`): the page shows an account reached
   * by two logins (Instagram Login and a Facebook Page) once, with both logins under it.
   */
  accountKey: string;
  /** The login, as people know it: "Instagram Login", "Facebook Login". */
  login: string;
  /** The network the account is on, whichever login reached it: "Instagram". */
  accountNetwork: string;
  username: string | null;
  displayName: string | null;
  avatarUrl: string | null;
  state: ChannelState;
  /** "Connected", "Expiring in 3 days", "Disconnected". */
  statusText: string;
  /** Why and what to do, for channels that are not simply connected. */
  help: { why: string; fix: string } | null;
  /** The last time the token was renewed, or the connection was made when it never was. */
  lastRefreshedAt: Date | null;
  connectedAt: Date;
  /** The latest media sync (its progress while it runs); null: none yet. */
  mediaSync: MediaSyncSummary | null;
  /** The channel's verified figures and followers trend (account insights); absent: not loaded. */
  figures?: ChannelFigures;
}

export interface ChannelsView {
  productName: string;
  creatorName: string | null;
  networks: { id: string; name: string }[];
  channels: ChannelCard[];
  notifications: Notification[];
  unreadCount: number;
  /** Brands' Partnership Ads requests for the creator's posts: open ones and those ended lately. */
  partnerships: CreatorPartnership[];
  returnUrl: string | null;
}

export async function loadChannelsView(deps: Deps, session: PortalSession): Promise<ChannelsView> {
  const { workspaceId, creatorId } = session;
  const [workspace, creator, connections, notifications, unreadCount, partnerships] = await Promise.all([
    getWorkspace(deps.db, workspaceId),
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
    productName: workspace?.productName ?? deps.settings.productName,
    creatorName: creator?.name ?? null,
    networks: deps.providers.all().map((provider) => ({ id: provider.id, name: provider.displayName })),
    channels: connections.map((connection) => ({ ...toCard(deps, connection, syncs.get(connection.id) ?? null), figures: figures.get(connection.id) })),
    notifications,
    unreadCount,
    partnerships,
    returnUrl: session.returnUrl,
  };
}

export function toCard(deps: Pick<Deps, 'providers' | 'clock'>, connection: Connection, mediaSync: MediaSyncSummary | null = null): ChannelCard {
  const network = deps.providers.get(connection.provider)?.displayName ?? connection.provider;
  const days = grantDays(connection);
  const base = {
    id: connection.id,
    provider: connection.provider,
    network: connection.network !== connection.provider ? `${displayNameOf(connection.network)} (via ${network})` : network,
    name: accountName(connection),
    accountKey: `${connection.network}:${connection.accountId}`,
    login: `${network} Login`,
    accountNetwork: displayNameOf(connection.network),
    username: connection.username,
    displayName: connection.displayName,
    avatarUrl: connection.avatarUrl,
    lastRefreshedAt: connection.lastRefreshedAt,
    connectedAt: connection.connectedAt,
    mediaSync,
  };
  if (connection.status === 'disconnected') {
    const context = { grantDays: days, professionalSwitch: professionalSwitchOf(connection) };
    return { ...base, state: 'disconnected', statusText: 'Disconnected', help: describeReason(connection.statusReason, network, context) };
  }
  if (connection.status === 'expiring') {
    const left = connection.grantExpiresAt ? Math.max(0, Math.ceil((connection.grantExpiresAt.getTime() - deps.clock.now().getTime()) / DAY)) : null;
    const statusText = left === null ? 'Expiring soon' : left <= 1 ? 'Expiring in 1 day' : `Expiring in ${left} days`;
    return { ...base, state: 'expiring', statusText, help: describeReason('expires_soon', network, { grantDays: days }) };
  }
  return { ...base, state: 'connected', statusText: 'Connected', help: null };
}
