/**
 * The status page of a data-deletion request, linked from the network's settings screen. It shows
 * the confirmation code, the state and what was erased, never anything about the person. The request
 * belongs to the network's app, not to a workspace: the page speaks the browser's language under our name.
 */

import { html } from '../kernel/html.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import type { DataDeletionRequest } from './data-deletion.repo.ts';
import { callbackMessages } from './messages/index.ts';

export interface DataDeletionStatus {
  confirmationCode: string;
  status: string;
  requestedAt: string;
  completedAt: string | null;
  deleted: { connections: number; tokens: number; emails: number };
}

export function toDeletionStatus(request: DataDeletionRequest): DataDeletionStatus {
  return {
    confirmationCode: request.confirmation_code,
    status: request.status,
    requestedAt: request.requested_at.toISOString(),
    completedAt: request.completed_at?.toISOString() ?? null,
    deleted: { connections: request.connections_erased, tokens: request.tokens_deleted, emails: request.emails_erased },
  };
}

export function dataDeletionPage(status: DataDeletionStatus, viewer: Viewer): string {
  const words = callbackMessages.for(viewer.locale);
  const when = (iso: string) => viewer.formats.timeTag(new Date(iso));
  const done = status.status === 'completed';
  const erased =
    status.deleted.connections === 0
      ? html`<p>${words.t('heldNothing')}</p>`
      : html`<ul><li>${words.t('connections', { count: status.deleted.connections })}</li><li>${words.t('tokens', { count: status.deleted.tokens })}</li><li>${words.t('emails', { count: status.deleted.emails })}</li></ul>`;
  const received = status.completedAt
    ? words.html('receivedCompleted', { requested: when(status.requestedAt), completed: when(status.completedAt) })
    : words.html('received', { requested: when(status.requestedAt) });
  return pageFor(
    viewer,
    words.t('title'),
    html`<h1>${words.t('title')}</h1>
<div class="card"><p>${words.html('code', { code: html`<strong>${status.confirmationCode}</strong>` })}</p>
<p class="${done ? 'ok' : 'warn'}"><strong>${words.t('status', { state: done ? 'completed' : 'pending' })}</strong></p>
<p class="muted">${received}</p></div>
<h2>${words.t('deletedHeading')}</h2>${erased}
<p class="muted">${words.t('kept', { product: viewer.brand.productName })}</p>`,
  );
}

export function dataDeletionNotFoundPage(viewer: Viewer): string {
  const words = callbackMessages.for(viewer.locale);
  return pageFor(viewer, words.t('notFoundTitle'), html`<h1>${words.t('notFoundTitle')}</h1><p>${words.t('notFoundHelp')}</p>`, { noTimes: true });
}
