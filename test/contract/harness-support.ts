/**
 * What every provider's contract harness shares: a sandbox on a loopback port with one manual clock, an
 * HTTP client whose origin map points the real hosts at it, and a person clicking through a consent page.
 */
import { type FaultSpec, type StartedSandbox, startSandbox } from '../../sandbox/index.ts';
import { ManualClock } from '../../src/kernel/clock.ts';
import { createHttpClient, type HttpClient } from '../../src/providers/http.ts';
import type { ContractFault } from './provider-contract.ts';

// Short enough that the timeout case costs little real time. Loopback answers in milliseconds, but on two
// busy cores (the suite runs files in parallel) a burst of calls has been seen to wait over 500 ms.
export const CONTRACT_TIMEOUT_MS = 1500;

export async function startContractSandbox(origins: readonly string[]): Promise<{ clock: ManualClock; sandbox: StartedSandbox; http: HttpClient }> {
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const sandbox = await startSandbox({ clock, port: 0 });
  const originMap = Object.fromEntries(origins.map((origin) => [origin, `${sandbox.url}/${new URL(origin).host}`]));
  return { clock, sandbox, http: createHttpClient({ originMap, timeoutMs: CONTRACT_TIMEOUT_MS }) };
}

/** The faults every sandbox answers alike; throttles and missing scopes are each network's own. */
export function commonFault(fault: ContractFault): Omit<FaultSpec, 'endpoint'> | undefined {
  if (fault.kind === 'server_error') return { fault: 'http_500' };
  // Hangs far longer than the client waits; the sandbox releases it when it closes.
  if (fault.kind === 'timeout') return { fault: 'timeout', delayMs: 20 * CONTRACT_TIMEOUT_MS };
  if (fault.kind === 'malformed_body') return { fault: 'malformed' };
  return undefined;
}

/**
 * Every sandbox consent page posts its hidden fields back to the authorize path, plus the account chosen,
 * one `granted` per ticked scope and any extra fields (Facebook's Page picker); answers the redirect.
 */
export async function postConsent(authorizationUrl: URL, username: string, granted: readonly string[], extra: Record<string, string[]> = {}): Promise<string> {
  const form = new URLSearchParams(authorizationUrl.searchParams);
  form.set('account', username);
  for (const scope of granted) form.append('granted', scope);
  for (const [key, values] of Object.entries(extra)) for (const value of values) form.append(key, value);
  const response = await fetch(new URL(authorizationUrl.pathname, authorizationUrl), { method: 'POST', body: form, redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`the consent page answered ${response.status}: ${await response.text()}`);
  return location;
}
