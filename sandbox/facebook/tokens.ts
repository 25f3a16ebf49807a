/**
 * The simulated Facebook's access tokens: user tokens (short- and long-lived, from the dialog or
 * fb_exchange_token), the Page tokens `/me/accounts` hands out with them, and the check every Graph call
 * makes (is the token alive, and may it read the person's data). People, Pages and roles stay in the world
 * (world.ts), which this reads through `FacebookPeople`.
 *
 * Like the Instagram world, account events close an epoch instead of walking tokens: a token remembers the
 * person's epoch it was issued in, and a token from a closed epoch answers with the subcode of the event that
 * closed it. A removed Page role is checked on the Page itself (190/492 for that Page's tokens only).
 */
import type { NetworkContext } from '../core/types.ts';
import type { FacebookConfig, FbPage, FbToken, FbUser, TokenCheck } from './model.ts';

/** What the tokens need to know of people and Pages. */
export interface FacebookPeople {
  userById(id: string): FbUser | undefined;
  page(id: string): FbPage | undefined;
  /** Pages the person has a role on, in creation order. */
  pagesOf(userId: string): FbPage[];
  dataAccessExpiresAtMs(user: FbUser): number;
}

export interface UserTokenInput {
  user: FbUser;
  kind: 'user-short' | 'user-long';
  clientId: string;
  scopes: string[];
  pageIds: string[];
  issuedAtMs?: number;
  expiresAtMs?: number;
}

export class FacebookTokens {
  readonly #ctx: NetworkContext;
  /** The world's live configuration (edited in place, never replaced). */
  readonly #config: FacebookConfig;
  readonly #people: FacebookPeople;
  readonly #byValue = new Map<string, FbToken>();
  /** One Page token per (user token, Page): /me/accounts hands out the same string each time. */
  readonly #pageTokens = new Map<FbToken, Map<string, FbToken>>();
  #changes = 0;

  constructor(ctx: NetworkContext, config: FacebookConfig, people: FacebookPeople) {
    this.#ctx = ctx;
    this.#config = config;
    this.#people = people;
  }

  /** Bumped by every token issued. */
  get changes(): number {
    return this.#changes;
  }

  clear(): void {
    this.#byValue.clear();
    this.#pageTokens.clear();
  }

  /** Every token, for the state file. */
  records(): FbToken[] {
    return [...this.#byValue.values()];
  }

  /** A token from the state file (not a change: it is what the file already holds). */
  restore(token: FbToken): void {
    this.#byValue.set(token.value, token);
  }

  issueUserToken(input: UserTokenInput): FbToken {
    const issuedAtMs = input.issuedAtMs ?? this.#nowMs();
    const lifetime = input.kind === 'user-long' ? this.#config.longLivedSeconds : this.#config.shortLivedSeconds;
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
    const user = this.#people.userById(token.userId)!;
    const keep = token.kind === 'user-long' && this.#config.longToLong === 'keep_ceiling';
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
      expiresAtMs: userToken.kind === 'user-short' ? Math.min(now + this.#config.pageFromShortSeconds * 1000, userToken.expiresAtMs ?? Infinity) : null,
      epoch: userToken.epoch,
    });
    perPage.set(page.id, token);
    return token;
  }

  token(value: string): FbToken | undefined {
    return this.#byValue.get(value);
  }

  /**
   * Is the token alive, and may it read the person's data (`data: true` for permissioned reads)?
   * Order: events, lost Page role, expiry, then data access.
   */
  check(value: string, opts: { data?: boolean } = {}): TokenCheck {
    const token = this.#byValue.get(value);
    const user = token && this.#people.userById(token.userId);
    if (!token || !user) return { ok: false, subcode: 467, reason: 'unknown' };
    if (token.epoch < user.epoch) return { ok: false, subcode: user.closedBy[token.epoch] ?? 467, token, reason: 'event' };
    if (token.kind === 'page' && this.#people.page(token.pageId!)?.roles[user.id] === undefined) return { ok: false, subcode: 492, token, reason: 'role' };
    const now = this.#nowMs();
    if (token.expiresAtMs !== null && now >= token.expiresAtMs) return { ok: false, subcode: 463, token, reason: 'expired' };
    if (opts.data && now >= this.#people.dataAccessExpiresAtMs(user)) return { ok: false, subcode: 493, token, reason: 'data_access' };
    return { ok: true, token, user };
  }

  /** Pages this token reaches: picked on the consent screen and still held by the person. */
  reachablePages(token: FbToken): FbPage[] {
    if (token.kind === 'page') return [this.#people.page(token.pageId!)!];
    return this.#people.pagesOf(token.userId).filter((p) => token.pageIds.includes(p.id));
  }

  #store(token: FbToken): FbToken {
    this.#byValue.set(token.value, token);
    this.#changes++;
    return token;
  }

  #nowMs(): number {
    return this.#ctx.clock.now().getTime();
  }
}
