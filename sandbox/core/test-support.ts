/** Helpers shared by the sandbox's own tests: drive the real HTTP flow through `app.inject()`. */
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../src/kernel/clock.ts';
import { buildSandbox } from '../index.ts';
import type { SandboxConfig } from './types.ts';

export const APP = { client_id: 'sandbox-instagram-app', client_secret: 'sandbox-instagram-secret' };
export const REDIRECT = 'https://app.example/callback';
export const SCOPE = 'instagram_business_basic,instagram_business_manage_insights';

export function setup(config: Partial<SandboxConfig> = {}) {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const { app, world } = buildSandbox({ clock, config });
  return { clock, app, world };
}

export function form(fields: Record<string, string>): { payload: string; headers: Record<string, string> } {
  return { payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

export function authorizeFields(extra: Record<string, string> = {}): Record<string, string> {
  return { client_id: APP.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: SCOPE, state: 'st4te', ...extra };
}

/** Clicks "Continue as @username" and returns the code from the redirect (with the trailing `#_` stripped). */
export async function authorize(app: FastifyInstance, username: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/oauth/authorize', ...form(authorizeFields({ account: username, ...extra })) });
  const location = String(res.headers.location);
  return new URL(location.replace(/#_$/, '')).searchParams.get('code')!;
}

export function exchangeCode(app: FastifyInstance, code: string, overrides: Record<string, string> = {}) {
  const fields = { ...APP, grant_type: 'authorization_code', redirect_uri: REDIRECT, code, ...overrides };
  return app.inject({ method: 'POST', url: '/api.instagram.com/oauth/access_token', ...form(fields) });
}

export function exchangeForLong(app: FastifyInstance, shortToken: string, secret = APP.client_secret) {
  const q = new URLSearchParams({ grant_type: 'ig_exchange_token', client_secret: secret, access_token: shortToken });
  return app.inject({ url: `/graph.instagram.com/access_token?${q}` });
}

export function refresh(app: FastifyInstance, token: string) {
  return app.inject({ url: `/refresh_access_token?grant_type=ig_refresh_token&access_token=${encodeURIComponent(token)}` });
}

export function me(app: FastifyInstance, token: string, fields = 'id,user_id,username,account_type') {
  return app.inject({ url: `/v25.0/me?fields=${fields}&access_token=${encodeURIComponent(token)}` });
}

/** The whole flow: authorize, exchange the code, exchange for a long-lived token. */
export async function connect(app: FastifyInstance, username: string): Promise<{ short: string; long: string }> {
  const code = await authorize(app, username);
  const short = (await exchangeCode(app, code)).json().access_token as string;
  const long = (await exchangeForLong(app, short)).json().access_token as string;
  return { short, long };
}

export const DAY_MS = 86_400_000;
