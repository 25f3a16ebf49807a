/**
 * The email outbox. A notice is inserted in the same transaction as the state change that causes
 * it, keyed by a dedupe key, so a crash never loses one and a retry never doubles one. A worker
 * delivers it afterwards (see dispatch.ts).
 */
import type { Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import type { Tx } from '../db/db.ts';

/** An email's words: a plain-text and an HTML part. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  /** The language it is written in (BCP 47): stored, and sent as Content-Language. */
  locale?: string;
}

export interface OutgoingEmail extends EmailContent {
  workspaceId: string;
  creatorId: string | null;
  connectionId: string | null;
  kind: string;
  dedupeKey: string;
  to: string;
  from: string;
  /** 'high' for an urgent notice: dispatched first and marked important for mail clients. */
  priority?: 'normal' | 'high';
}

/** Returns true if the email was queued, false if one with the same dedupe key already was. */
export async function enqueueEmail(db: Tx, clock: Clock, email: OutgoingEmail): Promise<boolean> {
  const now = clock.now();
  const result = await db
    .insertInto('emails')
    .values({
      id: newId('eml', clock),
      workspace_id: email.workspaceId,
      creator_id: email.creatorId,
      connection_id: email.connectionId,
      kind: email.kind,
      dedupe_key: email.dedupeKey,
      to_address: email.to,
      from_address: email.from,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      locale: email.locale ?? null,
      status: 'pending',
      priority: email.priority ?? 'normal',
      next_attempt_at: now,
      last_error: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}
