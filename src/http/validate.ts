/** zod at the edge: a failed parse becomes `invalid_request` naming each bad field. */
import type { z } from 'zod';
import { AppError } from '../domain/errors.ts';

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', problem: issue.message }));
  const summary = fields.map((f) => `${f.field}: ${f.problem}`).join('; ');
  throw new AppError('invalid_request', `Invalid request: ${summary}.`, { fields });
}
