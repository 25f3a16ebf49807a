/**
 * "Check every channel now" on a workspace's dashboard: asks each network about the workspace's live
 * channels at once instead of at their daily turn, so an operator who hears of a problem sees it now.
 * One press checks a bounded number (each is a call to a network); the hourly run reads the rest.
 */
import { verifyConnections } from '../connections/index.ts';
import type { Deps } from '../platform/deps.ts';
import type { CheckOutcome } from './dashboard.page.ts';

/** Channels one press checks: with 16 calls at a time, a few seconds of the networks' time. */
export const CHECK_LIMIT = 200;

export async function checkEveryChannel(deps: Deps, workspaceId: string): Promise<CheckOutcome> {
  const { checked, disconnected } = await verifyConnections(deps, { olderThanMs: 0, workspaceId, limit: CHECK_LIMIT });
  return { checked, disconnected, more: checked >= CHECK_LIMIT };
}

/** The outcome in the redirect's query, so a reload of the page it lands on repeats no check. */
export function outcomeQuery(outcome: CheckOutcome): string {
  return `checked=${outcome.checked}&disconnected=${outcome.disconnected}${outcome.more ? '&more=1' : ''}`;
}

/** The banner's outcome back from the query; null when the page was not reached from a check. */
export function outcomeOf(query: Record<string, unknown>): CheckOutcome | null {
  const count = (value: unknown) => (typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number(value) : null);
  const checked = count(query.checked);
  const disconnected = count(query.disconnected);
  if (checked === null || disconnected === null || disconnected > checked) return null;
  return { checked, disconnected, more: query.more === '1' };
}
