/**
 * The Instagram professional accounts the simulated Facebook reaches through Pages. A Page's account is either
 * made with the Page, or linked to an account of the Instagram world (Instagram Login): one professional
 * account, two logins, so a linked account keeps that account's id and username, and is read with its
 * current name and figures, as Meta does.
 */
import type { Account } from '../instagram/model.ts';
import type { InstagramWorld } from '../instagram/world.ts';
import type { IgAccount, NewPage } from './model.ts';

/** The Instagram Login accounts a Page can be linked to (the Instagram world). */
export type InstagramLogins = Pick<InstagramWorld, 'account' | 'accountByUserId'>;

export class PageInstagramAccounts {
  readonly #byId = new Map<string, IgAccount>();
  /** IG media ids carry the last 9 digits of their account's id: this finds the account in O(1). Linked accounts' media are the Instagram world's. */
  readonly #bySuffix = new Map<string, IgAccount>();
  readonly #logins: InstagramLogins | undefined;

  constructor(logins?: InstagramLogins) {
    this.#logins = logins;
  }

  get size(): number {
    return this.#byId.size;
  }

  /** The records as kept (a linked account with what it had when linked), for the state file. */
  records(): IgAccount[] {
    return [...this.#byId.values()];
  }

  clear(): void {
    this.#byId.clear();
    this.#bySuffix.clear();
  }

  add(ig: IgAccount): void {
    this.#byId.set(ig.id, ig);
    if (!ig.linked) this.#bySuffix.set(ig.id.slice(-9), ig);
  }

  /**
   * An Instagram account reached through a Page; a linked one with the Instagram world's current name and
   * figures. A linked account switched to personal is no Page's professional account any more: the Page
   * loses its `instagram_business_account` and the node cannot be read through it (100/33), as Graph
   * answers for an object it cannot load (inferred: docs/networks.md#instagram-through-facebook-login).
   */
  get(id: string): IgAccount | undefined {
    const ig = this.#byId.get(id);
    const login = ig?.linked ? this.#logins?.accountByUserId(ig.id) : undefined;
    if (login?.accountType === 'PERSONAL') return undefined;
    return login ? { ...ig!, username: login.username, name: login.name, followersCount: login.followersCount, mediaCount: login.mediaCount, createdAtMs: login.createdAtMs } : ig;
  }

  /** The Instagram Login account a linked account is (its media and stories live there). */
  login(ig: IgAccount): Account | undefined {
    return ig.linked ? this.#logins?.accountByUserId(ig.id) : undefined;
  }

  /** The account (not linked) whose id ends with these 9 digits (its media ids embed them). */
  bySuffix(suffix: string): IgAccount | undefined {
    return this.#bySuffix.get(suffix);
  }

  /** A seeded Page whose Instagram Login account is missing (a world without Instagram) is left unlinked. */
  seedable(page: NewPage): NewPage {
    const link = page.instagram && 'link' in page.instagram ? page.instagram.link : undefined;
    return link === undefined || this.#logins?.account(link) ? page : { ...page, instagram: undefined };
  }

  /** The Instagram Login account this username names, if a Page may be linked to it (throws why not). */
  linkable(username: string): Account {
    const login = this.#logins?.account(username);
    if (!login) throw new Error(`no Instagram account @${username} to link`);
    if (login.accountType === 'PERSONAL') throw new Error(`@${username} is a personal account: only professional accounts can be linked to a Page`);
    const linked = this.#byId.get(login.userId);
    if (linked) throw new Error(`@${username} is already linked to Page ${linked.pageId}`);
    return login;
  }

  /** Links Page `pageId` to the Instagram Login account `username`, which keeps its id and username. */
  link(pageId: string, username: string): IgAccount {
    const login = this.linkable(username);
    const ig: IgAccount = {
      id: login.userId,
      username: login.username,
      name: login.name,
      pageId,
      followersCount: login.followersCount,
      mediaCount: login.mediaCount,
      createdAtMs: login.createdAtMs,
      linked: true,
    };
    this.add(ig);
    return ig;
  }
}
