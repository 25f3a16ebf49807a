/**
 * A keyset cursor: the last row's instant and id, base64url. Decoding checks both against what the
 * database can compare with: an instant PostgreSQL stores and an id in our format, so a forged or
 * mangled cursor is a bad request, not a query that fails with a 500.
 */
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
