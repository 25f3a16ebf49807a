/**
 * A post's address as people paste it: the same post is reached with or without `www.`, with any
 * case in the scheme and host, a trailing slash, a query (`?igsh=…` share ids, `?utm_…`) or a
 * fragment. The normal form keeps the path as it is (Instagram shortcodes are case-sensitive).
 */
export interface NormalPermalink {
  /** https://host/path without www., trailing slash, query or fragment. */
  url: string;
  host: string;
}

export function normalizePermalink(input: string): NormalPermalink | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^(www|m)\./, '');
  const path = url.pathname.replace(/\/+$/, '');
  if (!host.includes('.')) return undefined;
  return { url: `https://${host}${path}`, host };
}

/** The forms a network may have given us for the same post: with and without www. and the trailing slash. */
export function permalinkVariants(normal: NormalPermalink): string[] {
  const path = normal.url.slice(`https://${normal.host}`.length);
  return [normal.host, `www.${normal.host}`].flatMap((host) => [`https://${host}${path}`, `https://${host}${path}/`]);
}

/** Which network a post's host belongs to: where a creator self-reports a post we have not synced. */
const networkHosts: Record<string, string> = {
  'instagram.com': 'instagram',
  'facebook.com': 'facebook',
  'fb.watch': 'facebook',
  'tiktok.com': 'tiktok',
  'vm.tiktok.com': 'tiktok',
  'youtube.com': 'youtube',
  'youtu.be': 'youtube',
  'pinterest.com': 'pinterest',
  'pin.it': 'pinterest',
};

export function networkOfHost(host: string): string | undefined {
  // Pinterest serves country domains (pinterest.fr, pinterest.co.uk, pinterest.com.au); the country
  // part is one short label, so pinterest.evil.com is someone else's site.
  if (/(^|\.)pinterest\.(com?\.)?[a-z]{2,3}$/.test(host)) return 'pinterest';
  return networkHosts[host] ?? networkHosts[host.split('.').slice(-2).join('.')];
}
