/**
 * The banner at the top of the Channels page after an action: what happened, in the reader's
 * language. The page focuses it on load, so a keyboard or screen-reader user hears it and starts there.
 */
import type { CreatorPartnership } from '../partnership-ads/index.ts';
import type { ChannelCard } from './channels-view.ts';
import type { PortalWords } from './messages/index.ts';

export interface Banner {
  kind: 'ok' | 'bad';
  text: string;
}

/** The query of a round trip: the connect flow's `status`/`error`/`connection`, our `action`, a revoked approval's `partnership`. */
export type BannerQuery = Record<string, string | undefined>;

/**
 * What the query says happened. `action=reconnect` is ours (the Reconnect button's return address
 * carries it), so a reconnection is told as one; a sync queued after connecting is said too.
 */
export function bannerFor(
  words: PortalWords,
  productName: string,
  query: BannerQuery,
  channels: readonly ChannelCard[],
  partnerships: readonly CreatorPartnership[] = [],
): Banner | undefined {
  if (query.status === 'partnership_revoked') {
    const revoked = partnerships.find((p) => p.request.id === query.partnership);
    return { kind: 'ok', text: revoked ? words.t('banner.revoked', { brand: revoked.brandName }) : words.t('banner.revokedUnknown') };
  }
  const card = channels.find((c) => c.id === query.connection);
  const named = card ? { name: card.name, network: card.network } : undefined;
  if (query.status === 'connected') {
    const said = named ? words.t(query.action === 'reconnect' ? 'banner.reconnected' : 'banner.connected', named) : words.t('banner.channelConnected');
    const syncing = card?.mediaSync?.status === 'queued' || card?.mediaSync?.status === 'running';
    return { kind: 'ok', text: syncing ? `${said} ${words.t('banner.syncStarted')}` : said };
  }
  if (query.status === 'disconnected') {
    return { kind: 'ok', text: named ? words.t('banner.disconnected', { ...named, product: productName }) : words.t('banner.channelDisconnected') };
  }
  if (query.status === 'error') return { kind: 'bad', text: words.t(query.error === 'access_denied' ? 'banner.cancelled' : 'banner.notConnected') };
  return undefined;
}
