/**
 * Creator-facing HTML answers: never cached, never framed, no script allowed, and no referrer to
 * other sites. `same-origin` rather than `no-referrer`: under no-referrer a browser sends
 * `Origin: null` with form posts, and the forms' Origin check needs the real one.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; frame-ancestors 'none'; base-uri 'none'")
    .type('text/html; charset=utf-8')
    .send(body);
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
