/**
 * How a platform's operator reaches the workspace dashboard without an account of their own here:
 * the platform's backend asks for a link with its API key and hands it to the operator. The link is
 * signed (its own purpose, so no other link verifies as one), names one workspace, and dies after
 * 30 minutes; it is not stored, so it cannot be revoked early, which the short life bounds.
 */
import { MINUTE } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { signLink, verifyLink } from '../platform/crypto/signed-link.ts';
import type { Deps } from '../platform/deps.ts';
import { getWorkspace, type Workspace } from '../platform/workspaces.repo.ts';

export const DASHBOARD_LINK_MINUTES = 30;
const PURPOSE = 'dashboard-link';

interface DashboardLinkPayload {
  ws: string;
  /** The platform's page the dashboard's "Back to …" link leads to, when it named one. */
  back?: string;
}

/** A workspace the link opens, and where its way back leads. */
export interface OpenedDashboard {
  workspace: Workspace;
  returnUrl: string | null;
}

export function createDashboardLink(deps: Pick<Deps, 'keyRing' | 'settings' | 'clock'>, workspaceId: string, returnUrl?: string): { url: string; expiresAt: string } {
  const expiresAt = new Date(deps.clock.now().getTime() + DASHBOARD_LINK_MINUTES * MINUTE);
  const token = signLink<DashboardLinkPayload>(deps.keyRing, returnUrl ? { ws: workspaceId, back: returnUrl } : { ws: workspaceId }, expiresAt, PURPOSE);
  return { url: `${deps.settings.publicUrl}/dashboard?token=${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString() };
}

export async function openDashboardLink(deps: Deps, token: string): Promise<Result<OpenedDashboard, 'dashboard_link_invalid' | 'dashboard_link_expired'>> {
  const check = verifyLink<DashboardLinkPayload>(deps.keyRing, token, deps.clock.now(), PURPOSE);
  if (!check.ok) return fail(check.code === 'reconnect_link_expired' ? 'dashboard_link_expired' : 'dashboard_link_invalid');
  const workspace = typeof check.payload.ws === 'string' ? await getWorkspace(deps.db, check.payload.ws) : undefined;
  const returnUrl = typeof check.payload.back === 'string' && /^https?:\/\//.test(check.payload.back) ? check.payload.back : null;
  return workspace ? ok({ workspace, returnUrl }) : fail('dashboard_link_invalid');
}
