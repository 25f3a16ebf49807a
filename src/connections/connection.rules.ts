/**
 * A connection's status is a small state machine. Storage applies a transition as one conditional
 * UPDATE (from-status and version checked), so two processes can never both apply it.
 */
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
  professionalSwitch?: string;
  /** The account by name (accountLabel), where the sentence stands alone (an email, a notice): "Reconnect TikTok @tom.dances". */
  account?: string;
}

/**
 * Plain words for a creator: why the channel stopped working, and what to do. Shown in emails, in
 * in-app notices and in the Channels page's tooltips, so every reason must read well on its own.
 */
export function describeReason(reason: string | null, network: string, context: ReasonContext = {}): { why: string; fix: string } {
  const yours = context.account ? `${network} ${context.account}` : `your ${network} account`;
  const reconnect = `Reconnect ${yours} to resume.`;
  const days = context.grantDays && context.grantDays > 0 ? context.grantDays : null;
  switch (reason) {
    case 'expired':
      return {
        why: days
          ? `The access ${network} gave us expired after ${days} days (networks limit how long apps keep access) and could not be renewed in time.`
          : `The access ${network} gave us expired and could not be renewed in time.`,
        fix: reconnect,
      };
    case 'password_changed':
      return { why: `Your ${network} password or username was changed, which signs out connected apps.`, fix: reconnect };
    case 'app_removed':
      return { why: `Access was removed in your ${network} settings (connected apps and websites).`, fix: `${reconnect} If you removed it on purpose, you can ignore this.` };
    case 'checkpoint':
      return {
        why: `${network} disconnected it for your account's security: it asked for a security check (for example after a login from a new device or unusual activity).`,
        fix: `Log in to ${network} in the app or on the web and complete the check, then reconnect.`,
      };
    case 'unconfirmed_user':
      return { why: `${network} needs you to confirm your account.`, fix: `Log in to ${network}, confirm your account, then reconnect.` };
    case 'data_deleted':
      return {
        why: `You asked ${network} to delete the data this service held about your account, so it was erased.`,
        fix: `If you want to use it again, reconnect ${yours}.`,
      };
    case 'insufficient_scope':
      return { why: `A permission is missing: it was not allowed when the account was connected.`, fix: `Reconnect and allow every permission asked.` };
    case 'refresh_lost':
      return {
        why: `${network} replaced the connection's key while we were renewing it, and the answer never reached us.`,
        fix: reconnect,
      };
    case 'expires_soon':
      return {
        why: days
          ? `${network} lets apps keep access for ${days} days only, and that time ends soon.`
          : `${network} only lets apps keep access for a limited time, and it ends soon.`,
        fix: `Reconnect ${yours} to renew it.`,
      };
    case 'not_professional':
      return {
        why: `The account was switched to a personal account, and ${network} lets apps read professional (Business or Creator) accounts only.`,
        fix: context.professionalSwitch ?? `Switch it back to a professional (Business or Creator) account in the ${network} app's settings, then reconnect.`,
      };
    case 'disconnected_on_request':
      return { why: `The connection was disconnected on request.`, fix: `Reconnect ${yours} whenever you want it read again.` };
    case 'invalid_token':
    case 'revoked':
    default:
      return { why: `${network} no longer accepts the connection.`, fix: reconnect };
  }
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
