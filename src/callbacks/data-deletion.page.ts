/**
 * The status page of a data-deletion request, linked from the network's settings screen. It shows
 * the confirmation code, the state and what was erased, never anything about the person.
 */

import { html, page } from '../kernel/html.ts';
import type { DataDeletionRequest } from './data-deletion.repo.ts';

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

export function dataDeletionPage(status: DataDeletionStatus, productName: string): string {
  const done = status.status === 'completed';
  const erased =
    status.deleted.connections === 0
      ? html`<p>We held no data about this account.</p>`
      : html`<ul><li>Connected accounts erased: ${status.deleted.connections}</li><li>Access tokens deleted: ${status.deleted.tokens}</li><li>Emails whose content was erased: ${status.deleted.emails}</li></ul>`;
  return page(
    'Data deletion request',
    html`<h1>Data deletion request</h1>
<div class="card"><p>Confirmation code: <strong>${status.confirmationCode}</strong></p>
<p>Status: <strong class="${done ? 'ok' : 'warn'}">${done ? 'Completed' : 'In progress'}</strong></p>
<p class="muted">Received ${status.requestedAt}${status.completedAt ? html`, completed ${status.completedAt}` : html``}.</p></div>
<h2>What was deleted</h2>${erased}
<p class="muted">${productName} deleted the access it had to your account and your profile details (username, name, picture). It keeps only an anonymised record of this request, which does not contain your account id.</p>`,
    productName,
  );
}

export function dataDeletionNotFoundPage(productName: string): string {
  return page('Unknown request', html`<h1>No such data deletion request</h1><p>Check the confirmation code in the link.</p>`, productName);
}
