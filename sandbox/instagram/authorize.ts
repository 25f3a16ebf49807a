/**
 * www.instagram.com/oauth/authorize: the consent dialog of Business Login for Instagram
 * (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login).
 *
 * GET validates the parameters and renders the dialog; the dialog POSTs back to the same path with the
 * parameters in hidden fields plus `account=<username>` (allow) or `deny=1` (Cancel).
 * Bad parameters never redirect: Instagram shows an error page (HTTP 400 here).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Fields, list, redirectWith, str } from '../core/form.ts';
import { escapeHtml, pageShell } from '../core/pages.ts';
import type { SandboxApp } from '../core/types.ts';
import type { World } from '../core/world.ts';
import { SCOPES } from './model.ts';

interface AuthorizeParams {
  app: SandboxApp;
  redirectUri: string;
  scopes: string[];
  state?: string;
  /** Echoed through the form; accepted and otherwise ignored (they only change Instagram's login screen). */
  passthrough: Record<string, string>;
}

type Validated = { ok: true; params: AuthorizeParams } | { ok: false; title: string; message: string };

function validate(world: World, fields: Fields): Validated {
  const fail = (title: string, message: string): Validated => ({ ok: false, title, message });
  const app = world.instagram.app(str(fields, 'client_id') ?? '');
  if (!app) return fail('Invalid Request', 'Invalid platform app');
  const redirectUri = str(fields, 'redirect_uri') ?? '';
  if (!/^https?:\/\/[^\s#]+$/.test(redirectUri) || !URL.canParse(redirectUri)) {
    return fail('Invalid Request', 'Invalid redirect_uri: the redirect URI must be an absolute http(s) URL');
  }
  if (app.redirectUris.length > 0 && !app.redirectUris.includes(redirectUri)) {
    return fail('Invalid Request', 'Invalid redirect_uri: it does not match a redirect URI configured for this app');
  }
  if (str(fields, 'response_type') !== 'code') return fail('Invalid Request', 'Invalid response_type: only "code" is supported');
  // Scopes may be comma- or (URL-encoded) space-separated.
  const scopes = [...new Set((str(fields, 'scope') ?? '').split(/[\s,]+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return fail('Invalid Scopes', `Invalid Scopes: ${unknown.join(', ')}`);
  if (!scopes.includes('instagram_business_basic')) return fail('Invalid Scopes', 'The instagram_business_basic scope is required');
  const passthrough: Record<string, string> = {};
  for (const key of ['enable_fb_login', 'force_reauth']) {
    const v = str(fields, key);
    if (v !== undefined) passthrough[key] = v;
  }
  return { ok: true, params: { app, redirectUri, scopes, state: str(fields, 'state'), passthrough } };
}

interface AuthorizeView {
  appName: string;
  /** Path the form posts to (the same authorize path, with its host prefix if any). */
  action: string;
  /** Hidden fields echoing the authorize parameters. */
  hidden: Record<string, string>;
  scopes: string[];
  accounts: { username: string; accountType: string }[];
}

const scopeText: Record<string, string> = {
  instagram_business_basic: 'Access your profile and media (required)',
  instagram_business_content_publish: 'Publish content',
  instagram_business_manage_comments: 'Manage comments',
  instagram_business_manage_messages: 'Manage messages',
  instagram_business_manage_insights: 'Access insights',
};

const typeLabel: Record<string, string> = { BUSINESS: 'Business', MEDIA_CREATOR: 'Creator', PERSONAL: 'Personal' };

const CSS = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fafafa; color: #262626; }
  main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid #dbdbdb; border-radius: 8px; }
  h1 { font-size: 1.25rem; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  label { display: flex; gap: .5rem; align-items: center; padding: .25rem 0; }
  button { display: block; width: 100%; min-height: 44px; margin: .5rem 0; font: inherit; border-radius: 8px; border: 1px solid #0095f6; cursor: pointer; }
  button[name=account] { background: #0095f6; color: #fff; font-weight: 600; }
  button[name=deny] { background: #fff; color: #262626; border-color: #dbdbdb; }
  button:focus-visible { outline: 3px solid #262626; outline-offset: 2px; }
  .note { color: #737373; font-size: .875rem; }
  /* Long scope names must wrap on a phone rather than push the page sideways. */
  code { overflow-wrap: anywhere; }
`;

/**
 * One form; every choice is a real submit button, so it works with a keyboard, a screen reader, a phone,
 * and a test driving it with plain HTTP (POST `account=<username>` or `deny=1` plus the hidden fields).
 */
function authorizePage(view: AuthorizeView): string {
  const hidden = Object.entries(view.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const scopes = view.scopes
    .map((s, i) => {
      const id = `scope-${i}`;
      const required = s === 'instagram_business_basic';
      // A disabled checkbox is not submitted, so the required scope also travels as a hidden field.
      const box = required
        ? `<input type="checkbox" id="${id}" checked disabled><input type="hidden" name="granted" value="${escapeHtml(s)}">`
        : `<input type="checkbox" id="${id}" name="granted" value="${escapeHtml(s)}" checked>`;
      return `<label for="${id}">${box} ${escapeHtml(scopeText[s] ?? s)} <code>${escapeHtml(s)}</code></label>`;
    })
    .join('\n');
  const buttons = view.accounts
    .map((a) => {
      const label = `Continue as @${a.username} (${typeLabel[a.accountType] ?? a.accountType})`;
      return `<button type="submit" name="account" value="${escapeHtml(a.username)}">${escapeHtml(label)}</button>`;
    })
    .join('\n');
  return pageShell(
    `Allow ${view.appName} access • Instagram`,
    CSS,
    `<h1>${escapeHtml(view.appName)} wants to access your Instagram account</h1>
<form method="post" action="${escapeHtml(view.action)}">
${hidden}
<fieldset>
<legend>Permissions requested</legend>
${scopes}
</fieldset>
<fieldset>
<legend>Choose an account</legend>
${buttons}
</fieldset>
<button type="submit" name="deny" value="1">Cancel</button>
</form>
<p class="note">Instagram sandbox: a simulated dialog; no real account is used.</p>`,
  );
}

function errorPage(title: string, message: string): string {
  return pageShell(`${title} • Instagram`, CSS, `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>`);
}

function sendError(reply: FastifyReply, v: { title: string; message: string }): FastifyReply {
  return reply.code(400).type('text/html; charset=utf-8').send(errorPage(v.title, v.message));
}

function showDialog(world: World, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  world.calls.record('authorize');
  const v = validate(world, req.query as Fields);
  if (!v.ok) return sendError(reply, v);
  const { app, redirectUri, scopes, state, passthrough } = v.params;
  const hidden: Record<string, string> = {
    client_id: app.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: scopes.join(','),
    ...(state === undefined ? {} : { state }),
    ...passthrough,
  };
  const accounts = world.instagram.accounts().map((a) => ({ username: a.username, accountType: a.accountType }));
  const html = authorizePage({ appName: app.name, action: req.url.split('?')[0]!, hidden, scopes, accounts });
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

function decide(world: World, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  world.calls.record('authorize_decision');
  const body = (req.body ?? {}) as Fields;
  const v = validate(world, body);
  if (!v.ok) return sendError(reply, v);
  const { app, redirectUri, scopes, state } = v.params;
  if (str(body, 'deny') !== undefined) {
    const query = {
      error: 'access_denied',
      error_reason: 'user_denied',
      error_description: 'The user denied your request',
      state,
    };
    return reply.redirect(redirectWith(redirectUri, query), 302);
  }
  const account = world.instagram.account(str(body, 'account') ?? '');
  if (!account) return sendError(reply, { title: 'Invalid Request', message: 'Choose an account to continue' });
  // Granular consent: the dialog's checkboxes, then the account's own override, can only narrow the request.
  const ticked = list(body, 'granted');
  let granted = ticked === undefined ? scopes : scopes.filter((s) => ticked.includes(s) || s === 'instagram_business_basic');
  if (account.grantedScopes) granted = granted.filter((s) => account.grantedScopes!.includes(s));
  const code = world.instagram.createCode({ clientId: app.clientId, redirectUri, scopes: granted, account });
  // Instagram appends a literal "#_" to the redirect; clients must strip it from the code.
  return reply.redirect(redirectWith(redirectUri, { code: code.value, state }, '#_'), 302);
}

export function registerAuthorize(app: FastifyInstance, world: World, prefix: string): void {
  app.get(`${prefix}/oauth/authorize`, (req, reply) => showDialog(world, req, reply));
  app.post(`${prefix}/oauth/authorize`, (req, reply) => decide(world, req, reply));
}
