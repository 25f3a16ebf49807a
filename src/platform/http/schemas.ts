/** Schemas every feature's API shares: instants, ids in paths, pages of a list. */
import { z } from 'zod';

/** An instant as the API writes it: ISO 8601 in UTC (`Date.toISOString()`). */
export const instant = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 instant in UTC')
  .meta({ format: 'date-time', examples: ['2026-12-06T09:30:00.000Z'] });

/** `:id` in a path. */
export const idParams = z.object({ id: z.string().min(1).max(100) });

/** A page of a list, newest first unless the operation says otherwise. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  });
}

/**
 * A body that may be left out: none at all (Fastify gives null) is read as `{}`, so the answer names each
 * missing field, and a body whose fields are all optional needs none. The document shows `schema` itself.
 */
export function bodyOrEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => value ?? {}, schema);
}
