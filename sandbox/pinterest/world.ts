/**
 * State of the simulated Pinterest API v5: accounts, apps, codes, access and refresh tokens, and the
 * per-user rate-limit windows. Endpoint rules live in pinterest.ts.
 *
 * Account events kill every token the account holds at that moment through an epoch (as in
 * instagram/world.ts): a token remembers the epoch it was issued in, and an event closes it. Pinterest
 * answers every dead token the same way (401 code 2 on the API, 401 code 283 on a refresh), so nothing
 * records which event it was. A password change is assumed to end app grants like removing the app does:
 * Pinterest documents neither (inferred, the stricter case).
 *
 * Pins are not stored: each account's pins are derived from its id and counts (pins.ts), so 100,000
 * seeded connections cost only their tokens.
 */

import { randomBytes } from 'node:crypto';
import type { NetworkContext, SimulatedNetwork } from '../core/types.ts';
import type { PinFigures } from './analytics.ts';
import {
  type AccessToken,
  type NewPinterestAccount,
  type Pin,
  type PinterestAccount,
  type PinterestApp,
  type PinterestCode,
  type PinterestConfig,
  type PinterestConnection,
  type PinterestEvent,
  type RefreshToken,
  resolvePinterestConfig,
} from './model.ts';
import { derivePins } from './pins.ts';

type Persisted<T> = Omit<T, 'account'> & { username: string };

/** What a state file keeps of the simulated Pinterest. */
export interface PinterestState {
  seq: number;
  accounts: PinterestAccount[];
  accessTokens: Persisted<AccessToken>[];
  refreshTokens: Persisted<RefreshToken>[];
}

export type TokenCheck<T> = { ok: true; token: T } | { ok: false; token?: T; reason: 'unknown' | 'expired' | 'event' | 'spent' | 'revoked' };

const DAY_MS = 86_400_000;
const SCOPES_ALL = ['user_accounts:read', 'pins:read', 'boards:read'];

const seeds: NewPinterestAccount[] = [
  { username: 'pia.pins', accountType: 'BUSINESS', businessName: 'Pia Pins Studio', pinCount: 36, boardCount: 4, followerCount: 8_420 },
  { username: 'pete.personal', accountType: 'PINNER', businessName: null, pinCount: 7, boardCount: 2, followerCount: 64 },
  { username: 'sam.system', accountType: 'BUSINESS', businessName: 'Sam Systems', pinCount: 3, boardCount: 1, followerCount: 10, systemUser: true },
];

export interface MintPinterestOptions {
  username: string;
  clientId?: string;
  scopes?: string[];
  /** Backdate the grant (both tokens are issued at this instant). */
  issuedAt?: Date;
  accessTokenSeconds?: number;
  refreshTokenSeconds?: number;
}

export class PinterestWorld implements SimulatedNetwork {
  readonly config: PinterestConfig;
  readonly #initialConfig: PinterestConfig;
  readonly #ctx: NetworkContext;
  readonly #accounts = new Map<string, PinterestAccount>();
  readonly #byId = new Map<string, PinterestAccount>();
  readonly #access = new Map<string, AccessToken>();
  readonly #refresh = new Map<string, RefreshToken>();
  readonly #codes = new Map<string, PinterestCode>();
  readonly #windows = new Map<string, { window: number; count: number }>();
  readonly #pins = new Map<string, Pin[]>();
  #seq = 0;
  #changes = 0;
  #pool = Buffer.alloc(0);
  #poolAt = 0;

  constructor(ctx: NetworkContext, config: Partial<PinterestConfig> = {}) {
    this.#ctx = ctx;
    this.#initialConfig = resolvePinterestConfig(config);
    this.config = resolvePinterestConfig(this.#initialConfig);
    this.reset();
  }

  get changes(): number {
    return this.#changes;
  }

  reset(): void {
    Object.assign(this.config, resolvePinterestConfig(this.#initialConfig));
    this.#clear();
    for (const seed of seeds) this.createAccount(seed);
    this.#changes++;
  }

  #clear(): void {
    for (const map of [this.#accounts, this.#byId, this.#access, this.#refresh, this.#codes, this.#windows, this.#pins]) map.clear();
    this.#seq = 0;
  }

  exportState(): PinterestState {
    const strip = <T extends { account: PinterestAccount }>(t: T): Persisted<T> => {
      const { account, ...rest } = t;
      return { ...rest, username: account.username } as Persisted<T>;
    };
    return {
      seq: this.#seq,
      accounts: [...this.#accounts.values()].map((a) => ({ ...a })),
      accessTokens: [...this.#access.values()].map(strip),
      refreshTokens: [...this.#refresh.values()].map(strip),
    };
  }

  importState(state: unknown): void {
    const s = state as Partial<PinterestState> | undefined;
    if (!s || !Array.isArray(s.accounts) || !Array.isArray(s.accessTokens) || !Array.isArray(s.refreshTokens)) return;
    this.#clear();
    for (const saved of s.accounts) {
      this.#accounts.set(saved.username, { ...saved });
      this.#byId.set(saved.id, this.#accounts.get(saved.username)!);
    }
    for (const { username, ...rest } of s.accessTokens) {
      const account = this.#accounts.get(username);
      if (account) this.#access.set(rest.value, { ...rest, account });
      this.#ctx.remember(rest.value);
    }
    for (const { username, ...rest } of s.refreshTokens) {
      const account = this.#accounts.get(username);
      if (account) this.#refresh.set(rest.value, { ...rest, account });
      this.#ctx.remember(rest.value);
    }
    this.#seq = Math.max(Number(s.seq) || 0, this.#accounts.size);
    // Not counted as a change: the world loads this from the very file it would save it to.
  }

  app(clientId: string): PinterestApp | undefined {
    return this.config.apps.find((a) => a.clientId === clientId);
  }

  accounts(): PinterestAccount[] {
    return [...this.#accounts.values()];
  }

  account(username: string): PinterestAccount | undefined {
    return this.#accounts.get(username);
  }

  accountById(id: string): PinterestAccount | undefined {
    return this.#byId.get(id);
  }

  createAccount(input: NewPinterestAccount): PinterestAccount {
    if (this.#accounts.has(input.username)) throw new Error(`account ${input.username} already exists`);
    const seq = ++this.#seq;
    const account: PinterestAccount = {
      id: String(549_755_000_000 + seq * 17),
      username: input.username,
      accountType: input.accountType,
      businessName: input.businessName === undefined ? (input.accountType === 'BUSINESS' ? input.username : null) : input.businessName,
      about: `${input.username} on the Pinterest sandbox`,
      websiteUrl: input.accountType === 'BUSINESS' ? `https://${input.username.replace(/[^a-z0-9]/gi, '')}.example` : '',
      profileImage: `https://i.pinimg.com/sandbox/avatars/${encodeURIComponent(input.username)}.jpg`,
      boardCount: input.boardCount ?? 2,
      pinCount: input.pinCount ?? 12,
      ...(input.pinCaption ? { pinCaption: input.pinCaption } : {}),
      followerCount: input.followerCount ?? 100 + seq,
      followingCount: 40 + (seq % 50),
      monthlyViews: input.accountType === 'BUSINESS' ? 1_000 * ((seq % 97) + 1) : -1,
      // Three days back: the newest pin already has two READY days of analytics (today and yesterday are PROCESSING).
      createdAtMs: this.#nowMs() - 3 * DAY_MS,
      joinedAtMs: this.#nowMs(),
      systemUser: input.systemUser ?? false,
      epoch: 0,
      ...(input.grantedScopes ? { grantedScopes: input.grantedScopes } : {}),
    };
    this.#accounts.set(account.username, account);
    this.#byId.set(account.id, account);
    this.#changes++;
    return account;
  }

  // Both events end every grant alike; the event is kept in the signature for the control API and logs.
  applyEvent(username: string, _event: PinterestEvent): PinterestAccount {
    const account = this.#required(username);
    account.epoch += 1;
    this.#changes++;
    return account;
  }

  createCode(input: Omit<PinterestCode, 'value' | 'expiresAtMs'>): PinterestCode {
    const code: PinterestCode = { ...input, value: this.#secret('', 20), expiresAtMs: this.#nowMs() + this.config.codeSeconds * 1000 };
    this.#codes.set(code.value, code);
    return code;
  }

  peekCode(value: string): PinterestCode | undefined {
    return this.#codes.get(value);
  }

  /** Single use: a found code is consumed whatever happens next. */
  redeemCode(value: string, clientId: string, redirectUri: string): PinterestCode | undefined {
    const code = this.#codes.get(value);
    if (!code || code.clientId !== clientId) return undefined;
    this.#codes.delete(value);
    return code.expiresAtMs > this.#nowMs() && code.redirectUri === redirectUri ? code : undefined;
  }

  /** A new grant: an access token and a refresh token (continuous or legacy per the config). */
  issueGrant(input: { account: PinterestAccount; clientId: string; scopes: string[]; issuedAtMs?: number; accessSeconds?: number; refreshSeconds?: number }): {
    access: AccessToken;
    refresh: RefreshToken;
  } {
    const issuedAtMs = input.issuedAtMs ?? this.#nowMs();
    const continuous = this.config.refreshMode === 'continuous';
    const refreshSeconds = input.refreshSeconds ?? (continuous ? this.config.refreshTokenSeconds : this.config.legacyRefreshTokenSeconds);
    const refresh = this.#issueRefresh({ ...input, issuedAtMs, continuous, expiresAtMs: issuedAtMs + refreshSeconds * 1000 });
    return { access: this.#issueAccess({ ...input, issuedAtMs }), refresh };
  }

  #issueAccess(input: { account: PinterestAccount; clientId: string; scopes: string[]; issuedAtMs: number; accessSeconds?: number }): AccessToken {
    const token: AccessToken = {
      value: this.#secret('pina_', 64),
      account: input.account,
      clientId: input.clientId,
      scopes: input.scopes,
      issuedAtMs: input.issuedAtMs,
      expiresAtMs: input.issuedAtMs + (input.accessSeconds ?? this.config.accessTokenSeconds) * 1000,
      epoch: input.account.epoch,
    };
    this.#access.set(token.value, token);
    this.#changes++;
    return token;
  }

  #issueRefresh(input: { account: PinterestAccount; clientId: string; scopes: string[]; issuedAtMs: number; expiresAtMs: number; continuous: boolean }): RefreshToken {
    const token: RefreshToken = {
      value: this.#secret('pinr.', 64),
      account: input.account,
      clientId: input.clientId,
      scopes: input.scopes,
      issuedAtMs: input.issuedAtMs,
      expiresAtMs: input.expiresAtMs,
      epoch: input.account.epoch,
      continuous: input.continuous,
    };
    this.#refresh.set(token.value, token);
    this.#changes++;
    return token;
  }

  /**
   * A refresh: a new access token, and for a continuous refresh token a new refresh token good for
   * another full window from now (the old one is spent or kept per `oldRefreshToken`). A legacy refresh
   * token is returned as it is: the caller sends no new one.
   */
  refresh(old: RefreshToken, scopes: string[]): { access: AccessToken; refresh?: RefreshToken } {
    const now = this.#nowMs();
    const base = { account: old.account, clientId: old.clientId, scopes, issuedAtMs: now };
    const access = this.#issueAccess(base);
    if (!old.continuous) return { access };
    if (this.config.oldRefreshToken === 'invalidated') old.spentAtMs ??= now;
    const refresh = this.#issueRefresh({ ...base, continuous: true, expiresAtMs: now + this.config.refreshTokenSeconds * 1000 });
    return { access, refresh };
  }

  accessToken(value: string): AccessToken | undefined {
    return this.#access.get(value);
  }

  refreshToken(value: string): RefreshToken | undefined {
    return this.#refresh.get(value);
  }

  checkAccess(value: string): TokenCheck<AccessToken> {
    return this.#check(this.#access.get(value));
  }

  checkRefresh(value: string): TokenCheck<RefreshToken> {
    const check = this.#check(this.#refresh.get(value));
    if (check.ok && check.token.spentAtMs !== undefined) return { ok: false, token: check.token, reason: 'spent' };
    return check;
  }

  #check<T extends AccessToken | RefreshToken>(token: T | undefined): TokenCheck<T> {
    if (!token) return { ok: false, reason: 'unknown' };
    if (token.epoch < token.account.epoch) return { ok: false, token, reason: 'event' };
    if (token.revokedAtMs !== undefined) return { ok: false, token, reason: 'revoked' };
    if (this.#nowMs() >= token.expiresAtMs) return { ok: false, token, reason: 'expired' };
    return { ok: true, token };
  }

  /** /oauth/token/revoke on a system user's token: ends that token (an access token also ends nothing else). */
  revoke(value: string): void {
    const token = this.#access.get(value) ?? this.#refresh.get(value);
    if (token) token.revokedAtMs ??= this.#nowMs();
    this.#changes++;
  }

  /** Counts one call in the user's window for `category`; false once the window is full (answer 429). */
  allowCall(account: PinterestAccount, clientId: string, category: 'org_read' | 'org_analytics'): boolean {
    const perSecond = category === 'org_read';
    const windowMs = perSecond ? 1000 : 60_000;
    const limit = perSecond ? this.config.perUserPerSecond : this.config.analyticsPerUserPerMinute;
    const key = `${category}|${clientId}|${account.id}`;
    const window = Math.floor(this.#nowMs() / windowMs);
    const slot = this.#windows.get(key);
    if (!slot || slot.window !== window) {
      this.#windows.set(key, { window, count: 1 });
      return true;
    }
    slot.count += 1;
    return slot.count <= limit;
  }

  /** Sets a pin's analytics exactly (or marks them still processing); false when no account has the pin. */
  setPinFigures(pinId: string, figures: PinFigures): boolean {
    const owner = this.accountById(pinId.slice(0, -6));
    if (!owner || !this.pins(owner).some((p) => p.id === pinId)) return false;
    owner.pinFigures = { ...owner.pinFigures, [pinId]: figures };
    return true;
  }

  /** The account's pins, newest first, derived from its id (stable across restarts; pins.ts). */
  pins(account: PinterestAccount): Pin[] {
    let pins = this.#pins.get(account.id);
    if (pins) return pins;
    pins = derivePins(account);
    this.#pins.set(account.id, pins);
    return pins;
  }

  /** Mint a grant directly, bypassing the consent page (tests, benchmarks). */
  mint(options: MintPinterestOptions): { access: AccessToken; refresh: RefreshToken } {
    return this.issueGrant({
      account: this.#required(options.username),
      clientId: options.clientId ?? this.config.apps[0]!.clientId,
      scopes: options.scopes ?? SCOPES_ALL,
      issuedAtMs: options.issuedAt?.getTime(),
      accessSeconds: options.accessTokenSeconds,
      refreshSeconds: options.refreshTokenSeconds,
    });
  }

  /** N new business accounts, each with one grant: `<prefix>.<i>`. */
  seedConnections(count: number, options: Omit<MintPinterestOptions, 'username'> & { prefix?: string } = {}): PinterestConnection[] {
    const prefix = options.prefix ?? `bulk${this.#seq + 1}`;
    const out: PinterestConnection[] = [];
    for (let i = 0; i < count; i++) {
      const account = this.createAccount({ username: `${prefix}.${i}`, accountType: 'BUSINESS' });
      const { access, refresh } = this.mint({ ...options, username: account.username });
      out.push({
        username: account.username,
        userId: account.id,
        accessToken: access.value,
        refreshToken: refresh.value,
        expiresAt: new Date(access.expiresAtMs),
        refreshTokenExpiresAt: new Date(refresh.expiresAtMs),
      });
    }
    return out;
  }

  /**
   * Like `ctx.secret` (and recorded as issued the same way), but drawn from a pooled random buffer:
   * one randomBytes call per secret made seeding 100,000 grants take seconds.
   */
  #secret(prefix: string, bytes: number): string {
    if (this.#poolAt + bytes > this.#pool.length) {
      this.#pool = randomBytes(64 * 1024);
      this.#poolAt = 0;
    }
    const value = prefix + this.#pool.subarray(this.#poolAt, (this.#poolAt += bytes)).toString('base64url');
    this.#ctx.remember(value);
    return value;
  }

  #required(username: string): PinterestAccount {
    const account = this.#accounts.get(username);
    if (!account) throw new Error(`no account ${username}`);
    return account;
  }

  #nowMs(): number {
    return this.#ctx.clock.now().getTime();
  }
}
