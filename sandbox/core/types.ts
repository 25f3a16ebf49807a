/**
 * The types the world, its persistence and every simulated network share. Kept apart from world.ts (which
 * builds the Instagram world) so that a network's state and the state file can name them without importing
 * the world that imports them.
 */
import type { Clock } from '../../src/kernel/clock.ts';
import type { CallLog } from './call-log.ts';
import type { FaultBook } from './faults.ts';

/** An Instagram app (Meta calls it the "Instagram App ID" and "Instagram App Secret"). */
export interface SandboxApp {
  clientId: string;
  clientSecret: string;
  /** Shown on the authorize page: "<name> wants to access your Instagram account". */
  name: string;
  /** Registered redirect URIs; an empty list accepts any http(s) URI at authorize time. */
  redirectUris: string[];
}

export interface SandboxConfig {
  /** Long-lived token lifetime; Meta documents 60 days. */
  longLivedSeconds: number;
  /** Short-lived token lifetime (from the code exchange); Meta documents 1 hour. */
  shortLivedSeconds: number;
  /** Authorization code lifetime; Meta documents 1 hour, single use. */
  codeSeconds: number;
  /** A long-lived token must be at least this old to be refreshed; Meta documents 24 hours. */
  minRefreshAgeSeconds: number;
  /** How long a refreshed-away token keeps working before it answers 190/467. */
  refreshGraceSeconds: number;
  /** false: refresh extends the same token string (community reports both behaviours). */
  refreshRotates: boolean;
  /** 'token': personal accounts connect and /me says PERSONAL; 'refuse': /me answers (#10). */
  personalAccounts: 'token' | 'refuse';
  /** 'flat' is what production returns; 'data' is the `{"data":[...]}` shape the docs show. */
  codeExchangeShape: 'flat' | 'data';
  /** Real-time delay before every provider answer (not the control API): a network's latency. */
  latencyMs: number;
  /** What successful Graph answers report in X-App-Usage call_count (percent of the app's hourly limit). */
  appUsagePercent: number;
  /** Meta's platform limit: calls the app may make per rolling hour (code 4 beyond it). */
  appCallsPerHour: number;
  /** Instagram business-use-case limit: calls per IG account per rolling 24 hours (code 80002 beyond it). */
  igCallsPerDay: number;
  /** Graph error code for a refresh of a token younger than minRefreshAgeSeconds (undocumented by Meta). */
  tooYoungErrorCode: number;
  /** How long a Meta CDN link (media_url, thumbnail_url) works after the API handed it out; observed 4–5 days. */
  cdnLinkSeconds: number;
  /** When above 0, every CDN video is padded to this many bytes (size limits, streaming); 0: the small video as it is. */
  cdnVideoBytes: number;
  /** Merged over the default app by clientId. */
  apps: SandboxApp[];
}

/**
 * A simulated network other than Instagram (Facebook, TikTok, Google, Pinterest). Each keeps its own
 * records and configuration in its own folder and plugs in through `World.addNetwork`, so adding one
 * touches nothing in the world.
 */
export interface SimulatedNetwork {
  /** Back to the seeded accounts and the configuration it was built with. */
  reset(): void;
  /** Bumped by every change worth persisting; the persister compares it with what it saved. */
  readonly changes: number;
  /** Accounts and tokens as plain JSON (no codes, faults or counters). */
  exportState(): unknown;
  /** Replaces accounts and tokens with a saved state; a state it cannot read is ignored. */
  importState(state: unknown): void;
}

/** What a network's state receives from the world: the clock, secrets (recorded as issued), calls, faults. */
export interface NetworkContext {
  clock: Clock;
  /** A fresh random secret with the given prefix, remembered in `issuedTokens()`. */
  secret(prefix: string, bytes: number): string;
  /** Marks a saved secret as issued (when state is loaded from a file). */
  remember(secret: string): void;
  calls: CallLog;
  faults: FaultBook;
}
