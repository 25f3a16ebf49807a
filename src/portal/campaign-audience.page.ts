/**
 * The Audience section of the Campaign Performance page: the participating channels' followers added
 * up by age, gender, country and city as labelled bars (the shares stay readable as text), and the
 * channels whose network gives no audience, with the reason in words.
 */
import { type Html, html } from '../kernel/html.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { displayNameOf } from '../providers/profiles.ts';
import type { AudienceSummary } from './campaign-performance-view.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';

export const audienceStyles = `
.bars{list-style:none;padding:0;margin:0}.bars li{display:grid;grid-template-columns:8rem 1fr 4rem;gap:8px;align-items:center;margin:3px 0}
.bars .bar{height:.8rem;border-radius:4px;background:var(--accent)}.audience{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 24px}
`;

function bars(title: string, slices: { key: string; value: number }[], viewer: Viewer, limit = 6): Html {
  if (slices.length === 0) return html``;
  const total = slices.reduce((sum, s) => sum + s.value, 0) || 1;
  return html`<div><h3>${title}</h3><ul class="bars">${slices.slice(0, limit).map((s) => {
    const share = s.value / total;
    return html`<li><span>${s.key}</span><span class="bar" style="width:${Math.max(1, Math.round(share * 100))}%" aria-hidden="true"></span><span class="small">${viewer.formats.percent(share, 1)}</span></li>`;
  })}</ul></div>`;
}

export function audienceSection(audience: AudienceSummary, viewer: Viewer): Html {
  const words = brandPageMessages.for(viewer.locale);
  const more = audience.unavailableTotal - audience.unavailable.length;
  const missing = audience.unavailable.length
    ? html`<ul class="small">${audience.unavailable.map(
        (u) => html`<li>${words.t('audience.unavailable', { creator: u.creatorName, network: displayNameOf(u.network), reason: u.reason })}</li>`,
      )}${more > 0 ? html`<li>${words.t('audience.more', { count: more })}</li>` : html``}</ul>`
    : html``;
  const counted =
    audience.counted === 0
      ? html`<p class="muted">${words.t('audience.none')}</p>`
      : html`<p class="muted small">${words.t('audience.counted', { count: audience.counted })}</p>
<div class="audience">${bars(words.t('audience.age'), audience.age, viewer)}${bars(words.t('audience.gender'), audience.gender, viewer)}${bars(words.t('audience.country'), audience.country, viewer)}${bars(words.t('audience.city'), audience.city, viewer)}</div>`;
  return html`<section aria-labelledby="audience-h"><h2 id="audience-h">${words.t('audience.heading')}</h2>${counted}${missing}</section>`;
}
