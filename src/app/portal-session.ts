/**
 * The creators' Channels page is opened by the platform's backend for one creator
 * (`POST /v1/portal-sessions`): no password in our system. The link it gets back opens once, within
 * 30 minutes; opening it trades the link for a cookie session of one hour, so the token never stays
 * in the browser's history. Both tokens are stored as SHA-256 only. Forms carry a token derived from
 * the session id under the key ring (CSRF).
 */
import crypto from 'node:crypto';
import { MINUTE } from '../domain/clock.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { randomToken, sha256 } from '../crypto/hash.ts';
import { upsertCreator } from '../storage/workspaces.repo.ts';
import type { Deps } from './deps.ts';

export const PORTAL_LINK_MINUTES = 30;
export const PORTAL_SESSION_MINUTES = 60;

export interface PortalSession {
  id: string;
  workspaceId: string;
  creatorId: string;
  returnUrl: string | null;
  expiresAt: Date;
}

export interface PortalSessionInput {
  workspaceId: string;
  creator: { id: string; email?: string | null; name?: string | null };
  returnUrl?: string | null;
}

export async function createPortalSession(deps: Deps, input: PortalSessionInput): Promise<{ url: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const token = randomToken();
  const linkExpiresAt = new Date(now.getTime() + PORTAL_LINK_MINUTES * MINUTE);
  await deps.db.transaction().execute(async (trx) => {
    await upsertCreator(trx, deps.clock, { workspaceId: input.workspaceId, id: input.creator.id, email: input.creator.email ?? null, name: input.creator.name ?? null });
    await trx
      .insertInto('portal_sessions')
      .values({
        id: newId('ps', deps.clock),
        workspace_id: input.workspaceId,
        creator_id: input.creator.id,
        link_hash: sha256(token),
        link_expires_at: linkExpiresAt,
        opened_at: null,
        cookie_hash: null,
        expires_at: null,
        return_url: input.returnUrl ?? null,
        created_at: now,
      })
      .execute();
  });
  return { url: `${deps.settings.publicUrl}/portal/open/${token}`, expiresAt: linkExpiresAt };
}

/** Opens a link once: a conditional UPDATE, so two tabs racing on one link get one session. */
export async function openPortalLink(deps: Deps, token: string): Promise<Result<{ cookieToken: string; expiresAt: Date }>> {
  const now = deps.clock.now();
  const cookieToken = randomToken();
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_MINUTES * MINUTE);
  const opened = await deps.db
    .updateTable('portal_sessions')
    .set({ opened_at: now, cookie_hash: sha256(cookieToken), expires_at: expiresAt })
    .where('link_hash', '=', sha256(token))
    .where('opened_at', 'is', null)
    .where('link_expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  if (opened) return ok({ cookieToken, expiresAt });
  const row = await deps.db.selectFrom('portal_sessions').select(['opened_at']).where('link_hash', '=', sha256(token)).executeTakeFirst();
  if (!row) return fail('portal_link_invalid');
  return fail(row.opened_at ? 'portal_link_used' : 'portal_link_expired');
}

/** The session a cookie names, while it lasts. */
export async function findPortalSession(deps: Deps, cookieToken: string | undefined): Promise<PortalSession | undefined> {
  if (!cookieToken) return undefined;
  const row = await deps.db
    .selectFrom('portal_sessions')
    .select(['id', 'workspace_id', 'creator_id', 'return_url', 'expires_at'])
    .where('cookie_hash', '=', sha256(cookieToken))
    .where('expires_at', '>', deps.clock.now())
    .executeTakeFirst();
  if (!row?.expires_at) return undefined;
  return { id: row.id, workspaceId: row.workspace_id, creatorId: row.creator_id, returnUrl: row.return_url, expiresAt: row.expires_at };
}

export function csrfToken(deps: Pick<Deps, 'keyRing'>, session: Pick<PortalSession, 'id'>): string {
  return deps.keyRing.mac('portal-csrf', session.id).toString('base64url');
}

export function checkCsrf(deps: Pick<Deps, 'keyRing'>, session: Pick<PortalSession, 'id'>, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(deps, session));
  const actual = Buffer.from(given);
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}
