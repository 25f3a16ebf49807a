import { expect, it } from 'vitest';
import { webhookUrlProblem } from './webhook-url.rules.ts';

const open = { requireHttps: false, allowPrivate: true };
const guarded = { requireHttps: false, allowPrivate: false };

it('an absolute http(s) URL without credentials can receive webhooks', () => {
  expect(webhookUrlProblem('https://platform.example/hooks?source=ck', guarded)).toBeUndefined();
  expect(webhookUrlProblem('https://203.0.113.7:8443/hooks', guarded)).toBeUndefined();
  expect(webhookUrlProblem('http://127.0.0.1:8080/hooks', open)).toBeUndefined();
});

it('production refuses plain http', () => {
  expect(webhookUrlProblem('http://platform.example/hooks', { requireHttps: true, allowPrivate: false })).toBe('must use https in production');
  expect(webhookUrlProblem('https://platform.example/hooks', { requireHttps: true, allowPrivate: false })).toBeUndefined();
});

it('relative, non-http and credential-carrying URLs are refused', () => {
  expect(webhookUrlProblem('hooks', open)).toBe('must be an absolute URL');
  expect(webhookUrlProblem('javascript:alert(1)', open)).toBe('must be an http(s) URL');
  expect(webhookUrlProblem('https://a:b@platform.example/', open)).toBe('must not contain a user name or password');
});

it('a URL naming this host or a private address is refused, whatever spelling the address takes', () => {
  const cases: [string, RegExp][] = [
    ['http://localhost:8080/hooks', /this host \(localhost\)/],
    ['http://LOCALHOST./hooks', /this host/],
    ['http://api.localhost/hooks', /this host/],
    ['http://127.0.0.1/hooks', /loopback/],
    ['http://2130706433/hooks', /loopback/],
    ['http://0x7f.1/hooks', /loopback/],
    ['http://0/hooks', /unspecified/],
    ['http://169.254.169.254/latest/meta-data/', /metadata/],
    ['http://10.1.2.3/hooks', /private network/],
    ['http://172.20.0.1/hooks', /private network/],
    ['http://192.168.1.10/hooks', /private network/],
    ['http://[::1]/hooks', /loopback/],
    ['http://[::ffff:127.0.0.1]/hooks', /loopback.*IPv6/],
    ['http://[fd00::1]/hooks', /unique local/],
    ['http://[fe80::1]/hooks', /link-local/],
  ];
  for (const [url, reason] of cases) {
    const problem = webhookUrlProblem(url, guarded);
    expect(problem, url).toMatch(reason);
    expect(problem, url).toMatch(/WEBHOOK_ALLOW_PRIVATE/);
    expect(webhookUrlProblem(url, open), url).toBeUndefined();
  }
});
