/**
 * Demo pages (only when running in demo mode, never in production): a stand-in "platform" page that
 * starts connect flows for the demo workspace, and the mailbox showing every email in the outbox.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createConnectSession } from '../../app/connect-session.ts';
import { listConnectionViews } from '../../app/connections.ts';
import { verifyConnections } from '../../app/verify-connections.ts';
import { describeReason } from '../../domain/connection.ts';
import { getWorkspace } from '../../storage/workspaces.repo.ts';
import { html, page } from '../pages/html.ts';
import { parseOrThrow } from '../validate.ts';
import type { RouteContext } from '../app.ts';
import { renderDashboard } from './stats.ts';

const connectForm = z.object({
  creatorId: z.string().trim().min(1).max(200),
  email: z.email(),
  name: z.string().trim().max(200).optional(),
  provider: z.string().min(1),
});

export function demoRoutes(app: FastifyInstance, ctx: RouteContext, workspaceId: string): void {
  const { deps } = ctx;
  app.get('/', async (_request, reply) => reply.redirect('/demo', 302));

  app.get('/demo', async (request, reply) => {
    const query = request.query as { connection?: string; status?: string; error?: string };
    const connections = await listConnectionViews(deps, workspaceId, {});
    const banner = query.status === 'connected' ? html`<div class="card ok" role="status">Connected (${query.connection}).</div>`
      : query.status === 'error' ? html`<div class="card bad" role="alert">The connection did not complete: ${query.error}</div>` : html``;
    const rows = connections.map((c) => {
      const why = c.status === 'disconnected' ? describeReason(c.statusReason, deps.providers.get(c.provider)?.displayName ?? c.provider).why : '';
      return html`<tr><td>${c.creatorId}</td><td>${c.provider}</td><td>@${c.username}</td><td><span class="${c.status === 'active' ? 'ok' : 'bad'}">${c.status}</span> <span class="muted">${why}</span></td><td>${c.tokenExpiresAt ?? ''}</td><td>${c.lastRefreshedAt ?? 'never'}</td></tr>`;
    });
    const providers = deps.providers.all().map((p) => html`<option value="${p.id}">${p.displayName}</option>`);
    return reply.type('text/html; charset=utf-8').send(page('Demo platform', html`<h1>Demo platform</h1>${banner}
<p class="muted">This page plays the creator platform: it calls the API with the demo workspace's key. See also the <a href="/demo/mailbox">mailbox</a>, the <a href="/demo/dashboard">dashboard</a> (platforms reach theirs through <code>POST /v1/dashboard-sessions</code>) and the <a href="/metrics">metrics</a>.</p>
<form class="card" method="post" action="/demo/connect">
<label for="creatorId">Creator id</label><input id="creatorId" name="creatorId" value="c1" required>
<label for="email">Creator email</label><input id="email" name="email" type="email" value="ana@example.com" required>
<label for="name">Creator name</label><input id="name" name="name" value="Ana">
<label for="provider">Network</label><select id="provider" name="provider">${providers}</select>
<p><button type="submit">Connect a channel</button></p></form>
<h2>Connections</h2><form method="post" action="/demo/verify"><p><button type="submit">Check every channel now</button> <span class="muted">(normally done once a day per channel)</span></p></form><div class="card scroll"><table><thead><tr><th>Creator</th><th>Network</th><th>Account</th><th>Status</th><th>Token expires</th><th>Last refreshed</th></tr></thead><tbody>${rows}</tbody></table></div>`));
  });

  app.post('/demo/connect', async (request, reply) => {
    const form = parseOrThrow(connectForm, request.body);
    const result = await createConnectSession(deps, {
      workspaceId,
      creator: { id: form.creatorId, email: form.email, name: form.name },
      provider: form.provider,
      returnUrl: `${deps.settings.publicUrl}/demo`,
    });
    if (!result.ok) return reply.code(400).send(result.error);
    return reply.redirect(result.value.url, 303);
  });

  app.post('/demo/verify', async (_request, reply) => {
    await verifyConnections(deps, { olderThanMs: 0 });
    return reply.redirect('/demo', 303);
  });

  app.get('/demo/dashboard', async (request, reply) => {
    const workspace = await getWorkspace(deps.db, workspaceId);
    if (!workspace) return reply.code(404).type('text/html; charset=utf-8').send(page('Not found', html`<h1>No demo workspace</h1>`));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await renderDashboard(deps, workspace, request.url));
  });

  app.get('/demo/mailbox', async (_request, reply) => {
    const emails = await deps.db.selectFrom('emails').select(['id', 'to_address', 'subject', 'status', 'created_at']).orderBy('created_at', 'desc').limit(200).execute();
    const rows = emails.map((e) => html`<tr><td>${e.created_at.toISOString()}</td><td>${e.to_address}</td><td><a href="/demo/mailbox/${e.id}">${e.subject}</a></td><td>${e.status}</td></tr>`);
    return reply.type('text/html; charset=utf-8').send(page('Mailbox', html`<h1>Mailbox</h1><p class="muted">Every email the service sent; with SMTP_URL set they go out by SMTP instead.</p>
<div class="card scroll"><table><thead><tr><th>When</th><th>To</th><th>Subject</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table></div>`));
  });

  app.get('/demo/mailbox/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const email = await deps.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
    if (!email) return reply.code(404).type('text/html; charset=utf-8').send(page('Not found', html`<h1>No such email</h1>`));
    return reply.type('text/html; charset=utf-8').send(page(email.subject, html`<p><a href="/demo/mailbox">← Mailbox</a></p><h1>${email.subject}</h1>
<p class="muted">From ${email.from_address} to ${email.to_address}, ${email.created_at.toISOString()}</p>
<div class="card"><iframe title="HTML part" sandbox="" style="width:100%;height:420px;border:0;background:#fff" srcdoc="${email.html_body}"></iframe></div>
<h2>Plain text</h2><div class="card"><pre>${email.text_body}</pre></div>`));
  });
}
