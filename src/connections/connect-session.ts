/**
 * Starting a connection: the platform's backend asks for a connect link for one creator and one
 * provider; opening the link sends the creator to the provider with a fresh single-use state.
 */
import { DAY, MINUTE } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import { randomToken, sha256 } from '../platform/crypto/hash.ts';
import { verifyLink } from '../platform/crypto/signed-link.ts';
import type { Deps } from '../platform/deps.ts';
import { type Locale, PSEUDO_LOCALE, SUPPORTED_LOCALES, supportedLocale, supportedTimeZone } from '../platform/i18n/locales.ts';
import { rememberReader, upsertCreator } from '../platform/workspaces.repo.ts';
import { accountName } from '../providers/account-name.ts';
import { createCodeVerifier } from '../providers/oauth2.ts';
import { type ConnectSessionRow, findSession, findSessionByToken } from './connect.repo.ts';
import { type FlowTarget, retriedSession, targetOf } from './connect-flow.ts';
import { parseAllowedOrigins } from './connect-popup.rules.ts';
import { getConnectionById } from './connections.repo.ts';
import { RECONNECT_LINK_DAYS, type ReconnectLinkPayload } from './disconnect.ts';

export const CONNECT_SESSION_MINUTES = 60;
export const STATE_MINUTES = 10;

export interface ConnectSessionInput {
  workspaceId: string;
  creator: { id: string; email?: string | null; name?: string | null };
  provider: string;
  returnUrl?: string | null;
  purpose?: 'connect' | 'reconnect';
  /** Origins the flow's last page posts its result to, when opened in a popup (connect-popup.rules.ts). */
  allowedOrigins?: readonly string[];
  /** The creator's language (any BCP 47 tag of a supported language) and IANA time zone: stored on the creator. */
  locale?: string | null;
  timeZone?: string | null;
}

const invalid = (field: string, problem: string) => fail('invalid_request', `Invalid request: ${field}: ${problem}.`, { fields: [{ field, problem }] });

/** The creator's language and zone as stored: a supported locale and a zone Intl knows, or a sentence saying what is wrong. */
export function readerSettings(input: Pick<ConnectSessionInput, 'locale' | 'timeZone'>): Result<{ locale: Locale | null; timeZone: string | null }> {
  const locale = input.locale ? supportedLocale(input.locale) : null;
  if (input.locale && (!locale || locale === PSEUDO_LOCALE)) {
    return invalid(
      'locale',
      `"${input.locale}" is not a supported language; use one of ${SUPPORTED_LOCALES.join(', ')} (a regional tag such as es-MX or pt-PT is matched to its language)`,
    );
  }
  const timeZone = input.timeZone ? supportedTimeZone(input.timeZone) : null;
  if (input.timeZone && !timeZone) return invalid('timeZone', `"${input.timeZone}" is not an IANA time zone such as Europe/Paris or America/Sao_Paulo`);
  return ok({ locale: locale as Locale | null, timeZone });
}

export async function createConnectSession(deps: Deps, input: ConnectSessionInput): Promise<Result<{ url: string; expiresAt: Date; id: string }>> {
  if (!deps.providers.get(input.provider)) return fail('unsupported_provider', `Provider "${input.provider}" is not supported.`);
  const allowedOrigins = parseAllowedOrigins(input.allowedOrigins);
  if (!allowedOrigins.ok) return allowedOrigins;
  const reader = readerSettings(input);
  if (!reader.ok) return reader;
  const now = deps.clock.now();
  const token = randomToken();
  const session = {
    id: newId('cs', deps.clock),
    token_hash: sha256(token),
    workspace_id: input.workspaceId,
    creator_id: input.creator.id,
    provider: input.provider,
    return_url: input.returnUrl ?? null,
    purpose: input.purpose ?? 'connect',
    expires_at: new Date(now.getTime() + CONNECT_SESSION_MINUTES * MINUTE),
    completed_at: null,
    connection_id: null,
    created_at: now,
    allowed_origins: allowedOrigins.value,
  };
  await deps.db.transaction().execute(async (trx) => {
    await upsertCreator(trx, deps.clock, {
      workspaceId: input.workspaceId,
      id: input.creator.id,
      email: input.creator.email ?? null,
      name: input.creator.name ?? null,
    });
    await rememberReader(trx, deps.clock, { workspaceId: input.workspaceId, creatorId: input.creator.id, ...reader.value });
    await trx.insertInto('connect_sessions').values(session).execute();
  });
  return ok({ id: session.id, url: `${deps.settings.publicUrl}/connect/${token}`, expiresAt: session.expires_at });
}

/** Opening a connect link: a new state each time (a creator may reload), valid 10 minutes, used once. */
export async function startAuthorization(deps: Deps, sessionToken: string): Promise<Result<{ redirectUrl: string }> & FlowTarget> {
  return startFor(deps, await findSessionByToken(deps.db, sessionToken));
}

/** "Try again" after a failure: the same session's consent once more, while the session is open. */
export async function retryAuthorization(deps: Deps, link: string): Promise<Result<{ redirectUrl: string }> & FlowTarget> {
  const retried = retriedSession(deps, link);
  if (!retried.ok) return fail(retried.code);
  return startFor(deps, await findSession(deps.db, retried.sessionId));
}

async function startFor(deps: Deps, session: ConnectSessionRow | undefined): Promise<Result<{ redirectUrl: string }> & FlowTarget> {
  const now = deps.clock.now();
  if (!session) return fail('connect_session_not_found');
  const target = targetOf(session);
  if (session.completed_at) return { ...fail('connect_session_used'), ...target };
  if (session.expires_at <= now) return { ...fail('connect_session_expired'), ...target };
  const provider = deps.providers.get(session.provider);
  if (!provider) return fail('unsupported_provider');
  const state = randomToken();
  const stateHash = sha256(state);
  // PKCE: the verifier stays with us (sealed, bound to this state); only its S256 challenge travels.
  const codeVerifier = provider.pkce ? createCodeVerifier() : undefined;
  await deps.db
    .insertInto('oauth_states')
    .values({
      state_hash: stateHash,
      session_id: session.id,
      provider: session.provider,
      expires_at: new Date(now.getTime() + STATE_MINUTES * MINUTE),
      created_at: now,
      code_verifier_sealed: codeVerifier ? deps.keyRing.seal(codeVerifier, `state:${stateHash}`) : null,
    })
    .execute();
  const rerequest = await declinedBefore(deps, session);
  const url = provider.createAuthorizationUrl({ state, redirectUri: callbackUrl(deps, session.provider), codeVerifier, rerequest });
  return { ...ok({ redirectUrl: url.toString() }), ...target };
}

/**
 * True when this creator's earlier connection with the provider lacks a scope the adapter asks for:
 * the provider must show the permission again (a refresh never adds scopes; only a new consent does).
 */
async function declinedBefore(deps: Deps, session: { workspace_id: string; creator_id: string; provider: string }): Promise<boolean> {
  const provider = deps.providers.get(session.provider);
  if (!provider) return false;
  const rows = await deps.db
    .selectFrom('connections')
    .select('scopes')
    .where('workspace_id', '=', session.workspace_id)
    .where('creator_id', '=', session.creator_id)
    .where('provider', '=', session.provider)
    .execute();
  return rows.some((row) => provider.scopes.some((scope) => !row.scopes.includes(scope)));
}

export function callbackUrl(deps: Pick<Deps, 'settings'>, provider: string): string {
  return `${deps.settings.publicUrl}/oauth/callback/${provider}`;
}

/** Where a reconnect link leads: the network's consent, or a page saying the channel is already connected again. */
export type ReconnectStart = { redirectUrl: string } | { alreadyConnected: { provider: string; account: string } };

/**
 * A reconnect link from an email: verified, then a fresh connect session for that creator and
 * provider, unless the channel was reconnected after the link was sent (from another email, or the
 * platform): then there is nothing to do, and the creator is told so rather than sent to consent.
 */
export async function startReconnect(deps: Deps, token: string): Promise<Result<ReconnectStart> & FlowTarget> {
  const check = verifyLink<ReconnectLinkPayload & { exp: number }>(deps.keyRing, token, deps.clock.now());
  if (!check.ok) return fail(check.code);
  const { ws, creatorId, provider, connectionId, exp } = check.payload;
  const target: FlowTarget = { reader: { workspaceId: ws, creatorId }, provider };
  const sentAt = exp - RECONNECT_LINK_DAYS * DAY;
  const connection = connectionId ? await getConnectionById(deps.db, connectionId) : undefined;
  if (connection?.workspaceId === ws && connection.status === 'active' && connection.connectedAt.getTime() > sentAt) {
    return { ...ok({ alreadyConnected: { provider, account: accountName(connection) } }), ...target };
  }
  const session = await createConnectSession(deps, { workspaceId: ws, creator: { id: creatorId }, provider, purpose: 'reconnect' });
  if (!session.ok) return { ...session, ...target };
  return { ...ok({ redirectUrl: session.value.url }), ...target };
}
