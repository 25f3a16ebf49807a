import { describe, expect, it } from 'vitest';
import { classifyTikTokError, retryAfterSeconds, tiktokErrorCode } from './errors.ts';

const NOW = Date.parse('2026-03-01T09:00:00Z');
const none = new Headers();
const api = (code: string) => ({ data: {}, error: { code, message: 'm', log_id: '20260301090000ABCDEF' } });
const oauth = (error: string) => ({ error, error_description: 'd', log_id: '20260301090000ABCDEF' });

describe('reading TikTok error codes', () => {
  it('reads the code from either shape, and none from a success', () => {
    expect(tiktokErrorCode(api('access_token_invalid'))).toBe('access_token_invalid');
    expect(tiktokErrorCode(oauth('invalid_grant'))).toBe('invalid_grant');
    expect(tiktokErrorCode({ data: { user: {} }, error: { code: 'ok', message: '' } })).toBeUndefined();
    expect(tiktokErrorCode({ access_token: 'act.x' })).toBeUndefined();
    expect(tiktokErrorCode('nope')).toBeUndefined();
  });
});

describe('classifying TikTok errors', () => {
  it('an invalid access token asks for a refresh before a reconnect', () => {
    expect(classifyTikTokError(401, api('access_token_invalid'), none, { call: 'api', nowMs: NOW })).toMatchObject({
      kind: 'reauth_required',
      reason: 'invalid_token',
      refreshMayHelp: true,
      providerCode: 'access_token_invalid',
    });
  });

  it('a refused refresh token is a lost grant: TikTok does not say why', () => {
    expect(classifyTikTokError(400, oauth('invalid_grant'), none, { call: 'refresh', nowMs: NOW })).toMatchObject({
      kind: 'reauth_required',
      reason: 'revoked',
      refreshMayHelp: false,
    });
  });

  it('the same invalid_grant on a code exchange is a bad code, not a lost grant', () => {
    expect(classifyTikTokError(400, oauth('invalid_grant'), none, { call: 'code', nowMs: NOW }).kind).toBe('unexpected_response');
  });

  it('an OAuth error is read from its body whatever the status', () => {
    expect(classifyTikTokError(200, oauth('invalid_grant'), none, { call: 'refresh', nowMs: NOW }).kind).toBe('reauth_required');
    expect(classifyTikTokError(401, oauth('invalid_grant'), none, { call: 'refresh', nowMs: NOW }).kind).toBe('reauth_required');
  });

  it('both scope errors are insufficient_scope, naming the scopes the request needed', () => {
    for (const code of ['scope_not_authorized', 'scope_permission_missed']) {
      expect(classifyTikTokError(401, api(code), none, { call: 'api', requiredScopes: ['video.list'], nowMs: NOW })).toMatchObject({
        kind: 'insufficient_scope',
        reason: 'insufficient_scope',
        missingScopes: ['video.list'],
      });
    }
  });

  it('a throttle is rate_limited, for this account only', () => {
    const error = classifyTikTokError(429, api('rate_limit_exceeded'), none, { call: 'api', nowMs: NOW });
    expect(error).toMatchObject({ kind: 'rate_limited', appWide: false, retryAfterSeconds: 60 });
  });

  it('server errors are transient', () => {
    expect(classifyTikTokError(500, api('internal_error'), none, { call: 'api', nowMs: NOW }).kind).toBe('transient');
    expect(classifyTikTokError(503, {}, none, { call: 'refresh', nowMs: NOW })).toMatchObject({ kind: 'transient', providerCode: 'http_503' });
  });

  it('client and request errors are unexpected responses', () => {
    for (const code of ['invalid_client', 'invalid_request', 'unsupported_grant_type', 'invalid_scope']) {
      expect(classifyTikTokError(400, oauth(code), none, { call: 'refresh', nowMs: NOW })).toMatchObject({ kind: 'unexpected_response', providerCode: code });
    }
    expect(classifyTikTokError(400, api('invalid_params'), none, { call: 'api', nowMs: NOW }).kind).toBe('unexpected_response');
  });

  it('says nothing of the body but the code', () => {
    const error = classifyTikTokError(400, { error: 'invalid_grant', error_description: 'rft.secret!1234.va is invalid' }, none, { call: 'refresh', nowMs: NOW });
    expect(error.message).not.toContain('rft.');
  });
});

describe('how long a throttle lasts', () => {
  it('reads x-ratelimit-reset as an instant in Unix seconds', () => {
    expect(retryAfterSeconds(new Headers({ 'x-ratelimit-reset': String(NOW / 1000 + 2700) }), NOW)).toBe(2700);
  });

  it('reads a small x-ratelimit-reset as seconds to wait', () => {
    expect(retryAfterSeconds(new Headers({ 'x-ratelimit-reset': '42' }), NOW)).toBe(42);
  });

  it('waits one window (60 s) without the header, and at least a second for a reset already past', () => {
    expect(retryAfterSeconds(none, NOW)).toBe(60);
    expect(retryAfterSeconds(new Headers({ 'x-ratelimit-reset': 'soon' }), NOW)).toBe(60);
    expect(retryAfterSeconds(new Headers({ 'x-ratelimit-reset': String(NOW / 1000 - 5) }), NOW)).toBe(1);
  });
});
