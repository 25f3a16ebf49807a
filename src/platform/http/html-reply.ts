/**
 * Creator-facing HTML answers: never cached, never framed, no script allowed but the page's own
 * inline scripts named by their hash, and no referrer to other sites. `same-origin` rather than
 * `no-referrer`: under no-referrer a browser sends `Origin: null` with form posts, and the forms'
 * Origin check needs the real one.
 */
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface HtmlOptions {
  /**
   * Inline scripts the page carries, each exactly as written between its tags: constants of the page's
   * own, never built from input (data goes in a `type="application/json"` block). The policy allows
   * each by its SHA-256, and nothing else.
   */
  scripts?: readonly string[];
}

export function sendHtml(reply: FastifyReply, status: number, body: string, options: HtmlOptions = {}): FastifyReply {
  const scriptSrc = options.scripts?.length ? ` script-src ${options.scripts.map(scriptHash).join(' ')};` : '';
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', `default-src 'none';${scriptSrc} style-src 'unsafe-inline'; img-src https: http: data:; frame-ancestors 'none'; base-uri 'none'`)
    .type('text/html; charset=utf-8')
    .send(body);
}

const hashes = new Map<string, string>();

/** A CSP source naming one inline script by its SHA-256; each constant script is hashed once. */
function scriptHash(script: string): string {
  let hash = hashes.get(script);
  if (!hash) hashes.set(script, (hash = `'sha256-${crypto.createHash('sha256').update(script, 'utf8').digest('base64')}'`));
  return hash;
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
