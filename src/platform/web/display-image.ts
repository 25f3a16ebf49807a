/**
 * Pictures a page shows (an avatar, a post's thumbnail) are the networks' CDN links, which the reader's
 * browser loads itself. PROVIDER_ORIGIN_MAP points those hosts elsewhere for the service's own calls (the
 * demo's and the tests' sandbox, whose CDN hosts do not exist on the internet): the same map must apply to
 * the links a page hands the browser, or the picture is a broken image. With no map (production) a link is
 * shown as the network gave it. Anything but an http(s) link is dropped, so a stored value can never become
 * a `javascript:` or `data:` source.
 */
import type { HttpClient } from '../../providers/http.ts';

/** A picture's link as the reader's browser can load it, or null when there is none to show. */
export type DisplayImageUrl = (url: string | null | undefined) => string | null;

export function displayImageUrls(http: Pick<HttpClient, 'mapUrl'>): DisplayImageUrl {
  return (url) => {
    if (!url) return null;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return http.mapUrl(parsed).toString();
  };
}
