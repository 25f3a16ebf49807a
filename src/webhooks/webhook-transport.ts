/**
 * How a webhook reaches the platform without letting the URL reach this host's private network.
 * The host is resolved once per attempt, every address it resolves to is checked, and the
 * connection goes to the checked address: a DNS answer that changes between the check and the
 * connect (DNS rebinding) cannot swap in 127.0.0.1 or 169.254.169.254.
 *
 * Why node:http and not fetch: the global fetch can only be pinned through an undici Agent
 * (`dispatcher` with `connect.lookup`), and Node does not expose its bundled undici; the undici
 * maintainers advise against reaching it through the global dispatcher symbol. node:http's
 * documented `lookup` option does the same job, and TLS still checks the certificate against the
 * host name (SNI and verification use the URL's host, only the socket goes to the pinned address).
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress, ResolveHost } from '../platform/dns.ts';
import { addressRefusal, isIpAddress } from './network-address.rules.ts';

export type Destination = { addresses: ResolvedAddress[] } | { refused: string };

/**
 * Where to connect for `url`, or why not. One private address among several refuses the whole
 * host: which one the socket would get is the resolver's choice, not ours. A DNS failure throws
 * (it is worth retrying); a refusal is an answer (it is not).
 */
export async function vetDestination(url: URL, rules: { allowPrivate: boolean; resolve: ResolveHost; hostAddresses: () => readonly string[] }): Promise<Destination> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIpAddress(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await rules.resolve(host);
  if (addresses.length === 0) return { refused: 'the host name resolves to no address' };
  // Read at each attempt: an interface that came up since the endpoint was saved counts too.
  const ownAddresses = rules.hostAddresses();
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, { allowPrivate: rules.allowPrivate, ownAddresses });
    if (refusal) return { refused: `the host resolves to ${refusal.reason}${refusal.local ? ' (set WEBHOOK_ALLOW_PRIVATE=true to allow it)' : ''}` };
  }
  return { addresses };
}

export interface PinnedRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * POSTs `body` to `url` over a socket opened to one of the `pinned` addresses (all of them
 * checked), never to a fresh resolution of the host. Redirects are not followed (node:http never
 * does). Resolves with the status code; the response body is discarded.
 */
export function postPinned(url: URL, pinned: ResolvedAddress[], request: PinnedRequest): Promise<number> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    // net.connect asks for `all` when it races address families (autoSelectFamily): a host whose
    // ::1 refuses and whose 127.0.0.1 listens still connects, as with fetch.
    if (options.all) (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, pinned);
    else callback(null, pinned[0]!.address, pinned[0]!.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      {
        method: 'POST',
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup,
        // One connection per attempt: a pooled socket would outlive the address check it was opened under.
        agent: false,
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
