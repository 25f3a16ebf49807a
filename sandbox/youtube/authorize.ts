/**
 * accounts.google.com/o/oauth2/v2/auth: Google's consent screen with granular consent
 * (https://developers.google.com/identity/protocols/oauth2/web-server#creatingclient, #handlingresponse).
 *
 * GET validates the parameters and renders the page: the test accounts (radio buttons), one checkbox per
 * requested scope (ticked), Allow and Cancel. The page POSTs back to the same path with the parameters in
 * hidden fields, `account=<username>` and one `granted=<scope>` per ticked scope (a POST without any
 * `granted` field grants everything asked; the page itself marks its posts with `consent_form=1`, so
 * unticking every scope there is a Cancel).
 * Bad parameters never redirect: Google shows "Error 400: <code>" (401 for an unknown client).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Fields, list, redirectWith, str } from '../core/form.ts';
import { escapeHtml, pageShell } from '../core/pages.ts';
import { type GoogleClient, KNOWN_SCOPES, scopeAliases } from './model.ts';
import type { GoogleWorld } from './world.ts';

interface AuthorizeParams {
  client: GoogleClient;
  redirectUri: string;
  scopes: string[];
  state?: string;
  offline: boolean;
  prompt: string[];
  includeGranted: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: 'plain' | 'S256';
}

type Validated = { ok: true; params: AuthorizeParams; hidden: Record<string, string> } | { ok: false; status: number; code: string; message: string };

const CSS = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f0f4f9; color: #1f1f1f; }
  main { max-width: 32rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 28px; }
  h1 { font-size: 1.375rem; font-weight: 400; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  label { display: flex; gap: .5rem; align-items: center; padding: .25rem 0; overflow-wrap: anywhere; }
  button { min-height: 44px; min-width: 6rem; margin: .5rem .5rem 0 0; font: inherit; border-radius: 20px; border: 1px solid #747775; background: #fff; cursor: pointer; }
  button[name=allow] { background: #0b57d0; color: #fff; border-color: #0b57d0; }
  button:focus-visible { outline: 3px solid #1f1f1f; outline-offset: 2px; }
  .note { color: #444746; font-size: .875rem; }
`;

const PASSED_ON = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'access_type',
  'prompt',
  'include_granted_scopes',
  'code_challenge',
  'code_challenge_method',
  'login_hint',
];

function validatePkce(fields: Fields): { codeChallenge?: string; codeChallengeMethod?: 'plain' | 'S256' } | string {
  const challenge = str(fields, 'code_challenge');
  const method = str(fields, 'code_challenge_method');
  if (challenge === undefined) return method === undefined ? {} : 'Missing required parameter: code_challenge';
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) return 'Invalid code_challenge';
  // RFC 7636: the method defaults to plain.
  if (method !== undefined && method !== 'S256' && method !== 'plain') return `Invalid code_challenge_method: ${method}`;
  return { codeChallenge: challenge, codeChallengeMethod: (method ?? 'plain') as 'plain' | 'S256' };
}

function validate(world: GoogleWorld, fields: Fields): Validated {
  const fail = (code: string, message: string, status = 400): Validated => ({ ok: false, status, code, message });
  const client = world.client(str(fields, 'client_id') ?? '');
  if (!client) return fail('invalid_client', 'The OAuth client was not found.', 401);
  const redirectUri = str(fields, 'redirect_uri') ?? '';
  const registered = client.redirectUris.length === 0 ? /^https?:\/\/[^\s#]+$/.test(redirectUri) && URL.canParse(redirectUri) : client.redirectUris.includes(redirectUri);
  if (!registered) return fail('redirect_uri_mismatch', `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri}`);
  const responseType = str(fields, 'response_type');
  if (responseType === undefined) return fail('invalid_request', 'Required parameter is missing: response_type');
  if (responseType !== 'code') return fail('unsupported_response_type', `Invalid response_type: ${responseType}`);
  const scopes = [
    ...new Set(
      (str(fields, 'scope') ?? '')
        .split(' ')
        .filter(Boolean)
        .map((s) => scopeAliases[s] ?? s),
    ),
  ];
  if (scopes.length === 0) return fail('invalid_request', 'Missing required parameter: scope');
  const invalid = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
  if (invalid.length > 0) return fail('invalid_scope', `Some requested scopes were invalid. {invalid=[${invalid.join(', ')}]}`);
  const accessType = str(fields, 'access_type') ?? 'online';
  if (accessType !== 'online' && accessType !== 'offline') return fail('invalid_request', `Invalid access_type: ${accessType}`);
  const pkce = validatePkce(fields);
  if (typeof pkce === 'string') return fail('invalid_request', pkce);
  const hidden: Record<string, string> = {};
  for (const key of PASSED_ON) {
    const v = str(fields, key);
    if (v !== undefined) hidden[key] = v;
  }
  const params = {
    client,
    redirectUri,
    scopes,
    state: str(fields, 'state'),
    offline: accessType === 'offline',
    prompt: (str(fields, 'prompt') ?? '').split(' ').filter(Boolean),
    includeGranted: str(fields, 'include_granted_scopes') === 'true',
    ...pkce,
  };
  return { ok: true, params, hidden };
}

function sendError(reply: FastifyReply, v: { status: number; code: string; message: string }): FastifyReply {
  const body = `<h1>Access blocked: authorization error</h1>\n<p role="alert">${escapeHtml(v.message)}</p>\n<p><strong>Error ${v.status}: ${escapeHtml(v.code)}</strong></p>`;
  return reply
    .code(v.status)
    .type('text/html; charset=utf-8')
    .send(pageShell('Error', CSS, body));
}

function showConsent(world: GoogleWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const v = validate(world, req.query as Fields);
  if (!v.ok) return sendError(reply, v);
  const hidden = Object.entries({ ...v.hidden, consent_form: '1' })
    .map(([k, value]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const accounts = world
    .accounts()
    .slice(0, 50)
    .map((a, i) => {
      const what = a.channel ? `YouTube: ${a.channel.title}` : 'no YouTube channel';
      return `<label><input type="radio" name="account" value="${escapeHtml(a.username)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(a.name)} &lt;${escapeHtml(a.email)}&gt; (${escapeHtml(what)})</label>`;
    });
  const scopes = v.params.scopes.map((s) => `<label><input type="checkbox" name="granted" value="${escapeHtml(s)}" checked> <code>${escapeHtml(s)}</code></label>`);
  const testing = world.config.publishingStatus === 'testing' ? '<p class="note">Google hasn’t verified this app (publishing status: Testing).</p>' : '';
  const body = `<h1>${escapeHtml(v.params.client.name)} wants access to your Google Account</h1>
${testing}<form method="post" action="${escapeHtml(req.url.split('?')[0]!)}">
${hidden}
<fieldset><legend>Choose an account</legend>
${accounts.join('\n')}
</fieldset>
<fieldset><legend>Select what ${escapeHtml(v.params.client.name)} can access</legend>
${scopes.join('\n')}
</fieldset>
<button type="submit" name="allow" value="1">Allow</button>
<button type="submit" name="deny" value="1">Cancel</button>
</form>
<p class="note">Google sandbox: a simulated consent screen; no real account is used.</p>`;
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(pageShell('Sign in - Google Accounts', CSS, body));
}

function decide(world: GoogleWorld, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = (req.body ?? {}) as Fields;
  const v = validate(world, body);
  if (!v.ok) return sendError(reply, v);
  const p = v.params;
  const ticked = list(body, 'granted') ?? (str(body, 'consent_form') === undefined ? p.scopes : []);
  const account = world.account(str(body, 'account') ?? '');
  if (str(body, 'deny') !== undefined || (account && ticked.length === 0)) {
    return reply.redirect(redirectWith(p.redirectUri, { error: 'access_denied', state: p.state }), 302);
  }
  if (!account) return sendError(reply, { status: 400, code: 'invalid_request', message: 'Choose an account to continue' });
  let granted = p.scopes.filter((s) => ticked.includes(s));
  if (account.grantedScopes) granted = granted.filter((s) => account.grantedScopes!.includes(s));
  const grant = world.grant(account, p.client.clientId);
  const firstConsent = grant.scopes.length === 0;
  const all = world.consent(account, p.client.clientId, granted);
  // include_granted_scopes: the new token also covers what this client was granted before.
  const scopes = p.includeGranted ? all : granted;
  // Google hands out a refresh token at the first offline consent, and again only with prompt=consent.
  const withRefreshToken = p.offline && (firstConsent || p.prompt.includes('consent'));
  const code = world.createCode({
    clientId: p.client.clientId,
    redirectUri: p.redirectUri,
    scopes,
    username: account.username,
    withRefreshToken,
    codeChallenge: p.codeChallenge,
    codeChallengeMethod: p.codeChallengeMethod,
  });
  const query = { state: p.state, code: code.value, scope: scopes.join(' '), authuser: '0', prompt: p.prompt.includes('consent') ? 'consent' : 'none' };
  return reply.redirect(redirectWith(p.redirectUri, query), 302);
}

export function registerGoogleAuthorize(app: FastifyInstance, google: GoogleWorld, record: (endpoint: string) => void): void {
  const path = '/accounts.google.com/o/oauth2/v2/auth';
  app.get(path, (req, reply) => {
    record('google.authorize');
    return showConsent(google, req, reply);
  });
  app.post(path, (req, reply) => {
    record('google.authorize_decision');
    return decide(google, req, reply);
  });
}
