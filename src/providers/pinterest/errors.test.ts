import { describe, expect, it } from 'vitest';
import { classifyPinterestError, isSpamBlock } from './errors.ts';

const none = new Headers();

describe('classifyPinterestError', () => {
  it('a refused refresh token (283) is a lost grant Pinterest gives no reason for', () => {
    const error = classifyPinterestError(401, { code: 283, message: 'The authorization grant is invalid' }, none, 'refresh');
    expect(error).toMatchObject({ kind: 'reauth_required', reason: 'revoked', providerCode: '283', refreshMayHelp: false });
  });

  it('a refused authorization code (283) is an unexpected response, not a lost grant', () => {
    expect(classifyPinterestError(401, { code: 283, message: 'x' }, none, 'code')).toMatchObject({ kind: 'unexpected_response', providerCode: '283' });
  });

  it('an API call refused with code 2 asks for a refresh first', () => {
    const error = classifyPinterestError(401, { code: 2, message: 'Authentication failed.' }, none, 'api');
    expect(error).toMatchObject({ kind: 'reauth_required', reason: 'invalid_token', refreshMayHelp: true, providerCode: '2' });
  });

  it('code 2 from the token endpoint means our client credentials were refused', () => {
    expect(classifyPinterestError(401, { code: 2, message: 'Authentication failed.' }, none, 'refresh')).toMatchObject({ kind: 'unexpected_response', providerCode: '2' });
  });

  it('a missing scope (401 code 3) is insufficient_scope naming the scopes the call needed', () => {
    const error = classifyPinterestError(401, { code: 3, message: 'Your token does not have sufficient permissions' }, none, 'api', ['user_accounts:read']);
    expect(error).toMatchObject({ kind: 'insufficient_scope', reason: 'insufficient_scope', missingScopes: ['user_accounts:read'] });
  });

  it('403 code 29 ("not permitted") is insufficient_scope without guessing which scope', () => {
    const error = classifyPinterestError(403, { code: 29, message: 'You are not permitted to access that resource.' }, none, 'api', ['pins:read']);
    expect(error).toMatchObject({ kind: 'insufficient_scope', missingScopes: undefined, providerCode: '29' });
  });

  it('a 429 waits for Retry-After when sent, else a minute', () => {
    const body = { code: 8, message: 'You have exceeded your rate limit. Try again later.' };
    expect(classifyPinterestError(429, body, none, 'api')).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 60, providerCode: '8', appWide: false });
    expect(classifyPinterestError(429, body, new Headers({ 'retry-after': '12' }), 'api').retryAfterSeconds).toBe(12);
  });

  it('a 429 that is a spam block waits a day under its own provider code', () => {
    const body = { code: 8, message: 'x', message_detail: 'Blocked: flagged as SPAM' };
    expect(isSpamBlock(body)).toBe(true);
    expect(classifyPinterestError(429, body, new Headers({ 'retry-after': '5' }), 'api')).toMatchObject({
      kind: 'rate_limited',
      retryAfterSeconds: 86_400,
      providerCode: 'spam_block',
    });
  });

  it('only message_detail marks a spam block, not the message', () => {
    expect(isSpamBlock({ code: 8, message: 'spam' })).toBe(false);
    expect(isSpamBlock('spam')).toBe(false);
  });

  it('a 5xx is transient whatever the body', () => {
    expect(classifyPinterestError(503, { code: 283 }, none, 'refresh')).toMatchObject({ kind: 'transient', providerCode: '283' });
    expect(classifyPinterestError(500, null, none, 'api')).toMatchObject({ kind: 'transient', providerCode: 'http_500' });
  });

  it('anything else is an unexpected response with the provider code', () => {
    expect(classifyPinterestError(400, { code: 1, message: 'Invalid parameters.' }, none, 'api')).toMatchObject({ kind: 'unexpected_response', providerCode: '1' });
    expect(classifyPinterestError(404, { code: 50, message: 'Pin not found.' }, none, 'api')).toMatchObject({ kind: 'unexpected_response', providerCode: '50' });
  });
});
