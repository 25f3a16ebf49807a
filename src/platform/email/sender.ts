/**
 * The From header of an email: the workspace's sender name (its brand) in front of the configured
 * address (EMAIL_FROM, or the workspace's email_from). Only the display name changes: the address is
 * the one the operator's mail domain is set up to send from.
 */

/** The address part of `Name <addr>` or a bare `addr`. */
export function addressOf(from: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(from);
  return (angle?.[1] ?? from).trim();
}

/** RFC 5322: a display name with specials is a quoted string. */
function displayName(name: string): string {
  const clean = name.replace(/[\r\n]+/g, ' ').trim();
  return /[()<>[\]:;@\\,."]/.test(clean) ? `"${clean.replace(/(["\\])/g, '\\$1')}"` : clean;
}

/** `Sender Name <address>`; the address alone when there is no name. */
export function fromHeader(configured: string, senderName: string | null | undefined): string {
  const address = addressOf(configured);
  return senderName?.trim() ? `${displayName(senderName)} <${address}>` : configured;
}
