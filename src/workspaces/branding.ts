/**
 * A workspace's brand through the API: read it, change some of its settings (the fields sent are set,
 * null clears one, the rest stay), upload or remove its logo. Pages and emails read the brand through
 * platform/web/viewer.ts; this is where it is written.
 */
import crypto from 'node:crypto';
import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Deps, Settings } from '../platform/deps.ts';
import type { Locale } from '../platform/i18n/locales.ts';
import { brandLogoUrl, logoPathFor } from '../platform/web/brand-logo.ts';
import { findBranding, removeLogo, storeLogo, updateBranding } from './branding.repo.ts';
import { accentDarkOf, type BrandRequest, checkBrandChanges, refuse } from './branding.rules.ts';
import { checkLogo, type LogoType } from './logo.rules.ts';

export interface BrandingView {
  productName: string | null;
  emailSenderName: string | null;
  accentColor: string | null;
  accentColorDark: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  defaultLocale: Locale | null;
  logo: { url: string; contentType: LogoType; sha256: string; size: number } | null;
  /** What creators see when a field is null: the service's PRODUCT_NAME. */
  fallbackProductName: string;
  updatedAt: string | null;
}

/** What the brand's use cases need: the CLI gives them too, without a running service. */
export type BrandDeps = Pick<Deps, 'db' | 'clock'> & { settings: Pick<Settings, 'publicUrl' | 'productName'> };

export async function getBranding(deps: BrandDeps, workspaceId: string): Promise<Result<BrandingView>> {
  const record = await findBranding(deps.db, workspaceId);
  if (!record) return fail('not_found');
  const logoPath = record.logo ? logoPathFor(workspaceId, record.logo.sha256) : null;
  const logoUrl = brandLogoUrl(deps.settings.publicUrl, { logoPath });
  return ok({
    productName: record.productName,
    emailSenderName: record.emailSenderName,
    accentColor: record.accentColor,
    accentColorDark: accentDarkOf(record.accentColor),
    supportEmail: record.supportEmail,
    supportUrl: record.supportUrl,
    defaultLocale: record.defaultLocale,
    logo: record.logo && logoUrl ? { url: logoUrl, ...record.logo } : null,
    fallbackProductName: deps.settings.productName,
    updatedAt: record.updatedAt?.toISOString() ?? null,
  });
}

export async function changeBranding(deps: BrandDeps, workspaceId: string, changes: BrandRequest): Promise<Result<BrandingView>> {
  const checked = checkBrandChanges(changes);
  if (!checked.ok) return checked;
  await updateBranding(deps.db, workspaceId, checked.value, deps.clock.now());
  return getBranding(deps, workspaceId);
}

/** Checks and stores a logo (an SVG is stored as rebuilt by the sanitiser), replacing any before it. */
export async function uploadLogo(deps: BrandDeps, workspaceId: string, bytes: Uint8Array, contentType: string): Promise<Result<BrandingView>> {
  const result = checkLogo(bytes, contentType);
  if (!result.ok) {
    if (result.problem === 'too_large') return fail('payload_too_large', result.message, { field: 'logo', problem: result.problem });
    return refuse('logo', result.problem, result.message);
  }
  const sha256 = crypto.createHash('sha256').update(result.logo.bytes).digest('hex');
  await storeLogo(deps.db, workspaceId, { bytes: result.logo.bytes, contentType: result.logo.contentType, sha256 }, deps.clock.now());
  return getBranding(deps, workspaceId);
}

export async function deleteLogo(deps: BrandDeps, workspaceId: string): Promise<Result<BrandingView>> {
  await removeLogo(deps.db, workspaceId, deps.clock.now());
  return getBranding(deps, workspaceId);
}
