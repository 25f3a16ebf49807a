/** When a new key expires, from what its creator gave: a number of days or an instant, or neither (never). */
import { DAY } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';

/** Ten years: longer is "never" in all but name, and an instant past PostgreSQL's range would fail. */
export const MAX_EXPIRY_DAYS = 3650;

export interface ExpiryInput {
  expiresInDays?: number;
  expiresAt?: string;
}

export function expiryFrom(input: ExpiryInput, now: Date): Result<Date | null, 'invalid_request'> {
  const { expiresInDays, expiresAt } = input;
  if (expiresInDays !== undefined && expiresAt !== undefined) return invalid('expiresAt', 'give expiresInDays or expiresAt, not both');
  if (expiresInDays !== undefined) {
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_EXPIRY_DAYS) {
      return invalid('expiresInDays', `a whole number of days from 1 to ${MAX_EXPIRY_DAYS}`);
    }
    return ok(new Date(now.getTime() + expiresInDays * DAY));
  }
  if (expiresAt === undefined) return ok(null);
  const at = new Date(expiresAt);
  if (Number.isNaN(at.getTime())) return invalid('expiresAt', 'an ISO 8601 instant such as 2027-01-01T00:00:00Z');
  if (at.getTime() <= now.getTime()) return invalid('expiresAt', 'must be in the future');
  if (at.getTime() > now.getTime() + MAX_EXPIRY_DAYS * DAY) return invalid('expiresAt', `at most ${MAX_EXPIRY_DAYS} days ahead`);
  return ok(at);
}

function invalid(field: string, problem: string) {
  return fail('invalid_request', `Invalid request: ${field}: ${problem}.`, { fields: [{ field, problem }] });
}
