/**
 * Where a workspace's logo is served: our own path, versioned by the first characters of its SHA-256
 * so the file can be cached for good and a new logo is a new URL. Pages link the path; emails, read
 * far from our origin, need it absolute (PUBLIC_URL in front).
 */
/** Characters of the hex SHA-256 in the path: enough to tell versions apart, short enough to read. */
export const LOGO_HASH_LENGTH = 16;

export function logoPathFor(workspaceId: string, sha256: string): string {
  return `/brand/${encodeURIComponent(workspaceId)}/logo/${sha256.slice(0, LOGO_HASH_LENGTH)}`;
}

/** The logo's absolute URL for an email (`PUBLIC_URL` + its path), or null when the workspace has none. */
export function brandLogoUrl(publicUrl: string, brand: { logoPath: string | null }): string | null {
  return brand.logoPath ? `${publicUrl.replace(/\/$/, '')}${brand.logoPath}` : null;
}
