import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier, formBody, parseScopes, parseTokenAnswer, setCodeChallenge, tokenRequest } from './oauth2.ts';
import { ProviderError } from './provider.ts';

const now = new Date('2026-03-01T12:00:00Z');
const read = (body: unknown, defaultExpiresIn = 3600) => parseTokenAnswer(body, { network: 'Example', now, defaultExpiresIn });
const after = (seconds: number) => new Date(now.getTime() + seconds * 1000);

function refusal(body: unknown): ProviderError {
  try {
    read(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the answer to be refused');
}

describe('reading a token answer', () => {
  it('the access token is kept, issued now, and expires_in seconds from our clock', () => {
    expect(read({ access_token: 'at', expires_in: 7200 })).toEqual({ accessToken: 'at', issuedAt: now, expiresAt: after(7200) });
  });

  it('an answer without an access_token, or with an empty one, is an unexpected response', () => {
    for (const body of [{}, { access_token: '' }, { access_token: 42 }, { access_token: null }]) {
      expect(refusal(body)).toMatchObject({ kind: 'unexpected_response' });
    }
  });

  it('an answer that is not a JSON object is an unexpected response', () => {
    for (const body of [null, 'at', [], 42]) expect(refusal(body).kind).toBe('unexpected_response');
  });

  it('expires_in given as a numeric string is accepted', () => {
    expect(read({ access_token: 'at', expires_in: '2592000' }).expiresAt).toEqual(after(2_592_000));
  });

  it('a negative expires_in is an unexpected response', () => {
    expect(refusal({ access_token: 'at', expires_in: -1 })).toMatchObject({ kind: 'unexpected_response' });
    expect(refusal({ access_token: 'at', expires_in: '-1' }).kind).toBe('unexpected_response');
  });

  it('a non-numeric expires_in is an unexpected response, never a guessed lifetime', () => {
    for (const expiresIn of ['soon', '', ' 3600', '12abc', '0x10', '1e3', true, {}, [3600]]) {
      expect(refusal({ access_token: 'at', expires_in: expiresIn }).kind, JSON.stringify(expiresIn)).toBe('unexpected_response');
    }
  });

  it('without expires_in (absent or null) the network’s documented lifetime is assumed', () => {
    expect(read({ access_token: 'at' }, 3599).expiresAt).toEqual(after(3599));
    expect(read({ access_token: 'at', expires_in: null }, 3599).expiresAt).toEqual(after(3599));
  });

  it('an expires_in of 0 means the token expires now', () => {
    expect(read({ access_token: 'at', expires_in: 0 }).expiresAt).toEqual(now);
  });

  it('the refresh token ends refresh_expires_in (TikTok) or refresh_token_expires_in (Google, Pinterest) from now', () => {
    expect(read({ access_token: 'at', refresh_token: 'rt', refresh_expires_in: 86_400 })).toMatchObject({ refreshToken: 'rt', refreshTokenExpiresAt: after(86_400) });
    expect(read({ access_token: 'at', refresh_token: 'rt', refresh_token_expires_in: '5184000' })).toMatchObject({ refreshToken: 'rt', refreshTokenExpiresAt: after(5_184_000) });
  });

  it('a refresh token without an expiry has no fixed end', () => {
    expect(read({ access_token: 'at', refresh_token: 'rt' })).toMatchObject({ refreshToken: 'rt', refreshTokenExpiresAt: null });
  });

  it('an answer without a refresh token says nothing of one, so the caller keeps the one it has', () => {
    const tokens = read({ access_token: 'at', expires_in: 3599 });
    expect(tokens).not.toHaveProperty('refreshToken');
    expect(tokens).not.toHaveProperty('refreshTokenExpiresAt');
  });

  it('a refresh token that is not a token, or a bad refresh expiry, is an unexpected response', () => {
    for (const body of [{ refresh_token: '' }, { refresh_token: 7 }, { refresh_token: 'rt', refresh_expires_in: 'later' }, { refresh_token: 'rt', refresh_token_expires_in: -5 }]) {
      expect(refusal({ access_token: 'at', ...body }).kind, JSON.stringify(body)).toBe('unexpected_response');
    }
  });

  it('scopes are split on spaces (RFC 6749) or commas (TikTok, Meta)', () => {
    expect(read({ access_token: 'at', scope: 'a b' }).scopes).toEqual(['a', 'b']);
    expect(read({ access_token: 'at', scope: 'user.info.basic,video.list' }).scopes).toEqual(['user.info.basic', 'video.list']);
    expect(read({ access_token: 'at' })).not.toHaveProperty('scopes');
  });

  it('a scope list is a string or a list of strings; anything else is an unexpected response', () => {
    expect(parseScopes(['instagram_business_basic', 'instagram_business_manage_insights'], 'Instagram')).toEqual([
      'instagram_business_basic',
      'instagram_business_manage_insights',
    ]);
    expect(parseScopes(undefined, 'Instagram')).toBeUndefined();
    expect(refusal({ access_token: 'at', scope: 42 }).kind).toBe('unexpected_response');
    expect(() => parseScopes([1, 2], 'Instagram')).toThrow(ProviderError);
  });

  it('an error names the network, never the token', () => {
    const error = refusal({ access_token: 'secret-token', expires_in: 'soon' });
    expect(error.message).toMatch(/^Example: /);
    expect(error.message).not.toContain('secret-token');
  });
});

describe('the token request', () => {
  const client = { clientId: 'app', clientSecret: 's3cret' };

  it('is a form POST to the endpoint, with the client in the form by default', () => {
    const [url, init] = tokenRequest('https://example.com/oauth/token', { grant_type: 'authorization_code', code: 'c' }, client, { method: 'body' });
    expect(url.href).toBe('https://example.com/oauth/token');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(Object.fromEntries(init.body as URLSearchParams)).toEqual({ client_id: 'app', client_secret: 's3cret', grant_type: 'authorization_code', code: 'c' });
  });

  it('the client id goes under the name the network uses (TikTok: client_key)', () => {
    const [, init] = tokenRequest('https://example.com/token', { grant_type: 'refresh_token' }, client, { method: 'body', clientIdField: 'client_key' });
    expect((init.body as URLSearchParams).get('client_key')).toBe('app');
    expect((init.body as URLSearchParams).has('client_id')).toBe(false);
  });

  it('with HTTP Basic the client is in the Authorization header only, never in the form', () => {
    const [, init] = tokenRequest('https://example.com/token', { grant_type: 'refresh_token', refresh_token: 'rt' }, client, { method: 'basic' });
    expect((init.headers as Record<string, string>).authorization).toBe(`Basic ${Buffer.from('app:s3cret').toString('base64')}`);
    expect(Object.fromEntries(init.body as URLSearchParams)).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt' });
  });

  it('the secret never goes into the URL', () => {
    for (const method of ['body', 'basic'] as const) expect(tokenRequest('https://example.com/token', {}, client, { method })[0].href).not.toContain('s3cret');
  });

  it('fields without a value are left out of the form', () => {
    expect(formBody({ code: 'c', code_verifier: undefined }).toString()).toBe('code=c');
  });
});

describe('PKCE', () => {
  it('PKCE challenge is the base64url SHA-256 of the verifier (RFC 7636, appendix B)', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('the authorization URL carries the challenge and says S256', () => {
    const url = new URL('https://example.com/authorize?state=s');
    setCodeChallenge(url, 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(url.searchParams.get('code_challenge')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('a code verifier is 43 to 128 unreserved characters, new each time', () => {
    const verifier = createCodeVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(createCodeVerifier()).not.toBe(verifier);
  });
});
