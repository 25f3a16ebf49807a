/**
 * What an API key's record says about a request that carries it, and what may be shown of a secret.
 * Pure: time comes in as `now`.
 */
import { MINUTE } from '../kernel/clock.ts';

/** Keys made here: the prefix tells them apart in a log or a secret scanner; the rest is random. */
export const API_KEY_PREFIX = 'ck_live_';

/**
 * `last_used_at` is a hint for people ("used 3 days ago"), not an audit log: it is stamped at most once
 * per this interval, so a busy key costs one write a minute rather than one per request.
 */
export const LAST_USED_RESOLUTION_MS = MINUTE;

export interface KeyState {
  revokedAt: Date | null;
  expiresAt: Date | null;
}

export type KeyRefusal = { reason: 'revoked'; at: Date } | { reason: 'expired'; at: Date };

/**
 * Why a known key may not open the API now, or undefined when it may. A revoked key is refused whatever
 * `revokedAt` says compared with this process's clock: another process's clock may run ahead of ours,
 * and revocation takes effect at once. Revocation wins over expiry: it was an act.
 */
export function keyRefusal(key: KeyState, now: Date): KeyRefusal | undefined {
  if (key.revokedAt) return { reason: 'revoked', at: key.revokedAt };
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return { reason: 'expired', at: key.expiresAt };
  return undefined;
}

/** The sentence a refused request answers with: which key state, since when, and what to do. */
export function refusalMessage(refusal: KeyRefusal): string {
  return refusal.reason === 'revoked'
    ? `This API key was revoked at ${refusal.at.toISOString()}; use another key of the workspace.`
    : `This API key expired at ${refusal.at.toISOString()}; create a new one with another key of the workspace (POST /v1/api-keys) or with "channelkeeper api-keys create".`;
}

export type KeyStatus = 'active' | 'expired' | 'revoked';

export function keyStatus(key: KeyState, now: Date): KeyStatus {
  return keyRefusal(key, now)?.reason ?? 'active';
}

/** Whether a use at `now` should be stamped: never stamped, or last stamped a minute or more ago. */
export function lastUseIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || lastUsedAt.getTime() <= now.getTime() - LAST_USED_RESOLUTION_MS;
}

/**
 * The beginning of a secret that is kept and shown to tell keys apart (`ck_live_abcd…`). For a key in our
 * format (`ck_<kind>_` and at least 20 random characters) that is the prefix and 4 characters; for any
 * other key an operator chose (BOOTSTRAP_API_KEY, at least 16 characters) at most a quarter of it, and
 * never more than 4 characters, so the hint never gives away enough to matter.
 */
export function keyHint(secret: string): string {
  const ours = /^(ck_[a-z]+_)(.{20,})$/.exec(secret);
  if (ours) return `${ours[1]}${ours[2]!.slice(0, 4)}`;
  return secret.slice(0, Math.min(4, Math.floor(secret.length / 4)));
}
