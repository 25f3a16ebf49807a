/**
 * A connection's status is a small state machine. Storage applies a transition as one conditional
 * UPDATE (from-status and version checked), so two processes can never both apply it.
 */
import { PSEUDO_LOCALE, type ReaderLocale } from '../platform/i18n/locales.ts';
import { pseudoMessage } from '../platform/i18n/pseudo.ts';
import type { LocalizedText } from '../providers/network-profile.ts';
import { connectionMessages } from './messages/emails/index.ts';

export const connectionStatuses = ['active', 'expiring', 'disconnected'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

/** Why a connection is disconnected (or expiring): shown to creators and platforms. */
export const disconnectReasons = [
  'expired',
  'password_changed',
  'app_removed',
  'checkpoint',
  'unconfirmed_user',
  'invalid_token',
  'insufficient_scope',
  'revoked',
  'refresh_lost',
  'disconnected_on_request',
  'data_deleted',
  'not_professional',
] as const;
export type DisconnectReason = (typeof disconnectReasons)[number];

/**
 * Reasons that are the person's, not one account's: app removed (Meta 190/458), password changed (460),
 * the login expired (463, or data access 493), a security checkpoint (459), an unconfirmed account
 * (464). Every account their one login reached (a Facebook user's Pages and the Instagram accounts
 * linked to them, sharing one grant) ends with it. A lost Page role (492) or an invalid token (467) is
 * that one token's, and a switch to a personal account is that one account's.
 */
export const grantEndingReasons: readonly string[] = ['app_removed', 'password_changed', 'expired', 'checkpoint', 'unconfirmed_user'];

export function endsGrant(reason: string): boolean {
  return grantEndingReasons.includes(reason);
}

export const transitions = {
  connected: { from: [], to: 'active' },
  reconnected: { from: ['active', 'expiring', 'disconnected'], to: 'active' },
  refreshed: { from: ['active', 'expiring'], to: 'active' },
  expiring: { from: ['active'], to: 'expiring' },
  disconnected: { from: ['active', 'expiring'], to: 'disconnected' },
  // The platform or the creator disconnected it on purpose (DELETE /v1/connections/:id).
  revoked: { from: ['active', 'expiring', 'disconnected'], to: 'disconnected' },
} as const satisfies Record<string, { from: readonly ConnectionStatus[]; to: ConnectionStatus }>;

export type Transition = keyof typeof transitions;

export function canApply(transition: Transition, from: ConnectionStatus): boolean {
  return (transitions[transition].from as readonly ConnectionStatus[]).includes(from);
}

export interface ReasonContext {
  /** How long the network's grant lasted (e.g. 60 for Instagram), when known: "expired after 60 days". */
  grantDays?: number | null;
  /** The account's network's way back to a professional account (its profile's `professionalSwitch`). */
  professionalSwitch?: LocalizedText | string;
  /** The account by name (accountLabel), where the sentence stands alone (an email, a notice): "Reconnect TikTok @tom.dances". */
  account?: string;
  /** The reader's language; English when not given (the API's and the logs' words). */
  locale?: ReaderLocale;
}

/** Reasons whose "why" is one sentence with the network's name, and whose fix is "reconnect to resume". */
const plainReasons = ['password_changed', 'refresh_lost'] as const;
/** Reasons whose fix has a sentence of its own (the key in the book's `reasons`). */
const ownFix: Record<string, { fix: string; named?: boolean }> = {
  app_removed: { fix: 'appRemovedFix', named: true },
  checkpoint: { fix: 'checkpointFix' },
  unconfirmed_user: { fix: 'unconfirmedFix' },
  data_deleted: { fix: 'dataDeletedFix', named: true },
  insufficient_scope: { fix: 'scopeFix' },
  disconnected_on_request: { fix: 'onRequestFix', named: true },
};

/**
 * Plain words for a creator: why the channel stopped working, and what to do, in the reader's
 * language. Shown in emails, in in-app notices and in the Channels page's tooltips, so every reason
 * must read well on its own.
 */
export function describeReason(reason: string | null, network: string, context: ReasonContext = {}): { why: string; fix: string } {
  const words = connectionMessages.for(context.locale ?? 'en');
  const account = context.account ? words.t('account.named', { network, account: context.account }) : words.t('account.yours', { network });
  const days = context.grantDays && context.grantDays > 0 ? context.grantDays : null;
  const reconnect = words.t('reasons.reconnect', { account });
  const known = reason ?? '';
  if (known === 'expired') return { why: days ? words.t('reasons.expiredAfter', { network, days }) : words.t('reasons.expired', { network }), fix: reconnect };
  if (known === 'expires_soon') {
    return { why: days ? words.t('reasons.expiresSoonFor', { network, days }) : words.t('reasons.expires_soon', { network }), fix: words.t('reasons.expiresSoonFix', { account }) };
  }
  if (known === 'not_professional') {
    const told = context.professionalSwitch;
    const fix = told === undefined ? words.t('reasons.professionalFix', { network }) : typeof told === 'string' ? told : textIn(told, words.locale);
    return { why: words.t('reasons.not_professional', { network }), fix };
  }
  const own = ownFix[known];
  if (own) return { why: words.t(`reasons.${known}` as ReasonKey, { network }), fix: words.t(`reasons.${own.fix}` as ReasonKey, { network, account }) };
  if ((plainReasons as readonly string[]).includes(known)) return { why: words.t(`reasons.${known}` as ReasonKey, { network }), fix: reconnect };
  return { why: words.t('reasons.other', { network }), fix: reconnect };
}

type ReasonKey = `reasons.${keyof (typeof connectionMessages)['catalogs']['en']['reasons']}`;

/** A network's own sentence in the reader's language (the pseudo-locale reads it as English, bracketed like a message). */
export function textIn(text: LocalizedText, locale: ReaderLocale): string {
  return locale === PSEUDO_LOCALE ? pseudoMessage(text.en) : text[locale];
}

/** Whole days the grant lasts (token issued to grant end), for "expired after 60 days"; null when open-ended. */
export function grantDays(connection: Pick<Connection, 'tokenIssuedAt' | 'grantExpiresAt'>): number | null {
  if (!connection.tokenIssuedAt || !connection.grantExpiresAt) return null;
  const days = Math.round((connection.grantExpiresAt.getTime() - connection.tokenIssuedAt.getTime()) / 86_400_000);
  return days > 0 ? days : null;
}

/** A connection as the application sees it. Tokens are never part of it. */
export interface Connection {
  id: string;
  workspaceId: string;
  creatorId: string;
  provider: string;
  /** What the account is on its network ('instagram' also for an Instagram account reached through Facebook Login). */
  network: string;
  login: string;
  accountId: string;
  username: string | null;
  displayName: string | null;
  accountType: string | null;
  avatarUrl: string | null;
  status: ConnectionStatus;
  statusReason: string | null;
  scopes: string[];
  tokenIssuedAt: Date | null;
  tokenExpiresAt: Date | null;
  /** When the grant ends (refresh token, Facebook user token or data access); null: no fixed end. */
  grantExpiresAt: Date | null;
  /** The shared grant this connection's account was reached through (Facebook Login). */
  grantId: string | null;
  /** The person on the provider (Facebook user id, TikTok open_id), for revoke and deauthorize callbacks. */
  providerUserId: string | null;
  /** Set while a refresh call is in flight (see refresh-connection.ts). */
  refreshStartedAt: Date | null;
  lastRefreshedAt: Date | null;
  connectedAt: Date;
  disconnectedAt: Date | null;
  refreshDueAt: Date | null;
  refreshRetryAt: Date | null;
  refreshAttempts: number;
  lastErrorCode: string | null;
  lastErrorAt: Date | null;
  lastVerifiedAt: Date | null;
  version: number;
}
