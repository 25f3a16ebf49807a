/**
 * www.instagram.com/oauth/authorize: the consent dialog of Business Login for Instagram
 * (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login).
 *
 * GET validates the parameters and renders the dialog; the dialog POSTs back to the same path with the
 * parameters in hidden fields plus `account=<username>` (allow) or `deny=1` (Cancel).
 * Bad parameters never redirect: Instagram shows an error page (HTTP 400 here).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SCOPES } from './instagram-model.ts';
import { authorizePage, errorPage } from './pages.ts';
import type { SandboxApp, World } from './world.ts';

interface AuthorizeParams {
  app: SandboxApp;
  redirectUri: string;
  scopes: string[];
  state?: string;
  /** Echoed through the form; accepted and otherwise ignored (they only change Instagram's login screen). */
  passthrough: Record<string, string>;
}

type Validated = { ok: true; params: AuthorizeParams } | { ok: false; title: string; message: string };

type Fields = Record<string, unknown>;

function str(fields: Fields, key: string): string | undefined {
  const v = fields[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

function list(fields: Fields, key: string): string[] | undefined {
  const v = fields[key];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

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

function redirectWith(uri: string, query: Record<string, string | undefined>, fragment = ''): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.append(k, v);
  return `${uri}${uri.includes('?') ? '&' : '?'}${q.toString()}${fragment}`;
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
