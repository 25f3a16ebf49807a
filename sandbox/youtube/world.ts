/**
 * State of the simulated Google: accounts (with or without a YouTube channel), OAuth clients' grants,
 * codes, refresh and access tokens, and the YouTube Data API quota. Endpoint rules live in youtube.ts.
 *
 * A refresh token dies (→ invalid_grant, without saying why, as Google does) when:
 * - the person revokes the app, or any of its tokens is revoked: the client's grant epoch closes;
 * - the person changes their password, but only if the token carries Gmail scopes (a YouTube grant lives on);
 * - it went unused for `idleSeconds` (six months; a refresh, or an API call with an access token it issued, is a use);
 * - the account holds more than `maxRefreshTokens` live ones for the client: the oldest is silently invalidated;
 * - it was issued while the client was in Testing, `testingRefreshSeconds` (7 days) after issue.
 * Each rule is checked when the token is presented, so nothing walks the token table.
 *
 * Longer than most modules on purpose: every rule about a Google token's life is in this one class, so
 * the rules can be read (and changed) together.
 */
import type { NetworkContext, SimulatedNetwork } from '../core/types.ts';
import {
  type AccessToken,
  type ClientGrant,
  type Code,
  channelIdFor,
  type GoogleAccount,
  type GoogleClient,
  type GoogleConfig,
  IDENTITY_SCOPES,
  isGmailScope,
  type NewGoogleAccount,
  parseVideoId,
  type RefreshDeath,
  type RefreshToken,
  resolveGoogleConfig,
  seedAccounts,
  uploadsPlaylistOf,
  type Video,
  type VideoStatistics,
  videoOf,
} from './model.ts';

export interface GoogleState {
  seq: number;
  accounts: GoogleAccount[];
  refreshTokens: RefreshToken[];
  accessTokens: AccessToken[];
}

export interface MintGoogleTokens {
  username: string;
  clientId?: string;
  scopes?: string[];
  /** Backdate the grant (issue and last use). Defaults to now. */
  issuedAt?: Date;
  /** false: an access token only (access_type=online). */
  offline?: boolean;
}

export interface GoogleConnection {
  username: string;
  channelId: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export type AccountEvent = 'revoke' | 'password-change';

const pacificDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });
const DEFAULT_SCOPES = ['https://www.googleapis.com/auth/youtube.readonly', 'https://www.googleapis.com/auth/yt-analytics.readonly'];

export class GoogleWorld implements SimulatedNetwork {
  readonly config: GoogleConfig;
  readonly #initialConfig: GoogleConfig;
  readonly #ctx: NetworkContext;
  readonly #accounts = new Map<string, GoogleAccount>();
  readonly #bySeq = new Map<number, GoogleAccount>();
  readonly #byChannel = new Map<string, GoogleAccount>();
  readonly #refresh = new Map<string, RefreshToken>();
  readonly #access = new Map<string, AccessToken>();
  readonly #codes = new Map<string, Code>();
  /** `<clientId>|<Pacific date>` → units spent. */
  readonly #quota = new Map<string, number>();
  #seq = 0;
  #changes = 0;

  constructor(ctx: NetworkContext, config: Partial<GoogleConfig> = {}) {
    this.#ctx = ctx;
    this.#initialConfig = resolveGoogleConfig(config);
    this.config = resolveGoogleConfig(this.#initialConfig);
    this.reset();
  }

  get changes(): number {
    return this.#changes;
  }

  reset(): void {
    Object.assign(this.config, resolveGoogleConfig(this.#initialConfig));
    this.#clear();
    for (const seed of seedAccounts) this.createAccount(seed);
    this.#changes++;
  }

  #clear(): void {
    for (const map of [this.#accounts, this.#bySeq, this.#byChannel, this.#refresh, this.#access, this.#codes, this.#quota]) map.clear();
    this.#seq = 0;
  }

  exportState(): GoogleState {
    return {
      seq: this.#seq,
      accounts: [...this.#accounts.values()].map((a) => structuredClone(a)),
      refreshTokens: [...this.#refresh.values()].map((t) => ({ ...t })),
      accessTokens: [...this.#access.values()].map((t) => ({ ...t })),
    };
  }

  importState(state: unknown): void {
    const s = state as Partial<GoogleState> | undefined;
    if (!s || !Array.isArray(s.accounts) || !Array.isArray(s.refreshTokens) || !Array.isArray(s.accessTokens)) return;
    this.#clear();
    for (const account of s.accounts) this.#index(structuredClone(account));
    for (const t of s.refreshTokens) if (this.#accounts.has(t.username)) this.#refresh.set(t.value, { ...t });
    for (const t of s.accessTokens) if (this.#accounts.has(t.username)) this.#access.set(t.value, { ...t });
    for (const value of [...this.#refresh.keys(), ...this.#access.keys()]) this.#ctx.remember(value);
    this.#seq = Math.max(typeof s.seq === 'number' ? s.seq : 0, ...[...this.#accounts.values()].map((a) => a.seq));
  }

  client(clientId: string): GoogleClient | undefined {
    return this.config.clients.find((c) => c.clientId === clientId);
  }

  accounts(): GoogleAccount[] {
    return [...this.#accounts.values()];
  }

  account(username: string): GoogleAccount | undefined {
    return this.#accounts.get(username);
  }

  accountBySeq(seq: number): GoogleAccount | undefined {
    return this.#bySeq.get(seq);
  }

  /** By channel id (UC…) or uploads playlist id (UU…). */
  accountByChannel(id: string): GoogleAccount | undefined {
    return this.#byChannel.get(id);
  }

  /** The id calls and faults are recorded under: the channel id, or the Google account id without a channel. */
  static accountKey(account: GoogleAccount | undefined): string | undefined {
    return account ? (account.channel?.id ?? account.sub) : undefined;
  }

  createAccount(input: NewGoogleAccount): GoogleAccount {
    if (this.#accounts.has(input.username)) throw new Error(`account ${input.username} already exists`);
    const seq = ++this.#seq;
    const account: GoogleAccount = {
      username: input.username,
      seq,
      sub: `10${String(seq).padStart(19, '0')}`,
      email: `${input.username}@gmail.com`,
      name: input.name ?? input.username,
      grantedScopes: input.grantedScopes,
      clients: {},
    };
    if (input.channel !== null) {
      const c = input.channel ?? {};
      const title = c.title ?? account.name;
      account.channel = {
        id: channelIdFor(input.username),
        title,
        description: c.description ?? `${title} on YouTube (sandbox).`,
        customUrl: c.customUrl ?? `@${input.username.replace(/[^a-z0-9]/gi, '').toLowerCase()}`,
        publishedAt: c.publishedAt ?? '2019-04-02T15:20:11Z',
        country: c.country ?? 'US',
        viewCount: c.viewCount ?? 1000 * seq,
        subscriberCount: c.subscriberCount ?? 100 + seq,
        hiddenSubscriberCount: c.hiddenSubscriberCount ?? false,
        videoCount: c.videoCount ?? 3,
        createdAtMs: this.#now(),
      };
    }
    this.#index(account);
    this.#changes++;
    return account;
  }

  #index(account: GoogleAccount): void {
    this.#accounts.set(account.username, account);
    this.#bySeq.set(account.seq, account);
    if (account.channel) this.#byChannel.set(uploadsPlaylistOf(account.channel.id), account).set(account.channel.id, account);
  }

  grant(account: GoogleAccount, clientId: string): ClientGrant {
    return (account.clients[clientId] ??= { epoch: 0, scopes: [], refreshTokens: [] });
  }

  /** revoke: the person removes every app's access (or `clientId`'s); password-change: kills Gmail-scoped tokens. */
  applyEvent(username: string, event: AccountEvent, clientId?: string): GoogleAccount {
    const account = this.#required(username);
    if (event === 'password-change') account.passwordChangedAtMs = this.#now();
    else for (const id of clientId ? [clientId] : Object.keys(account.clients)) this.#closeGrant(account, id);
    this.#changes++;
    return account;
  }

  #closeGrant(account: GoogleAccount, clientId: string): void {
    const grant = this.grant(account, clientId);
    grant.epoch += 1;
    grant.scopes = [];
    grant.refreshTokens = [];
  }

  /** Records consent: the client's grant now covers these scopes too. */
  consent(account: GoogleAccount, clientId: string, scopes: string[]): string[] {
    const grant = this.grant(account, clientId);
    grant.scopes = [...new Set([...grant.scopes, ...scopes])];
    this.#changes++;
    return grant.scopes;
  }

  createCode(input: Omit<Code, 'value' | 'expiresAtMs'>): Code {
    const code: Code = { ...input, value: this.#ctx.secret('4/0A', 64), expiresAtMs: this.#now() + this.config.codeSeconds * 1000 };
    this.#codes.set(code.value, code);
    return code;
  }

  peekCode(value: string): Code | undefined {
    return this.#codes.get(value);
  }

  /** Single use: a presented code is gone whatever happens next. */
  redeemCode(value: string): Code | undefined {
    const code = this.#codes.get(value);
    this.#codes.delete(value);
    return code && code.expiresAtMs > this.#now() ? code : undefined;
  }

  issueRefreshToken(account: GoogleAccount, clientId: string, scopes: string[], issuedAtMs = this.#now()): RefreshToken {
    const grant = this.grant(account, clientId);
    const testing = this.config.publishingStatus === 'testing' && scopes.some((s) => !IDENTITY_SCOPES.includes(s));
    const token: RefreshToken = { value: this.#ctx.secret('1//0', 72), username: account.username, clientId, scopes, issuedAtMs, lastUsedAtMs: issuedAtMs, epoch: grant.epoch };
    if (testing) token.testingExpiresAtMs = issuedAtMs + this.config.testingRefreshSeconds * 1000;
    this.#refresh.set(token.value, token);
    grant.refreshTokens = grant.refreshTokens.filter((v) => this.refreshDeath(v) === undefined);
    grant.refreshTokens.push(token.value);
    // Past the limit the oldest token is invalidated without any notice
    // (https://developers.google.com/identity/protocols/oauth2#expiration).
    while (grant.refreshTokens.length > this.config.maxRefreshTokens) this.#refresh.get(grant.refreshTokens.shift()!)!.evicted = true;
    this.#changes++;
    return token;
  }

  issueAccessToken(account: GoogleAccount, clientId: string, scopes: string[], refreshToken?: string, issuedAtMs = this.#now()): AccessToken {
    const token: AccessToken = {
      value: this.#ctx.secret('ya29.a0', 96),
      username: account.username,
      clientId,
      scopes,
      issuedAtMs,
      expiresAtMs: issuedAtMs + this.config.accessTokenSeconds * 1000,
      epoch: this.grant(account, clientId).epoch,
      refreshToken,
    };
    this.#access.set(token.value, token);
    this.#changes++;
    return token;
  }

  refreshToken(value: string): RefreshToken | undefined {
    return this.#refresh.get(value);
  }

  accessToken(value: string): AccessToken | undefined {
    return this.#access.get(value);
  }

  /** Why this refresh token no longer works, or undefined while it does. */
  refreshDeath(value: string): RefreshDeath | undefined {
    const token = this.#refresh.get(value);
    if (!token) return 'unknown';
    const account = this.#required(token.username);
    if (token.epoch < this.grant(account, token.clientId).epoch) return 'revoked';
    if (killedByPassword(account, token)) return 'password_changed';
    if (token.evicted) return 'evicted';
    const now = this.#now();
    if (token.testingExpiresAtMs !== undefined && now >= token.testingExpiresAtMs) return 'testing_expired';
    if (now - token.lastUsedAtMs >= this.config.idleSeconds * 1000) return 'idle';
    return undefined;
  }

  /** A live access token, or undefined (expired, revoked, unknown). */
  liveAccessToken(value: string): AccessToken | undefined {
    const token = this.#access.get(value);
    if (!token || this.#now() >= token.expiresAtMs) return undefined;
    const account = this.#required(token.username);
    if (token.epoch < this.grant(account, token.clientId).epoch || killedByPassword(account, token)) return undefined;
    return token;
  }

  /** A successful refresh, or an API call with an access token it issued, keeps the refresh token from idling out. */
  touch(refreshToken: string | undefined): void {
    const token = refreshToken === undefined ? undefined : this.#refresh.get(refreshToken);
    if (token) token.lastUsedAtMs = this.#now();
  }

  /** Revoking either kind of token ends the client's whole grant; false when the token was already dead. */
  revoke(value: string): boolean {
    const refresh = this.#refresh.get(value);
    const live = refresh ? this.refreshDeath(value) === undefined : this.liveAccessToken(value) !== undefined;
    if (!live) return false;
    const token = refresh ?? this.#access.get(value)!;
    this.#closeGrant(this.#required(token.username), token.clientId);
    this.#changes++;
    return true;
  }

  /** Sets a video's statistics exactly (null hides likes / turns comments off); undefined when no channel has the video. */
  setVideoStatistics(id: string, statistics: Partial<VideoStatistics>): Video | undefined {
    const ref = parseVideoId(id);
    const owner = ref ? this.accountBySeq(ref.seq) : undefined;
    if (!ref || !owner?.channel || ref.index >= owner.channel.videoCount) return undefined;
    const { viewCount, likeCount, commentCount } = videoOf(owner, ref.index);
    owner.videoStatistics = { ...owner.videoStatistics, [id]: { viewCount, likeCount, commentCount, ...statistics } };
    this.#changes++;
    return videoOf(owner, ref.index);
  }

  /** Spends YouTube Data API units for the client's project today (Pacific); false when the quota is spent. */
  spendQuota(clientId: string, units: number): boolean {
    const key = `${clientId}|${pacificDay.format(this.#ctx.clock.now())}`;
    const used = this.#quota.get(key) ?? 0;
    if (used + units > this.config.quotaPerDay) return false;
    this.#quota.set(key, used + units);
    return true;
  }

  quotaUsed(clientId: string): { day: string; used: number; limit: number } {
    const day = pacificDay.format(this.#ctx.clock.now());
    return { day, used: this.#quota.get(`${clientId}|${day}`) ?? 0, limit: this.config.quotaPerDay };
  }

  /** A refresh and an access token without the consent screen (tests, benchmarks). */
  mintTokens(options: MintGoogleTokens): { refresh?: RefreshToken; access: AccessToken } {
    const account = this.#required(options.username);
    const clientId = options.clientId ?? this.config.clients[0]!.clientId;
    const scopes = this.consent(account, clientId, options.scopes ?? DEFAULT_SCOPES);
    const issuedAtMs = options.issuedAt?.getTime() ?? this.#now();
    const refresh = options.offline === false ? undefined : this.issueRefreshToken(account, clientId, scopes, issuedAtMs);
    return { refresh, access: this.issueAccessToken(account, clientId, scopes, refresh?.value, issuedAtMs) };
  }

  /** N new accounts with a channel and one grant each: `<prefix>.<i>`. */
  seedConnections(count: number, options: { prefix?: string; clientId?: string } = {}): GoogleConnection[] {
    const prefix = options.prefix ?? `bulk${this.#seq + 1}`;
    const out: GoogleConnection[] = [];
    for (let i = 0; i < count; i++) {
      const account = this.createAccount({ username: `${prefix}.${i}`, channel: { videoCount: 3 } });
      const { refresh, access } = this.mintTokens({ username: account.username, clientId: options.clientId });
      out.push({ username: account.username, channelId: account.channel!.id, accessToken: access.value, refreshToken: refresh!.value, expiresAt: new Date(access.expiresAtMs) });
    }
    return out;
  }

  #required(username: string): GoogleAccount {
    const account = this.#accounts.get(username);
    if (!account) throw new Error(`no Google account ${username}`);
    return account;
  }

  #now(): number {
    return this.#ctx.clock.now().getTime();
  }
}

function killedByPassword(account: GoogleAccount, token: { scopes: string[]; issuedAtMs: number }): boolean {
  return account.passwordChangedAtMs !== undefined && token.issuedAtMs <= account.passwordChangedAtMs && token.scopes.some(isGmailScope);
}
