/**
 * The two error shapes Instagram answers with, and the usage headers.
 *
 * - graph.instagram.com speaks the Graph error object
 *   (https://developers.facebook.com/docs/graph-api/guides/error-handling):
 *   `{"error":{"message","type","code","error_subcode","is_transient","error_user_title","error_user_msg","fbtrace_id"}}`.
 *   HTTP 400 as a rule; code 4 has been observed with 403; codes 1 and 2 are served as 500 (inferred).
 * - api.instagram.com/oauth/access_token speaks a flat OAuth shape:
 *   `{"error_type":"OAuthException","code":400,"error_message":"..."}`.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export interface GraphError {
  status: number;
  code: number;
  message: string;
  type: 'OAuthException' | 'IGApiException';
  subcode?: number;
  isTransient: boolean;
  userTitle?: string;
  userMsg?: string;
  errorData?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function sendGraphError(reply: FastifyReply, e: GraphError): FastifyReply {
  const error: Record<string, unknown> = { message: e.message, type: e.type, code: e.code };
  if (e.subcode !== undefined) error.error_subcode = e.subcode;
  error.is_transient = e.isTransient;
  if (e.userTitle !== undefined) error.error_user_title = e.userTitle;
  if (e.userMsg !== undefined) error.error_user_msg = e.userMsg;
  if (e.errorData !== undefined) error.error_data = e.errorData;
  error.fbtrace_id = randomBytes(8).toString('base64url');
  if (e.headers) reply.headers(e.headers);
  return reply.code(e.status).send({ error });
}

export function sendOAuthError(reply: FastifyReply, message: string, status = 400): FastifyReply {
  return reply.code(status).send({ error_type: 'OAuthException', code: status, error_message: message });
}

/** A parameter / request error from graph.instagram.com (code 100 unless told). */
export function paramError(message: string, code = 100): GraphError {
  return { status: 400, code, message, type: 'IGApiException', isTransient: false };
}

export interface TokenErrorContext {
  clientId?: string;
  expiredAtMs?: number;
  nowMs?: number;
}

/** code 190 with the subcode's real-world message. */
export function tokenError(subcode: number, ctx: TokenErrorContext = {}, superseded = false): GraphError {
  const base = { status: 400, code: 190, subcode, type: 'OAuthException', isTransient: false } as const;
  const prefix = 'Error validating access token: ';
  switch (subcode) {
    case 458:
      return { ...base, message: `${prefix}The user has not authorized application ${ctx.clientId ?? ''}.` };
    case 459:
      // error_data carrying a checkpoint URL has been observed; its exact key name is inferred.
      return {
        ...base,
        message: `${prefix}You cannot access the app till you log in to www.instagram.com and follow the instructions given.`,
        errorData: { checkpoint_url: 'https://www.instagram.com/challenge/' },
      };
    case 460:
      return {
        ...base,
        message: `${prefix}The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.`,
      };
    case 463:
      return {
        ...base,
        message: `${prefix}Session has expired on ${fbDate(ctx.expiredAtMs ?? 0)}. The current time is ${fbDate(ctx.nowMs ?? 0)}.`,
      };
    case 464:
      return { ...base, message: `${prefix}Sessions for the user are not allowed because the user is not a confirmed user.` };
    case 492:
      // A Page token whose person lost their role (or task) on the Page.
      return { ...base, message: `${prefix}The session is invalid because the user does not have an appropriate role on the Page.` };
    case 493:
      // Facebook data access expiration: observed in 2018 (docs/networks.md#facebook); today's exact answer is unverified.
      return { ...base, message: "The access token is invalid since the user hasn't engaged the app in longer than 90 days." };
    default:
      return superseded
        ? { ...base, message: `${prefix}The session was invalidated explicitly using an API call.` }
        : { ...base, message: 'Invalid OAuth access token - Cannot parse access token' };
  }
}

/** Throttles: 4 app, 17 user, 32 page, 613 custom, 80002 Instagram business use case. */
export function throttleError(code: number, ctx: { userId?: string; regainMinutes: number }): GraphError {
  const transient = { status: 400, code, type: 'OAuthException', isTransient: true } as const;
  switch (code) {
    case 4:
      return {
        ...transient,
        status: 403,
        message: '(#4) Application request limit reached',
        headers: { 'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 34, total_time: 41 }) },
      };
    case 17:
      return { ...transient, message: '(#17) User request limit reached' };
    case 32:
      // X-Page-Usage (observed, docs/networks.md#facebook) reports the Page's share, in percent.
      return { ...transient, message: '(#32) Page request limit reached', headers: { 'x-page-usage': JSON.stringify({ call_count: 100, total_cputime: 20, total_time: 30 }) } };
    case 613:
      return { ...transient, message: '(#613) Calls to this api have exceeded the rate limit.' };
    case 80001:
      // Pages business use case (calls with a Page token), https://developers.facebook.com/docs/graph-api/overview/rate-limiting.
      return {
        ...transient,
        message:
          '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
        headers: ctx.userId === undefined ? {} : { 'x-business-use-case-usage': bucUsage(ctx.userId, 100, ctx.regainMinutes, 'pages') },
      };
    default:
      return {
        ...transient,
        message: `(#${code}) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.`,
        headers: ctx.userId === undefined ? {} : { 'x-business-use-case-usage': bucUsage(ctx.userId, 100, ctx.regainMinutes) },
      };
  }
}

/** The error a `meta_error` fault injects: 1 and 2 are transient 500s; 190 uses the token catalog. */
export function metaError(code: number, subcode: number | undefined, ctx: { nowMs: number; userId?: string; clientId?: string; regainMinutes: number }): GraphError {
  if (code === 1) return { status: 500, code, subcode, message: 'An unknown error occurred', type: 'OAuthException', isTransient: true };
  if (code === 2) {
    return { status: 500, code, subcode, message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', isTransient: true };
  }
  if (code === 190) return tokenError(subcode ?? 467, { clientId: ctx.clientId, nowMs: ctx.nowMs, expiredAtMs: ctx.nowMs });
  if ([4, 17, 32, 613, 80001, 80002].includes(code)) return throttleError(code, ctx);
  return { status: 400, code, subcode, message: `(#${code}) Simulated Graph API error`, type: 'OAuthException', isTransient: false };
}

/** `X-Business-Use-Case-Usage` for one IG account (or Page, type 'pages'); percentages, regain time in minutes. */
export function bucUsage(userId: string, callCount: number, regainMinutes = 0, type: 'instagram' | 'pages' = 'instagram'): string {
  const usage = { type, call_count: callCount, total_cputime: Math.min(callCount, 25), total_time: Math.min(callCount, 25), estimated_time_to_regain_access: regainMinutes };
  return JSON.stringify({ [userId]: [usage] });
}

const pacific = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  weekday: 'long',
  day: '2-digit',
  month: 'short',
  year: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** Meta's date format in token errors: "Friday, 05-Jun-20 10:00:00 PDT". */
export function fbDate(ms: number): string {
  const p = Object.fromEntries(pacific.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.weekday}, ${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}
