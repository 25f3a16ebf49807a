/**
 * www.pinterest.com/oauth/: Pinterest's consent page
 * (https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/).
 *
 * GET validates `client_id`, `redirect_uri`, `response_type=code`, `scope` (comma-separated) and renders the
 * page; the page POSTs back to the same path with the parameters in hidden fields plus `account=<username>`
 * and one `granted=<scope>` per ticked box (Allow), or `deny=1` (Deny). Pinterest takes no PKCE parameters.
 * Bad parameters never redirect: an error page (HTTP 400). Deny redirects with `error=access_denied` and
 * the state (the standard OAuth answer; Pinterest's exact denial parameters are inferred).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Fields, list, redirectWith, str } from '../core/form.ts';
import { escapeHtml, pageShell } from '../core/pages.ts';
import { PINTEREST_SCOPES, type PinterestApp } from './model.ts';
import type { PinterestWorld } from './world.ts';

interface Params {
  app: PinterestApp;
  redirectUri: string;
  scopes: string[];
  state?: string;
}

const CSS = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f1f1f1; color: #111; }
  main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 16px; }
  h1 { font-size: 1.25rem; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  label { display: flex; gap: .5rem; align-items: center; padding: .25rem 0; }
  button { display: block; width: 100%; min-height: 44px; margin: .5rem 0; font: inherit; border-radius: 24px; border: 0; cursor: pointer; }
  button[name=allow] { background: #e60023; color: #fff; font-weight: 600; }
  button[name=deny] { background: #efefef; color: #111; }
  button:focus-visible { outline: 3px solid #111; outline-offset: 2px; }
`;

function validate(world: PinterestWorld, fields: Fields): { ok: true; params: Params } | { ok: false; message: string } {
  const app = world.app(str(fields, 'client_id') ?? '');
  if (!app) return { ok: false, message: 'Invalid client_id: no app has this id.' };
  const redirectUri = str(fields, 'redirect_uri') ?? '';
  if (!/^https?:\/\/[^\s#]+$/.test(redirectUri) || !URL.canParse(redirectUri)) return { ok: false, message: 'Invalid redirect_uri.' };
  if (app.redirectUris.length > 0 && !app.redirectUris.includes(redirectUri)) {
    return { ok: false, message: 'The redirect_uri does not match a redirect URI registered for this app.' };
  }
  if (str(fields, 'response_type') !== 'code') return { ok: false, message: 'Invalid response_type: only "code" is supported.' };
  const scopes = [...new Set((str(fields, 'scope') ?? '').split(/[\s,]+/).filter(Boolean))];
  if (scopes.length === 0) return { ok: false, message: 'No scope was requested.' };
  const unknown = scopes.filter((s) => !(PINTEREST_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return { ok: false, message: `Invalid scopes: ${unknown.join(', ')}` };
  return { ok: true, params: { app, redirectUri, scopes, state: str(fields, 'state') } };
}

function consentPage(world: PinterestWorld, action: string, p: Params): string {
  const hidden = { client_id: p.app.clientId, redirect_uri: p.redirectUri, response_type: 'code', scope: p.scopes.join(','), ...(p.state === undefined ? {} : { state: p.state }) };
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const accounts = world
    .accounts()
    .slice(0, 50)
    .map((a, i) => {
      const label = `${a.username} (${a.accountType === 'BUSINESS' ? 'business' : 'personal'} account)`;
      return `<label><input type="radio" name="account" value="${escapeHtml(a.username)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
    })
    .join('\n');
  const scopes = p.scopes
    .map((s, i) => `<label for="scope-${i}"><input type="checkbox" id="scope-${i}" name="granted" value="${escapeHtml(s)}" checked> <code>${escapeHtml(s)}</code></label>`)
    .join('\n');
  return pageShell(
    `${p.app.name} wants access • Pinterest`,
    CSS,
    `<h1>${escapeHtml(p.app.name)} wants access to your Pinterest account</h1>
<form method="post" action="${escapeHtml(action)}">
${fields}
<fieldset>
<legend>Log in as</legend>
${accounts}
</fieldset>
<fieldset>
<legend>It will be able to</legend>
${scopes}
</fieldset>
<button type="submit" name="allow" value="1">Give access</button>
<button type="submit" name="deny" value="1">Cancel</button>
</form>
<p>Pinterest sandbox: a simulated page; no real account is used.</p>`,
  );
}

function sendError(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(pageShell('Error • Pinterest', CSS, `<h1>Something went wrong</h1>\n<p role="alert">${escapeHtml(message)}</p>`));
}

function show(world: PinterestWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const v = validate(world, req.query as Fields);
  if (!v.ok) return sendError(reply, v.message);
  const html = consentPage(world, req.url.split('?')[0]!, v.params);
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

function decide(world: PinterestWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = (req.body ?? {}) as Fields;
  const v = validate(world, body);
  if (!v.ok) return sendError(reply, v.message);
  const { app, redirectUri, scopes, state } = v.params;
  if (str(body, 'deny') !== undefined) return reply.redirect(redirectWith(redirectUri, { error: 'access_denied', state }), 302);
  const account = world.account(str(body, 'account') ?? '');
  if (!account) return sendError(reply, 'Choose an account to continue.');
  const ticked = list(body, 'granted') ?? scopes;
  let granted = scopes.filter((s) => ticked.includes(s));
  if (account.grantedScopes) granted = granted.filter((s) => account.grantedScopes!.includes(s));
  const code = world.createCode({ clientId: app.clientId, redirectUri, scopes: granted, account });
  return reply.redirect(redirectWith(redirectUri, { code: code.value, state }), 302);
}

export function registerPinterestAuthorize(app: FastifyInstance, world: PinterestWorld, record: (endpoint: string) => void): void {
  app.get('/www.pinterest.com/oauth', (req, reply) => {
    record('pinterest.authorize');
    return show(world, req, reply);
  });
  app.post('/www.pinterest.com/oauth', (req, reply) => {
    record('pinterest.authorize_decision');
    return decide(world, req, reply);
  });
}
