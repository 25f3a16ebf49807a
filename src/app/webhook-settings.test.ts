import { expect, it } from 'vitest';
import { webhookUrlProblem } from './webhook-settings.ts';

it('an absolute http(s) URL without credentials can receive webhooks', () => {
  expect(webhookUrlProblem('https://platform.example/hooks?source=ck', false)).toBeUndefined();
  expect(webhookUrlProblem('http://127.0.0.1:8080/hooks', false)).toBeUndefined();
});

it('production refuses plain http', () => {
  expect(webhookUrlProblem('http://platform.example/hooks', true)).toBe('must use https in production');
  expect(webhookUrlProblem('https://platform.example/hooks', true)).toBeUndefined();
});

it('relative, non-http and credential-carrying URLs are refused', () => {
  expect(webhookUrlProblem('hooks', false)).toBe('must be an absolute URL');
  expect(webhookUrlProblem('javascript:alert(1)', false)).toBe('must be an http(s) URL');
  expect(webhookUrlProblem('https://a:b@platform.example/', false)).toBe('must not contain a user name or password');
});
