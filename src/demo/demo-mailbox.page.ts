/**
 * The demo's mailbox: every email the service sent, newest first, and one email with its HTML part (in a
 * sandboxed frame) and its plain text. On a phone the list stacks into one card per email (each cell
 * headed by its label), so the subject, the only link, never hides behind a sideways scroll.
 */
import { type Html, html, page } from '../kernel/html.ts';
import { demoNav } from './demo.page.ts';

export interface MailboxRow {
  id: string;
  to_address: string;
  subject: string;
  status: string;
  created_at: Date;
}

export interface MailboxEmail extends MailboxRow {
  from_address: string;
  html_body: string;
}

const styles = `nav.demo{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 8px}
table.stack td a{overflow-wrap:anywhere}td.when{white-space:nowrap}`;

/** "2026-03-06 02:00 UTC" in a <time> element. */
const when = (at: Date) => html`<time datetime="${at.toISOString()}">${at.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;

/** One cell; its label heads it when the table stacks into cards on a phone. */
const cell = (label: string, content: Html | string, className = '') => html`<td data-label="${label}" class="${className}"><span>${content}</span></td>`;

export function mailboxPage(emails: MailboxRow[]): string {
  const rows = emails.map(
    (e) =>
      html`<tr data-email="${e.id}">${cell('Subject', html`<a href="/demo/mailbox/${e.id}">${e.subject}</a>`)}${cell('To', e.to_address)}${cell('When', when(e.created_at), 'when')}${cell('Status', e.status)}</tr>`,
  );
  const list = emails.length
    ? html`<table class="stack"><thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">When</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted">No email yet: connect a channel on the <a href="/demo">demo platform</a>, then disconnect it from the sandbox to get one.</p>`;
  return page(
    'Mailbox',
    html`${demoNav('mailbox')}<h1>Mailbox</h1><p class="muted">Every email the service sent; with SMTP_URL set they go out by SMTP instead.</p>
<div class="card">${list}</div>`,
    undefined,
    { wide: true, extraStyles: styles },
  );
}

export function mailboxEmailPage(email: MailboxEmail, text: Html): string {
  return page(
    email.subject,
    html`${demoNav('mailbox')}<p><a href="/demo/mailbox">← Mailbox</a></p><h1>${email.subject}</h1>
<p class="muted">From ${email.from_address} to ${email.to_address}, ${when(email.created_at)}</p>
<div class="card"><iframe title="HTML part" sandbox="" style="width:100%;height:420px;border:0;background:#fff" srcdoc="${email.html_body}"></iframe></div>
<h2>Plain text</h2><div class="card"><pre>${text}</pre></div>`,
    undefined,
    { extraStyles: styles },
  );
}
