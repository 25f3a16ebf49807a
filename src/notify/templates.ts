/**
 * Transactional emails: a plain-text and an HTML part, the workspace's product name, no marketing.
 * Every value interpolated into HTML is escaped.
 */
import { describeReason } from '../domain/connection.ts';
import { escapeHtml } from '../http/pages/html.ts';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface DisconnectedEmailInput {
  productName: string;
  creatorName: string | null;
  network: string;
  username: string | null;
  /** Every account the email is about, when one login reached several (Facebook); else `username` names the one. */
  accounts?: string[];
  reason: string;
  reconnectUrl: string;
  linkExpiresAt: Date;
}

/** Connections that share one login end together: one email names them all rather than one email each. */
function accountPhrase(input: { network: string; username: string | null; accounts?: string[] }): { account: string; short: string } {
  const accounts = input.accounts ?? [];
  if (accounts.length > 1) return { account: `${accounts.slice(0, -1).join(', ')} and ${accounts.at(-1)}`, short: `(${accounts.length} accounts)` };
  const account = accounts[0] ?? (input.username ? `@${input.username}` : `your ${input.network} account`);
  return { account, short: account };
}

export function disconnectedEmail(input: DisconnectedEmailInput): EmailContent {
  const { account, short } = accountPhrase(input);
  const { why, fix } = describeReason(input.reason, input.network);
  const greeting = input.creatorName ? `Hi ${input.creatorName},` : 'Hi,';
  const expires = input.linkExpiresAt.toUTCString();
  const subject = `Action needed: reconnect ${input.network} ${short} to ${input.productName}`;
  const text = [
    greeting,
    '',
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
<p><strong>${escapeHtml(input.productName)}</strong> can no longer reach ${escapeHtml(input.network)} <strong>${escapeHtml(account)}</strong>.</p>
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
  username: string | null;
  /** As in DisconnectedEmailInput. */
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
