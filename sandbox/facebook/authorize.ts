/**
 * www.facebook.com/{version}/dialog/oauth: the Facebook Login dialog
 * (https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow).
 *
 * GET validates the parameters and renders the dialog: one form per person (Facebook's dialog is for the
 * person logged in; the sandbox lets you pick one), each labelled with the person's name, holding the
 * permissions asked of that person (`granted` checkboxes, ticked), their Pages (`page` checkboxes, ticked)
 * and a "Continue as <name> (<username>)" button (`account=<username>`); a last form holds Cancel (`deny=1`).
 * Each POSTs back to the same path with the parameters in hidden fields. A post without the dialog's
 * `page_picker` marker (a test driving the flow directly) grants every Page the person has; without
 * `scope_picker`, no `granted` at all means every permission asked for. `public_profile` is always granted.
 *
 * Declined permissions are remembered per person and app, as Facebook does
 * (https://developers.facebook.com/docs/facebook-login/guides/permissions/request-revoke): a permission shown
 * and left unticked is recorded as declined, and a later dialog neither shows nor grants it (it says "You
 * declined … before") unless it carries `auth_type=rerequest`. Granting it clears the decline.
 *
 * Bad parameters never redirect: Facebook shows an error page (HTTP 400 here). Both redirects end in "#_=_",
 * which Facebook appends when the redirect URI has no fragment of its own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Fields, list, redirectWith, str } from '../core/form.ts';
import { escapeHtml, pageShell } from '../core/pages.ts';
import type { SandboxApp } from '../core/types.ts';
import type { World } from '../core/world.ts';
import { FACEBOOK_SCOPES, type FbUser } from './model.ts';
import type { FacebookWorld } from './world.ts';

interface Params {
  app: SandboxApp;
  redirectUri: string;
  scopes: string[];
  state?: string;
  authType?: string;
}

const CSS = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f0f2f5; color: #1c1e21; }
  main { max-width: 30rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 2px rgba(0,0,0,.2); }
  h1 { font-size: 1.25rem; margin-top: 0; } fieldset { border: 0; padding: 0; margin: 0 0 1rem; } legend { font-weight: 600; margin-bottom: .5rem; }
  label { display: flex; gap: .5rem; align-items: center; padding: .25rem 0; }
  button { display: block; width: 100%; min-height: 44px; margin: .5rem 0; font: inherit; border-radius: 6px; border: 1px solid #1877f2; cursor: pointer; }
  button[name=account] { background: #1877f2; color: #fff; font-weight: 600; } button[name=deny] { background: #fff; color: #1c1e21; border-color: #ccd0d5; }
  form + form { border-top: 1px solid #dadde1; padding-top: .75rem; }
  button:focus-visible { outline: 3px solid #1c1e21; outline-offset: 2px; } .note { color: #65676b; font-size: .875rem; }
`;

function validate(fb: FacebookWorld, fields: Fields): { ok: true; params: Params } | { ok: false; title: string; message: string } {
  const fail = (title: string, message: string) => ({ ok: false as const, title, message });
  const app = fb.app(str(fields, 'client_id') ?? '');
  if (!app) return fail('Invalid App ID', 'The provided app ID does not look like a valid app ID.');
  const redirectUri = str(fields, 'redirect_uri') ?? '';
  const registered = app.redirectUris.length === 0 || app.redirectUris.includes(redirectUri);
  if (!/^https?:\/\/[^\s#]+$/.test(redirectUri) || !URL.canParse(redirectUri) || !registered) {
    return fail('URL Blocked', "This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.");
  }
  if (str(fields, 'response_type') !== 'code') return fail('Invalid Request', 'This sandbox only simulates response_type=code.');
  const scopes = [...new Set((str(fields, 'scope') ?? '').split(/[\s,]+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !(FACEBOOK_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return fail('Invalid Scopes', `Invalid Scopes: ${unknown.join(', ')}. This message is only shown to developers.`);
  return { ok: true, params: { app, redirectUri, scopes, state: str(fields, 'state'), authType: str(fields, 'auth_type') } };
}

/** Facebook appends "#_=_" to the redirect when the redirect URI has no fragment of its own. */
function redirectTo(fb: FacebookWorld, uri: string, query: Record<string, string | undefined>): string {
  return redirectWith(uri, query, fb.config.appendFragment ? '#_=_' : '');
}

/** The permissions this dialog asks of this person: all with auth_type=rerequest, else not those declined before. */
function offered(fb: FacebookWorld, user: FbUser, params: Params): string[] {
  if (params.authType === 'rerequest') return params.scopes;
  const declined = fb.declinedScopes(user, params.app.clientId);
  return params.scopes.filter((s) => !declined.includes(s));
}

function userForm(fb: FacebookWorld, user: FbUser, params: Params, hidden: string, action: string, n: number): string {
  const shown = offered(fb, user, params);
  const scopes = shown.map(
    (s, i) => `<label for="scope-${n}-${i}"><input type="checkbox" id="scope-${n}-${i}" name="granted" value="${escapeHtml(s)}" checked> <code>${escapeHtml(s)}</code></label>`,
  );
  const skipped = params.scopes.filter((s) => !shown.includes(s));
  const note =
    skipped.length === 0
      ? ''
      : `\n<p class="note">You declined ${skipped.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')} before; Facebook asks again only when the app re-requests it.</p>`;
  const pages = fb.pagesOf(user.id).map((p) => {
    const ig = p.igId === undefined ? '' : ` + Instagram @${escapeHtml(fb.instagram(p.igId)!.username)}`;
    return `<label><input type="checkbox" name="page" value="${escapeHtml(p.id)}" checked> ${escapeHtml(p.name)}${ig}</label>`;
  });
  return `<form method="post" action="${escapeHtml(action)}" aria-label="${escapeHtml(user.name)}">
${hidden}
<input type="hidden" name="page_picker" value="1"><input type="hidden" name="scope_picker" value="1">
<fieldset><legend>${escapeHtml(user.name)} — permissions requested</legend>
${scopes.join('\n')}${note}
</fieldset>
<fieldset><legend>${escapeHtml(user.name)} — Pages to share</legend>
${pages.length === 0 ? '<p class="note">No Pages</p>' : pages.join('\n')}
<button type="submit" name="account" value="${escapeHtml(user.username)}">Continue as ${escapeHtml(user.name)} (${escapeHtml(user.username)})</button>
</fieldset>
</form>`;
}

function showDialog(world: World, fb: FacebookWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  world.calls.record('facebook.authorize');
  const v = validate(fb, req.query as Fields);
  if (!v.ok)
    return reply
      .code(400)
      .type('text/html; charset=utf-8')
      .send(pageShell(`${v.title} | Facebook`, CSS, `<h1>${escapeHtml(v.title)}</h1><p role="alert">${escapeHtml(v.message)}</p>`));
  const hidden = Object.entries(req.query as Record<string, string>)
    .filter(([, value]) => typeof value === 'string')
    .map(([k, value]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const action = req.url.split('?')[0]!;
  const body = `<h1>${escapeHtml(v.params.app.name)} is requesting access to your Facebook account</h1>
${fb
  .users()
  .map((u, n) => userForm(fb, u, v.params, hidden, action, n))
  .join('\n')}
<form method="post" action="${escapeHtml(action)}" aria-label="Cancel">
${hidden}
<button type="submit" name="deny" value="1">Cancel</button>
</form>
<p class="note">Facebook sandbox: a simulated dialog; no real account is used.</p>`;
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(pageShell('Log in with Facebook', CSS, body));
}

function decide(world: World, fb: FacebookWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  world.calls.record('facebook.authorize_decision');
  const body = (req.body ?? {}) as Fields;
  const v = validate(fb, body);
  if (!v.ok)
    return reply
      .code(400)
      .type('text/html; charset=utf-8')
      .send(pageShell(v.title, CSS, `<h1>${escapeHtml(v.title)}</h1><p role="alert">${escapeHtml(v.message)}</p>`));
  const { app, redirectUri, state } = v.params;
  if (str(body, 'deny') !== undefined) {
    const denied = { error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', state };
    return reply.redirect(redirectTo(fb, redirectUri, denied), 302);
  }
  const user = fb.user(str(body, 'account') ?? '');
  if (!user)
    return reply
      .code(400)
      .type('text/html; charset=utf-8')
      .send(pageShell('Log in', CSS, '<p role="alert">Choose an account to continue</p>'));
  const ticked = list(body, 'granted') ?? [];
  // A permission declined before and not re-requested is neither shown nor granted, whatever is posted.
  const shown = offered(fb, user, v.params);
  let granted = ticked.length === 0 && str(body, 'scope_picker') === undefined ? shown : shown.filter((s) => ticked.includes(s));
  if (user.grantedScopes) granted = granted.filter((s) => user.grantedScopes!.includes(s));
  fb.recordConsent(user, app.clientId, shown, granted);
  const own = fb.pagesOf(user.id).map((p) => p.id);
  const picked = str(body, 'page_picker') === undefined ? own : own.filter((id) => (list(body, 'page') ?? []).includes(id));
  fb.touch(user);
  const code = fb.createCode({ clientId: app.clientId, redirectUri, scopes: [...new Set([...granted, 'public_profile'])], pageIds: picked, userId: user.id });
  return reply.redirect(redirectTo(fb, redirectUri, { code: code.value, state }), 302);
}

export function registerFacebookAuthorize(app: FastifyInstance, world: World, fb: FacebookWorld): void {
  for (const path of ['/www.facebook.com/dialog/oauth', '/www.facebook.com/:version/dialog/oauth']) {
    app.get(path, (req, reply) => showDialog(world, fb, req, reply));
    app.post(path, (req, reply) => decide(world, fb, req, reply));
  }
}
