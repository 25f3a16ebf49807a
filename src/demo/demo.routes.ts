/**
 * Demo pages (only when running in demo mode, never in production): a stand-in "platform" page that
 * starts connect flows for the demo workspace, and the mailbox showing every email in the outbox.
 * The page's campaign buttons are in ./demo-campaigns.ts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { createConnectSession, describeReason, listConnectionViews } from '../connections/index.ts';
import { readAccountInsights } from '../insights/index.ts';
import { type ErrorCode, errorCatalog, type Failure } from '../kernel/errors.ts';
import { type Html, html, page } from '../kernel/html.ts';
import { checkEveryChannel, outcomeOf, outcomeQuery, renderDashboard } from '../ops/index.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { nulFailure, parseOrThrow } from '../platform/http/validate.ts';
import { getWorkspace } from '../platform/workspaces.repo.ts';
import { createPortalSession, createProfileLink } from '../portal/index.ts';
import { type DemoPageInput, demoPage } from './demo.page.ts';
import { campaignBanner } from './demo-campaigns.page.ts';
import { demoCampaignRoutes, demoCampaigns } from './demo-campaigns.routes.ts';
import { mailboxEmailPage, mailboxPage } from './demo-mailbox.page.ts';

const connectForm = z.object({
  creatorId: z.string().trim().min(1).max(200),
  email: z.email(),
  name: z.string().trim().max(200).optional(),
  provider: z.string().min(1),
});
const creatorForm = connectForm.omit({ provider: true });

const DEFAULT_CREATOR = { id: 'c1', email: 'ana@example.com', name: 'Ana' };

export function demoRoutes(app: FastifyInstance, ctx: RouteContext, workspaceId: string, sandboxUrl?: string): void {
  const { deps } = ctx;
  demoCampaignRoutes(app, deps, workspaceId, sandboxUrl);
  const demoUrl = (creatorId: string) => `/demo?creator=${encodeURIComponent(creatorId)}`;
  app.get('/', async (_request, reply) => reply.redirect('/demo', 302));

  app.get('/demo', async (request, reply) => {
    // A repeated parameter arrives as an array: only single strings count.
    const query = Object.fromEntries(Object.entries(request.query as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const refused = nulFailure(query);
    if (refused) return invalidPage(reply, refused);
    const creatorId = query.creator?.trim() || DEFAULT_CREATOR.id;
    const all = await listConnectionViews(deps, workspaceId, {});
    const nameOf = (id: string) => deps.providers.get(id)?.displayName ?? id;
    const creator = await deps.db.selectFrom('creators').select(['email', 'name']).where('workspace_id', '=', workspaceId).where('id', '=', creatorId).executeTakeFirst();
    const mine = all.filter((c) => c.creatorId === creatorId);
    const body = demoPage({
      networks: deps.providers.all().map((p) => ({ id: p.id, displayName: p.displayName })),
      creator: creator
        ? { id: creatorId, email: creator.email ?? '', name: creator.name ?? '' }
        : creatorId === DEFAULT_CREATOR.id
          ? DEFAULT_CREATOR
          : { id: creatorId, email: '', name: '' },
      connections: mine.map((c) => ({
        ...c,
        networkName: nameOf(c.network),
        loginName: `${nameOf(c.provider)} login`,
        avatarUrl: deps.displayImageUrl(c.avatarUrl),
        why: c.status === 'disconnected' ? describeReason(c.statusReason, nameOf(c.network)).why : '',
      })),
      otherCreators: [...new Set(all.map((c) => c.creatorId))].filter((id) => id !== creatorId),
      banner: campaignBanner({ ...query, creator: creatorId }) ?? bannerOf(query),
      campaigns: await demoCampaigns(deps, workspaceId, creatorId, mine),
      productName: deps.settings.productName,
    });
    return reply.type('text/html; charset=utf-8').send(body);
  });

  app.post('/demo/connect', async (request, reply) => {
    const form = parseOrThrow(connectForm, request.body);
    const result = await createConnectSession(deps, {
      workspaceId,
      creator: { id: form.creatorId, email: form.email, name: form.name },
      provider: form.provider,
      returnUrl: `${deps.settings.publicUrl}${demoUrl(form.creatorId)}`,
    });
    if (!result.ok) return reply.code(400).send(result.error);
    return reply.redirect(result.value.url, 303);
  });

  app.post('/demo/portal', async (request, reply) => {
    const form = parseOrThrow(creatorForm, request.body);
    const session = await createPortalSession(deps, {
      workspaceId,
      creator: { id: form.creatorId, email: form.email, name: form.name },
      returnUrl: `${deps.settings.publicUrl}/demo`,
    });
    return reply.redirect(session.url, 303);
  });

  // What brands see: the profile page. The account insights job reads a new channel within 10 minutes;
  // the demo reads what is due first, so a channel connected a moment ago already shows its figures.
  app.post('/demo/profile', async (request, reply) => {
    const form = parseOrThrow(creatorForm, request.body);
    await readAccountInsights(deps);
    return reply.redirect(createProfileLink(deps, workspaceId, form.creatorId).url, 303);
  });

  // The demo workspace's channels, checked now; the banner at the top of the page it lands on says what was found.
  app.post('/demo/verify', async (request, reply) => {
    const outcome = await checkEveryChannel(deps, workspaceId);
    const creatorId = (request.body as { creatorId?: unknown } | undefined)?.creatorId;
    const creator = typeof creatorId === 'string' && creatorId ? `creator=${encodeURIComponent(creatorId)}&` : '';
    return reply.redirect(`/demo?${creator}${outcomeQuery(outcome)}#banner`, 303);
  });

  app.get('/demo/dashboard', async (request, reply) => {
    const workspace = await getWorkspace(deps.db, workspaceId);
    if (!workspace) return reply.code(404).type('text/html; charset=utf-8').send(page('Not found', html`<h1>No demo workspace</h1>`));
    const dashboard = await renderDashboard(deps, workspace, {
      acceptLanguage: request.headers['accept-language'],
      selfUrl: '/demo/dashboard',
      back: { href: '/demo', to: 'demo' },
      check: { action: '/demo/dashboard/check', fields: {} },
      banner: outcomeOf(request.query as Record<string, unknown>),
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(dashboard);
  });

  app.post('/demo/dashboard/check', async (_request, reply) => reply.redirect(`/demo/dashboard?${outcomeQuery(await checkEveryChannel(deps, workspaceId))}#banner`, 303));

  app.get('/demo/mailbox', async (_request, reply) => {
    const emails = await deps.db.selectFrom('emails').select(['id', 'to_address', 'subject', 'status', 'created_at']).orderBy('created_at', 'desc').limit(200).execute();
    return reply.type('text/html; charset=utf-8').send(mailboxPage(emails));
  });

  app.get('/demo/mailbox/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const refused = nulFailure(request.params);
    if (refused) return invalidPage(reply, refused);
    const email = await deps.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
    if (!email) return reply.code(404).type('text/html; charset=utf-8').send(page('Not found', html`<p><a href="/demo/mailbox">← Mailbox</a></p><h1>No such email</h1>`));
    return reply.type('text/html; charset=utf-8').send(mailboxEmailPage(email, linkify(email.text_body, deps.settings.publicUrl)));
  });
}

// PostgreSQL cannot compare text with a NUL character, so such a value is refused before any query.
function invalidPage(reply: FastifyReply, failure: Failure): FastifyReply {
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(page('Invalid request', html`<h1>Invalid request</h1><p>${failure.message}</p>`));
}

/**
 * The plain text with this service's own links clickable (a reconnect or review link), as a mail client
 * would show them; the HTML part's iframe is sandboxed, so its links do not navigate. Other URLs stay text.
 */
function linkify(text: string, publicUrl: string): Html {
  const own = `${new URL(publicUrl).origin}/`;
  const parts = text.split(/(https?:\/\/\S+)/g);
  return html`${parts.map((part, i) => (i % 2 === 1 && part.startsWith(own) ? html`<a href="${part}">${part}</a>` : html`${part}`))}`;
}

/** What the connect flow said on its way back (`status`, `connection(s)`, `error` in the return URL). */
function bannerOf(query: Record<string, string | undefined>): DemoPageInput['banner'] {
  const checked = outcomeOf(query);
  if (checked) return { kind: 'checked', checked: checked.checked, disconnected: checked.disconnected };
  if (query.status === 'connected') return { kind: 'connected', count: query.connections ? query.connections.split(',').length : 1 };
  if (query.status !== 'error') return null;
  const code = query.error ?? '';
  return { kind: 'error', message: Object.hasOwn(errorCatalog, code) ? errorCatalog[code as ErrorCode].message : code };
}
