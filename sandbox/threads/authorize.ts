/**
 * threads.com/oauth/authorize: the Threads Authorization Window
 * (https://developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions).
 *
 * GET checks the parameters (client_id, redirect_uri, scope with threads_basic, response_type=code; state
 * optional) and shows the window; the window POSTs back with the same fields plus `account=<username>`
 * (allow) or `deny=1`. Bad parameters never redirect: an error page (HTTP 400). Allowing redirects with
 * `code` (valid an hour, single use) and the `#_` Threads appends, which is not part of the code.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Fields, list, redirectWith, str } from '../core/form.ts';
import { escapeHtml, pageShell } from '../core/pages.ts';
import type { World } from '../core/world.ts';
import { THREADS_SCOPES, type ThreadsApp } from './model.ts';
import type { ThreadsWorld } from './world.ts';

const HOSTS = ['/threads.com', '/www.threads.com', '/threads.net', '/www.threads.net'];

type Validated = { ok: true; app: ThreadsApp; redirectUri: string; scopes: string[]; state?: string } | { ok: false; message: string };

function validate(threads: ThreadsWorld, fields: Fields): Validated {
  const app = threads.app(str(fields, 'client_id') ?? '');
  if (!app) return { ok: false, message: 'Invalid platform app' };
  const redirectUri = str(fields, 'redirect_uri') ?? '';
  if (!/^https?:\/\/[^\s#]+$/.test(redirectUri) || !URL.canParse(redirectUri)) return { ok: false, message: 'Invalid redirect_uri: it must be an absolute http(s) URL' };
  if (app.redirectUris.length > 0 && !app.redirectUris.includes(redirectUri))
    return { ok: false, message: 'Invalid redirect_uri: it does not match a valid OAuth redirect URI of this app' };
  if (str(fields, 'response_type') !== 'code') return { ok: false, message: 'Invalid response_type: set it to code' };
  // "A comma-separated list, or URL-encoded space-separated list, of permissions"; threads_basic is required.
  const scopes = [...new Set((str(fields, 'scope') ?? '').split(/[\s,]+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !(THREADS_SCOPES as readonly string[]).includes(s));
  if (unknown.length) return { ok: false, message: `Invalid Scopes: ${unknown.join(', ')}` };
  if (!scopes.includes('threads_basic')) return { ok: false, message: 'The threads_basic permission is required' };
  return { ok: true, app, redirectUri, scopes, state: str(fields, 'state') };
}

const scopeText: Record<string, string> = {
  threads_basic: 'Your Threads profile and posts (required)',
  threads_content_publish: 'Publish posts',
  threads_manage_replies: 'Manage replies',
  threads_read_replies: 'Read replies',
  threads_manage_insights: 'Insights about your profile and posts',
};

const CSS = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f5f5f5; color: #101010; }
  main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid #d9d9d9; border-radius: 16px; }
  h1 { font-size: 1.25rem; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  label { display: flex; gap: .5rem; align-items: center; padding: .25rem 0; }
  button { display: block; width: 100%; min-height: 44px; margin: .5rem 0; font: inherit; border-radius: 12px; border: 1px solid #101010; cursor: pointer; }
  button[name=account] { background: #101010; color: #fff; font-weight: 600; }
  button[name=deny] { background: #fff; color: #101010; border-color: #d9d9d9; }
  button:focus-visible { outline: 3px solid #0095f6; outline-offset: 2px; }
  .note { color: #6b6b6b; font-size: .875rem; }
  code { overflow-wrap: anywhere; }
`;

function windowPage(threads: ThreadsWorld, app: ThreadsApp, action: string, hidden: Record<string, string>, scopes: string[]): string {
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const boxes = scopes
    .map((s, i) => {
      // A disabled checkbox is not submitted, so the required permission also travels as a hidden field.
      const box =
        s === 'threads_basic'
          ? `<input type="checkbox" id="scope-${i}" checked disabled><input type="hidden" name="granted" value="${escapeHtml(s)}">`
          : `<input type="checkbox" id="scope-${i}" name="granted" value="${escapeHtml(s)}" checked>`;
      return `<label for="scope-${i}">${box} ${escapeHtml(scopeText[s] ?? s)} <code>${escapeHtml(s)}</code></label>`;
    })
    .join('\n');
  const buttons = threads
    .profiles()
    .map(
      (p) =>
        `<button type="submit" name="account" value="${escapeHtml(p.username)}">${escapeHtml(`Continue as @${p.username} (${p.isPrivate ? 'Private' : 'Public'} profile)`)}</button>`,
    )
    .join('\n');
  return pageShell(
    `Allow ${app.name} access • Threads`,
    CSS,
    `<h1>${escapeHtml(app.name)} wants to access your Threads profile</h1>
<form method="post" action="${escapeHtml(action)}">
${fields}
<fieldset><legend>Permissions requested</legend>
${boxes}
</fieldset>
<fieldset><legend>Choose a profile</legend>
${buttons}
</fieldset>
<button type="submit" name="deny" value="1">Cancel</button>
</form>
<p class="note">Threads sandbox: a simulated window; no real profile is used.</p>`,
  );
}

function sendError(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(pageShell('Invalid Request • Threads', CSS, `<h1>Invalid Request</h1>\n<p role="alert">${escapeHtml(message)}</p>`));
}

function show(world: World, threads: ThreadsWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  world.calls.record('threads.authorize');
  const v = validate(threads, req.query as Fields);
  if (!v.ok) return sendError(reply, v.message);
  const hidden: Record<string, string> = {
    client_id: v.app.clientId,
    redirect_uri: v.redirectUri,
    response_type: 'code',
    scope: v.scopes.join(','),
    ...(v.state === undefined ? {} : { state: v.state }),
  };
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(windowPage(threads, v.app, req.url.split('?')[0]!, hidden, v.scopes));
}

function decide(world: World, threads: ThreadsWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  world.calls.record('threads.authorize_decision');
  const body = (req.body ?? {}) as Fields;
  const v = validate(threads, body);
  if (!v.ok) return sendError(reply, v.message);
  if (str(body, 'deny') !== undefined) {
    return reply.redirect(redirectWith(v.redirectUri, { error: 'access_denied', error_reason: 'user_denied', error_description: 'Permissions error', state: v.state }, '#_'), 302);
  }
  const profile = threads.profile(str(body, 'account') ?? '');
  if (!profile) return sendError(reply, 'Choose a profile to continue');
  const ticked = list(body, 'granted');
  let granted = ticked === undefined ? v.scopes : v.scopes.filter((s) => ticked.includes(s) || s === 'threads_basic');
  if (profile.grantedScopes) granted = granted.filter((s) => profile.grantedScopes!.includes(s));
  const code = threads.createCode({ clientId: v.app.clientId, redirectUri: v.redirectUri, scopes: granted, profile });
  return reply.redirect(redirectWith(v.redirectUri, { code: code.value, state: v.state }, '#_'), 302);
}

export function registerThreadsAuthorize(app: FastifyInstance, world: World, threads: ThreadsWorld): void {
  for (const host of HOSTS) {
    app.get(`${host}/oauth/authorize`, (req, reply) => show(world, threads, req, reply));
    app.post(`${host}/oauth/authorize`, (req, reply) => decide(world, threads, req, reply));
  }
}
