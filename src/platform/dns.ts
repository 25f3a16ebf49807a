/** Host name resolution, injected so tests can answer with fixed addresses. */
import dns from 'node:dns';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to (node:dns `lookup` with `all: true` in production; tests inject a fixed answer). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithDns: ResolveHost = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });
