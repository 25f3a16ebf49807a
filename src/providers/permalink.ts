/**
 * A post's address as people paste it: the same post is reached with or without `www.`, with any
 * case in the scheme and host, a trailing slash, a query (`?igsh=…` share ids, `?utm_…`) or a
 * fragment. The normal form keeps the path as it is (Instagram shortcodes are case-sensitive).
 */
import { type ProviderId, profiles } from './profiles.ts';

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

/** Each listed host's network (profiles' `permalinks.hosts`). */
const networkHosts = new Map<string, ProviderId>(profiles.flatMap((profile) => profile.permalinks.hosts.map((host) => [host, profile.id] as const)));

/** Which network a post's host belongs to: where a creator self-reports a post we have not synced. */
export function networkOfHost(host: string): ProviderId | undefined {
  const patterned = profiles.find((profile) => profile.permalinks.hostPattern?.test(host));
  if (patterned) return patterned.id;
  return networkHosts.get(host) ?? networkHosts.get(host.split('.').slice(-2).join('.'));
}
