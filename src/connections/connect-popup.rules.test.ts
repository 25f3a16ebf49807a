import { describe, expect, it } from 'vitest';
import { connectedMessage, failedMessage, MAX_ALLOWED_ORIGINS, parseAllowedOrigins } from './connect-popup.rules.ts';

const accepted = (values: string[]) => {
  const result = parseAllowedOrigins(values);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
};

describe('the origins a connect session may post its result to', () => {
  it('an http or https origin with a host and an optional port is accepted as it is', () => {
    expect(accepted(['https://platform.example', 'http://127.0.0.1:5173', 'http://[::1]:8080'])).toEqual([
      'https://platform.example',
      'http://127.0.0.1:5173',
      'http://[::1]:8080',
    ]);
  });

  it('is written as the browser writes event.origin: lower-case host, default port dropped', () => {
    expect(accepted(['HTTPS://Platform.Example:443', 'http://app.example:80', 'https://app.example:8443'])).toEqual([
      'https://platform.example',
      'http://app.example',
      'https://app.example:8443',
    ]);
  });

  it('a repeated origin is kept once', () => {
    expect(accepted(['https://a.example', 'https://A.example', 'https://a.example:443'])).toEqual(['https://a.example']);
  });

  it('no list, or an empty one, means the flow posts nothing', () => {
    expect(parseAllowedOrigins(undefined)).toEqual({ ok: true, value: null });
    expect(parseAllowedOrigins([])).toEqual({ ok: true, value: null });
  });

  it.each([
    ['a path', 'https://platform.example/app'],
    ['a trailing slash', 'https://platform.example/'],
    ['a query', 'https://platform.example?x=1'],
    ['a fragment', 'https://platform.example#top'],
    ['credentials', 'https://user:pass@platform.example'],
    ['a wildcard', 'https://*.platform.example'],
    ['another scheme', 'ftp://platform.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['the opaque origin', 'null'],
    ['a bare host', 'platform.example'],
    ['no host', 'https://'],
    ['a port out of range', 'https://platform.example:70000'],
    ['a space', 'https://platform .example'],
    ['a backslash', 'https://platform.example\\evil.example'],
    ['an empty string', ''],
    ['a very long host', `https://${'a'.repeat(300)}.example`],
  ])('%s is refused as invalid_request naming the entry', (_name, value) => {
    const result = parseAllowedOrigins(['https://ok.example', value]);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { fields: [{ field: 'allowedOrigins.1' }] } } });
  });

  it(`more than ${MAX_ALLOWED_ORIGINS} origins are refused`, () => {
    const many = Array.from({ length: MAX_ALLOWED_ORIGINS + 1 }, (_, i) => `https://p${i}.example`);
    expect(parseAllowedOrigins(many.slice(0, MAX_ALLOWED_ORIGINS)).ok).toBe(true);
    expect(parseAllowedOrigins(many)).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { fields: [{ field: 'allowedOrigins' }] } } });
  });
});

describe('the message the last page of the flow posts', () => {
  it('a connection made carries its id (and every id, after a choice of several accounts)', () => {
    expect(connectedMessage(['con_1'])).toEqual({
      source: 'channelkeeper',
      type: 'connect.result',
      status: 'connected',
      connectionId: 'con_1',
      connectionIds: ['con_1'],
      reason: 'connected',
    });
    expect(connectedMessage(['con_1', 'con_2'])).toMatchObject({ connectionId: 'con_1', connectionIds: ['con_1', 'con_2'] });
  });

  it('declining on the network’s consent page is a cancellation', () => {
    expect(failedMessage('access_denied')).toEqual({ source: 'channelkeeper', type: 'connect.result', status: 'cancelled', code: 'access_denied', reason: 'cancelled' });
  });

  it.each(['connect_session_expired', 'connect_session_used', 'state_expired', 'state_used'] as const)('%s means the link no longer works: expired', (code) => {
    expect(failedMessage(code)).toMatchObject({ status: 'failed', code, reason: 'expired' });
  });

  it.each(['account_connected_elsewhere', 'personal_account', 'no_eligible_account', 'oauth_failed', 'provider_unavailable'] as const)(
    '%s is a refusal that names its code',
    (code) => {
      expect(failedMessage(code)).toMatchObject({ status: 'failed', code, reason: 'refused' });
    },
  );

  it('a failure never carries a connection id', () => {
    expect(failedMessage('personal_account')).not.toHaveProperty('connectionId');
  });
});
