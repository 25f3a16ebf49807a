/**
 * State of the simulated Facebook Login: people (app-scoped ids), their Pages (with a role and tasks per
 * person), the Instagram professional accounts linked to Pages, authorization codes, user tokens
 * (short- and long-lived) and Page tokens. Endpoint rules live in facebook.ts and graph.ts.
 *
 * Like the Instagram world, account events close an epoch instead of walking tokens: a token remembers the
 * person's epoch it was issued in, and a token from a closed epoch answers with the subcode of the event that
 * closed it. A removed Page role is checked on the Page itself (190/492 for that Page's tokens only).
 *
 * Data access (https://developers.facebook.com/docs/facebook-login/auth-vs-data) is per person: it ends
 * `dataAccessSeconds` after the person last logged in through the dialog, whatever token is used.
 *
 * One professional account, two logins: a Page may be linked to an account of the Instagram world (Instagram
 * Login), keeping its id and username, as Meta does. Permissions a person declined are remembered per app, and
 * the brands a creator allowed to boost each post (Partnership Ads) are kept per media id.
 *
 * Longer than most modules because it is one network's whole state (configuration, people, Pages, Instagram
 * accounts and their links to Instagram Login, declined permissions, codes, three kinds of token, persistence
 * and bulk seeding); the endpoints stay elsewhere, and so do the Partnership Ads approvals (promotions.ts).
 */
import type { Clock } from '../../src/kernel/clock.ts';
import type { Account } from '../instagram/model.ts';
import type { InstagramWorld } from '../instagram/world.ts';
import { MetricOverrides } from '../meta/metrics.ts';
import { defaultMetaLimits, MetaUsage } from '../meta/usage.ts';
import { PartnerPromotions } from './promotions.ts';
import type { NetworkContext, SandboxApp, SimulatedNetwork } from '../core/types.ts';
import {
  eventSubcodes,
  FULL_TASKS,
  seedUsers,
  type Code,
  type Connection,
  type FacebookEvent,
  type FbPage,
  type FbToken,
  type FbUser,
  type IgAccount,
  type NewPage,
  type NewUser,
  type TokenCheck,
  type TokenKind,
} from './model.ts';

export interface FacebookConfig {
  /** User token from the code exchange; Meta says about 1–2 hours. */
  shortLivedSeconds: number;
  /** User token from fb_exchange_token; Meta documents about 60 days (expires_in 5183944 in its sample). */
  longLivedSeconds: number;
  /** A Page token obtained with a short-lived user token lives 1 hour; from a long-lived one it never expires. */
  pageFromShortSeconds: number;
  /** Authorization code lifetime (single use). */
  codeSeconds: number;
  /** Data access ends this long after the person was last active: 90 days. */
  dataAccessSeconds: number;
  /**
   * fb_exchange_token given a long-lived token: 'keep_ceiling' hands out a token that still ends where the
   * first long-lived token ended (Meta documents only short → long); 'extend' gives a fresh 60 days (what
   * Nango's "refresh" relies on). Unverified either way.
   */
  longToLong: 'keep_ceiling' | 'extend';
  /** Facebook appends "#_=_" to a redirect that has no fragment of its own. */
  appendFragment: boolean;
  /** Default `limit` of list edges (/me/accounts, /media, /posts). */
  listPageSize: number;
  /** What successful answers report in X-App-Usage (percent of the app's hourly limit). */
  appUsagePercent: number;
  /** Meta's platform limit: calls the app may make per rolling hour (code 4 beyond it). */
  appCallsPerHour: number;
  /** Instagram business-use-case limit: calls per IG account per rolling 24 hours (code 80002 beyond it). */
  igCallsPerDay: number;
  apps: SandboxApp[];
}

export const defaultFacebookApp: SandboxApp = {
  clientId: 'sandbox-facebook-app',
  clientSecret: 'sandbox-facebook-secret',
  name: 'Channelkeeper Sandbox',
  redirectUris: [],
};

export const defaultFacebookConfig: FacebookConfig = {
  shortLivedSeconds: 3_600,
  longLivedSeconds: 60 * 86_400,
  pageFromShortSeconds: 3_600,
  codeSeconds: 3_600,
  dataAccessSeconds: 90 * 86_400,
  longToLong: 'keep_ceiling',
  appendFragment: true,
  listPageSize: 25,
  appUsagePercent: 1,
  ...defaultMetaLimits,
  apps: [defaultFacebookApp],
};

function copyConfig(config: FacebookConfig): FacebookConfig {
  return { ...config, apps: config.apps.map((a) => ({ ...a, redirectUris: [...a.redirectUris] })) };
}

export interface FacebookState {
  seq: number;
  users: FbUser[];
  pages: FbPage[];
  instagram: IgAccount[];
  tokens: FbToken[];
  /** Exact insights figures set per media or post id (absent in older files). */
  metrics?: Record<string, Record<string, number>>;
  /** IG media id → the brands' IG account ids allowed to boost it (absent in older files). */
  partnerPromotions?: Record<string, string[]>;
}

/** The Instagram Login accounts a Page can be linked to (the Instagram world). */
export type InstagramLogins = Pick<InstagramWorld, 'account' | 'accountByUserId'>;

export interface MintOptions {
  username: string;
  kind?: TokenKind;
  /** For kind 'page': the Page id (default the person's first Page). */
  pageId?: string;
  issuedAt?: Date;
  expiresInSeconds?: number;
  clientId?: string;
  scopes?: string[];
}

export const ALL_SCOPES = ['pages_show_list', 'pages_read_engagement', 'instagram_basic', 'instagram_manage_insights', 'read_insights', 'business_management'];

export class FacebookWorld implements SimulatedNetwork {
  readonly config: FacebookConfig;
  readonly #initialConfig: FacebookConfig;
  readonly #ctx: NetworkContext;
  readonly #users = new Map<string, FbUser>();
  readonly #usersById = new Map<string, FbUser>();
  readonly #pages = new Map<string, FbPage>();
  /** Pages each person was ever given a role on (filtered by current roles when read): O(1) for 100,000 people. */
  readonly #pagesByUser = new Map<string, FbPage[]>();
  readonly #instagram = new Map<string, IgAccount>();
  readonly #tokens = new Map<string, FbToken>();
  /** One Page token per (user token, Page): /me/accounts hands out the same string each time. */
  readonly #pageTokens = new Map<FbToken, Map<string, FbToken>>();
  readonly #codes = new Map<string, Code>();
  readonly #usedCodes = new Set<string>();
  /** IG media ids carry the last 9 digits of their account's id: this finds the account in O(1). Linked accounts' media are the Instagram world's. */
  readonly #igBySuffix = new Map<string, IgAccount>();
  readonly #logins: InstagramLogins | undefined;
  /** Figures set for media and post ids (control API); they win over the generated ones. */
  readonly metrics = new MetricOverrides();
  /** The brands allowed to boost each IG media (Partnership Ads). */
  readonly promotions = new PartnerPromotions();
  /** The app and Instagram business-use-case rate limits (counters only, not persisted). */
  readonly usage: MetaUsage;
  #seq = 0;
  #changes = 0;

  constructor(ctx: NetworkContext, config: Partial<FacebookConfig> = {}, logins?: InstagramLogins) {
    this.#ctx = ctx;
    this.#logins = logins;
    this.#initialConfig = copyConfig({ ...defaultFacebookConfig, ...config });
    this.config = copyConfig(this.#initialConfig);
    this.usage = new MetaUsage(() => this.config);
    this.reset();
  }

  get clock(): Clock {
    return this.#ctx.clock;
  }

  get changes(): number {
    return this.#changes + this.metrics.changes + this.promotions.changes;
  }

  reset(): void {
    Object.assign(this.config, copyConfig(this.#initialConfig));
    for (const map of [this.#users, this.#usersById, this.#pages, this.#pagesByUser, this.#instagram, this.#igBySuffix, this.#tokens, this.#pageTokens, this.#codes]) map.clear();
    this.#usedCodes.clear();
    this.metrics.clear();
    this.promotions.clear();
    this.usage.clear();
    this.#seq = 0;
    for (const seed of seedUsers) this.createUser({ ...seed, pages: seed.pages?.map((p) => this.#seedable(p)) });
    this.#changes++;
  }

  exportState(): FacebookState {
    return {
      seq: this.#seq,
      users: [...this.#users.values()].map(copyUser),
      pages: [...this.#pages.values()].map((p) => ({ ...p, roles: { ...p.roles } })),
      instagram: [...this.#instagram.values()].map((i) => ({ ...i })),
      tokens: [...this.#tokens.values()].map((t) => ({ ...t })),
      metrics: this.metrics.export(),
      partnerPromotions: this.promotions.export(),
    };
  }

  importState(state: unknown): void {
    const s = state as Partial<FacebookState> | undefined;
    if (!s || !Array.isArray(s.users) || !Array.isArray(s.pages) || !Array.isArray(s.instagram) || !Array.isArray(s.tokens)) return;
    for (const map of [this.#users, this.#usersById, this.#pages, this.#pagesByUser, this.#instagram, this.#igBySuffix, this.#tokens, this.#pageTokens, this.#codes]) map.clear();
    for (const user of s.users) this.#addUser(copyUser(user));
    for (const page of s.pages) this.#addPage({ ...page, roles: { ...page.roles } });
    for (const ig of s.instagram) this.#addInstagram({ ...ig });
    this.metrics.import(s.metrics);
    this.promotions.import(s.partnerPromotions);
    for (const token of s.tokens) {
      if (!this.#usersById.has(token.userId)) continue;
      this.#tokens.set(token.value, { ...token });
      this.#ctx.remember(token.value);
    }
    this.#seq = Math.max(Number(s.seq) || 0, this.#users.size + this.#pages.size + this.#instagram.size);
    this.#changes++;
  }

  app(clientId: string): SandboxApp | undefined {
    return this.config.apps.find((a) => a.clientId === clientId);
  }

  users(): FbUser[] {
    return [...this.#users.values()];
  }

  user(username: string): FbUser | undefined {
    return this.#users.get(username);
  }

  userById(id: string): FbUser | undefined {
    return this.#usersById.get(id);
  }

  page(id: string): FbPage | undefined {
    return this.#pages.get(id);
  }

  /** An Instagram account reached through a Page; a linked one with the Instagram world's current name and figures. */
  instagram(id: string): IgAccount | undefined {
    const ig = this.#instagram.get(id);
    const login = ig?.linked ? this.#logins?.accountByUserId(ig.id) : undefined;
    return login ? { ...ig!, username: login.username, name: login.name, followersCount: login.followersCount, mediaCount: login.mediaCount } : ig;
  }

  /** The Instagram Login account a linked account is (its media and stories live there). */
  instagramLogin(ig: IgAccount): Account | undefined {
    return ig.linked ? this.#logins?.accountByUserId(ig.id) : undefined;
  }

  /** The Instagram account whose id ends with these 9 digits (its media ids embed them). */
  instagramBySuffix(suffix: string): IgAccount | undefined {
    return this.#igBySuffix.get(suffix);
  }

  /** Pages the person has a role on, in creation order. */
  pagesOf(userId: string): FbPage[] {
    return (this.#pagesByUser.get(userId) ?? []).filter((p) => p.roles[userId] !== undefined);
  }

  createUser(input: NewUser): FbUser {
    if (this.#users.has(input.username)) throw new Error(`user ${input.username} already exists`);
    // Every link is checked before anything is created, so a refused one leaves no half-made person.
    const links = (input.pages ?? []).flatMap((p) => (p.instagram && 'link' in p.instagram ? [p.instagram.link] : []));
    if (new Set(links).size < links.length) throw new Error('an Instagram account can be linked to one Page only');
    for (const link of links) this.#linkable(link);
    const seq = ++this.#seq;
    const user: FbUser = {
      id: `1029${String(seq).padStart(13, '0')}`,
      username: input.username,
      name: input.name ?? input.username,
      lastActiveAtMs: this.#nowMs(),
      grantedScopes: input.grantedScopes,
      epoch: 0,
      closedBy: [],
    };
    this.#addUser(user);
    for (const page of input.pages ?? []) this.addPage(user.id, page);
    this.#changes++;
    return user;
  }

  addPage(userId: string, input: NewPage): FbPage {
    const seq = ++this.#seq;
    const now = this.#nowMs();
    const page: FbPage = {
      id: `1001${String(seq).padStart(11, '0')}`,
      name: input.name,
      username: input.username ?? null,
      category: input.category ?? 'Creator',
      followersCount: input.followersCount ?? 100,
      roles: { [userId]: FULL_TASKS },
      createdAtMs: now,
    };
    if (input.instagram && 'link' in input.instagram) {
      page.igId = this.#link(page, input.instagram.link).id;
    } else if (input.instagram) {
      const ig: IgAccount = {
        id: `1784150${String(++this.#seq).padStart(10, '0')}`,
        username: input.instagram.username,
        name: input.instagram.name ?? input.instagram.username,
        pageId: page.id,
        followersCount: input.instagram.followersCount ?? 500,
        mediaCount: input.instagram.mediaCount ?? 10,
        createdAtMs: now,
      };
      this.#addInstagram(ig);
      page.igId = ig.id;
    }
    this.#addPage(page);
    this.#changes++;
    return page;
  }

  /**
   * Links an existing Page without an Instagram account to an Instagram Login professional account: the
   * account keeps its id and username (Meta's IG professional account id is one, whichever login reaches it).
   */
  linkInstagram(pageId: string, username: string): IgAccount {
    const page = this.#pages.get(pageId);
    if (!page) throw new Error(`no Page ${pageId}`);
    if (page.igId !== undefined) throw new Error(`Page ${pageId} is already linked to an Instagram account`);
    page.igId = this.#link(page, username).id;
    this.#changes++;
    return this.instagram(page.igId)!;
  }

  /** Permissions this person declined for this app and was not asked again since. */
  declinedScopes(user: FbUser, clientId: string): string[] {
    return user.declined?.[clientId] ?? [];
  }

  /** After a dialog: what was shown and left unticked is declined; what was granted no longer is. */
  recordConsent(user: FbUser, clientId: string, shown: readonly string[], granted: readonly string[]): void {
    const before = this.declinedScopes(user, clientId);
    const declined = [...new Set([...before, ...shown])].filter((s) => !granted.includes(s) && s !== 'public_profile');
    const rest = { ...user.declined };
    delete rest[clientId];
    user.declined = declined.length > 0 ? { ...rest, [clientId]: declined } : rest;
    this.#changes++;
  }

  /** The brands' IG account ids allowed to boost this media (Partnership Ads), in the order they were allowed. */
  partnerApprovals(mediaId: string): string[] {
    return this.promotions.approved(mediaId);
  }

  /** Person events kill every token of that person now; page-role-removed only that Page's tokens. */
  applyEvent(username: string, event: FacebookEvent, pageId?: string): FbUser {
    const user = this.#required(username);
    if (event === 'page-role-removed') {
      const page = pageId === undefined ? this.pagesOf(user.id)[0] : this.#pages.get(pageId);
      if (!page || page.roles[user.id] === undefined) throw new Error(`${username} has no role on that Page`);
      delete page.roles[user.id];
    } else {
      user.closedBy[user.epoch] = eventSubcodes[event];
      user.epoch += 1;
    }
    this.#changes++;
    return user;
  }

  /** The person logged in through the dialog: data access runs dataAccessSeconds from now. */
  touch(user: FbUser): void {
    user.lastActiveAtMs = this.#nowMs();
    this.#changes++;
  }

  dataAccessExpiresAtMs(user: FbUser): number {
    return user.lastActiveAtMs + this.config.dataAccessSeconds * 1000;
  }

  createCode(input: Omit<Code, 'value' | 'expiresAtMs'>): Code {
    const code: Code = { ...input, value: this.#ctx.secret('AQ', 96), expiresAtMs: this.#nowMs() + this.config.codeSeconds * 1000 };
    this.#codes.set(code.value, code);
    return code;
  }

  peekCode(value: string): Code | undefined {
    return this.#codes.get(value);
  }

  /** Single use: a found code is spent whatever happens next. */
  redeemCode(value: string): { code: Code } | { error: 'used' | 'expired' | 'unknown' } {
    const code = this.#codes.get(value);
    if (!code) return { error: this.#usedCodes.has(value) ? 'used' : 'unknown' };
    this.#codes.delete(value);
    this.#usedCodes.add(value);
    return code.expiresAtMs > this.#nowMs() ? { code } : { error: 'expired' };
  }

  issueUserToken(input: { user: FbUser; kind: 'user-short' | 'user-long'; clientId: string; scopes: string[]; pageIds: string[]; issuedAtMs?: number; expiresAtMs?: number }): FbToken {
    const issuedAtMs = input.issuedAtMs ?? this.#nowMs();
    const lifetime = input.kind === 'user-long' ? this.config.longLivedSeconds : this.config.shortLivedSeconds;
    return this.#store({
      value: this.#ctx.secret('EAAG', 100),
      kind: input.kind,
      userId: input.user.id,
      clientId: input.clientId,
      // Never mutated, so shared rather than copied (100,000 bulk connections).
      scopes: input.scopes,
      pageIds: input.pageIds,
      issuedAtMs,
      expiresAtMs: input.expiresAtMs ?? issuedAtMs + lifetime * 1000,
      epoch: input.user.epoch,
    });
  }

  /** fb_exchange_token: a long-lived token, keeping or extending the ceiling when given a long-lived one. */
  exchangeForLong(token: FbToken): FbToken {
    const user = this.#usersById.get(token.userId)!;
    const keep = token.kind === 'user-long' && this.config.longToLong === 'keep_ceiling';
    const base = { user, kind: 'user-long', clientId: token.clientId, scopes: token.scopes, pageIds: token.pageIds } as const;
    return this.issueUserToken(keep ? { ...base, expiresAtMs: token.expiresAtMs ?? undefined } : base);
  }

  /** The Page token /me/accounts hands out with this user token (the same string on every call). */
  pageToken(userToken: FbToken, page: FbPage): FbToken {
    let perPage = this.#pageTokens.get(userToken);
    if (!perPage) this.#pageTokens.set(userToken, (perPage = new Map()));
    const known = perPage.get(page.id);
    if (known) return known;
    const now = this.#nowMs();
    const token = this.#store({
      value: this.#ctx.secret('EAAG', 100),
      kind: 'page',
      userId: userToken.userId,
      pageId: page.id,
      clientId: userToken.clientId,
      scopes: userToken.scopes,
      pageIds: [page.id],
      issuedAtMs: now,
      // https://developers.facebook.com/docs/pages/access-tokens/: 1 hour from a short-lived user token, no expiry from a long-lived one.
      expiresAtMs: userToken.kind === 'user-short' ? Math.min(now + this.config.pageFromShortSeconds * 1000, userToken.expiresAtMs ?? Infinity) : null,
      epoch: userToken.epoch,
    });
    perPage.set(page.id, token);
    return token;
  }

  token(value: string): FbToken | undefined {
    return this.#tokens.get(value);
  }

  /**
   * Is the token alive, and may it read the person's data (`data: true` for permissioned reads)?
   * Order: events, lost Page role, expiry, then data access.
   */
  check(value: string, opts: { data?: boolean } = {}): TokenCheck {
    const token = this.#tokens.get(value);
    const user = token && this.#usersById.get(token.userId);
    if (!token || !user) return { ok: false, subcode: 467, reason: 'unknown' };
    if (token.epoch < user.epoch) return { ok: false, subcode: user.closedBy[token.epoch] ?? 467, token, reason: 'event' };
    if (token.kind === 'page' && this.#pages.get(token.pageId!)?.roles[user.id] === undefined) return { ok: false, subcode: 492, token, reason: 'role' };
    const now = this.#nowMs();
    if (token.expiresAtMs !== null && now >= token.expiresAtMs) return { ok: false, subcode: 463, token, reason: 'expired' };
    if (opts.data && now >= this.dataAccessExpiresAtMs(user)) return { ok: false, subcode: 493, token, reason: 'data_access' };
    return { ok: true, token, user };
  }

  /** Pages this token reaches: picked on the consent screen and still held by the person. */
  reachablePages(token: FbToken): FbPage[] {
    if (token.kind === 'page') return [this.#pages.get(token.pageId!)!];
    return this.pagesOf(token.userId).filter((p) => token.pageIds.includes(p.id));
  }

  /** Mint a token directly, bypassing the dialog (tests, benchmarks). */
  mintToken(options: MintOptions): FbToken {
    const user = this.#required(options.username);
    const issuedAtMs = options.issuedAt?.getTime() ?? this.#nowMs();
    const kind = options.kind ?? 'user-long';
    const base = {
      user,
      clientId: options.clientId ?? this.config.apps[0]!.clientId,
      scopes: options.scopes ?? ALL_SCOPES,
      pageIds: this.pagesOf(user.id).map((p) => p.id),
      issuedAtMs,
      expiresAtMs: options.expiresInSeconds === undefined ? undefined : issuedAtMs + options.expiresInSeconds * 1000,
    };
    if (kind !== 'page') return this.issueUserToken({ ...base, kind });
    const page = options.pageId === undefined ? this.pagesOf(user.id)[0] : this.#pages.get(options.pageId);
    if (!page) throw new Error(`${options.username} has no such Page`);
    return this.pageToken(this.issueUserToken({ ...base, kind: 'user-long' }), page);
  }

  /** N people, each with one Page linked to an Instagram account and a long-lived user token plus its Page token. */
  seedConnections(count: number, options: { prefix?: string } = {}): Connection[] {
    const prefix = options.prefix ?? `fbbulk${this.#seq + 1}`;
    const out: Connection[] = [];
    for (let i = 0; i < count; i++) {
      const username = `${prefix}.${i}`;
      const user = this.createUser({ username, pages: [{ name: `Page ${username}`, instagram: { username: `${username}.ig` } }] });
      const page = this.pagesOf(user.id)[0]!;
      const userToken = this.mintToken({ username });
      const pageToken = this.pageToken(userToken, page);
      out.push({ username, userId: user.id, pageId: page.id, igId: page.igId!, userAccessToken: userToken.value, pageAccessToken: pageToken.value, expiresAt: new Date(userToken.expiresAtMs!) });
    }
    return out;
  }

  #store(token: FbToken): FbToken {
    this.#tokens.set(token.value, token);
    this.#changes++;
    return token;
  }

  #addPage(page: FbPage): void {
    this.#pages.set(page.id, page);
    for (const userId of Object.keys(page.roles)) {
      const list = this.#pagesByUser.get(userId);
      if (list) list.push(page);
      else this.#pagesByUser.set(userId, [page]);
    }
  }

  #addInstagram(ig: IgAccount): void {
    this.#instagram.set(ig.id, ig);
    if (!ig.linked) this.#igBySuffix.set(ig.id.slice(-9), ig);
  }

  /** A seeded Page whose Instagram Login account is missing (a world without Instagram) is left unlinked. */
  #seedable(page: NewPage): NewPage {
    const link = page.instagram && 'link' in page.instagram ? page.instagram.link : undefined;
    return link === undefined || this.#logins?.account(link) ? page : { ...page, instagram: undefined };
  }

  /** The Instagram Login account this username names, if a Page may be linked to it. */
  #linkable(username: string): Account {
    const login = this.#logins?.account(username);
    if (!login) throw new Error(`no Instagram account @${username} to link`);
    if (login.accountType === 'PERSONAL') throw new Error(`@${username} is a personal account: only professional accounts can be linked to a Page`);
    const linked = this.#instagram.get(login.userId);
    if (linked) throw new Error(`@${username} is already linked to Page ${linked.pageId}`);
    return login;
  }

  #link(page: FbPage, username: string): IgAccount {
    const login = this.#linkable(username);
    const ig: IgAccount = {
      id: login.userId,
      username: login.username,
      name: login.name,
      pageId: page.id,
      followersCount: login.followersCount,
      mediaCount: login.mediaCount,
      createdAtMs: login.createdAtMs,
      linked: true,
    };
    this.#addInstagram(ig);
    return ig;
  }

  #addUser(user: FbUser): void {
    this.#users.set(user.username, user);
    this.#usersById.set(user.id, user);
  }

  #required(username: string): FbUser {
    const user = this.#users.get(username);
    if (!user) throw new Error(`no Facebook user ${username}`);
    return user;
  }

  #nowMs(): number {
    return this.#ctx.clock.now().getTime();
  }
}

function copyUser(user: FbUser): FbUser {
  const declined = user.declined && Object.fromEntries(Object.entries(user.declined).map(([app, scopes]) => [app, [...scopes]]));
  return { ...user, closedBy: [...user.closedBy], ...(declined ? { declined } : {}) };
}
