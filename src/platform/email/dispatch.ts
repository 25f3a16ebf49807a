/**
 * Delivers queued emails: through SMTP when a transport is configured, otherwise into the demo
 * mailbox (status `stored`, shown at /demo/mailbox). Claims use a lease under SKIP LOCKED, so
 * several workers never send the same email; a crash after sending and before marking can resend
 * one (at-least-once), never lose one.
 */

import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Clock } from '../../kernel/clock.ts';
import { MINUTE } from '../../kernel/clock.ts';
import type { DB } from '../db/db.ts';
import type { Metrics } from '../metrics.ts';
import type { EmailsTable } from './emails.table.ts';

const MAX_ATTEMPTS = 10;

export interface DispatchDeps {
  db: DB;
  clock: Clock;
  logger: Logger;
  transport: Transporter | null;
  /** Counts each attempt's outcome (`channelkeeper_email_attempts_total`); absent: not counted. */
  metrics?: Metrics;
}

export async function dispatchPendingEmails(deps: DispatchDeps, batchSize = 50): Promise<{ delivered: number; failed: number }> {
  const now = deps.clock.now();
  const claimed = await sql<Selectable<EmailsTable>>`
    update emails e set lease_expires_at = clock_timestamp() + interval '2 minutes'
    from (
      select id from emails
      where status = 'pending' and next_attempt_at <= ${now}
        and (lease_expires_at is null or lease_expires_at < clock_timestamp())
      order by priority = 'high' desc, next_attempt_at
      limit ${batchSize}
      for update skip locked
    ) due
    where e.id = due.id
    returning e.*`.execute(deps.db);
  let delivered = 0;
  let failed = 0;
  for (const email of claimed.rows) {
    try {
      if (deps.transport) {
        await deps.transport.sendMail({
          from: email.from_address,
          to: email.to_address,
          subject: email.subject,
          text: email.text_body,
          html: email.html_body,
          // nodemailer sets X-Priority, X-MSMail-Priority and Importance from this.
          priority: email.priority === 'high' ? 'high' : 'normal',
          headers: { 'X-Channelkeeper-Email-Id': email.id, ...(email.locale ? { 'Content-Language': email.locale } : {}) },
        });
      }
      await deps.db
        .updateTable('emails')
        .set({ status: deps.transport ? 'sent' : 'stored', delivered_at: deps.clock.now(), lease_expires_at: null, attempts: email.attempts + 1 })
        .where('id', '=', email.id)
        .execute();
      delivered++;
      deps.metrics?.email(deps.transport ? 'sent' : 'stored');
    } catch (error) {
      failed++;
      const attempts = email.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      deps.logger.warn({ emailId: email.id, attempts, err: message }, 'email delivery failed');
      await deps.db
        .updateTable('emails')
        .set({
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          attempts,
          last_error: message.slice(0, 500),
          next_attempt_at: new Date(deps.clock.now().getTime() + Math.min(2 ** attempts, 240) * MINUTE),
          lease_expires_at: null,
        })
        .where('id', '=', email.id)
        .execute();
      deps.metrics?.email(attempts >= MAX_ATTEMPTS ? 'failed' : 'retrying');
    }
  }
  return { delivered, failed };
}
