/** What every network's control routes share: the error shape, body parsing, the bulk-seed body. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** `{"error":"<snake_case>","message":"..."}`, the control API's one error shape. */
export function fail(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}

/** The parsed body, or undefined after answering 400 `invalid_body` with what is wrong. */
export function parse<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  fail(reply, 400, 'invalid_body', z.prettifyError(result.error));
  return undefined;
}

/** `POST /_sandbox/<network>/connections`: how many grants to mint at once. */
export const seedBody = z.object({ count: z.number().int().min(1).max(1_000_000), prefix: z.string().optional() });
