/** Host name resolution, injected so tests can answer with fixed addresses. */
import dns from 'node:dns';
import os from 'node:os';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to (node:dns `lookup` with `all: true` in production; tests inject a fixed answer). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithDns: ResolveHost = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * This machine's interface addresses, read afresh at each call (cheap, and an interface can come up
 * at any time). Loopback interfaces are left out: their ranges (127.0.0.0/8, ::1) are refused as such.
 */
export function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((entries) => (entries ?? []).filter((entry) => !entry.internal).map((entry) => entry.address));
}
