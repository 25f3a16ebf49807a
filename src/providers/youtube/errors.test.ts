import { describe, expect, it } from 'vitest';
import { classifyGoogleError, type GoogleCall, retryAfter, scopesFrom, secondsUntilPacificMidnight } from './errors.ts';

const NOW = new Date('2026-07-01T12:00:00Z');
const api = (code: number, reason: string, domain = 'global', status?: string) => ({
  error: { code, message: 'Simulated', errors: [{ message: 'Simulated', domain, reason }], ...(status ? { status } : {}) },
});
const classify = (status: number, body: unknown, { call = 'api' as GoogleCall, headers = {} as Record<string, string>, now = NOW } = {}) =>
  classifyGoogleError(status, body, new Headers(headers), { host: 'www.googleapis.com', call, now });

describe('token endpoint errors', () => {
  it('invalid_grant on a refresh means the grant is over; Google does not say why, so the reason is revoked', () => {
    const error = classify(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }, { call: 'refresh' });
    expect(error).toMatchObject({ kind: 'reauth_required', reason: 'revoked', providerCode: 'invalid_grant', refreshMayHelp: false, appWide: false });
  });

  it('invalid_grant on a code exchange is a rejected code, not a lost grant', () => {
    expect(classify(400, { error: 'invalid_grant', error_description: 'Bad Request' }, { call: 'code' })).toMatchObject({
      kind: 'unexpected_response',
      providerCode: 'invalid_grant',
    });
  });

  it.each(['invalid_client', 'redirect_uri_mismatch', 'invalid_request', 'unsupported_grant_type'])('%s is our mistake: an unexpected response', (code) => {
    expect(classify(400, { error: code }, { call: 'refresh' })).toMatchObject({ kind: 'unexpected_response', providerCode: code });
  });

  it('a 5xx in the OAuth shape is transient, a 429 is a throttle with its Retry-After', () => {
    expect(classify(503, { error: 'temporarily_unavailable' }, { call: 'refresh' }).kind).toBe('transient');
    expect(classify(429, { error: 'rate_limit_exceeded' }, { call: 'refresh', headers: { 'retry-after': '30' } })).toMatchObject({
      kind: 'rate_limited',
      appWide: false,
      retryAfterSeconds: 30,
    });
  });

  it('the token endpoint answering in the API envelope is classified like an API error', () => {
    expect(classify(403, api(403, 'userRateLimitExceeded', 'usageLimits'), { call: 'refresh' })).toMatchObject({
      kind: 'rate_limited',
      appWide: false,
      retryAfterSeconds: undefined,
    });
  });
});

describe('API errors', () => {
  it('401 authError: the access token is refused, a refresh may help', () => {
    expect(classify(401, api(401, 'authError', 'global', 'UNAUTHENTICATED'))).toMatchObject({
      kind: 'reauth_required',
      reason: 'invalid_token',
      refreshMayHelp: true,
      providerCode: 'authError',
    });
  });

  it('a bare 401 is treated the same way', () => {
    expect(classify(401, {})).toMatchObject({ kind: 'reauth_required', reason: 'invalid_token', refreshMayHelp: true, providerCode: 'http_401' });
  });

  it('403 insufficientPermissions is an insufficient scope, naming the scopes from WWW-Authenticate', () => {
    const headers = { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/youtube.readonly"' };
    expect(classify(403, api(403, 'insufficientPermissions', 'global', 'PERMISSION_DENIED'), { headers })).toMatchObject({
      kind: 'insufficient_scope',
      reason: 'insufficient_scope',
      providerCode: 'insufficientPermissions',
      missingScopes: ['https://www.googleapis.com/auth/youtube.readonly'],
    });
  });

  it('ACCESS_TOKEN_SCOPE_INSUFFICIENT in the details is an insufficient scope too', () => {
    const body = {
      error: { code: 403, status: 'PERMISSION_DENIED', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }] },
    };
    expect(classify(403, body).kind).toBe('insufficient_scope');
  });

  it("quotaExceeded is the project's daily quota: app-wide, until midnight Pacific", () => {
    expect(classify(403, api(403, 'quotaExceeded', 'youtube.quota'))).toMatchObject({
      kind: 'rate_limited',
      appWide: true,
      providerCode: 'quotaExceeded',
      // 12:00 UTC on 1 July is 05:00 PDT: 19 hours to midnight.
      retryAfterSeconds: 19 * 3600,
    });
  });

  it.each(['rateLimitExceeded', 'userRateLimitExceeded'])('%s is a throttle for this call only, with no wait unless Retry-After says', (reason) => {
    expect(classify(403, api(403, reason, 'usageLimits'))).toMatchObject({ kind: 'rate_limited', appWide: false, retryAfterSeconds: undefined, providerCode: reason });
    expect(classify(403, api(403, reason, 'usageLimits'), { headers: { 'retry-after': '120' } }).retryAfterSeconds).toBe(120);
  });

  it('a 429 is a throttle', () => {
    expect(classify(429, api(429, 'rateLimitExceeded', 'global', 'RESOURCE_EXHAUSTED'))).toMatchObject({ kind: 'rate_limited', appWide: false });
  });

  it.each([
    [500, 'backendError'],
    [503, 'serviceUnavailable'],
    [502, 'http_502'],
  ])('%i %s is transient', (status, reason) => {
    const body = reason.startsWith('http_') ? '<html>' : api(status, reason);
    expect(classify(status, body).kind).toBe('transient');
  });

  it('youtubeSignupRequired: the Google account has no channel; the person must create one and connect again', () => {
    expect(classify(401, api(401, 'youtubeSignupRequired', 'youtube.header'))).toMatchObject({
      kind: 'reauth_required',
      reason: 'no_channel',
      refreshMayHelp: false,
      providerCode: 'youtubeSignupRequired',
    });
  });

  it('a missing parameter is an unexpected response, not a lost token', () => {
    expect(classify(400, api(400, 'required'))).toMatchObject({ kind: 'unexpected_response', providerCode: 'required' });
  });
});

describe('midnight Pacific, when the YouTube quota resets', () => {
  it('in winter (PST, UTC-8)', () => {
    // 04:00 PST on 15 January → midnight is 08:00 UTC on the 16th.
    expect(secondsUntilPacificMidnight(new Date('2026-01-15T12:00:00Z'))).toBe(20 * 3600);
  });

  it('in summer (PDT, UTC-7)', () => {
    expect(secondsUntilPacificMidnight(new Date('2026-07-01T12:00:00Z'))).toBe(19 * 3600);
  });

  it('on the day clocks spring forward the Pacific day has 23 hours', () => {
    // 00:30 PST on Sunday 8 March 2026; the next midnight is 00:00 PDT on the 9th (07:00 UTC).
    expect(secondsUntilPacificMidnight(new Date('2026-03-08T08:30:00Z'))).toBe(22.5 * 3600);
  });

  it('on the day clocks fall back the Pacific day has 25 hours', () => {
    // 00:30 PDT on Sunday 1 November 2026; the next midnight is 00:00 PST on the 2nd (08:00 UTC).
    expect(secondsUntilPacificMidnight(new Date('2026-11-01T07:30:00Z'))).toBe(24.5 * 3600);
  });

  it('one second before midnight leaves one second; at midnight a whole day', () => {
    expect(secondsUntilPacificMidnight(new Date('2026-07-02T06:59:59Z'))).toBe(1);
    expect(secondsUntilPacificMidnight(new Date('2026-07-02T07:00:00Z'))).toBe(24 * 3600);
  });
});

describe('header helpers', () => {
  it('Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfter(new Headers({ 'retry-after': '7' }), NOW)).toBe(7);
    expect(retryAfter(new Headers({ 'retry-after': 'Wed, 01 Jul 2026 12:01:00 GMT' }), NOW)).toBe(60);
    expect(retryAfter(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(retryAfter(new Headers(), NOW)).toBeUndefined();
  });

  it('no WWW-Authenticate scope, no missing scopes', () => {
    expect(scopesFrom(new Headers({ 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' }))).toBeUndefined();
  });
});
