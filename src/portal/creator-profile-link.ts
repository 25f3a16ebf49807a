/**
 * The link to a creator's profile page that a platform shows brands (its media kit): signed with its own
 * purpose (no other link verifies as one), naming one workspace and creator, and valid for as long as the
 * platform asked (1 to 90 days, 30 by default). Unlike the Channels page's link it opens any number of
 * times, by anyone holding it, and reads nothing but the creator's verified figures; it is not stored, so
 * it cannot be revoked before it expires, which its bounded life limits. Disconnecting a channel takes it
 * off the page at once.
 */
import { DAY } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { signLink, verifyLink } from '../platform/crypto/signed-link.ts';
import type { Deps } from '../platform/deps.ts';

export const PROFILE_LINK_DEFAULT_DAYS = 30;
export const PROFILE_LINK_MAX_DAYS = 90;
const PURPOSE = 'creator-profile-link';

interface ProfileLinkPayload {
  ws: string;
  cr: string;
}

export function createProfileLink(
  deps: Pick<Deps, 'keyRing' | 'settings' | 'clock'>,
  workspaceId: string,
  creatorId: string,
  days = PROFILE_LINK_DEFAULT_DAYS,
): { url: string; expiresAt: string } {
  const expiresAt = new Date(deps.clock.now().getTime() + days * DAY);
  const token = signLink<ProfileLinkPayload>(deps.keyRing, { ws: workspaceId, cr: creatorId }, expiresAt, PURPOSE);
  // In the query, like the dashboard's: a signed token is longer than a path segment may be.
  return { url: `${deps.settings.publicUrl}/creator-profile?token=${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString() };
}

export function openProfileLink(
  deps: Pick<Deps, 'keyRing' | 'clock'>,
  token: string,
): Result<{ workspaceId: string; creatorId: string }, 'profile_link_invalid' | 'profile_link_expired'> {
  const check = verifyLink<ProfileLinkPayload>(deps.keyRing, token, deps.clock.now(), PURPOSE);
  if (!check.ok) return fail(check.code === 'reconnect_link_expired' ? 'profile_link_expired' : 'profile_link_invalid');
  const { ws, cr } = check.payload;
  return typeof ws === 'string' && typeof cr === 'string' ? ok({ workspaceId: ws, creatorId: cr }) : fail('profile_link_invalid');
}
