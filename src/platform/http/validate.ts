/** zod at the edge: a failed parse becomes `invalid_request` naming each bad field. */
import type { z } from 'zod';
import { AppError, type Failure } from '../../kernel/errors.ts';

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  const fields = result.success ? [] : result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', problem: issue.message }));
  // PostgreSQL cannot store a NUL character in text: a query with one fails, so it is refused here.
  for (const path of nulPaths(value)) fields.push({ field: path || '(body)', problem: 'a NUL character is not allowed' });
  if (result.success && fields.length === 0) return result.data;
  const summary = fields.map((f) => `${f.field}: ${f.problem}`).join('; ');
  throw new AppError('invalid_request', `Invalid request: ${summary}.`, { fields });
}

/**
 * The failure parseOrThrow raises for NUL characters in `value` (a route's params, query or form),
 * for the pages, which show a failure as a page rather than throw it.
 */
export function nulFailure(value: unknown): Failure | undefined {
  const fields = nulPaths(value).map((path) => ({ field: path || '(body)', problem: 'a NUL character is not allowed' }));
  if (fields.length === 0) return undefined;
  return { code: 'invalid_request', message: `Invalid request: ${fields.map((f) => `${f.field}: ${f.problem}`).join('; ')}.`, details: { fields } };
}

/** The paths of every string holding a NUL character (keys included), a few levels deep. */
function nulPaths(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (value === null || typeof value !== 'object' || depth > 8) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const at = path ? `${path}.${key}` : key;
    return key.includes('\u0000') ? [at] : nulPaths(inner, at, depth + 1);
  });
}
