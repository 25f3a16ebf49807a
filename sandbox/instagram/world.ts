/**
 * State of the simulated Instagram (Business Login for Instagram): test accounts, apps, authorization
 * codes and access tokens. Endpoint rules live in instagram.ts; this file only keeps records and answers
 * "is this token alive, and if not, why" in O(1).
 *
 * Account events (the user removes the app, changes the password, is checkpointed, is unconfirmed) kill every
 * token the account had at that moment. Instead of walking the tokens, each account carries an epoch: a token
 * remembers the epoch it was issued in, an event closes the epoch and records its subcode, and a token from a
 * closed epoch answers with the subcode of the event that closed it. Tokens issued afterwards (re-authorisation)
 * live in the new epoch and work.
 *
 * Simplification: an account has one app-scoped `id` whatever the app (Meta scopes it per app).
 */
import type { Clock } from '../../src/kernel/clock.ts';
import type { SandboxApp, SandboxConfig } from '../core/types.ts';
import { MetricOverrides } from '../meta/metrics.ts';
import { MetaUsage } from '../meta/usage.ts';
import {
  type Account,
  type AccountEvent,
  type Code,
  type Connection,
  eventSubcode,
  type MintOptions,
  type NewAccount,
  type PersistedAccount,
  type PersistedToken,
  type PublishedMedia,
  type Token,
  type TokenCheck,
} from './model.ts';

/** What core/persistence.ts saves of the simulated Instagram. */
export interface InstagramState {
  /** The account sequence: ids of later accounts continue from it. */
  seq: number;
  accounts: PersistedAccount[];
  tokens: PersistedToken[];
  /** Exact insights figures set per media id through the control API (absent in older files). */
  metrics?: Record<string, Record<string, number>>;
}

const seeds: NewAccount[] = [
  { username: 'ana.business', accountType: 'BUSINESS', name: 'Ana Business', followersCount: 12_840, followsCount: 311, mediaCount: 128 },
  { username: 'ben.creator', accountType: 'MEDIA_CREATOR', name: 'Ben Creator', followersCount: 98_400, followsCount: 45, mediaCount: 512 },
  { username: 'cara.personal', accountType: 'PERSONAL', name: 'Cara', followersCount: 87, followsCount: 140, mediaCount: 9 },
];

export class InstagramWorld {
  readonly #clock: Clock;
  readonly #config: SandboxConfig;
  readonly #secret: (prefix: string, bytes: number) => string;
  readonly #accounts = new Map<string, Account>();
  readonly #byUserId = new Map<string, Account>();
  readonly #tokens = new Map<string, Token>();
  readonly #codes = new Map<string, Code>();
  /** Generated media ids carry the last 8 digits of their account's user_id: this finds the account in O(1). */
  readonly #bySuffix = new Map<string, Account>();
  /** Figures set for media ids (control API); they win over the generated ones. */
  readonly metrics = new MetricOverrides();
  /** The app and business-use-case rate limits (counters only; not persisted, like the call log). */
  readonly usage: MetaUsage;
  #seq = 0;
  #changes = 0;

  constructor(deps: { clock: Clock; config: SandboxConfig; secret: (prefix: string, bytes: number) => string }) {
    this.#clock = deps.clock;
    this.#config = deps.config;
    this.#secret = deps.secret;
    this.usage = new MetaUsage(() => this.#config);
    this.reset();
  }

  reset(): void {
    this.#accounts.clear();
    this.#byUserId.clear();
    this.#tokens.clear();
    this.#codes.clear();
    this.#bySuffix.clear();
    this.metrics.clear();
    this.usage.clear();
    this.#seq = 0;
    for (const seed of seeds) this.createAccount(seed);
    this.#changes++;
  }

  /**
   * Bumped by every change worth persisting (accounts, events, tokens, refreshes, reset); codes are not
   * counted, they are short-lived and not persisted. A persister compares it with the value it last saved.
   */
  get changes(): number {
    return this.#changes + this.metrics.changes;
  }

  /** Accounts (with their event epochs) and tokens, as plain JSON-able records; codes are left out. */
  exportState(): InstagramState {
    const tokens: PersistedToken[] = [];
    for (const t of this.#tokens.values()) {
      const { account, supersededAtMs, ...rest } = t;
      tokens.push({ ...rest, username: account.username, ...(supersededAtMs === undefined ? {} : { supersededAtMs }) });
    }
    return {
      seq: this.#seq,
      accounts: [...this.#accounts.values()].map((a) => ({ ...a, closedBy: [...a.closedBy], published: [...a.published] })),
      tokens,
      metrics: this.metrics.export(),
    };
  }

  /** Replaces accounts and tokens with a saved state; tokens naming an unknown account are dropped. */
  importState(state: InstagramState): void {
    this.#accounts.clear();
    this.#byUserId.clear();
    this.#tokens.clear();
    this.#codes.clear();
    this.#bySuffix.clear();
    this.metrics.import(state.metrics);
    for (const saved of state.accounts) {
      const account: Account = { ...saved, closedBy: [...saved.closedBy], createdAtMs: saved.createdAtMs ?? this.#nowMs(), published: [...(saved.published ?? [])] };
      this.#accounts.set(account.username, account);
      this.#byUserId.set(account.userId, account);
      this.#bySuffix.set(account.userId.slice(-8), account);
    }
    for (const saved of state.tokens) {
      const { username, ...rest } = saved;
      const account = this.#accounts.get(username);
      if (!account) continue;
      this.#tokens.set(rest.value, { ...rest, account });
    }
    this.#seq = Math.max(state.seq, this.#accounts.size);
    this.#changes++;
  }

  app(clientId: string): SandboxApp | undefined {
    return this.#config.apps.find((a) => a.clientId === clientId);
  }

  accounts(): Account[] {
    return [...this.#accounts.values()];
  }

  account(username: string): Account | undefined {
    return this.#accounts.get(username);
  }

  accountByUserId(userId: string): Account | undefined {
    return this.#byUserId.get(userId);
  }

  /** The account whose user_id ends with these 8 digits (media ids embed them). */
  accountBySuffix(suffix: string): Account | undefined {
    return this.#bySuffix.get(suffix);
  }

  createAccount(input: NewAccount): Account {
    if (this.#accounts.has(input.username)) throw new Error(`account @${input.username} already exists`);
    const seq = ++this.#seq;
    const account: Account = {
      id: `2574${String(seq).padStart(13, '0')}`,
      userId: `1784140${String(seq).padStart(10, '0')}`,
      username: input.username,
      name: input.name ?? input.username,
      accountType: input.accountType,
      profilePictureUrl: `https://scontent.cdninstagram.com/sandbox/avatars/${encodeURIComponent(input.username)}.jpg`,
      followersCount: input.followersCount ?? 100 + seq,
      followsCount: input.followsCount ?? 50,
      mediaCount: input.mediaCount ?? 10,
      createdAtMs: this.#nowMs(),
      published: [],
      grantedScopes: input.grantedScopes,
      epoch: 0,
      closedBy: [],
    };
    this.#accounts.set(account.username, account);
    this.#byUserId.set(account.userId, account);
    this.#bySuffix.set(account.userId.slice(-8), account);
    this.#changes++;
    return account;
  }

  /** Posts a feed item, reel or story now (newest first on /me/media, stories on /me/stories for 24 hours). */
  publishMedia(username: string, input: Omit<PublishedMedia, 'id' | 'publishedAtMs'>): PublishedMedia {
    const account = this.#required(username);
    const media: PublishedMedia = { ...input, id: `17${account.userId.slice(-8)}${String(900_000 + account.published.length)}`, publishedAtMs: this.#nowMs() };
    account.published.push(media);
    // Instagram's media_count counts feed posts and reels, not stories.
    if (media.productType !== 'STORY') account.mediaCount += 1;
    this.#changes++;
    return media;
  }

  /** Kills every token the account holds now; later authorisations work again. */
  /**
   * The creator switches the account between professional and personal in the Instagram app. Tokens keep
   * working; /me then says `account_type: "PERSONAL"` (or refuses with (#10), see config.personalAccounts),
   * and a Page linked to it loses its `instagram_business_account`: only professional accounts can be linked.
   */
  setAccountType(username: string, accountType: Account['accountType']): Account {
    const account = this.#required(username);
    account.accountType = accountType;
    this.#changes++;
    return account;
  }

  applyEvent(username: string, event: AccountEvent): Account {
    const account = this.#required(username);
    account.closedBy[account.epoch] = eventSubcode[event];
    account.epoch += 1;
    this.#changes++;
    return account;
  }

  createCode(input: { clientId: string; redirectUri: string; scopes: string[]; account: Account }): Code {
    const code: Code = {
      ...input,
      value: this.#secret('AQ', 96),
      expiresAtMs: this.#nowMs() + this.#config.codeSeconds * 1000,
    };
    this.#codes.set(code.value, code);
    return code;
  }

  peekCode(value: string): Code | undefined {
    return this.#codes.get(value);
  }

  /** Single use: a found code is consumed whatever happens next; expired or foreign codes are "not found". */
  redeemCode(value: string, clientId: string): Code | undefined {
    const code = this.#codes.get(value);
    if (!code || code.clientId !== clientId) return undefined;
    this.#codes.delete(value);
    return code.expiresAtMs > this.#nowMs() ? code : undefined;
  }

  issueToken(input: { account: Account; kind: 'short' | 'long'; clientId: string; scopes: string[]; issuedAtMs?: number; lifetimeSeconds?: number }): Token {
    const issuedAtMs = input.issuedAtMs ?? this.#nowMs();
    const lifetime = input.lifetimeSeconds ?? (input.kind === 'long' ? this.#config.longLivedSeconds : this.#config.shortLivedSeconds);
    const token: Token = {
      value: this.#secret('IGAA', 120),
      kind: input.kind,
      account: input.account,
      clientId: input.clientId,
      scopes: input.scopes,
      issuedAtMs,
      expiresAtMs: issuedAtMs + lifetime * 1000,
      epoch: input.account.epoch,
    };
    this.#tokens.set(token.value, token);
    this.#changes++;
    return token;
  }

  /** Refresh: a new long-lived token valid from now (or the same string extended when refreshRotates is off). */
  refresh(old: Token): Token {
    const now = this.#nowMs();
    if (!this.#config.refreshRotates) {
      old.issuedAtMs = now;
      old.expiresAtMs = now + this.#config.longLivedSeconds * 1000;
      this.#changes++;
      return old;
    }
    old.supersededAtMs ??= now;
    return this.issueToken({ account: old.account, kind: 'long', clientId: old.clientId, scopes: old.scopes });
  }

  token(value: string): Token | undefined {
    return this.#tokens.get(value);
  }

  check(value: string): TokenCheck {
    const token = this.#tokens.get(value);
    if (!token) return { ok: false, subcode: 467, reason: 'unknown' };
    if (token.epoch < token.account.epoch) {
      return { ok: false, subcode: token.account.closedBy[token.epoch] ?? 467, token, reason: 'event' };
    }
    const now = this.#nowMs();
    if (token.supersededAtMs !== undefined && now >= token.supersededAtMs + this.#config.refreshGraceSeconds * 1000) {
      return { ok: false, subcode: 467, token, reason: 'superseded' };
    }
    if (now >= token.expiresAtMs) return { ok: false, subcode: 463, token, reason: 'expired' };
    return { ok: true, token };
  }

  /** Mint a token directly, bypassing the authorize flow (tests, benchmarks). */
  mintToken(options: MintOptions): Token {
    const kind = options.kind ?? 'long';
    return this.issueToken({
      account: this.#required(options.username),
      kind,
      clientId: options.clientId ?? this.#config.apps[0]!.clientId,
      scopes: options.scopes ?? ['instagram_business_basic', 'instagram_business_manage_insights'],
      issuedAtMs: options.issuedAt?.getTime(),
      lifetimeSeconds: options.expiresInSeconds,
    });
  }

  /** N new business accounts, each with one long-lived token: `bulk-<prefix>-<i>`. Seeds 100,000 in well under a second or two. */
  seedConnections(count: number, options: Omit<MintOptions, 'username'> & { prefix?: string } = {}): Connection[] {
    const prefix = options.prefix ?? `bulk${this.#seq + 1}`;
    const out: Connection[] = [];
    for (let i = 0; i < count; i++) {
      const account = this.createAccount({ username: `${prefix}.${i}`, accountType: i % 2 ? 'MEDIA_CREATOR' : 'BUSINESS' });
      const token = this.mintToken({ ...options, username: account.username });
      out.push({ username: account.username, userId: account.userId, accessToken: token.value, expiresAt: new Date(token.expiresAtMs) });
    }
    return out;
  }

  #required(username: string): Account {
    const account = this.#accounts.get(username);
    if (!account) throw new Error(`no account @${username}`);
    return account;
  }

  #nowMs(): number {
    return this.#clock.now().getTime();
  }
}
