/**
 * The portal's own failure pages (a link that does not open, a visit that ended, a stale form, a
 * channel that is not the visitor's), in the reader's language and the workspace's brand, with a way
 * on: where to get a new link, or back to the page. Failures of the connect flow keep its own page.
 */
import type { FastifyReply } from 'fastify';
import { failurePage } from '../connections/index.ts';
import { type ErrorCode, errorCatalog, type Failure } from '../kernel/errors.ts';
import { html } from '../kernel/html.ts';
import { sendHtml } from '../platform/http/html-reply.ts';
import type { MessageKey } from '../platform/i18n/messages.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { readableButtons } from './channels.page.ts';
import type { en } from './messages/en.ts';
import { portalMessages } from './messages/index.ts';
import type { PortalKind } from './portal-session.ts';

type Key = MessageKey<typeof en>;

/** Each portal failure's title and help, by code; the visit's kind picks the ended visit's help. */
const texts: Partial<Record<ErrorCode, (kind: PortalKind) => [Key, Key]>> = {
  portal_session_expired: (kind) => ['failure.ended', kind === 'brand' ? 'failure.endedBrand' : 'failure.endedCreator'],
  portal_link_invalid: () => ['failure.linkInvalid', 'failure.linkInvalidHelp'],
  portal_link_expired: () => ['failure.linkExpired', 'failure.linkExpiredHelp'],
  portal_link_used: () => ['failure.linkUsed', 'failure.linkUsedHelp'],
  csrf_invalid: () => ['failure.outdated', 'failure.outdatedHelp'],
  not_found: () => ['failure.notFound', 'failure.notFoundHelp'],
};

/** The page for a portal failure, or null when the failure is not the portal's own (the connect flow's page says it). */
export function portalFailurePage(viewer: Viewer, failure: Failure, options: { kind: PortalKind; backUrl?: string }): string | null {
  const pick = texts[failure.code];
  if (!pick) return null;
  const words = portalMessages.for(viewer.locale);
  const [title, help] = pick(options.kind);
  const back = options.backUrl ? html`<p><a class="button" href="${options.backUrl}">${words.t('failure.back')}</a></p>` : html``;
  return pageFor(
    viewer,
    words.t(title),
    html`<h1 class="bad">${words.t(title)}</h1>
<div class="card" role="alert" data-code="${failure.code}"><p>${words.t(help, { product: viewer.brand.productName })}</p></div>${back}`,
    { noTimes: true, extraStyles: readableButtons },
  );
}

export function sendFailure(reply: FastifyReply, viewer: Viewer, failure: Failure, options: { kind: PortalKind; backUrl?: string }): FastifyReply {
  const body = portalFailurePage(viewer, failure, options) ?? failurePage(failure, { productName: viewer.brand.productName, backUrl: options.backUrl });
  return sendHtml(reply, errorCatalog[failure.code].status, body);
}
