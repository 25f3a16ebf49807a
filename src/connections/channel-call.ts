/**
 * A call to a network on a channel's behalf, with its access token opened at call time (never held
 * across calls). A token the network refused where a refresh may help (TikTok `access_token_invalid`,
 * Google 401, Pinterest code 2) is refreshed once and the call made again, as a hand-out would. Shared
 * by the media sync, the insights worker and the audience reads, which decide what a failure means.
 */

import type { Deps } from '../platform/deps.ts';
import { ProviderError } from '../providers/provider.ts';
import type { Connection } from './connection.rules.ts';
import { openAccessToken } from './connections.ts';
import { refreshOnDemand } from './refresh-on-demand.ts';

/** The channel cannot be used (it is, or has just been recorded as, disconnected): nothing to retry. */
export class ChannelUnusable extends Error {
  /** The connection's reason when it said one (password_changed, expired, …). */
  readonly reason: string;
  constructor(reason: string) {
    super('The channel is disconnected; it has to be reconnected.');
    this.name = 'ChannelUnusable';
    this.reason = reason;
  }
}

export async function callWithToken<T>(deps: Deps, connection: Connection, call: (accessToken: string) => Promise<T>): Promise<T> {
  try {
    return await call(await tokenFor(deps, connection));
  } catch (error) {
    if (!(error instanceof ProviderError) || !error.refreshMayHelp) throw error;
    const outcome = await refreshOnDemand(deps, connection.id, () => true);
    if (outcome === 'disconnected') throw new ChannelUnusable('disconnected');
    // The refresh did not conclude (a passing failure, another process holding the channel): the refused
    // token says nothing about the grant yet, so this is a failure to retry, not a reason to disconnect.
    if (outcome !== 'refreshed') throw new ProviderError('transient', 'the access token was refused and could not be renewed just now', { providerCode: 'refresh_pending' });
    return call(await tokenFor(deps, connection));
  }
}

async function tokenFor(deps: Deps, connection: Connection): Promise<string> {
  const opened = await openAccessToken(deps, connection.workspaceId, connection.id);
  if (opened.ok) return opened.value.accessToken;
  // Another process is renewing the token right now: a moment later it will be there.
  if (opened.error.code === 'provider_unavailable') throw new ProviderError('transient', 'the access token could not be renewed just now', { providerCode: 'refresh_pending' });
  throw new ChannelUnusable(String(opened.error.details?.reason ?? 'disconnected'));
}
