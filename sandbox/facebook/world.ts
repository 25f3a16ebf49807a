/**
 * State of the simulated Facebook Login: people (app-scoped ids), their Pages (with a role and tasks per
 * person), authorization codes, and what each person declined. Endpoint rules live in facebook.ts and
 * graph.ts; the tokens and their check in tokens.ts; the Instagram professional accounts reached through
 * Pages (and their links to Instagram Login) in instagram-accounts.ts; the Partnership Ads approvals in
 * promotions.ts. This class holds them together, saves and restores them (state.ts), and seeds them in bulk.
 *
 * Data access (https://developers.facebook.com/docs/facebook-login/auth-vs-data) is per person: it ends
 * `dataAccessSeconds` after the person last logged in through the dialog, whatever token is used.
 * Permissions a person declined are remembered per app.
 */
import type { Clock } from '../../src/kernel/clock.ts';
import type { NetworkContext, SandboxApp, SimulatedNetwork } from '../core/types.ts';
import type { Account } from '../instagram/model.ts';
import { MetricOverrides } from '../meta/metrics.ts';
import { MetaUsage } from '../meta/usage.ts';
import { type InstagramLogins, PageInstagramAccounts } from './instagram-accounts.ts';
import {
  ALL_SCOPES,
  type Code,
  type Connection,
  copyFacebookConfig,
  defaultFacebookConfig,
  eventSubcodes,
  type FacebookConfig,
  type FacebookEvent,
  type FbPage,
  type FbToken,
  type FbUser,
  FULL_TASKS,
  type IgAccount,
  type MintOptions,
  type NewPage,
  type NewUser,
  seedUsers,
  type TokenCheck,
} from './model.ts';
import { PartnerPromotions } from './promotions.ts';
import { copyUser, type FacebookState, readFacebookState } from './state.ts';
import { FacebookTokens, type UserTokenInput } from './tokens.ts';

export class FacebookWorld implements SimulatedNetwork {
  readonly config: FacebookConfig;
  readonly #initialConfig: FacebookConfig;
  readonly #ctx: NetworkContext;
  readonly #users = new Map<string, FbUser>();
  readonly #usersById = new Map<string, FbUser>();
  readonly #pages = new Map<string, FbPage>();
  /** Pages each person was ever given a role on (filtered by current roles when read): O(1) for 100,000 people. */
  readonly #pagesByUser = new Map<string, FbPage[]>();
  /** User and Page tokens, and the check of a presented one. */
  readonly #tokens: FacebookTokens;
  readonly #codes = new Map<string, Code>();
  readonly #usedCodes = new Set<string>();
  /** The Instagram professional accounts reached through Pages, made here or linked to Instagram Login. */
  readonly #igAccounts: PageInstagramAccounts;
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
    this.#igAccounts = new PageInstagramAccounts(logins);
    this.#initialConfig = copyFacebookConfig({ ...defaultFacebookConfig, ...config });
    this.config = copyFacebookConfig(this.#initialConfig);
    this.#tokens = new FacebookTokens(ctx, this.config, this);
    this.usage = new MetaUsage(() => this.config);
    this.reset();
  }

  get clock(): Clock {
    return this.#ctx.clock;
  }

  get changes(): number {
    return this.#changes + this.#tokens.changes + this.metrics.changes + this.promotions.changes;
  }

  reset(): void {
    Object.assign(this.config, copyFacebookConfig(this.#initialConfig));
    for (const map of [this.#users, this.#usersById, this.#pages, this.#pagesByUser, this.#codes]) map.clear();
    this.#tokens.clear();
    this.#igAccounts.clear();
    this.#usedCodes.clear();
    this.metrics.clear();
    this.promotions.clear();
    this.usage.clear();
    this.#seq = 0;
    for (const seed of seedUsers) this.createUser({ ...seed, pages: seed.pages?.map((p) => this.#igAccounts.seedable(p)) });
    this.#changes++;
  }

  exportState(): FacebookState {
    return {
      seq: this.#seq,
      users: [...this.#users.values()].map(copyUser),
      pages: [...this.#pages.values()].map((p) => ({ ...p, roles: { ...p.roles } })),
      instagram: this.#igAccounts.records().map((i) => ({ ...i })),
      tokens: this.#tokens.records().map((t) => ({ ...t })),
      metrics: this.metrics.export(),
      partnerPromotions: this.promotions.export(),
    };
  }

  importState(state: unknown): void {
    const s = readFacebookState(state);
    if (!s) return;
    for (const map of [this.#users, this.#usersById, this.#pages, this.#pagesByUser, this.#codes]) map.clear();
    this.#tokens.clear();
    this.#igAccounts.clear();
    for (const user of s.users) this.#addUser(copyUser(user));
    for (const page of s.pages) this.#addPage({ ...page, roles: { ...page.roles } });
    for (const ig of s.instagram) this.#igAccounts.add({ ...ig });
    this.metrics.import(s.metrics);
    this.promotions.import(s.partnerPromotions);
    for (const token of s.tokens) {
      if (!this.#usersById.has(token.userId)) continue;
      this.#tokens.restore({ ...token });
      this.#ctx.remember(token.value);
    }
    this.#seq = Math.max(Number(s.seq) || 0, this.#users.size + this.#pages.size + this.#igAccounts.size);
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
    return this.#igAccounts.get(id);
  }

  /** The Instagram Login account a linked account is (its media and stories live there). */
  instagramLogin(ig: IgAccount): Account | undefined {
    return this.#igAccounts.login(ig);
  }

  /** The Instagram account whose id ends with these 9 digits (its media ids embed them). */
  instagramBySuffix(suffix: string): IgAccount | undefined {
    return this.#igAccounts.bySuffix(suffix);
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
    for (const link of links) this.#igAccounts.linkable(link);
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
      page.igId = this.#igAccounts.link(page.id, input.instagram.link).id;
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
      this.#igAccounts.add(ig);
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
    page.igId = this.#igAccounts.link(page.id, username).id;
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

  issueUserToken(input: UserTokenInput): FbToken {
    return this.#tokens.issueUserToken(input);
  }

  /** fb_exchange_token: a long-lived token, keeping or extending the ceiling when given a long-lived one. */
  exchangeForLong(token: FbToken): FbToken {
    return this.#tokens.exchangeForLong(token);
  }

  /** The Page token /me/accounts hands out with this user token (the same string on every call). */
  pageToken(userToken: FbToken, page: FbPage): FbToken {
    return this.#tokens.pageToken(userToken, page);
  }

  token(value: string): FbToken | undefined {
    return this.#tokens.token(value);
  }

  /**
   * Is the token alive, and may it read the person's data (`data: true` for permissioned reads)?
   * Order: events, lost Page role, expiry, then data access.
   */
  check(value: string, opts: { data?: boolean } = {}): TokenCheck {
    return this.#tokens.check(value, opts);
  }

  /** Pages this token reaches: picked on the consent screen and still held by the person. */
  reachablePages(token: FbToken): FbPage[] {
    return this.#tokens.reachablePages(token);
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
      out.push({
        username,
        userId: user.id,
        pageId: page.id,
        igId: page.igId!,
        userAccessToken: userToken.value,
        pageAccessToken: pageToken.value,
        expiresAt: new Date(userToken.expiresAtMs!),
      });
    }
    return out;
  }

  #addPage(page: FbPage): void {
    this.#pages.set(page.id, page);
    for (const userId of Object.keys(page.roles)) {
      const list = this.#pagesByUser.get(userId);
      if (list) list.push(page);
      else this.#pagesByUser.set(userId, [page]);
    }
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
