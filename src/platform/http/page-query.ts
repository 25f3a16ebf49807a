/**
 * Every list route's paging parameters (docs/api.md#conventions): `limit`, 50 by default and at most
 * 200, and `cursor`, the `nextCursor` of the page before. A route that documented larger pages before
 * this convention keeps them (its own default and maximum), so no caller's first page shrinks.
 */
import { z } from 'zod';

export const PAGE_LIMIT = { default: 50, max: 200 } as const;

export function pageQuery(limits: { default: number; max: number } = PAGE_LIMIT) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(limits.max).default(limits.default),
    // A cursor holds an instant and an id; a platform's creator id (up to 200 characters) is the longest.
    cursor: z.string().min(1).max(1200).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
  });
}
