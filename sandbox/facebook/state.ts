/**
 * What a state file keeps of the simulated Facebook: people (with their event epochs and declined
 * permissions), Pages with their roles, the Instagram accounts reached through them, tokens, set insights
 * figures and Partnership Ads approvals. Codes, rate-limit counters and the configuration are not kept.
 */
import type { FbPage, FbToken, FbUser, IgAccount } from './model.ts';

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

/** The saved state, or undefined when it is not one (the world then keeps what it has). */
export function readFacebookState(state: unknown): FacebookState | undefined {
  const s = state as Partial<FacebookState> | undefined;
  if (!s || !Array.isArray(s.users) || !Array.isArray(s.pages) || !Array.isArray(s.instagram) || !Array.isArray(s.tokens)) return undefined;
  return s as FacebookState;
}

/** A person with their own copies of the lists a later event or consent changes. */
export function copyUser(user: FbUser): FbUser {
  const declined = user.declined && Object.fromEntries(Object.entries(user.declined).map(([app, scopes]) => [app, [...scopes]]));
  return { ...user, closedBy: [...user.closedBy], ...(declined ? { declined } : {}) };
}
