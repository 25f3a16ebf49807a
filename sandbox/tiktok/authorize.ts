/**
 * www.tiktok.com/v2/auth/authorize/: the Login Kit consent page (https://developers.tiktok.com/doc/login-kit-web).
 *
 * GET validates `client_key`, `redirect_uri`, `response_type=code`, the comma-separated `scope`, and the PKCE
 * pair (`code_challenge` + `code_challenge_method=S256`), then renders the page. The page POSTs back to the same
 * path with the parameters in hidden fields plus `account=<username>` and one `granted=<scope>` per ticked box
 * (Allow), or `deny=1` (Deny). Bad parameters never redirect: an error page (HTTP 400).
 *
 * Allow redirects with `code`, `scopes` (what was granted) and `state`; Deny with `error=access_denied`.
 * The sandbox accepts any http(s) redirect URI when the app registers none (TikTok wants https, registered).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Fields, list, redirectWith, str } from '../core/form.ts';
import { escapeHtml, pageShell } from '../core/pages.ts';
import { SCOPES, type TikTokApp } from './model.ts';
import type { TikTokWorld } from './world.ts';

interface AuthorizeParams {
  app: TikTokApp;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
}

type Validated = { ok: true; params: AuthorizeParams } | { ok: false; message: string };

const REQUIRED_SCOPE = 'user.info.basic';

const CSS = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f1f1f2; color: #161823; }
  main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; }
  h1 { font-size: 1.25rem; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  label { display: flex; gap: .5rem; align-items: center; padding: .25rem 0; }
  button { display: block; width: 100%; min-height: 44px; margin: .5rem 0; font: inherit; border-radius: 4px; border: 1px solid #fe2c55; cursor: pointer; }
  button[name=allow] { background: #fe2c55; color: #fff; font-weight: 600; }
  button[name=deny] { background: #fff; color: #161823; border-color: #d0d0d3; }
  button:focus-visible, input:focus-visible { outline: 3px solid #161823; outline-offset: 2px; }
  .note { color: #6b6b75; font-size: .875rem; }
`;

const scopeText: Record<string, string> = {
  'user.info.basic': 'Read your profile info (avatar, display name)',
  'user.info.profile': 'Read your profile details (username, bio, verified badge)',
  'user.info.stats': 'Read your follower, following, like and video counts',
  'video.list': 'Read your public videos',
};

/** S256: base64url(SHA-256(verifier)), RFC 7636. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function validate(tt: TikTokWorld, fields: Fields): Validated {
  const fail = (message: string): Validated => ({ ok: false, message });
  const app = tt.app(str(fields, 'client_key') ?? '');
  if (!app) return fail('client_key: this app is not registered with TikTok');
  const redirectUri = str(fields, 'redirect_uri') ?? '';
  if (!/^https?:\/\/[^\s#]+$/.test(redirectUri) || !URL.canParse(redirectUri)) return fail('redirect_uri: must be an absolute URL without a fragment');
  if (app.redirectUris.length > 0 && !app.redirectUris.includes(redirectUri)) return fail('redirect_uri: not registered for this app');
  if (str(fields, 'response_type') !== 'code') return fail('response_type: must be "code"');
  const scopes = [
    ...new Set(
      (str(fields, 'scope') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (scopes.length === 0) return fail('scope: at least one scope is required');
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return fail(`scope: unknown scope ${unknown.join(', ')}`);
  const codeChallenge = str(fields, 'code_challenge');
  const method = str(fields, 'code_challenge_method');
  if ((codeChallenge === undefined) !== (method === undefined)) return fail('code_challenge and code_challenge_method go together');
  if (method !== undefined && method !== 'S256') return fail('code_challenge_method: only S256 is supported');
  return { ok: true, params: { app, redirectUri, scopes, state: str(fields, 'state'), codeChallenge } };
}

function errorPage(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(400)
    .type('text/html; charset=utf-8')
    .send(page('Something went wrong', `<h1>Something went wrong</h1>\n<p role="alert">${escapeHtml(message)}</p>`));
}

function page(title: string, body: string): string {
  return pageShell(`${title} | TikTok`, CSS, body);
}

function consentPage(appName: string, action: string, hidden: Record<string, string>, scopes: string[], usernames: string[]): string {
  const fields = Object.entries(hidden).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`);
  const boxes = scopes.map((s, i) => {
    // A disabled checkbox is not submitted, so the required scope also travels as a hidden field.
    const box =
      s === REQUIRED_SCOPE
        ? `<input type="checkbox" id="scope-${i}" checked disabled><input type="hidden" name="granted" value="${escapeHtml(s)}">`
        : `<input type="checkbox" id="scope-${i}" name="granted" value="${escapeHtml(s)}" checked>`;
    return `<label for="scope-${i}">${box} ${escapeHtml(scopeText[s] ?? s)} <code>${escapeHtml(s)}</code></label>`;
  });
  const accounts = usernames.map(
    (u, i) => `<label for="account-${i}"><input type="radio" id="account-${i}" name="account" value="${escapeHtml(u)}"${i === 0 ? ' checked' : ''}> @${escapeHtml(u)}</label>`,
  );
  return page(
    `${appName} would like to access your TikTok account`,
    `<h1>${escapeHtml(appName)} would like to access your TikTok account</h1>
<form method="post" action="${escapeHtml(action)}">
${fields.join('\n')}
<fieldset>
<legend>Log in as</legend>
${accounts.join('\n')}
</fieldset>
<fieldset>
<legend>Allow ${escapeHtml(appName)} to</legend>
${boxes.join('\n')}
</fieldset>
<button type="submit" name="allow" value="1">Authorize</button>
<button type="submit" name="deny" value="1">Cancel</button>
</form>
<p class="note">TikTok sandbox: a simulated page; no real account is used.</p>`,
  );
}

function show(tt: TikTokWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  tt.context.calls.record('tiktok.authorize');
  const v = validate(tt, req.query as Fields);
  if (!v.ok) return errorPage(reply, v.message);
  const { app, redirectUri, scopes, state, codeChallenge } = v.params;
  const hidden: Record<string, string> = { client_key: app.clientKey, redirect_uri: redirectUri, response_type: 'code', scope: scopes.join(',') };
  if (state !== undefined) hidden.state = state;
  if (codeChallenge !== undefined) Object.assign(hidden, { code_challenge: codeChallenge, code_challenge_method: 'S256' });
  // Bulk-seeded accounts (benchmarks) are not offered: the page would list 100,000 of them.
  const usernames = tt
    .accounts()
    .filter((a) => a.status === 'active' && !a.bulk)
    .slice(0, 50)
    .map((a) => a.username);
  const html = consentPage(app.name, req.url.split('?')[0]!, hidden, scopes, usernames);
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

function decide(tt: TikTokWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  tt.context.calls.record('tiktok.authorize_decision');
  const body = (req.body ?? {}) as Fields;
  const v = validate(tt, body);
  if (!v.ok) return errorPage(reply, v.message);
  const { app, redirectUri, scopes, state, codeChallenge } = v.params;
  if (str(body, 'deny') !== undefined) {
    return reply.redirect(redirectWith(redirectUri, { error: 'access_denied', error_description: 'The user denied the request.', state }), 302);
  }
  const account = tt.account(str(body, 'account') ?? '');
  if (account?.status !== 'active') return errorPage(reply, 'Choose an account that can log in');
  const ticked = list(body, 'granted');
  let granted = ticked === undefined ? scopes : scopes.filter((s) => ticked.includes(s) || s === REQUIRED_SCOPE);
  if (account.grantedScopes) granted = granted.filter((s) => account.grantedScopes!.includes(s));
  const code = tt.createCode({ clientKey: app.clientKey, redirectUri, scopes: granted, account, codeChallenge });
  return reply.redirect(redirectWith(redirectUri, { code: code.value, scopes: granted.join(','), state }), 302);
}

export function registerTikTokAuthorize(app: FastifyInstance, tt: TikTokWorld, prefix: string): void {
  app.get(`${prefix}/v2/auth/authorize/`, (req, reply) => show(tt, req, reply));
  app.post(`${prefix}/v2/auth/authorize/`, (req, reply) => decide(tt, req, reply));
}
