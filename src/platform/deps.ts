/** What use cases receive. Built once in main.ts (or a test's context); nothing here is a singleton. */
import type { Logger } from 'pino';
import type { Clock } from '../kernel/clock.ts';
import type { HttpClient } from '../providers/http.ts';
import type { ProviderId } from '../providers/provider.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { TokenPolicy } from '../providers/token-policy.ts';
import type { KeyRing } from './crypto/key-ring.ts';
import type { DB, Tx } from './db/db.ts';
import type { NotifiedCache } from './db/notified-cache.ts';
import type { ResolveHost } from './dns.ts';
import type { MediaStore } from './media-store/media-store.ts';
import type { Metrics } from './metrics.ts';
import type { DisplayImageUrl } from './web/display-image.ts';
import type { ApiKeyRecord } from './workspaces.repo.ts';

export interface Settings {
  publicUrl: string;
  productName: string;
  /** PSEUDO_LOCALE=on: a browser asking for `en-XA` gets the pseudo-locale (tests only). */
  pseudoLocale?: boolean;
  emailFrom: string;
  /**
   * Each configured network's app (client) secret, to verify the callbacks it signs (Meta's
   * signed_request, TikTok's webhook signature). Never logged.
   */
  callbackSecrets: Partial<Record<ProviderId, string>>;
}

/**
 * How webhooks leave: how host names are resolved (tests inject a resolver), the timeout, whether
 * plain http is refused, whether URLs may reach private networks (WEBHOOK_ALLOW_PRIVATE), and this
 * machine's own addresses (tests inject them).
 */
export interface WebhookSettings {
  resolve: ResolveHost;
  timeoutMs: number;
  requireHttps: boolean;
  allowPrivate: boolean;
  /** This machine's interface addresses (loopback aside), refused as destinations: the service listens there. */
  hostAddresses: () => readonly string[];
}

/** A campaign a creator takes part in, as the campaigns feature names it. */
export interface LiveCampaign {
  id: string;
  name: string;
}

/**
 * The campaigns feature, as the notices see it: which live campaigns a creator takes part in. A
 * channel lost during one gets an urgent email naming it. Asked inside the disconnecting
 * transaction (`db`), so the answer and the notice agree. Implemented by src/campaigns/campaign-directory.ts.
 */
export interface CampaignDirectory {
  liveCampaignsFor(db: Tx, workspaceId: string, creatorId: string): Promise<LiveCampaign[]>;
}

/** Counts access-token hand-outs, written in batches (the connections feature's HandoutAudit). */
export interface HandoutRecorder {
  record(connectionId: string, at: Date): void;
  flush(): Promise<void>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/** The media archive's store and bound (MEDIA_STORE_URL, MEDIA_MAX_FILE_MB), and how it reaches the networks' CDNs. */
export interface MediaArchiveSettings {
  store: MediaStore;
  maxFileBytes: number;
  /** Maps a CDN link through PROVIDER_ORIGIN_MAP (the demo's and the tests' sandbox), as adapters' calls are. */
  http: Pick<HttpClient, 'mapUrl'>;
  /** How long the network may take to start answering (PROVIDER_TIMEOUT_MS); a file then has until it stalls. */
  timeoutMs: number;
}

export interface Deps {
  db: DB;
  clock: Clock;
  keyRing: KeyRing;
  providers: ProviderRegistry;
  policies: Record<string, TokenPolicy>;
  settings: Settings;
  logger: Logger;
  /** This system's Prometheus series (platform/metrics.ts): what features count goes through here. */
  metrics: Metrics;
  /** Counts access-token hand-outs (written in batches). */
  handoutAudit: HandoutRecorder;
  /**
   * The hand-out's rows, sealed as stored, kept in memory and forgotten on every change the database
   * notifies. Its values are the connections feature's (`HandoutRow`, read and filled by connections.ts).
   */
  handoutRows: NotifiedCache<unknown>;
  /** API keys by hash as requests meet them, forgotten on every change the database notifies (platform/http/auth.ts). */
  apiKeys: NotifiedCache<ApiKeyRecord>;
  /** Identifies this process as a lease owner. */
  instanceId: string;
  /** Wakes the email worker after a commit; the periodic dispatch catches anything missed. */
  onEmailQueued?: () => void;
  webhooks: WebhookSettings;
  /** Wakes the webhook worker after a commit that queued one; the minute schedule catches anything missed. */
  onWebhookQueued?: () => void;
  /** Wakes the media sync worker after a commit that queued a sync; the minute schedule catches anything missed. */
  onMediaSyncQueued?: () => void;
  /** Wakes the insights worker after a commit that queued insight tasks; the minute schedule catches anything missed. */
  onInsightsQueued?: () => void;
  /** Wakes the media archive worker after a commit that bound posts; the minute schedule catches anything missed. */
  onMediaArchiveQueued?: () => void;
  /** Where bound posts' media are copied; absent (a Deps built by hand in a test): nothing is copied. */
  mediaArchive?: MediaArchiveSettings;
  /** Live campaigns per creator (the campaigns feature); absent: none, so no email is urgent. */
  campaigns?: CampaignDirectory;
  /**
   * A network's picture link (avatar, thumbnail) as a reader's browser can load it: through
   * PROVIDER_ORIGIN_MAP like the service's own calls (the sandbox in the demo and tests), unchanged in
   * production; null for no link or one that is not http(s). Every page that shows a network's picture uses it.
   */
  displayImageUrl: DisplayImageUrl;
}
