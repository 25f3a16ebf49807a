/**
 * In-app notices shown on the Channels page and at GET /v1/creators/:id/notifications: a title and
 * one or two plain sentences, the same words as the emails (describeReason), without links (the
 * page itself has the buttons).
 */
import type { NoticeContent } from '../notifications/index.ts';
import { describeReason } from './connection.rules.ts';

/** `account` as accountName names it: "Instagram @ana.business", "Facebook Dana Bakes". */
const accountOf = (network: string, account: string) => `${network} ${account}`;

export function disconnectedNotice(input: {
  network: string;
  account: string;
  reason: string;
  grantDays?: number | null;
  professionalSwitch?: string;
  campaigns?: readonly string[];
}): NoticeContent {
  const { why, fix } = describeReason(input.reason, input.network, { grantDays: input.grantDays, professionalSwitch: input.professionalSwitch, account: input.account });
  const campaigns = input.campaigns ?? [];
  const urgent = campaigns.length > 0;
  const during = urgent ? ` Your live campaign ${campaigns.map((name) => `"${name}"`).join(', ')} needs it: reconnect today.` : '';
  return { title: `${urgent ? 'Urgent: ' : ''}${accountOf(input.network, input.account)} is disconnected`, body: `${why} ${fix}${during}`, urgent };
}

export function expiringNotice(input: { network: string; account: string; daysLeft: number; grantDays?: number | null }): NoticeContent {
  const when = input.daysLeft <= 1 ? 'tomorrow' : `in ${input.daysLeft} days`;
  const { why, fix } = describeReason('expires_soon', input.network, { grantDays: input.grantDays, account: input.account });
  return { title: `${accountOf(input.network, input.account)} disconnects ${when}`, body: `${why} ${fix}`, urgent: false };
}

export function reconnectedNotice(input: { network: string; account: string }): NoticeContent {
  return { title: `${accountOf(input.network, input.account)} is reconnected`, body: 'It works again; there is nothing else to do.', urgent: false };
}
