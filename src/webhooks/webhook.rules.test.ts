import { expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../kernel/clock.ts';
import { isWebhookType, nextWebhookAttempt, previousSecretInForce, unknownWebhookTypes, WEBHOOK_SECRET_OVERLAP_MS, webhookRetryDelayMs, webhookTypeFor } from './webhook.rules.ts';

it('state changes map to webhook types; other events send none', () => {
  expect(webhookTypeFor('connected')).toBe('connection.connected');
  expect(webhookTypeFor('reconnected')).toBe('connection.reconnected');
  expect(webhookTypeFor('refreshed')).toBe('connection.refreshed');
  expect(webhookTypeFor('expiring')).toBe('connection.expiring');
  expect(webhookTypeFor('disconnected')).toBe('connection.disconnected');
  expect(webhookTypeFor('revoked')).toBe('connection.revoked');
  for (const type of ['refresh_failed', 'verified', 'toString', '']) expect(webhookTypeFor(type)).toBeUndefined();
});

it('retries back off exponentially from one minute, capped at an hour', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => webhookRetryDelayMs(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
});

it('a delivery is retried within 24 hours of the event, then given up', () => {
  const created = new Date('2026-01-01T00:00:00Z');
  expect(nextWebhookAttempt(created, 1, created)).toEqual(new Date(created.getTime() + MINUTE));
  const late = new Date(created.getTime() + DAY - 30 * MINUTE);
  expect(nextWebhookAttempt(created, 10, late)).toBeUndefined();
  expect(nextWebhookAttempt(created, 10, new Date(created.getTime() + 23 * HOUR))).toEqual(new Date(created.getTime() + DAY));
});

it('event-type filters name types from the closed list; anything else is reported, in order', () => {
  expect(isWebhookType('connection.disconnected')).toBe(true);
  expect(unknownWebhookTypes(['connection.disconnected', 'connection.exploded', 'toString', 'campaign_post.bound', ''])).toEqual(['connection.exploded', 'toString', '']);
});

it('a rotated secret signs for 24 hours after the rotation, and not from then on', () => {
  const rotated = new Date('2026-01-01T00:00:00Z');
  const expiresAt = new Date(rotated.getTime() + WEBHOOK_SECRET_OVERLAP_MS);
  expect(WEBHOOK_SECRET_OVERLAP_MS).toBe(DAY);
  expect(previousSecretInForce(expiresAt, rotated)).toBe(true);
  expect(previousSecretInForce(expiresAt, new Date(expiresAt.getTime() - 1))).toBe(true);
  expect(previousSecretInForce(expiresAt, expiresAt)).toBe(false);
  expect(previousSecretInForce(null, rotated)).toBe(false);
});
