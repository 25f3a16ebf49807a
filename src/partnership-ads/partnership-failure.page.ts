/**
 * What the creator reads when a Partnership Ads link or form does not open a request (expired,
 * tampered, already answered, Facebook's redirect lost): what happened in words, and the way back in,
 * in their browser's language. The code stays on the element for support, not in the sentence.
 */
import { html } from '../kernel/html.ts';
import { pageFor } from '../platform/web/shell.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { partnershipMessages } from './messages/index.ts';

export function partnershipFailurePage(code: string, viewer: Viewer): string {
  const words = partnershipMessages.for(viewer.locale);
  const title = words.t('failure.title', { code });
  return pageFor(
    viewer,
    title,
    html`<h1 class="bad">${title}</h1><div class="card" role="alert" data-code="${code}"><p>${words.t('failure.why', { code })}</p></div>
<p>${words.t('failure.next')}</p>`,
    { noTimes: true },
  );
}
