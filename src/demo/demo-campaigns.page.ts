/**
 * The demo page's Campaigns section: a form that creates a live campaign with the current creator in
 * it, and the demo workspace's campaigns, each with the buttons a platform and its creator would press
 * (open the brand's Campaign Performance page, add the creator, publish a sandbox post with the
 * hashtag). Server-rendered, no scripts.
 */
import { type ErrorCode, errorCatalog } from '../kernel/errors.ts';
import { type Html, html } from '../kernel/html.ts';

export const DEMO_CAMPAIGN = { brandName: 'Acme', name: 'Summer demo', hashtag: '#AcmeSummer26' } as const;

export interface DemoCampaignRow {
  id: string;
  name: string;
  brandName: string;
  hashtag: string;
  state: string;
  /** Posts bound to it now (auto, manual or self-reported). */
  boundPosts: number;
  /** Whether the page's creator takes part in it. */
  joined: boolean;
}

/** An Instagram channel of the creator the sandbox can publish on (Instagram Login, not disconnected). */
export interface PublishableChannel {
  connectionId: string;
  username: string;
}

export interface DemoCampaignsInput {
  creatorId: string;
  campaigns: DemoCampaignRow[];
  publishable: PublishableChannel[];
}

const cell = (label: string, content: Html | string) => html`<td data-label="${label}"><span>${content}</span></td>`;

function publishForms(row: DemoCampaignRow, input: DemoCampaignsInput): Html {
  if (row.state !== 'live') return html`<span class="muted">Posts bind while the campaign is live.</span>`;
  if (input.publishable.length === 0) {
    return html`<span class="muted">Connect Instagram (Instagram Login) to publish a sandbox post from here; the sandbox has no publish control for the other networks.</span>`;
  }
  return html`${input.publishable.map(
    (channel) => html`<form method="post" action="/demo/campaigns/${row.id}/publish" class="inline">
<input type="hidden" name="creatorId" value="${input.creatorId}"><input type="hidden" name="connectionId" value="${channel.connectionId}">
<button type="submit" data-publish="${channel.connectionId}">Publish a post with the hashtag</button> <span class="muted">on @${channel.username}</span></form>`,
  )}`;
}

function campaignRow(row: DemoCampaignRow, input: DemoCampaignsInput): Html {
  const open = html`<form method="post" action="/demo/campaigns/${row.id}/performance" class="inline"><button type="submit" class="secondary">Open Campaign Performance page</button></form>`;
  const creator = row.joined
    ? publishForms(row, input)
    : html`<form method="post" action="/demo/campaigns/${row.id}/participants" class="inline"><input type="hidden" name="creatorId" value="${input.creatorId}"><button type="submit">Add the creator</button></form>`;
  return html`<tr data-campaign="${row.id}">${cell('Campaign', html`<strong>${row.name}</strong><br><span class="muted">${row.brandName}</span>`)}
${cell('Hashtag', html`<code>${row.hashtag}</code>`)}${cell('State', row.state)}${cell('Posts bound', String(row.boundPosts))}
${cell('Brand', open)}${cell(`Creator ${input.creatorId}`, creator)}</tr>`;
}

/** `notice`: what a campaign button just did, at the top of the section where its buttons are. */
export function campaignsSection(input: DemoCampaignsInput, notice: Html = html``): Html {
  const table = input.campaigns.length
    ? html`<div class="scroll"><table class="stack"><thead><tr><th scope="col">Campaign</th><th scope="col">Hashtag</th><th scope="col">State</th><th scope="col">Posts bound</th><th scope="col">Brand</th><th scope="col">Creator ${input.creatorId}</th></tr></thead>
<tbody>${input.campaigns.map((row) => campaignRow(row, input))}</tbody></table></div>`
    : html`<p class="muted">No campaigns yet: create one below.</p>`;
  return html`<section aria-labelledby="campaigns-heading"><h2 id="campaigns-heading">Campaigns</h2>${notice}
<p class="muted">What brands see. A post the creator publishes with the campaign's hashtag binds to it after the channel's next media sync; its figures are read right after it binds, then daily.</p>
<div class="card">${table}</div>
<form class="card" method="post" action="/demo/campaigns"><input type="hidden" name="creatorId" value="${input.creatorId}">
<fieldset><legend>Create a live campaign with ${input.creatorId} in it</legend>
<div class="fields"><div><label for="brandName">Brand name</label><input id="brandName" name="brandName" value="${DEMO_CAMPAIGN.brandName}" required autocomplete="off"></div>
<div><label for="campaignName">Campaign name</label><input id="campaignName" name="name" value="${DEMO_CAMPAIGN.name}" required autocomplete="off"></div>
<div><label for="hashtag">Binding hashtag</label><input id="hashtag" name="hashtag" value="${DEMO_CAMPAIGN.hashtag}" required autocomplete="off"></div></div></fieldset>
<p><button type="submit">Create campaign</button></p></form></section>`;
}

/** A banner in words for what a campaign button did (`status` and its details come back in the URL). */
export interface CampaignBanner {
  kind: 'notice';
  tone: 'ok' | 'bad';
  message: string;
}

const messageOf = (code: string | undefined) => (code && Object.hasOwn(errorCatalog, code) ? errorCatalog[code as ErrorCode].message : (code ?? ''));

export function campaignBanner(query: Record<string, string | undefined>): CampaignBanner | null {
  const creator = query.creator ?? '';
  const ok = (message: string): CampaignBanner => ({ kind: 'notice', tone: 'ok', message });
  const bad = (message: string): CampaignBanner => ({ kind: 'notice', tone: 'bad', message });
  switch (query.status) {
    case 'campaign_created':
      return ok(`Created the live campaign "${query.campaign ?? ''}" with ${creator} in it, as creating content from today.`);
    case 'creator_added':
      return ok(`Added ${creator} to the campaign, as creating content from today: posts they publish with its hashtag from now on count for it.`);
    case 'campaign_error':
      return bad(`That did not work: ${messageOf(query.error)}`);
    case 'publish_unsupported':
      return bad('The sandbox publishes posts only on Instagram accounts connected with Instagram Login.');
    case 'publish_failed':
      return bad(`The sandbox did not publish the post: ${query.error ?? ''}`);
    case 'published':
      return ok(
        `Published a post with ${query.hashtag ?? ''} on @${query.account ?? ''} in the sandbox, and ${syncWords(query.sync)}. ` +
          'Its first insights are read right after it binds, then daily by the automatic plan; Refresh Insights on the Campaign Performance page reads them again at once.',
      );
    default:
      return null;
  }
}

function syncWords(sync: string | undefined): string {
  if (sync === 'queued') return 'a media sync of the channel is queued: the post binds within seconds (reload to see "Posts bound" grow)';
  if (sync === 'running') return 'a media sync of the channel is already running: the post binds with it or the next one (within minutes)';
  return `could not queue a media sync (${messageOf(sync)}): the post binds at the channel's next scheduled sync`;
}
