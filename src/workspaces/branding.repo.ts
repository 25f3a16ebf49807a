/** A workspace's brand as stored on its row (migration 030), and its logo's bytes. */
import { sql } from 'kysely';
import type { Tx } from '../platform/db/db.ts';
import type { Locale } from '../platform/i18n/locales.ts';
import type { BrandChanges, BrandSettings } from './branding.rules.ts';
import type { LogoType } from './logo.rules.ts';

export interface StoredLogo {
  contentType: LogoType;
  sha256: string;
  size: number;
}

export interface BrandingRecord extends BrandSettings {
  logo: StoredLogo | null;
  updatedAt: Date | null;
}

const columnOf: Record<keyof BrandSettings, 'product_name' | 'email_sender_name' | 'accent_color' | 'support_email' | 'support_url' | 'default_locale'> = {
  productName: 'product_name',
  emailSenderName: 'email_sender_name',
  accentColor: 'accent_color',
  supportEmail: 'support_email',
  supportUrl: 'support_url',
  defaultLocale: 'default_locale',
};

export async function findBranding(db: Tx, workspaceId: string): Promise<BrandingRecord | undefined> {
  const row = await db
    .selectFrom('workspaces')
    .select(['product_name', 'email_sender_name', 'accent_color', 'support_email', 'support_url', 'default_locale', 'logo_type', 'logo_sha256', 'branding_updated_at'])
    .select(sql<number | null>`octet_length(logo)`.as('logo_size'))
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    productName: row.product_name,
    emailSenderName: row.email_sender_name,
    accentColor: row.accent_color,
    supportEmail: row.support_email,
    supportUrl: row.support_url,
    defaultLocale: row.default_locale as Locale | null,
    logo: row.logo_type && row.logo_sha256 ? { contentType: row.logo_type as LogoType, sha256: row.logo_sha256, size: Number(row.logo_size ?? 0) } : null,
    updatedAt: row.branding_updated_at,
  };
}

/** Writes the fields given (null clears one); those left out stay as they are. */
export async function updateBranding(db: Tx, workspaceId: string, changes: BrandChanges, now: Date): Promise<void> {
  const set: Record<string, string | null | Date> = { branding_updated_at: now };
  for (const [field, column] of Object.entries(columnOf)) {
    const value = changes[field as keyof BrandSettings];
    if (value !== undefined) set[column] = value;
  }
  await db.updateTable('workspaces').set(set).where('id', '=', workspaceId).execute();
}

export async function storeLogo(db: Tx, workspaceId: string, logo: { bytes: Uint8Array; contentType: LogoType; sha256: string }, now: Date): Promise<void> {
  await db
    .updateTable('workspaces')
    .set({ logo: logo.bytes, logo_type: logo.contentType, logo_sha256: logo.sha256, branding_updated_at: now })
    .where('id', '=', workspaceId)
    .execute();
}

export async function removeLogo(db: Tx, workspaceId: string, now: Date): Promise<void> {
  await db.updateTable('workspaces').set({ logo: null, logo_type: null, logo_sha256: null, branding_updated_at: now }).where('id', '=', workspaceId).execute();
}

/** The logo's bytes, when the workspace has one. */
export async function findLogo(db: Tx, workspaceId: string): Promise<{ bytes: Uint8Array; contentType: string; sha256: string } | undefined> {
  const row = await db.selectFrom('workspaces').select(['logo', 'logo_type', 'logo_sha256']).where('id', '=', workspaceId).executeTakeFirst();
  if (!row?.logo || !row.logo_type || !row.logo_sha256) return undefined;
  return { bytes: row.logo, contentType: row.logo_type, sha256: row.logo_sha256 };
}
