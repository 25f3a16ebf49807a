import { expect, it } from 'vitest';
import { webhookUrlProblem } from './webhook-url.rules.ts';

const open = { requireHttps: false, allowPrivate: true, ownAddresses: [] };
const guarded = { requireHttps: false, allowPrivate: false, ownAddresses: [] };

it('an absolute http(s) URL without credentials can receive webhooks', () => {
  expect(webhookUrlProblem('https://platform.example/hooks?source=ck', guarded)).toBeUndefined();
  expect(webhookUrlProblem('https://93.184.216.34:8443/hooks', guarded)).toBeUndefined();
  expect(webhookUrlProblem('http://127.0.0.1:8080/hooks', open)).toBeUndefined();
});

it('production refuses plain http', () => {
  expect(webhookUrlProblem('http://platform.example/hooks', { requireHttps: true, allowPrivate: false, ownAddresses: [] })).toBe('must use https in production');
  expect(webhookUrlProblem('https://platform.example/hooks', { requireHttps: true, allowPrivate: false, ownAddresses: [] })).toBeUndefined();
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

it('a URL naming a documentation, reserved or multicast address is refused even with WEBHOOK_ALLOW_PRIVATE', () => {
  for (const url of [
    'http://0/hooks',
    'https://192.0.2.1/hooks',
    'https://198.51.100.7/hooks',
    'https://203.0.113.9/hooks',
    'https://[2001:db8::1]/hooks',
    'https://[100::1]/hooks',
    'https://224.0.0.1/',
  ]) {
    const problem = webhookUrlProblem(url, open);
    expect(problem, url).toMatch(/^must not point at /);
    expect(problem, url).not.toMatch(/WEBHOOK_ALLOW_PRIVATE/);
  }
});

it("a URL naming one of this machine's addresses is refused, unless WEBHOOK_ALLOW_PRIVATE", () => {
  const here = { ...guarded, ownAddresses: ['93.184.216.34'] };
  expect(webhookUrlProblem('https://93.184.216.34/hooks', here)).toMatch(/an address of this machine \(93\.184\.216\.34\)/);
  expect(webhookUrlProblem('https://93.184.216.34/hooks', { ...here, allowPrivate: true })).toBeUndefined();
});
