/**
 * A keyset cursor: the last row's instant and id, base64url. Decoding checks both against what the
 * database can compare with: an instant PostgreSQL stores and an id in our format, so a forged or
 * mangled cursor is a bad request, not a query that fails with a 500.
 */
import { fail, ok, type Result } from './errors.ts';

const ID = /^[a-z]+_[0-9a-z]{1,60}$/;
// PostgreSQL's timestamptz stops at 4713 BC / 294276 AD; JavaScript dates go far beyond both.
const MIN_MS = Date.UTC(1, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/**
 * `idOk` checks the id: ours by default; a key the platform chose (a creator id) may hold any
 * character, '|' included (the instant never does, so the first '|' splits), but never a NUL.
 */
export function decodeCursor(cursor: string, idOk: (id: string) => boolean = (id) => ID.test(id)): { at: Date; id: string } | undefined {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = decoded.indexOf('|');
  const at = new Date(decoded.slice(0, Math.max(bar, 0)));
  const id = decoded.slice(bar + 1);
  if (bar < 0 || !id || id.includes('\u0000') || !idOk(id) || !(at.getTime() >= MIN_MS && at.getTime() <= MAX_MS)) return undefined;
  return { at, id };
}

/**
 * One page of a list read with `limit + 1` rows: the first `limit`, and the cursor of the last of them
 * when the extra row shows that another page follows (null on the last page).
 */
export function keysetPage<R>(rows: readonly R[], limit: number, cursorOf: (row: R) => string): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** Where a list's `cursor` parameter says to go on from: undefined for the first page; a cursor this list never gave is `invalid_request`. */
export function cursorPosition(cursor: string | undefined, idOk?: (id: string) => boolean): Result<{ at: Date; id: string } | undefined> {
  if (cursor === undefined) return ok(undefined);
  const position = decodeCursor(cursor, idOk);
  return position ? ok(position) : fail('invalid_request', 'Invalid request: cursor: not a cursor from a previous page.');
}
