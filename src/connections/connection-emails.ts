/**
 * Transactional emails: a plain-text and an HTML part, in the creator's language (their stored
 * locale, else the workspace's default), with dates in their time zone (UTC otherwise, said once),
 * the platform's brand, no marketing. Every value put into HTML is escaped. (Three templates side
 * by side: kept in one file so their tone stays the same.)
 */

import { type Html, html } from '../kernel/html.ts';
import { emailButton, emailDocument } from '../platform/email/email-frame.ts';
import type { EmailContent } from '../platform/email/outbox.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import type { LocalizedText } from '../providers/network-profile.ts';
import { describeReason } from './connection.rules.ts';
import { joined, quotedList } from './lists.ts';
import { connectionMessages } from './messages/emails/index.ts';

/** Who reads the email: language, time zone (formats) and the workspace's brand. */
export type EmailReader = Pick<Viewer, 'locale' | 'formats' | 'brand'>;

interface EmailAbout {
  viewer: EmailReader;
  creatorName: string | null;
  network: string;
  /** The account, as accountLabel names it in the reader's language (`@handle`, a Page's name). */
  account: string;
  /** Every account the email is about, when one login's end reached several (Facebook); else `account` names the one. */
  accounts?: string[];
}

export interface DisconnectedEmailInput extends EmailAbout {
  reason: string;
  reconnectUrl: string;
  linkExpiresAt: Date;
  /** How long the grant lasted, for "expired after 60 days". */
  grantDays?: number | null;
  /** How the account switches back to a professional one (`not_professional`). */
  professionalSwitch?: LocalizedText;
  /** Live campaigns the creator takes part in: the email is urgent and names them. */
  campaigns?: readonly string[];
}

/** Connections that share one login end together: one email names them all rather than one email each. */
function accountPhrase(input: EmailAbout): { account: string; short: string; count: number } {
  const accounts = input.accounts ?? [];
  const words = connectionMessages.for(input.viewer.locale);
  if (accounts.length > 1) return { account: joined(accounts, input.viewer.locale), short: words.t('account.several', { count: accounts.length }), count: accounts.length };
  const account = accounts[0] ?? input.account;
  return { account, short: account, count: 1 };
}

function frame(input: EmailAbout) {
  const words = connectionMessages.for(input.viewer.locale);
  const product = input.viewer.brand.productName;
  const greeting = input.creatorName ? words.t('email.greeting', { name: input.creatorName }) : words.t('email.greetingNoName');
  const utc = input.viewer.formats.inUtc ? [words.t('email.inUtc')] : [];
  const text = (lines: readonly string[]) => [greeting, '', ...lines, '', `${words.t('email.signature', { product })}`, ...utc].join('\n');
  const document = (body: Html, footnote: Html) => emailDocument(input.viewer, html`<p>${greeting}</p>\n${body}`, { footnote, utcNote: words.t('email.inUtc') });
  return { words, product, text, document, when: (date: Date) => input.viewer.formats.dateTime(date) };
}

export function disconnectedEmail(input: DisconnectedEmailInput): EmailContent {
  const { account, short, count } = accountPhrase(input);
  const { words, product, text, document, when } = frame(input);
  const { locale } = input.viewer;
  const network = input.network;
  // One account: "Reconnect TikTok @tom.dances"; a login that reached several is reconnected as the person's login.
  const one = count > 1 ? undefined : account;
  const { why, fix } = describeReason(input.reason, network, { grantDays: input.grantDays, professionalSwitch: input.professionalSwitch, account: one, locale });
  const campaigns = input.campaigns ?? [];
  const quoted = quotedList(campaigns, locale);
  const subject = campaigns.length
    ? words.t('email.disconnected.subjectUrgent', { network, short, count: campaigns.length, campaigns: quoted })
    : words.t('email.disconnected.subject', { network, short, product });
  const campaignLine = campaigns.length ? words.t('email.disconnected.campaigns', { count: campaigns.length, campaigns: quoted }) : null;
  const until = when(input.linkExpiresAt);
  const lines = [
    ...(campaignLine ? [campaignLine, ''] : []),
    words.t('email.disconnected.lost', { product, network, account }),
    words.t('email.disconnected.why', { why }),
    words.t('email.disconnected.fix', { fix }),
    '',
    words.t('email.disconnected.linkIntro', { until }),
    input.reconnectUrl,
    '',
    words.t('email.disconnected.meanwhile', { product, network }),
  ];
  const urgent = campaignLine
    ? html`<p style="border-left:4px solid #b42318;padding:6px 12px;background:#fff4f2"><strong>${words.t('email.disconnected.urgent')}</strong> ${campaignLine}</p>\n`
    : html``;
  const body = html`${urgent}<p>${words.html('email.disconnected.lost', { product: html`<strong>${product}</strong>`, network, account: html`<strong>${account}</strong>` })}</p>
<p>${words.t('email.disconnected.why', { why })}<br>${words.t('email.disconnected.fix', { fix })}</p>
${emailButton(input.viewer, input.reconnectUrl, words.t('email.disconnected.button', { network }))}`;
  const footnote = html`${words.t('email.disconnected.linkUntil', { until })} ${words.t('email.disconnected.meanwhile', { product, network })}`;
  return { subject, text: text(lines), html: document(body, footnote), locale };
}

export interface ExpiringEmailInput extends EmailAbout {
  expiresAt: Date;
  daysLeft: number;
  reconnectUrl: string;
  linkExpiresAt: Date;
}

/** A reminder that a connection the server cannot renew ends soon (Facebook: 14, 3 and 1 days before). */
export function expiringEmail(input: ExpiringEmailInput): EmailContent {
  const { account, short } = accountPhrase(input);
  const { words, product, text, document, when } = frame(input);
  const network = input.network;
  const days = Math.max(1, input.daysLeft);
  const date = when(input.expiresAt);
  const until = when(input.linkExpiresAt);
  const subject = words.t('email.expiring.subject', { network, short, product, days });
  const why = words.t('email.expiring.why', { network });
  const lines = [
    words.t('email.expiring.ends', { product, network, account, days, date }),
    why,
    '',
    words.t('email.expiring.linkIntro', { until }),
    input.reconnectUrl,
    '',
    words.t('email.expiring.otherwise', { product, network, date }),
  ];
  const body = html`<p>${words.html('email.expiring.ends', { product: html`<strong>${product}</strong>`, network, account: html`<strong>${account}</strong>`, days, date })}</p>
<p>${why}</p>
${emailButton(input.viewer, input.reconnectUrl, words.t('email.expiring.button', { network }))}`;
  const footnote = html`${words.t('email.expiring.linkUntil', { until })} ${words.t('email.expiring.otherwise', { product, network, date })}`;
  return { subject, text: text(lines), html: document(body, footnote), locale: input.viewer.locale };
}

export interface ReconnectedEmailInput extends Omit<EmailAbout, 'accounts'> {
  /** Every account one login brought back, when it reconnected several. */
  accounts: string[];
}

/** The confirmation after a creator reconnected a channel that was disconnected or about to end. */
export function reconnectedEmail(input: ReconnectedEmailInput): EmailContent {
  const { account, short, count } = accountPhrase(input);
  const { words, product, text, document } = frame(input);
  const network = input.network;
  const subject = words.t('email.reconnected.subject', { network, short, count, product });
  const done = words.t('email.reconnected.done', { network, account, count, product });
  const notYou = words.t('email.reconnected.notYou', { product });
  return { subject, text: text([done, '', notYou]), html: document(html`<p>${done}</p>`, html`${notYou}`), locale: input.viewer.locale };
}
