/**
 * The shape of a network's profile: every fact about one network that shared code needs, as data.
 * Each network's folder holds its profile.ts; profiles.ts lists them, once. Shared code reads a
 * profile (or asks the registry's adapter) and never names a network.
 *
 * The logic over these facts stays with its topic: token-policy.ts decides refreshes from a
 * TokenPolicy, rate-limits.ts spends Budgets, permalink.ts reads hosts. Their types are declared here,
 * below everything, so that a profile can state its facts without importing the logic that reads it.
 */
import type { Locale } from '../platform/i18n/locales.ts';

/** A sentence a network profile owns, written in every language pages and emails speak (src/platform/i18n/locales.ts). */
export type LocalizedText = Readonly<Record<Locale, string>>;

/** When a network's tokens are refreshed, when its connections count as expiring, and how they are watched. */
export interface TokenPolicy {
  /** False where the server cannot extend the grant (it is then only watched for its end). */
  refreshable: boolean;
  /**
   * `age`: refresh once the token is this old (Instagram: the refresh extends 60 days from now, so
   * refreshing by age keeps a steady rhythm; Google: keeps the refresh token in use, since six idle
   * months kill it). `expiry`: this long before the access token expires. `grant_expiry`: this long
   * before the refresh token ends (a refresh that does not move the end is not repeated).
   */
  refreshWhen: { by: 'age'; afterMs: number } | { by: 'expiry'; marginMs: number } | { by: 'grant_expiry'; marginMs: number } | { by: 'never' };
  /** A token younger than this is never refreshed (Instagram refuses it). */
  minRefreshAgeMs: number;
  /**
   * A connection whose grant ends within this window turns `expiring` when nothing scheduled can
   * extend it (Facebook always; TikTok once its refresh token's end is fixed; Instagram when its
   * refreshes keep failing).
   */
  expiringWithinMs: number;
  /** Days before an unextendable grant ends on which the creator is reminded, once each. */
  reminderDays: readonly number[];
  /** An access token handed out with less than this left is refreshed first (null: never at hand-out). */
  refreshOnUseWithinMs: number | null;
  /**
   * Each refresh replaces the token it presents, and the old one dies, at once or after a grace (TikTok's
   * and Pinterest's refresh tokens; Instagram's long-lived token, which is refreshed itself): an answer
   * lost between the network and our commit is retried within minutes with the old one.
   */
  rotatesRefreshToken: boolean;
  /**
   * Each connection's refresh comes up to this much earlier than the rule says, by an amount fixed per
   * connection (derived from its id). Connections refreshed together (an import, the catch-up after an
   * outage) would otherwise stay together and hit the network on the same day every cycle; with the
   * offset they drift apart, a little more each cycle.
   */
  spreadMs: number;
}

/** What the operator configures about token policies (REFRESH_AFTER_DAYS). */
export interface PolicySettings {
  refreshAfterDays: number;
}

/** One call budget, spent before every insights or audience call (rate-limits.ts). */
export interface Budget {
  /** Shared key for `app` budgets (e.g. 'meta:app'); per-account budgets add the connection id. */
  key: string;
  scope: 'app' | 'account';
  limit: number;
  windowMs: number;
}

/** What the product does with a network. */
export interface Capabilities {
  /** The account's posts are listed (media sync, campaign binding). */
  media: boolean;
  /** Per-post lifetime figures (views, likes, …). */
  insights: boolean;
  /** Audience demographics (age, gender, country); without them an audience read answers `not_offered`. */
  audience: boolean;
  /** The account's own figures (followers, posts, views, reach, engagements), read daily for the creator's profile. */
  accountInsights: boolean;
  /** The campaign page's Refresh Insights button re-reads this network's auto-bound posts. */
  refreshInsights: boolean;
  /** A brand can ask to run this network's posts as Partnership Ads (consent through Facebook Login). */
  partnershipAds: boolean;
}

export type Capability = keyof Capabilities;

export interface NetworkProfile<Id extends string = string> {
  /** The provider id, also the network's name in storage, URLs and the API: 'instagram'. */
  id: Id;
  /** Name shown to people: "Instagram". */
  displayName: string;
  /**
   * The network's mark as pages draw it beside its channels and Connect buttons: its simple-icons slug
   * (the SVG shipped in the `simple-icons` package, https://simpleicons.org) and brand colour.
   */
  mark: { slug: string; hex: string };
  /**
   * Every real origin the adapter calls, sends a browser to, or whose pictures pages show (its CDNs). PROVIDER_ORIGIN_MAP can point each
   * elsewhere; the demo points them all at the built-in sandbox.
   */
  origins: readonly string[];
  /** The environment variables holding the app's credentials (read by platform/config.ts only). */
  env: { clientId: string; clientSecret: string };
  /** The app the built-in sandbox registers for this network (demo mode and tests). */
  sandboxClient: { clientId: string; clientSecret: string };
  /** The network's token policy; `settings` carries what the operator configures. */
  tokenPolicy(settings: PolicySettings): TokenPolicy;
  /** The call budgets of insights and audience reads (INSIGHTS_RATE_LIMITS overrides them per network). */
  rateLimits: readonly Budget[];
  /** Where a post's public address lives, to tell a pasted post URL's network. */
  permalinks: {
    /** The network's hosts, without www.; a subdomain of one whose last two labels are it counts too (m.youtube.com). */
    hosts: readonly string[];
    /** Hosts a list cannot name (country domains), tried before `hosts`. */
    hostPattern?: RegExp;
  };
  capabilities: Capabilities;
  /**
   * How people know an account on this network, for every email, notice, page and webhook that names
   * one (account-name.ts): by its handle (default), or by its name where a handle is only an address
   * (a Facebook Page is "Dana Bakes"; facebook.com/danabakes is where it lives).
   */
  accountsKnownBy?: 'handle' | 'name';
  /**
   * Where only professional accounts can be read: how a creator whose account was switched to a personal
   * one switches it back (the `not_professional` reason's sentence, in emails, notices and tooltips), in
   * every language: the network owns the words of its own settings screens.
   */
  professionalSwitch?: LocalizedText;
  /**
   * How pages name the network's post figures where its words differ from ours (Threads calls its comments
   * replies), and which of the figures it reports beyond the common schema (kept as extras by its own names)
   * pages show, in order. Absent: our names, no extras shown.
   */
  figures?: {
    names?: Partial<Record<'likes' | 'comments' | 'saves' | 'shares', string>>;
    extras?: readonly { key: string; label: string }[];
  };
  /**
   * One line the campaign page shows where a post figure is missing by the network's choice, not by a
   * fault of ours (Meta retired `impressions` for media; TikTok gives no reach or saves), in every
   * language pages speak. Absent: the network gives every figure the page shows.
   */
  metricNote?: LocalizedText;
  /**
   * Whether the API hands out a post's own files (image, video, carousel items, cover), which the media
   * archive copies when the post is bound to a campaign, and the CDN hosts they come from: the archive
   * downloads from no other host. A network that gives none keeps its embed link, for the reason given.
   */
  mediaFiles: { offered: true; hosts: readonly string[] } | { offered: false; reason: string };
}
