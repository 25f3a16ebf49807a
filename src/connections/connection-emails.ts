/**
 * Transactional emails: a plain-text and an HTML part, the workspace's product name, no marketing.
 * Every value interpolated into HTML is escaped. (Three templates side by side: kept in one file so
 * their tone stays the same.)
 */

import { escapeHtml } from '../kernel/html.ts';
import type { EmailContent } from '../platform/email/outbox.ts';
import { describeReason } from './connection.rules.ts';

export interface DisconnectedEmailInput {
  productName: string;
  creatorName: string | null;
  network: string;
  /** The account, as accountName names it (`@handle`, a Page's name, or the network's id). */
  account: string;
  /** Every account the email is about, when one login's end reached several (Facebook); else `account` names the one. */
  accounts?: string[];
  reason: string;
  reconnectUrl: string;
  linkExpiresAt: Date;
  /** How long the grant lasted, for "expired after 60 days". */
  grantDays?: number | null;
  /** How the account switches back to a professional one (`not_professional`). */
  professionalSwitch?: string;
  /** Live campaigns the creator takes part in: the email is urgent and names them. */
  campaigns?: readonly string[];
}

/** Connections that share one login end together: one email names them all rather than one email each. */
function accountPhrase(input: { account: string; accounts?: string[] }): { account: string; short: string } {
  const accounts = input.accounts ?? [];
  if (accounts.length > 1) return { account: `${accounts.slice(0, -1).join(', ')} and ${accounts.at(-1)}`, short: `(${accounts.length} accounts)` };
  const account = accounts[0] ?? input.account;
  return { account, short: account };
}

const campaignList = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');

export function disconnectedEmail(input: DisconnectedEmailInput): EmailContent {
  const { account, short } = accountPhrase(input);
  // One account: "Reconnect TikTok @tom.dances"; a login that reached several is reconnected as the person's login.
  const one = (input.accounts?.length ?? 0) > 1 ? undefined : account;
  const { why, fix } = describeReason(input.reason, input.network, { grantDays: input.grantDays, professionalSwitch: input.professionalSwitch, account: one });
  const greeting = input.creatorName ? `Hi ${input.creatorName},` : 'Hi,';
  const expires = input.linkExpiresAt.toUTCString();
  const campaigns = input.campaigns ?? [];
  const urgent = campaigns.length > 0;
  const subject = urgent
    ? `Urgent: reconnect ${input.network} ${short} — your campaign ${campaignList(campaigns)} is live`
    : `Action needed: reconnect ${input.network} ${short} to ${input.productName}`;
  const campaignLine = urgent
    ? `You take part in ${campaigns.length > 1 ? 'the live campaigns' : 'the live campaign'} ${campaignList(campaigns)}: until you reconnect, your posts for it cannot be tracked. Please reconnect today.`
    : null;
  const text = [
    greeting,
    '',
    ...(campaignLine ? [campaignLine, ''] : []),
    `${input.productName} can no longer reach ${input.network} ${account}.`,
    `Why: ${why}`,
    `What to do: ${fix}`,
    '',
    `Reconnect here (the link works until ${expires}):`,
    input.reconnectUrl,
    '',
    `Until you reconnect, ${input.productName} cannot read your posts or their performance from ${input.network}.`,
    '',
    `— ${input.productName}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328">
<p>${escapeHtml(greeting)}</p>
${campaignLine ? `<p style="border-left:4px solid #b42318;padding:6px 12px;background:#fff4f2"><strong>Urgent.</strong> ${escapeHtml(campaignLine)}</p>\n` : ''}<p><strong>${escapeHtml(input.productName)}</strong> can no longer reach ${escapeHtml(input.network)} <strong>${escapeHtml(account)}</strong>.</p>
<p><strong>Why:</strong> ${escapeHtml(why)}<br><strong>What to do:</strong> ${escapeHtml(fix)}</p>
<p><a href="${escapeHtml(input.reconnectUrl)}" style="display:inline-block;background:#0b57d0;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">Reconnect ${escapeHtml(input.network)}</a></p>
<p style="color:#57606a;font-size:14px">The link works until ${escapeHtml(expires)}. Until you reconnect, ${escapeHtml(input.productName)} cannot read your posts or their performance from ${escapeHtml(input.network)}.</p>
</body></html>`;
  return { subject, text, html };
}

export interface ExpiringEmailInput {
  productName: string;
  creatorName: string | null;
  network: string;
  /** As in DisconnectedEmailInput. */
  account: string;
  accounts?: string[];
  expiresAt: Date;
  daysLeft: number;
  reconnectUrl: string;
  linkExpiresAt: Date;
}

/** A reminder that a connection the server cannot renew ends soon (Facebook: 14, 3 and 1 days before). */
export function expiringEmail(input: ExpiringEmailInput): EmailContent {
  const { account, short } = accountPhrase(input);
  const greeting = input.creatorName ? `Hi ${input.creatorName},` : 'Hi,';
  const when = input.daysLeft <= 1 ? 'tomorrow' : `in ${input.daysLeft} days`;
  const ends = input.expiresAt.toUTCString();
  const subject = `Reconnect ${input.network} ${short} to ${input.productName} — it ends ${when}`;
  const why = `${input.network} lets apps keep access for a limited time only, and only you can renew it by logging in again.`;
  const text = [
    greeting,
    '',
    `${input.productName}'s access to ${input.network} ${account} ends ${when} (${ends}).`,
    why,
    '',
    `Renew it now (takes a minute; the link works until ${input.linkExpiresAt.toUTCString()}):`,
    input.reconnectUrl,
    '',
    `If you do nothing, ${input.productName} stops reading your posts and their performance from ${input.network} on ${ends}.`,
    '',
    `— ${input.productName}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328">
<p>${escapeHtml(greeting)}</p>
<p><strong>${escapeHtml(input.productName)}</strong>'s access to ${escapeHtml(input.network)} <strong>${escapeHtml(account)}</strong> ends <strong>${escapeHtml(when)}</strong> (${escapeHtml(ends)}).</p>
<p>${escapeHtml(why)}</p>
<p><a href="${escapeHtml(input.reconnectUrl)}" style="display:inline-block;background:#0b57d0;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">Renew ${escapeHtml(input.network)} access</a></p>
<p style="color:#57606a;font-size:14px">The link works until ${escapeHtml(input.linkExpiresAt.toUTCString())}. If you do nothing, ${escapeHtml(input.productName)} stops reading your posts from ${escapeHtml(input.network)} on ${escapeHtml(ends)}.</p>
</body></html>`;
  return { subject, text, html };
}

export interface ReconnectedEmailInput {
  productName: string;
  creatorName: string | null;
  network: string;
  /** The account, as accountName names it; every account one login brought back, when it reconnected several. */
  accounts: string[];
}

/** The confirmation after a creator reconnected a channel that was disconnected or about to end. */
export function reconnectedEmail(input: ReconnectedEmailInput): EmailContent {
  const { account, short } = accountPhrase({ account: input.accounts[0] ?? input.network, accounts: input.accounts });
  const greeting = input.creatorName ? `Hi ${input.creatorName},` : 'Hi,';
  const several = input.accounts.length > 1;
  const subject = `${input.network} ${short} ${several ? 'are' : 'is'} reconnected to ${input.productName}`;
  const done = `${input.network} ${account} ${several ? 'are' : 'is'} connected again. ${input.productName} can read your posts and their performance as before; there is nothing else to do.`;
  const text = [
    greeting,
    '',
    done,
    '',
    `If you did not reconnect it yourself, disconnect it from your Channels page and tell ${input.productName}.`,
    '',
    `— ${input.productName}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(done)}</p>
<p style="color:#57606a;font-size:14px">If you did not reconnect it yourself, disconnect it from your Channels page and tell ${escapeHtml(input.productName)}.</p>
</body></html>`;
  return { subject, text, html };
}
