/** Emails leave through SMTP when SMTP_URL is set: a real SMTP server on loopback receives them. */
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pausedProviders } from '../../src/connections/refresh.repo.ts';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { dispatchPendingEmails } from '../../src/platform/email/dispatch.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

const received: { from: string; to: string[]; data: string }[] = [];
let smtp: SMTPServer;
let port: number;
let t: TestContext;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as { port: number }).port;
  t = await createTestContext({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_FROM: 'Acme Creators <creators@acme.example>' } });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

it('sends the reconnect email through SMTP, once, with a text and an HTML part', async () => {
  const res = await t.connect({ creator: { id: 'ana', email: 'ana@example.com', name: 'Ana' }, account: 'ana.business', returnUrl: 'https://p.example/' });
  expect(res.statusCode).toBe(302);
  t.clock.advance(51 * DAY);
  t.sandbox.world.instagram.applyEvent('ana.business', 'revoke');
  await runRefreshSweep(t.system.deps, { includeScheduled: true });
  const deliver = () => dispatchPendingEmails({ db: t.system.deps.db, clock: t.clock, logger: t.system.deps.logger, transport: t.system.transport });
  expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
  expect(await deliver()).toEqual({ delivered: 0, failed: 0 });
  expect(received).toHaveLength(1);
  expect(received[0]?.from).toBe('creators@acme.example');
  expect(received[0]?.to).toEqual(['ana@example.com']);
  expect(received[0]?.data).toContain('Subject: Action needed: reconnect Instagram @ana.business');
  expect(received[0]?.data).toContain('text/plain');
  expect(received[0]?.data).toContain('text/html');
  const row = await t.system.deps.db.selectFrom('emails').selectAll().executeTakeFirstOrThrow();
  expect(row.status).toBe('sent');
});

it('keeps an email pending and retries later when the SMTP server is down', async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.connect({ creator: { id: 'ben', email: 'ben@example.com' }, account: 'ben.creator', returnUrl: 'https://p.example/' });
  t.clock.advance(51 * DAY);
  t.sandbox.world.instagram.applyEvent('ben.creator', 'password-change');
  await runRefreshSweep(t.system.deps, { includeScheduled: true });
  const result = await dispatchPendingEmails({ db: t.system.deps.db, clock: t.clock, logger: t.system.deps.logger, transport: t.system.transport });
  expect(result.failed).toBe(1);
  const row = await t.system.deps.db.selectFrom('emails').selectAll().where('to_address', '=', 'ben@example.com').executeTakeFirstOrThrow();
  expect(row.status).toBe('pending');
  expect(row.attempts).toBe(1);
  expect(row.next_attempt_at.getTime()).toBeGreaterThan(t.clock.now().getTime());
});

it('an app-wide throttle (code 4) pauses every refresh of that network until the regain time', async () => {
  for (const username of ['p.one', 'p.two', 'p.three']) {
    t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
    await t.connect({ creator: { id: username, email: `${username}@example.com` }, account: username, returnUrl: 'https://p.example/' });
  }
  t.clock.advance(51 * DAY);
  t.sandbox.world.calls.clear();
  t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'throttle', code: 4, count: 1 });
  const report = await runRefreshSweep(t.system.deps, { includeScheduled: true, concurrency: 1 });
  // The first call is throttled; the other two claims go back without calling Instagram.
  expect(report).toMatchObject({ claimed: 3, retry_scheduled: 1, paused: 2, refreshed: 0 });
  expect(t.sandbox.world.calls.count('refresh_access_token')).toBe(1);
  expect(await pausedProviders(t.system.deps.db, t.clock.now())).toEqual(['instagram']);
  const callsWhilePaused = t.sandbox.world.calls.count('refresh_access_token');
  await runRefreshSweep(t.system.deps, { includeScheduled: true });
  expect(t.sandbox.world.calls.count('refresh_access_token')).toBe(callsWhilePaused);
  t.clock.advance(61 * 60_000);
  await runRefreshSweep(t.system.deps, { includeScheduled: true });
  const active = await t.system.deps.db.selectFrom('connections').select(['username', 'last_refreshed_at']).where('username', 'in', ['p.one', 'p.two', 'p.three']).execute();
  expect(active.every((c) => c.last_refreshed_at !== null)).toBe(true);
});

it('eases off before the limit: X-App-Usage at 90% or more pauses that network for ten minutes', async () => {
  for (const username of ['u.one', 'u.two', 'u.three']) {
    t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
    await t.connect({ creator: { id: username, email: `${username}@example.com` }, account: username, returnUrl: 'https://p.example/' });
  }
  t.clock.advance(51 * 86_400_000);
  t.sandbox.world.config.appUsagePercent = 93;
  t.sandbox.world.calls.clear();
  const report = await runRefreshSweep(t.system.deps, { includeScheduled: true, concurrency: 1 });
  // The first refresh succeeds and reports 93%; the rest wait instead of pushing the app over its limit.
  expect(report.claimed).toBeGreaterThanOrEqual(3);
  expect(report).toMatchObject({ refreshed: 1, paused: report.claimed - 1 });
  expect(t.sandbox.world.calls.count('refresh_access_token')).toBe(1);
  expect(await pausedProviders(t.system.deps.db, t.clock.now())).toEqual(['instagram']);
  expect((await runRefreshSweep(t.system.deps, { includeScheduled: true })).claimed).toBe(0);
  t.sandbox.world.config.appUsagePercent = 10;
  t.clock.advance(11 * 60_000);
  expect((await runRefreshSweep(t.system.deps, { includeScheduled: true })).refreshed).toBe(report.claimed - 1);
});
