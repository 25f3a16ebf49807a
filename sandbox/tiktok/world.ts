/**
 * State of the simulated TikTok: accounts with their videos, apps, authorization codes, grants, access and
 * refresh tokens, and the Display API rate limiter. Endpoint rules live in tiktok.ts; this file keeps records
 * and answers "is this token alive" in O(1).
 *
 * Account events end grants without walking tokens: each account carries an epoch, a grant remembers the
 * epoch it was made in, and a grant from an older epoch is dead. A later consent lives in the new epoch.
 *
 * Simplification: an account has one open_id whatever the app (TikTok scopes open_id per client_key).
 *
 * Longer than the usual module: one class owns every record so that rotation, revocation and events stay
 * consistent; wire shapes, persistence and endpoints are in their own files.
 */
import { randomBytes } from 'node:crypto';
import type { NetworkContext, SimulatedNetwork } from '../core/types.ts';
import {
  type AccessToken,
  type Account,
  type AccountEvent,
  type Code,
  type Connection,
  defaultTikTokConfig,
  type Grant,
  type IssuedPair,
  type MintOptions,
  type NewAccount,
  type RefreshToken,
  type TikTokApp,
  type TikTokConfig,
  type Video,
  type VideoFigures,
  videoFigures,
} from './model.ts';
import { exportTikTokState, importTikTokState, type TikTokState } from './state.ts';

const seeds: NewAccount[] = [
  // A creator with a catalogue: pagination, per-video metrics, stats.
  { username: 'tess.tiktok', displayName: 'Tess Creates', bio: 'Recipes in 60 seconds', isVerified: true, followerCount: 254_300, followingCount: 180, videoCount: 45 },
  // A small account: a second, independent grant (events on one must not touch the other).
  { username: 'milo.tiktok', displayName: 'Milo', bio: '', followerCount: 312, followingCount: 95, videoCount: 3 },
];

export type RefreshCheck = { ok: true; token: RefreshToken } | { ok: false; why: 'unknown' | 'revoked' | 'expired' | 'spent' };

export function resolveTikTokConfig(partial: Partial<TikTokConfig> = {}): TikTokConfig {
  const apps = new Map(defaultTikTokConfig.apps.map((a) => [a.clientKey, a]));
  for (const app of partial.apps ?? []) apps.set(app.clientKey, { ...apps.get(app.clientKey), ...app });
  return { ...defaultTikTokConfig, ...partial, apps: [...apps.values()].map((a) => ({ ...a, redirectUris: [...a.redirectUris] })) };
}

export class TikTokWorld implements SimulatedNetwork {
  /** Live configuration; `PATCH /_sandbox/tiktok/config` edits it, `reset()` restores the construction values. */
  readonly config: TikTokConfig;
  readonly #initialConfig: TikTokConfig;
  readonly #ctx: NetworkContext;
  readonly #accounts = new Map<string, Account>();
  readonly #byOpenId = new Map<string, Account>();
  readonly #codes = new Map<string, Code>();
  readonly #grants = new Map<number, Grant>();
  readonly #access = new Map<string, AccessToken>();
  readonly #refresh = new Map<string, RefreshToken>();
  readonly #calls = new Map<string, number[]>();
  #seq = 0;
  #grantSeq = 0;
  #changes = 0;
  #pool = Buffer.alloc(0);
  #poolAt = 0;

  constructor(ctx: NetworkContext, config: Partial<TikTokConfig> = {}) {
    this.#ctx = ctx;
    this.#initialConfig = resolveTikTokConfig(config);
    this.config = resolveTikTokConfig(this.#initialConfig);
    this.reset();
  }

  /** Clock, secrets, call log and faults, shared with the rest of the sandbox. */
  get context(): NetworkContext {
    return this.#ctx;
  }

  get changes(): number {
    return this.#changes;
  }

  reset(): void {
    Object.assign(this.config, resolveTikTokConfig(this.#initialConfig));
    for (const map of [this.#accounts, this.#byOpenId, this.#codes, this.#grants, this.#access, this.#refresh, this.#calls]) map.clear();
    this.#seq = 0;
    this.#grantSeq = 0;
    for (const seed of seeds) this.createAccount(seed);
    this.#changes++;
  }

  exportState(): TikTokState {
    return exportTikTokState({
      seq: this.#seq,
      grantSeq: this.#grantSeq,
      accounts: this.accounts(),
      grants: [...this.#grants.values()],
      access: [...this.#access.values()],
      refresh: [...this.#refresh.values()],
    });
  }

  importState(state: unknown): void {
    const loaded = importTikTokState(state);
    if (!loaded) return;
    for (const map of [this.#accounts, this.#byOpenId, this.#codes, this.#grants, this.#access, this.#refresh]) map.clear();
    for (const a of loaded.accounts) this.#addAccount(a);
    for (const g of loaded.grants) this.#grants.set(g.id, g);
    for (const t of loaded.access) this.#access.set(t.value, t);
    for (const t of loaded.refresh) this.#refresh.set(t.value, t);
    for (const t of [...loaded.access, ...loaded.refresh]) this.#ctx.remember(t.value);
    this.#seq = Math.max(loaded.seq, this.#accounts.size);
    this.#grantSeq = loaded.grants.reduce((max, g) => Math.max(max, g.id), loaded.grantSeq);
    // Not a change: what was just loaded is what the state file holds.
  }

  app(clientKey: string): TikTokApp | undefined {
    return this.config.apps.find((a) => a.clientKey === clientKey);
  }

  accounts(): Account[] {
    return [...this.#accounts.values()];
  }

  account(username: string): Account | undefined {
    return this.#accounts.get(username);
  }

  /** Sets a video's figures exactly (they stop growing with age); undefined when no account has the video. */
  setVideoFigures(videoId: string, figures: Partial<VideoFigures>): Video | undefined {
    const video = this.accounts()
      .flatMap((a) => a.videos)
      .find((v) => v.id === videoId);
    if (!video) return undefined;
    Object.assign(video, videoFigures(video, this.#nowMs()), figures, { fixed: true });
    this.#changes++;
    return video;
  }

  accountByOpenId(openId: string): Account | undefined {
    return this.#byOpenId.get(openId);
  }

  createAccount(input: NewAccount & { bulk?: boolean }): Account {
    if (this.#accounts.has(input.username)) throw new Error(`account @${input.username} already exists`);
    const seq = ++this.#seq;
    const hex = seq.toString(16).padStart(12, '0');
    const account: Account = {
      openId: `-000${hex}-7a1c-4d2e-9f3b-${hex}`,
      unionId: `c9${hex}-51e0-4b6f-8a7d-${hex}`,
      username: input.username,
      displayName: input.displayName ?? input.username,
      bio: input.bio ?? '',
      isVerified: input.isVerified ?? false,
      followerCount: input.followerCount ?? 100 + seq,
      followingCount: input.followingCount ?? 50,
      likesCount: 0,
      videos: makeVideos(seq, input.videoCount ?? 0, Math.floor(this.#nowMs() / 1000)),
      createdAtMs: this.#nowMs(),
      grantedScopes: input.grantedScopes,
      status: 'active',
      epoch: 0,
      ...(input.bulk ? { bulk: true } : {}),
    };
    account.likesCount = account.videos.reduce((sum, v) => sum + v.likeCount, 0);
    this.#addAccount(account);
    this.#changes++;
    return account;
  }

  /** Ends every grant the account holds now (a password change only when configured to). */
  applyEvent(username: string, event: AccountEvent): Account {
    const account = this.#required(username);
    if (event === 'password-change' && !this.config.passwordChangeRevokes) return account;
    if (event === 'ban') account.status = 'banned';
    if (event === 'delete') account.status = 'deleted';
    account.epoch += 1;
    this.#changes++;
    return account;
  }

  createCode(input: Omit<Code, 'value' | 'expiresAtMs'>): Code {
    // Real codes carry `*` and `!`: a client that does not URL-encode them breaks.
    const value = this.#secret('', 48, '*!####');
    const code: Code = { ...input, value, expiresAtMs: this.#nowMs() + this.config.codeSeconds * 1000 };
    this.#codes.set(value, code);
    return code;
  }

  peekCode(value: string): Code | undefined {
    return this.#codes.get(value);
  }

  /** Single use: a found code is consumed whatever happens next. */
  redeemCode(value: string): Code | undefined {
    const code = this.#codes.get(value);
    this.#codes.delete(value);
    return code && code.expiresAtMs > this.#nowMs() ? code : undefined;
  }

  /** A new grant with its first access and refresh tokens. */
  createGrant(input: { account: Account; clientKey: string; scopes: string[]; issuedAtMs?: number }): IssuedPair {
    const now = input.issuedAtMs ?? this.#nowMs();
    const grant: Grant = {
      id: ++this.#grantSeq,
      account: input.account,
      clientKey: input.clientKey,
      scopes: input.scopes,
      epoch: input.account.epoch,
      refreshEndMs: now + this.config.refreshTokenSeconds * 1000,
    };
    this.#grants.set(grant.id, grant);
    return { accessToken: this.#issueAccess(grant, now), refreshToken: this.#issueRefresh(grant, now) };
  }

  /** A refresh: a new access token and (when rotating) a new refresh token; the presented one is spent. */
  refresh(old: RefreshToken): IssuedPair {
    const now = this.#nowMs();
    const accessToken = this.#issueAccess(old.grant, now);
    if (!this.config.rotates) {
      if (this.config.refreshExpiry === 'sliding') old.expiresAtMs = now + this.config.refreshTokenSeconds * 1000;
      return { accessToken, refreshToken: old };
    }
    old.supersededAtMs ??= now;
    return { accessToken, refreshToken: this.#issueRefresh(old.grant, now) };
  }

  accessToken(value: string): AccessToken | undefined {
    return this.#access.get(value);
  }

  refreshToken(value: string): RefreshToken | undefined {
    return this.#refresh.get(value);
  }

  /** The token when it works now; access tokens of an earlier refresh keep working until their own expiry. */
  checkAccess(value: string): AccessToken | undefined {
    const token = this.#access.get(value);
    if (!token || !this.grantAlive(token.grant) || this.#nowMs() >= token.expiresAtMs) return undefined;
    return token;
  }

  checkRefresh(value: string): RefreshCheck {
    const token = this.#refresh.get(value);
    if (!token) return { ok: false, why: 'unknown' };
    if (!this.grantAlive(token.grant)) return { ok: false, why: 'revoked' };
    const now = this.#nowMs();
    if (now >= token.expiresAtMs) return { ok: false, why: 'expired' };
    if (token.supersededAtMs !== undefined && now >= token.supersededAtMs + this.config.rotationGraceSeconds * 1000) return { ok: false, why: 'spent' };
    return { ok: true, token };
  }

  grantAlive(grant: Grant): boolean {
    return grant.revokedAtMs === undefined && grant.epoch === grant.account.epoch && grant.account.status === 'active';
  }

  /** The revoke endpoint: ends the grant behind an access (or refresh) token. Unknown tokens change nothing. */
  revoke(value: string, clientKey: string): void {
    const grant = (this.#access.get(value) ?? this.#refresh.get(value))?.grant;
    if (!grant || grant.clientKey !== clientKey || grant.revokedAtMs !== undefined) return;
    grant.revokedAtMs = this.#nowMs();
    this.#changes++;
  }

  /**
   * Counts a Display API call in its app's one-minute sliding window (600 per endpoint:
   * https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit).
   * Returns when the window frees a slot if the call is over the limit, else undefined.
   */
  throttledUntil(clientKey: string, endpoint: string): number | undefined {
    const limit = this.config.rateLimitPerMinute;
    if (limit <= 0) return undefined;
    const key = `${clientKey} ${endpoint}`;
    const now = this.#nowMs();
    let calls = this.#calls.get(key);
    if (!calls) this.#calls.set(key, (calls = []));
    while (calls.length > 0 && calls[0]! <= now - 60_000) calls.shift();
    if (calls.length >= limit) return calls[0]! + 60_000;
    calls.push(now);
    return undefined;
  }

  /** A grant made directly, bypassing consent (tests, benchmarks). */
  mint(options: MintOptions): IssuedPair {
    return this.createGrant({
      account: this.#required(options.username),
      clientKey: options.clientKey ?? this.config.apps[0]!.clientKey,
      scopes: options.scopes ?? ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list'],
      issuedAtMs: options.issuedAt?.getTime(),
    });
  }

  /** N new accounts, each with one grant: `<prefix>.<i>` (benchmarks seed 100,000). */
  seedConnections(count: number, options: Omit<MintOptions, 'username'> & { prefix?: string } = {}): Connection[] {
    const prefix = options.prefix ?? `bulk${this.#seq + 1}`;
    const out: Connection[] = [];
    for (let i = 0; i < count; i++) {
      const account = this.createAccount({ username: `${prefix}.${i}`, bulk: true });
      const { accessToken, refreshToken } = this.mint({ ...options, username: account.username });
      out.push({
        username: account.username,
        openId: account.openId,
        accessToken: accessToken.value,
        refreshToken: refreshToken.value,
        expiresAt: new Date(accessToken.expiresAtMs),
        refreshExpiresAt: new Date(refreshToken.expiresAtMs),
      });
    }
    return out;
  }

  #issueAccess(grant: Grant, now: number): AccessToken {
    const token: AccessToken = { value: this.#secret('act.', 40, '!####.va'), grant, issuedAtMs: now, expiresAtMs: now + this.config.accessTokenSeconds * 1000 };
    this.#access.set(token.value, token);
    this.#changes++;
    return token;
  }

  #issueRefresh(grant: Grant, now: number): RefreshToken {
    const expiresAtMs = this.config.refreshExpiry === 'fixed' ? grant.refreshEndMs : now + this.config.refreshTokenSeconds * 1000;
    const token: RefreshToken = { value: this.#secret('rft.', 40, '!####.va'), grant, issuedAtMs: now, expiresAtMs };
    this.#refresh.set(token.value, token);
    return token;
  }

  /**
   * A secret shaped like TikTok's (`act.…!NNNN.va`), recorded as issued. Randomness comes from a pooled buffer
   * rather than `ctx.secret` (one `randomBytes` call per secret): seeding 100,000 grants makes 200,000 of them.
   */
  #secret(prefix: string, bytes: number, suffix: string): string {
    if (this.#poolAt + bytes + 2 > this.#pool.length) {
      this.#pool = randomBytes(64 * 1024);
      this.#poolAt = 0;
    }
    const body = this.#pool.toString('base64url', this.#poolAt, this.#poolAt + bytes);
    const digits = String(1000 + (this.#pool.readUInt16BE(this.#poolAt + bytes) % 9000));
    this.#poolAt += bytes + 2;
    const value = `${prefix}${body}${suffix.replace('####', digits)}`;
    this.#ctx.remember(value);
    return value;
  }

  #addAccount(account: Account): void {
    this.#accounts.set(account.username, account);
    this.#byOpenId.set(account.openId, account);
  }

  #required(username: string): Account {
    const account = this.#accounts.get(username);
    if (!account) throw new Error(`no account @${username}`);
    return account;
  }

  #nowMs(): number {
    return this.#ctx.clock.now().getTime();
  }
}

/** Deterministic videos, newest first: one about every two days back from `nowSeconds`. */
function makeVideos(seq: number, count: number, nowSeconds: number): Video[] {
  const videos: Video[] = [];
  for (let i = 0; i < count; i++) {
    const spread = (seq * 7919 + i * 104_729) % 1000;
    const views = 1000 + spread * 137 + (count - i) * 911;
    videos.push({
      id: String(7_300_000_000_000_000_000n + BigInt(seq) * 1_000_000n + BigInt(i)),
      createTime: nowSeconds - 3600 - i * 2 * 86_400 - spread * 60,
      description: `Video ${i + 1} #sandbox`,
      title: i % 3 === 0 ? `Recipe ${i + 1}` : '',
      duration: 15 + (spread % 45),
      height: 1920,
      width: 1080,
      viewCount: views,
      likeCount: Math.floor(views / 12),
      commentCount: Math.floor(views / 180),
      shareCount: Math.floor(views / 400),
      isAigc: false,
    });
  }
  return videos;
}
