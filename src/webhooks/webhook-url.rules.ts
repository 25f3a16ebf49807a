/**
 * Where a webhook URL may point: an absolute http(s) URL without credentials, https in production,
 * never a special-purpose address (documentation, reserved, multicast: src/webhooks/network-address.rules.ts),
 * and (unless WEBHOOK_ALLOW_PRIVATE) not this host or a private network. Pure: every endpoint's URL
 * is checked here when it is saved; a host name is checked again at each delivery.
 */
import { addressRefusal, isIpAddress } from './network-address.rules.ts';

/** Where a webhook URL may point: https only (production), and whether private networks are allowed (WEBHOOK_ALLOW_PRIVATE). */
export interface WebhookUrlRules {
  requireHttps: boolean;
  allowPrivate: boolean;
  /** This machine's interface addresses, where the service itself listens. */
  ownAddresses: readonly string[];
}

/** Why a URL cannot receive webhooks, or undefined when it can. */
export function webhookUrlProblem(url: string, rules: WebhookUrlRules): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  if (rules.requireHttps && parsed.protocol !== 'https:') return 'must use https in production';
  // Credentials in a URL end up in proxies' and servers' logs; requests are signed instead.
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  return hostProblem(parsed.hostname, rules);
}

/**
 * The part of the SSRF guard that can be decided from the URL alone. The URL parser has already
 * normalised 2130706433, 0x7f.1 and [::ffff:127.0.0.1] into canonical addresses. A host name is
 * checked again at each delivery, after resolving it (src/webhooks/webhook-transport.ts).
 */
function hostProblem(hostname: string, rules: WebhookUrlRules): string | undefined {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  // RFC 6761: localhost and every name under it resolve to this host.
  const localhost = host === 'localhost' || host.endsWith('.localhost');
  if (localhost && !rules.allowPrivate) return 'must not point at this host (localhost); set WEBHOOK_ALLOW_PRIVATE=true to allow it';
  if (!isIpAddress(host)) return undefined;
  const refusal = addressRefusal(host, rules);
  if (!refusal) return undefined;
  return `must not point at ${refusal.reason}${refusal.local ? '; set WEBHOOK_ALLOW_PRIVATE=true to allow it' : ''}`;
}
