/**
 * `GET /v1/connections/:id/insights`: a channel's account readings between two UTC days, oldest first,
 * one per day read (docs/api.md#account-insights). By default the last 30 days; at most 366 at a time.
 */
import { findConnection } from '../connections/index.ts';
import { DAY } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { type AccountReading, accountReadingsBetween } from './account-readings.repo.ts';

export const MAX_SPAN_DAYS = 366;
const DEFAULT_SPAN_DAYS = 30;

/** A reading as the API writes it. */
export type AccountReadingView = Omit<AccountReading, 'connectionId' | 'capturedAt'> & { capturedAt: string };

export interface ConnectionInsightsView {
  connectionId: string;
  network: string;
  from: string;
  to: string;
  readings: AccountReadingView[];
}

export function readingView(r: AccountReading): AccountReadingView {
  const { connectionId: _id, capturedAt, ...rest } = r;
  return { ...rest, capturedAt: capturedAt.toISOString() };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The days asked for, defaulted and checked: `from` not after `to`, at most a year and a day apart. */
export function insightsSpan(query: { from?: string; to?: string }, now: Date): Result<{ from: string; to: string }> {
  const to = query.to ?? isoDay(now.getTime());
  const from = query.from ?? isoDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_SPAN_DAYS - 1) * DAY);
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY + 1;
  if (span < 1) return fail('invalid_request', '`from` must be on or before `to`.', { from, to });
  if (span > MAX_SPAN_DAYS) return fail('invalid_request', `Ask for at most ${MAX_SPAN_DAYS} days at a time.`, { from, to });
  return ok({ from, to });
}

export async function connectionInsights(deps: Deps, workspaceId: string, connectionId: string, query: { from?: string; to?: string }): Promise<Result<ConnectionInsightsView>> {
  const connection = await findConnection(deps.db, workspaceId, connectionId);
  if (!connection) return fail('not_found', 'There is no connection with this id in this workspace.');
  const span = insightsSpan(query, deps.clock.now());
  if (!span.ok) return span;
  const readings = await accountReadingsBetween(deps.db, connection.id, span.value.from, span.value.to);
  return ok({ connectionId: connection.id, network: connection.network, ...span.value, readings: readings.map(readingView) });
}
