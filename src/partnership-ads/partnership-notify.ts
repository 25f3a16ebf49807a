/**
 * Who hears about a Partnership Ads request, written in the transaction that changes it (as the
 * connection notices are): the creator gets an email with a signed review link and an in-app notice
 * when it is made (and once more as a reminder); the brand gets an in-app notice and a
 * `partnership_ads.*` webhook for each answer and ending. Dedupe keys carry the row's version, so a
 * retried change writes none twice.
 */
import { DAY } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import { insertNotification } from '../notifications/index.ts';
import { signLink } from '../platform/crypto/signed-link.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { enqueueEmail } from '../platform/email/outbox.ts';
import { fromHeader } from '../platform/email/sender.ts';
import { viewerFor } from '../platform/web/viewer.ts';
import { getCreator, getWorkspace } from '../platform/workspaces.repo.ts';
import { queueEventWebhook, type WebhookType } from '../webhooks/index.ts';
import { type PartnershipRow, type RequestSubjectRow, subjectsOf } from './partnership-ads.repo.ts';
import { captionExcerpt, PARTNERSHIP_LINK_DAYS } from './partnership-ads.rules.ts';
import { brandPartnershipNotice, type PartnershipSubject, partnershipRequestEmail, partnershipRequestNotice } from './partnership-messages.ts';
import { toPartnershipView } from './partnership-view.ts';

export const PARTNERSHIP_LINK_PURPOSE = 'partnership-ads';

export interface PartnershipLinkPayload {
  ws: string;
  rid: string;
}

/** The creator's review page for one request: a signed link (from an email, or made fresh by the Channels page). */
export function partnershipReviewUrl(deps: Pick<Deps, 'keyRing' | 'settings' | 'clock'>, row: Pick<PartnershipRow, 'workspace_id' | 'id'>): { url: string; expiresAt: Date } {
  const expiresAt = new Date(deps.clock.now().getTime() + PARTNERSHIP_LINK_DAYS * DAY);
  const payload: PartnershipLinkPayload = { ws: row.workspace_id, rid: row.id };
  const token = signLink(deps.keyRing, payload, expiresAt, PARTNERSHIP_LINK_PURPOSE);
  // In the query, as reconnect links: a signed token is longer than a path parameter may be.
  return { url: `${deps.settings.publicUrl}/partnership-ads?token=${encodeURIComponent(token)}`, expiresAt };
}

/** The words about a request both emails and pages use: brand, campaign, post and duration. */
export async function partnershipSubject(db: Tx, row: PartnershipRow): Promise<PartnershipSubject> {
  const found = await requestSubject(db, row);
  return {
    brandName: found.brand_name,
    campaignName: found.campaign_name,
    username: found.username,
    captionExcerpt: captionExcerpt(found.caption, 100),
    permalink: found.permalink,
    durationDays: row.duration_days,
    message: row.message,
  };
}

/** One request's brand, campaign, post and account (the row's foreign keys make it always there). */
export async function requestSubject(db: Tx, row: Pick<PartnershipRow, 'id' | 'workspace_id'>): Promise<RequestSubjectRow> {
  const found = (await subjectsOf(db, row.workspace_id, [row.id])).get(row.id);
  if (!found) throw new Error(`partnership request ${row.id} has no brand, campaign, post or account`);
  return found;
}

/** The creator's email and in-app notice for a new request (reminder: the one follow-up after 3 days). */
export async function notifyCreatorOfRequest(deps: Deps, db: Tx, row: PartnershipRow, reminder: boolean): Promise<void> {
  // The creator's stored language (else the workspace's default): emails have no browser to ask.
  const [subject, reader] = await Promise.all([partnershipSubject(db, row), viewerFor(db, deps.settings, { workspaceId: row.workspace_id, creatorId: row.creator_id })]);
  const key = `partnership:${row.id}:${reminder ? 'reminder' : 'request'}`;
  await insertNotification(db, deps.clock, {
    workspaceId: row.workspace_id,
    creatorId: row.creator_id,
    connectionId: row.connection_id,
    kind: reminder ? 'partnership_ads_reminder' : 'partnership_ads_requested',
    ...partnershipRequestNotice({ ...subject, reminder }, reader),
    dedupeKey: key,
  });
  const [creator, workspace] = await Promise.all([getCreator(db, row.workspace_id, row.creator_id), getWorkspace(db, row.workspace_id)]);
  if (!creator?.email) {
    deps.logger.warn({ partnershipId: row.id }, 'creator has no email address; Partnership Ads email not sent');
    return;
  }
  const link = partnershipReviewUrl(deps, row);
  const content = partnershipRequestEmail(
    {
      ...subject,
      productName: reader.brand.productName,
      creatorName: creator.name,
      reviewUrl: link.url,
      linkExpiresAt: link.expiresAt,
      reminder,
    },
    reader,
  );
  await enqueueEmail(db, deps.clock, {
    ...content,
    workspaceId: row.workspace_id,
    creatorId: row.creator_id,
    connectionId: row.connection_id,
    kind: reminder ? 'partnership_ads_reminder' : 'partnership_ads_requested',
    dedupeKey: key,
    to: creator.email,
    from: fromHeader(workspace?.emailFrom ?? deps.settings.emailFrom, reader.brand.senderName),
  });
}

const webhookOf: Record<string, WebhookType | undefined> = {
  approved: 'partnership_ads.approved',
  denied: 'partnership_ads.denied',
  expired: 'partnership_ads.expired',
  revoked: 'partnership_ads.revoked',
};

/** The brand's in-app notice and webhook for the state `row` has just reached (approved, denied, expired, revoked). */
export async function notifyBrandOfChange(deps: Deps, db: Tx, row: PartnershipRow): Promise<void> {
  const type = webhookOf[row.state];
  if (!type) return;
  const username = (await db.selectFrom('connections').select('username').where('id', '=', row.connection_id).executeTakeFirst())?.username ?? null;
  // Brands have no stored language: their notices speak the workspace's default.
  const reader = await viewerFor(db, deps.settings, { workspaceId: row.workspace_id });
  const notice = brandPartnershipNotice(
    {
      username,
      state: row.state as 'approved' | 'denied' | 'expired' | 'revoked',
      grantLevel: row.grant_level,
      declinedScopes: row.declined_scopes,
      promotionEnabled: row.promotion_enabled,
      expiresAt: row.expires_at,
      stateReason: row.state_reason,
    },
    reader,
  );
  const dedupeKey = `partnership:${row.id}:${row.state}:${row.version}`;
  await insertNotification(db, deps.clock, {
    workspaceId: row.workspace_id,
    creatorId: null,
    brandId: row.brand_id,
    connectionId: row.connection_id,
    kind: `partnership_ads_${row.state}`,
    ...notice,
    dedupeKey,
  });
  await queuePartnershipWebhook(deps, db, row, type);
}

async function queuePartnershipWebhook(deps: Deps, db: Tx, row: PartnershipRow, type: WebhookType): Promise<void> {
  const now = deps.clock.now();
  const id = newId('evt', deps.clock);
  const body = JSON.stringify({ id, type, createdAt: now.toISOString(), data: { partnershipAd: toPartnershipView(row) } });
  await queueEventWebhook(db, { eventId: id, workspaceId: row.workspace_id, type, body, connectionId: row.connection_id, campaignId: row.campaign_id, createdAt: now });
}
