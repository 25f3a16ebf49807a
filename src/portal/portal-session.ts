/**
 * The creators' Channels page is opened by the platform's backend for one creator
 * (`POST /v1/portal-sessions`): no password in our system. The link it gets back opens once, within
 * 30 minutes; opening it trades the link for a cookie session of one hour, so the token never stays
 * in the browser's history. Both tokens are stored as SHA-256 only. Forms carry a token derived from
 * the session id under the key ring (CSRF).
 */
import crypto from 'node:crypto';
import { upsertBrand } from '../campaigns/index.ts';
import { MINUTE } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import { randomToken, sha256 } from '../platform/crypto/hash.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { upsertCreator } from '../platform/workspaces.repo.ts';

export const PORTAL_LINK_MINUTES = 30;
export const PORTAL_SESSION_MINUTES = 60;

export interface PortalSession {
  id: string;
  workspaceId: string;
  creatorId: string;
  returnUrl: string | null;
  expiresAt: Date;
}

/** The language and time zone a session asked for (already normalised by the route's schema). */
export interface ReaderChoice {
  locale?: string | null;
  timeZone?: string | null;
}

export interface PortalSessionInput extends ReaderChoice {
  workspaceId: string;
  creator: { id: string; email?: string | null; name?: string | null };
  returnUrl?: string | null;
}

/** A brand's session: its campaigns' performance pages. */
export interface BrandPortalSession {
  id: string;
  workspaceId: string;
  brandId: string;
  returnUrl: string | null;
  expiresAt: Date;
  /** The language and time zone the platform asked for this visit, for viewerFor; null: the browser's, UTC. */
  locale: string | null;
  timeZone: string | null;
}

export interface BrandPortalSessionInput extends ReaderChoice {
  workspaceId: string;
  brand: { id: string; name?: string | null };
  /** Land on this campaign's page (it must be the brand's). */
  campaignId?: string | null;
  returnUrl?: string | null;
}

export async function createPortalSession(deps: Deps, input: PortalSessionInput): Promise<{ url: string; expiresAt: Date }> {
  return insertSession(deps, input.workspaceId, input.returnUrl ?? null, { creator_id: input.creator.id }, async (trx) => {
    await upsertCreator(trx, deps.clock, { workspaceId: input.workspaceId, id: input.creator.id, email: input.creator.email ?? null, name: input.creator.name ?? null });
    await storeReaderChoice(trx, input.workspaceId, input.creator.id, input);
  });
}

/** A creator's language and zone are theirs, not the visit's: stored on the creator, where emails read them too. Left out: kept. */
async function storeReaderChoice(trx: Tx, workspaceId: string, creatorId: string, choice: ReaderChoice): Promise<void> {
  const set = { ...(choice.locale ? { locale: choice.locale } : {}), ...(choice.timeZone ? { time_zone: choice.timeZone } : {}) };
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('creators').set(set).where('workspace_id', '=', workspaceId).where('id', '=', creatorId).execute();
}

/**
 * A link to a brand's Campaign Performance pages. The brand is created or renamed on the way, as
 * creators are; a campaign to land on must be one of the brand's.
 */
export async function createBrandPortalSession(deps: Deps, input: BrandPortalSessionInput): Promise<Result<{ url: string; expiresAt: Date }>> {
  if (input.campaignId) {
    const campaign = await deps.db.selectFrom('campaigns').select('brand_id').where('workspace_id', '=', input.workspaceId).where('id', '=', input.campaignId).executeTakeFirst();
    if (!campaign || campaign.brand_id !== input.brand.id) return fail('not_found', `No campaign ${input.campaignId} of brand ${input.brand.id} in this workspace.`);
  }
  const subject = { brand_id: input.brand.id, campaign_id: input.campaignId ?? null, locale: input.locale ?? null, time_zone: input.timeZone ?? null };
  return ok(
    await insertSession(deps, input.workspaceId, input.returnUrl ?? null, subject, (trx) =>
      upsertBrand(trx, { workspaceId: input.workspaceId, id: input.brand.id, name: input.brand.name, now: deps.clock.now() }),
    ),
  );
}

async function insertSession(
  deps: Deps,
  workspaceId: string,
  returnUrl: string | null,
  subject: { creator_id: string } | { brand_id: string; campaign_id: string | null; locale: string | null; time_zone: string | null },
  before: (trx: Tx) => Promise<void>,
): Promise<{ url: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const token = randomToken();
  const linkExpiresAt = new Date(now.getTime() + PORTAL_LINK_MINUTES * MINUTE);
  await deps.db.transaction().execute(async (trx) => {
    await before(trx);
    await trx
      .insertInto('portal_sessions')
      .values({
        id: newId('ps', deps.clock),
        workspace_id: workspaceId,
        creator_id: null,
        ...subject,
        link_hash: sha256(token),
        link_expires_at: linkExpiresAt,
        opened_at: null,
        cookie_hash: null,
        expires_at: null,
        return_url: returnUrl,
        created_at: now,
      })
      .execute();
  });
  return { url: `${deps.settings.publicUrl}/portal/open/${token}`, expiresAt: linkExpiresAt };
}

/** An opened link: the visit's cookie, whose it is (each kind has its own cookie), and where it starts. */
export interface OpenedLink {
  cookieToken: string;
  expiresAt: Date;
  kind: PortalKind;
  landing: string;
}

/** A creator's visit (the Channels page) or a brand's (the Campaign Performance pages). */
export type PortalKind = 'creator' | 'brand';

/**
 * Opens a link once: a conditional UPDATE, so two tabs racing on one link get one session. `landing`
 * is where the session starts: the Channels page, or a brand's campaign(s).
 */
export async function openPortalLink(deps: Deps, token: string): Promise<Result<OpenedLink> & { reader?: LinkReader }> {
  const now = deps.clock.now();
  const cookieToken = randomToken();
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_MINUTES * MINUTE);
  const opened = await deps.db
    .updateTable('portal_sessions')
    .set({ opened_at: now, cookie_hash: sha256(cookieToken), expires_at: expiresAt })
    .where('link_hash', '=', sha256(token))
    .where('opened_at', 'is', null)
    .where('link_expires_at', '>', now)
    .returning(['brand_id', 'campaign_id'])
    .executeTakeFirst();
  if (opened) return ok({ cookieToken, expiresAt, kind: opened.brand_id ? 'brand' : 'creator', landing: landingOf(opened) });
  const row = await deps.db
    .selectFrom('portal_sessions')
    .select(['opened_at', 'workspace_id', 'creator_id', 'locale', 'time_zone'])
    .where('link_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return fail('portal_link_invalid');
  // A link that was real names its workspace and reader: the page saying it is spent wears their brand and language.
  const reader: LinkReader = { workspaceId: row.workspace_id, creatorId: row.creator_id ?? undefined, locale: row.locale, timeZone: row.time_zone };
  return { ...fail(row.opened_at ? 'portal_link_used' : 'portal_link_expired'), reader };
}

/** Whose link a spent or expired one was. */
export interface LinkReader {
  workspaceId: string;
  creatorId?: string;
  locale: string | null;
  timeZone: string | null;
}

function landingOf(row: { brand_id: string | null; campaign_id: string | null }): string {
  if (!row.brand_id) return '/portal';
  return row.campaign_id ? `/portal/campaigns/${encodeURIComponent(row.campaign_id)}` : '/portal/campaigns';
}

async function sessionRow(deps: Deps, cookieToken: string | undefined) {
  if (!cookieToken) return undefined;
  return deps.db
    .selectFrom('portal_sessions')
    .select(['id', 'workspace_id', 'creator_id', 'brand_id', 'return_url', 'expires_at', 'locale', 'time_zone'])
    .where('cookie_hash', '=', sha256(cookieToken))
    .where('expires_at', '>', deps.clock.now())
    .executeTakeFirst();
}

/** A creator's session a cookie names, while it lasts (a brand's cookie opens no Channels page). */
export async function findPortalSession(deps: Deps, cookieToken: string | undefined): Promise<PortalSession | undefined> {
  const row = await sessionRow(deps, cookieToken);
  if (!row?.expires_at || !row.creator_id) return undefined;
  return { id: row.id, workspaceId: row.workspace_id, creatorId: row.creator_id, returnUrl: row.return_url, expiresAt: row.expires_at };
}

/** A brand's session a cookie names, while it lasts. */
export async function findBrandPortalSession(deps: Deps, cookieToken: string | undefined): Promise<BrandPortalSession | undefined> {
  const row = await sessionRow(deps, cookieToken);
  if (!row?.expires_at || !row.brand_id) return undefined;
  return { id: row.id, workspaceId: row.workspace_id, brandId: row.brand_id, returnUrl: row.return_url, expiresAt: row.expires_at, locale: row.locale, timeZone: row.time_zone };
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
