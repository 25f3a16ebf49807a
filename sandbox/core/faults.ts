/**
 * Named fault injection. A fault is armed through `POST /_sandbox/faults` (or `world.faults.add`) for one
 * endpoint (or '*'), optionally one account, for `count` calls (-1: until cleared), and optionally for only a
 * share of the matching calls, drawn at random (`rate`: 0.05 faults about one call in twenty). The endpoint
 * handler records the call, then asks `take()` before doing any real work, so a faulted call changes no
 * state. The book remembers how many calls each account had faulted, so a long run can tell the calls the
 * network really answered from those it only pretended to fail.
 *
 * - http_500   a bare 500 with an HTML body (a proxy or load-balancer failure, not a Graph error)
 * - timeout    hang `delayMs` (default 30 s, real time, never blocking the event loop) then 504
 * - meta_error a Graph error with `code`/`subcode` (default code 1: HTTP 500, is_transient true)
 * - throttle   a rate-limit error, `code` 4 | 17 | 32 | 613 | 80002 (default 80002, Instagram's BUC code)
 *              with X-App-Usage (4) or X-Business-Use-Case-Usage (80002, regain in `regainMinutes`)
 * - malformed  200 with a body that is not JSON
 * - provider_error  a non-Meta network's own error (`errorCode`, `status`, `detail`), in that network's shape
 * - lost_answer  the network does the work (e.g. issues and rotates tokens), then never answers: a crash or
 *              a cut connection between the provider's answer and our commit (`delayMs`, default 30 s, then 504)
 *
 * `sendTransportFault` answers the faults that look the same on every network (http_500, timeout, malformed,
 * lost_answer); the others are sent by each network's own handler, which knows its error shape (the Graph
 * one for Instagram and Facebook: meta/faults.ts).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const faultSpecSchema = z.object({
  /** Instagram: refresh_access_token | access_token | oauth_access_token | me | media | stories; other networks: `<network>.<endpoint>`; '*' for all. */
  endpoint: z.string().min(1).max(80),
  fault: z.enum(['http_500', 'timeout', 'meta_error', 'throttle', 'malformed', 'provider_error', 'lost_answer']),
  count: z.number().int().min(-1).optional(),
  code: z.number().int().optional(),
  subcode: z.number().int().optional(),
  delayMs: z.number().int().min(0).optional(),
  regainMinutes: z.number().min(0).optional(),
  accountUserId: z.string().optional(),
  /** The share of matching calls to fault, drawn at random for each call (default 1: every one, until `count` runs out). */
  rate: z.number().gt(0).max(1).optional(),
  /** provider_error: the network's own error code (e.g. TikTok "rate_limit_exceeded", Pinterest 283) and HTTP status. */
  errorCode: z.union([z.string(), z.number()]).optional(),
  status: z.number().int().min(100).max(599).optional(),
  /** provider_error: extra detail some networks send (Pinterest's spam `message_detail`). */
  detail: z.string().optional(),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface Fault extends FaultSpec {
  id: number;
  /** Calls left to fault; -1 means until cleared. */
  remaining: number;
}

export class FaultBook {
  #faults: Fault[] = [];
  #hanging = new Set<() => void>();
  #nextId = 1;
  readonly #random: () => number;
  #faulted = 0;
  readonly #faultedByAccount = new Map<string, number>();

  /** `random`: where `rate` draws from (tests pass a fixed sequence). */
  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.#nextId++, remaining: spec.count ?? 1 };
    if (fault.remaining !== 0) this.#faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.#faults = [];
  }

  /** The fault to apply to this call, if any; consumes one of its counts. */
  take(endpoint: string, userId?: string): Fault | undefined {
    if (this.#faults.length === 0) return undefined;
    const i = this.#faults.findIndex(
      (f) => (f.endpoint === '*' || f.endpoint === endpoint) && (f.accountUserId === undefined || f.accountUserId === userId) && (f.rate === undefined || this.#random() < f.rate),
    );
    if (i < 0) return undefined;
    const fault = this.#faults[i]!;
    if (fault.remaining > 0 && --fault.remaining === 0) this.#faults.splice(i, 1);
    this.#faulted++;
    if (userId !== undefined) this.#faultedByAccount.set(userId, (this.#faultedByAccount.get(userId) ?? 0) + 1);
    return fault;
  }

  /** Calls answered by a fault since the start (for one account when given: the id the call log records). */
  faultedCalls(userId?: string): number {
    return userId === undefined ? this.#faulted : (this.#faultedByAccount.get(userId) ?? 0);
  }

  /** Waits `ms` of real time, or less if the server closes first. */
  hang(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#hanging.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#hanging.add(done);
    });
  }

  /** Ends every hanging `timeout` fault now (called when the server closes). */
  releaseHanging(): void {
    for (const done of [...this.#hanging]) done();
  }
}

/**
 * Answers a fault that looks the same whatever the network: a bare 500 with an HTML body, a hang then a 504
 * (`timeout`, and `lost_answer` once the caller did the work), a 200 that is not JSON. Undefined for a fault
 * the network answers in its own error shape (meta_error, throttle, provider_error).
 */
export async function sendTransportFault(reply: FastifyReply, fault: Fault, book: FaultBook): Promise<FastifyReply | undefined> {
  switch (fault.fault) {
    case 'http_500':
      return reply.code(500).type('text/html; charset=utf-8').send('<html><body><h1>500 Internal Server Error</h1></body></html>');
    case 'timeout':
      await book.hang(fault.delayMs ?? 30_000);
      return reply.code(504).type('text/html; charset=utf-8').send('<html><body><h1>504 Gateway Time-out</h1></body></html>');
    case 'malformed':
      return reply.code(200).type('application/json; charset=UTF-8').send('<!DOCTYPE html><html><body>Sorry, something went wrong.');
    case 'lost_answer':
      // The caller did the work before asking for faults; here only the answer is lost.
      await book.hang(fault.delayMs ?? 30_000);
      return reply.code(504).type('text/html; charset=utf-8').send('<html><body><h1>504 Gateway Time-out</h1></body></html>');
    default:
      return undefined;
  }
}
