/**
 * State of the simulated Threads API: profiles (one public, one private, one small), apps, authorization
 * codes, access tokens, posts published through the control API, figures set per post, and each
 * profile's rolling 24-hour call count. Endpoint rules live in threads.ts.
 *
 * As in instagram/world.ts, a profile carries an epoch: a token remembers the epoch it was issued in, an
 * event (the person removes the app, changes their password) closes it with its 190 subcode, and tokens
 * issued afterwards work again. Generated posts are derived from the profile (posts.ts), never stored.
 */
import type { NetworkContext, SimulatedNetwork } from '../core/types.ts';
import { MetricOverrides } from '../meta/metrics.ts';
import {
  type NewThreadsProfile,
  resolveThreadsConfig,
  type ThreadsApp,
  type ThreadsCode,
  type ThreadsConfig,
  type ThreadsEvent,
  type ThreadsPost,
  type ThreadsProfileRecord,
  type ThreadsToken,
  type ThreadsTokenCheck,
  threadsEventSubcode,
} from './model.ts';

type PersistedToken = Omit<ThreadsToken, 'profile'> & { username: string };

/** What a state file keeps of the simulated Threads. */
export interface ThreadsState {
  seq: number;
  profiles: ThreadsProfileRecord[];
  tokens: PersistedToken[];
  metrics: Record<string, Record<string, number>>;
}

const HOUR_MS = 3_600_000;

const seeds: NewThreadsProfile[] = [
  { username: 'tara.threads', name: 'Tara Threads', biography: 'Threads about travel and food.', followersCount: 15_230, postCount: 42 },
  { username: 'paul.private', name: 'Paul Private', biography: 'Private profile.', isPrivate: true, followersCount: 2_310, postCount: 12 },
  { username: 'nina.new', name: 'Nina New', biography: 'Just started.', followersCount: 37, postCount: 4 },
];

export interface MintThreadsOptions {
  username: string;
  kind?: 'short' | 'long';
  /** Backdate the token (to make it old enough to refresh). */
  issuedAt?: Date;
  expiresInSeconds?: number;
  clientId?: string;
  scopes?: string[];
}

export class ThreadsWorld implements SimulatedNetwork {
  readonly config: ThreadsConfig;
  /** Figures set for post ids (control API); they win over the generated ones. */
  readonly metrics = new MetricOverrides();
  readonly #initialConfig: ThreadsConfig;
  readonly #ctx: NetworkContext;
  readonly #profiles = new Map<string, ThreadsProfileRecord>();
  readonly #byId = new Map<string, ThreadsProfileRecord>();
  readonly #bySuffix = new Map<string, ThreadsProfileRecord>();
  readonly #tokens = new Map<string, ThreadsToken>();
  readonly #codes = new Map<string, ThreadsCode>();
  /** Calls per `<client>:<user>` by hour bucket, for the rolling 24-hour limit (not persisted). */
  readonly #calls = new Map<string, Map<number, number>>();
  #seq = 0;
  #changes = 0;

  constructor(ctx: NetworkContext, config: Partial<ThreadsConfig> = {}) {
    this.#ctx = ctx;
    this.#initialConfig = resolveThreadsConfig(config);
    this.config = resolveThreadsConfig(this.#initialConfig);
    this.reset();
  }

  get clock() {
    return this.#ctx.clock;
  }

  get changes(): number {
    return this.#changes + this.metrics.changes;
  }

  reset(): void {
    Object.assign(this.config, resolveThreadsConfig(this.#initialConfig));
    this.#clear();
    this.metrics.clear();
    for (const seed of seeds) this.createProfile(seed);
    this.#changes++;
  }

  #clear(): void {
    for (const map of [this.#profiles, this.#byId, this.#bySuffix, this.#tokens, this.#codes, this.#calls]) map.clear();
    this.#seq = 0;
  }

  exportState(): ThreadsState {
    return {
      seq: this.#seq,
      profiles: [...this.#profiles.values()].map((p) => ({ ...p, published: [...p.published], closedBy: [...p.closedBy] })),
      tokens: [...this.#tokens.values()].map(({ profile, ...rest }) => ({ ...rest, username: profile.username })),
      metrics: this.metrics.export(),
    };
  }

  importState(state: unknown): void {
    const s = state as Partial<ThreadsState> | undefined;
    if (!s || !Array.isArray(s.profiles) || !Array.isArray(s.tokens)) return;
    this.#clear();
    for (const saved of s.profiles) this.#index({ ...saved, published: [...saved.published], closedBy: [...saved.closedBy] });
    for (const { username, ...rest } of s.tokens) {
      const profile = this.#profiles.get(username);
      if (profile) this.#tokens.set(rest.value, { ...rest, profile });
      this.#ctx.remember(rest.value);
    }
    this.metrics.import(s.metrics);
    this.#seq = Math.max(Number(s.seq) || 0, this.#profiles.size);
  }

  app(clientId: string): ThreadsApp | undefined {
    return this.config.apps.find((a) => a.clientId === clientId);
  }

  profiles(): ThreadsProfileRecord[] {
    return [...this.#profiles.values()];
  }

  profile(username: string): ThreadsProfileRecord | undefined {
    return this.#profiles.get(username);
  }

  profileById(id: string): ThreadsProfileRecord | undefined {
    return this.#byId.get(id);
  }

  /** The profile whose id ends with these 8 digits (post ids embed them). */
  profileBySuffix(suffix: string): ThreadsProfileRecord | undefined {
    return this.#bySuffix.get(suffix);
  }

  createProfile(input: NewThreadsProfile): ThreadsProfileRecord {
    if (this.#profiles.has(input.username)) throw new Error(`profile @${input.username} already exists`);
    const seq = ++this.#seq;
    const profile: ThreadsProfileRecord = {
      id: `2675${String(seq).padStart(13, '0')}`,
      username: input.username,
      name: input.name ?? input.username,
      biography: input.biography ?? '',
      isPrivate: input.isPrivate ?? false,
      followersCount: input.followersCount ?? 150 + seq,
      postCount: input.postCount ?? 10,
      createdAtMs: this.#ctx.clock.now().getTime(),
      published: [],
      grantedScopes: input.grantedScopes,
      epoch: 0,
      closedBy: [],
    };
    this.#index(profile);
    this.#changes++;
    return profile;
  }

  #index(profile: ThreadsProfileRecord): void {
    this.#profiles.set(profile.username, profile);
    this.#byId.set(profile.id, profile);
    this.#bySuffix.set(profile.id.slice(-8), profile);
  }

  /** Publishes a post now (a text post unless told): the newest on /me/threads. */
  publish(username: string, input: Omit<ThreadsPost, 'id' | 'publishedAtMs' | 'mediaType'> & { mediaType?: ThreadsPost['mediaType'] }): ThreadsPost {
    const profile = this.#required(username);
    const post: ThreadsPost = {
      ...input,
      mediaType: input.mediaType ?? 'TEXT_POST',
      id: `1791${profile.id.slice(-8)}${String(profile.published.length).padStart(6, '0')}`,
      publishedAtMs: this.#ctx.clock.now().getTime(),
    };
    profile.published.push(post);
    this.#changes++;
    return post;
  }

  setFollowers(username: string, followersCount: number): ThreadsProfileRecord {
    const profile = this.#required(username);
    profile.followersCount = followersCount;
    this.#changes++;
    return profile;
  }

  /** Kills every token the profile holds now; later authorizations work again. */
  applyEvent(username: string, event: ThreadsEvent): ThreadsProfileRecord {
    const profile = this.#required(username);
    profile.closedBy[profile.epoch] = threadsEventSubcode[event];
    profile.epoch += 1;
    this.#changes++;
    return profile;
  }

  createCode(input: Omit<ThreadsCode, 'value' | 'expiresAtMs'>): ThreadsCode {
    const code: ThreadsCode = { ...input, value: this.#ctx.secret('AQ', 96), expiresAtMs: this.#ctx.clock.now().getTime() + this.config.codeSeconds * 1000 };
    this.#codes.set(code.value, code);
    return code;
  }

  peekCode(value: string): ThreadsCode | undefined {
    return this.#codes.get(value);
  }

  /** Single use: a found code is consumed whatever happens next. */
  redeemCode(value: string): void {
    this.#codes.delete(value);
  }

  issueToken(input: { profile: ThreadsProfileRecord; kind: 'short' | 'long'; clientId: string; scopes: string[]; issuedAtMs?: number; lifetimeSeconds?: number }): ThreadsToken {
    const issuedAtMs = input.issuedAtMs ?? this.#ctx.clock.now().getTime();
    const lifetime = input.lifetimeSeconds ?? (input.kind === 'long' ? this.config.longLivedSeconds : this.config.shortLivedSeconds);
    const token: ThreadsToken = {
      value: this.#ctx.secret('TH', 120),
      kind: input.kind,
      profile: input.profile,
      clientId: input.clientId,
      scopes: input.scopes,
      issuedAtMs,
      expiresAtMs: issuedAtMs + lifetime * 1000,
      epoch: input.profile.epoch,
    };
    this.#tokens.set(token.value, token);
    this.#changes++;
    return token;
  }

  /** A refresh: a new long-lived token valid 60 days from now; the old one works for the grace period. */
  refresh(old: ThreadsToken): ThreadsToken {
    old.supersededAtMs ??= this.#ctx.clock.now().getTime();
    return this.issueToken({ profile: old.profile, kind: 'long', clientId: old.clientId, scopes: old.scopes });
  }

  token(value: string): ThreadsToken | undefined {
    return this.#tokens.get(value);
  }

  check(value: string): ThreadsTokenCheck {
    const token = this.#tokens.get(value);
    if (!token) return { ok: false, subcode: 467, reason: 'unknown' };
    if (token.epoch < token.profile.epoch) return { ok: false, subcode: token.profile.closedBy[token.epoch] ?? 467, token, reason: 'event' };
    const now = this.#ctx.clock.now().getTime();
    if (token.supersededAtMs !== undefined && now >= token.supersededAtMs + this.config.refreshGraceSeconds * 1000) return { ok: false, subcode: 467, token, reason: 'superseded' };
    if (now >= token.expiresAtMs) return { ok: false, subcode: 463, token, reason: 'expired' };
    return { ok: true, token };
  }

  mintToken(options: MintThreadsOptions): ThreadsToken {
    return this.issueToken({
      profile: this.#required(options.username),
      kind: options.kind ?? 'long',
      clientId: options.clientId ?? this.config.apps[0]!.clientId,
      scopes: options.scopes ?? ['threads_basic', 'threads_manage_insights'],
      issuedAtMs: options.issuedAt?.getTime(),
      lifetimeSeconds: options.expiresInSeconds,
    });
  }

  /** N new profiles, each with one long-lived token: `<prefix>.<i>`. */
  seedConnections(count: number, options: { prefix?: string } = {}): { username: string; userId: string; accessToken: string; expiresAt: Date }[] {
    const prefix = options.prefix ?? `bulkth${this.#seq + 1}`;
    return Array.from({ length: count }, (_, i) => {
      const profile = this.createProfile({ username: `${prefix}.${i}` });
      const token = this.mintToken({ username: profile.username });
      return { username: profile.username, userId: profile.id, accessToken: token.value, expiresAt: new Date(token.expiresAtMs) };
    });
  }

  /**
   * Counts a call by this app about this profile; false when the rolling 24 hours are already full, with
   * the minutes until the oldest counted hour leaves the window.
   */
  admit(clientId: string, userId: string): { ok: true; percent: number } | { ok: false; regainMinutes: number } {
    const key = `${clientId}:${userId}`;
    const now = this.#ctx.clock.now().getTime();
    const current = Math.floor(now / HOUR_MS);
    const buckets = this.#calls.get(key) ?? new Map<number, number>();
    let total = 0;
    for (const [hour, n] of buckets) {
      if (hour <= current - 24) buckets.delete(hour);
      else total += n;
    }
    if (total >= this.config.callsPerDay) {
      const oldest = Math.min(...buckets.keys());
      return { ok: false, regainMinutes: Math.max(1, Math.ceil(((oldest + 24) * HOUR_MS - now) / 60_000)) };
    }
    buckets.set(current, (buckets.get(current) ?? 0) + 1);
    this.#calls.set(key, buckets);
    return { ok: true, percent: Math.min(100, Math.round(((total + 1) / this.config.callsPerDay) * 100)) };
  }

  #required(username: string): ThreadsProfileRecord {
    const profile = this.#profiles.get(username);
    if (!profile) throw new Error(`no Threads profile @${username}`);
    return profile;
  }
}
