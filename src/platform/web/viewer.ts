/**
 * Who a page or an email is for, and whose brand it wears: the reader's language and time zone (the
 * creator's stored ones, else the browser's Accept-Language, else the workspace's default) and the
 * workspace's brand (its product name, colour, logo and support contact, else Channelkeeper's own).
 * One query per page or email: the workspace with, when named, its creator.
 */
import { darkModeAccent } from '../../kernel/colour.ts';
import type { Tx } from '../db/db.ts';
import type { Settings } from '../deps.ts';
import { type Formats, formatsFor, type Reader } from '../i18n/format.ts';
import { resolveLocale, supportedTimeZone } from '../i18n/locales.ts';
import { logoPathFor } from './brand-logo.ts';

export interface Brand {
  productName: string;
  /** The name emails come from; the product name when the workspace set none. */
  senderName: string;
  /** `#rrggbb`, readable with white text and on white (checked when set); null: ours. */
  accent: string | null;
  /** The accent lightened to read on the dark background. */
  accentDark: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  /** Our path to the workspace's logo (versioned by its hash), or null. */
  logoPath: string | null;
  /** True when the workspace set no product name: Channelkeeper's (or PRODUCT_NAME) shows. */
  unbranded: boolean;
}

export interface Viewer extends Reader {
  brand: Brand;
  formats: Formats;
}

export interface ViewerQuery {
  workspaceId: string;
  /** The creator the page or email is for: their stored locale and time zone come first. */
  creatorId?: string | null;
  /** The browser's Accept-Language (pages only). */
  acceptLanguage?: string;
  /** A locale the request itself carries (a connect session's), before the creator's stored one. */
  locale?: string | null;
  timeZone?: string | null;
}

/** The settings the viewer reads: the default product name and whether the pseudo-locale may be chosen. */
export type ViewerSettings = Pick<Settings, 'productName'> & { pseudoLocale?: boolean };

export async function viewerFor(db: Tx, settings: ViewerSettings, query: ViewerQuery): Promise<Viewer> {
  const row = await db
    .selectFrom('workspaces')
    .leftJoin('creators', (join) => join.onRef('creators.workspace_id', '=', 'workspaces.id').on('creators.id', '=', query.creatorId ?? ''))
    .select([
      'workspaces.id',
      'workspaces.product_name',
      'workspaces.email_sender_name',
      'workspaces.default_locale',
      'workspaces.accent_color',
      'workspaces.support_email',
      'workspaces.support_url',
      'workspaces.logo_sha256',
      'creators.locale',
      'creators.time_zone',
    ])
    .where('workspaces.id', '=', query.workspaceId)
    .executeTakeFirst();
  const locale = resolveLocale({
    stored: query.locale ?? row?.locale,
    acceptLanguage: query.acceptLanguage,
    workspaceDefault: row?.default_locale,
    pseudo: settings.pseudoLocale ?? false,
  });
  const timeZone = supportedTimeZone(query.timeZone ?? row?.time_zone);
  const reader: Reader = { locale, timeZone };
  return { ...reader, formats: formatsFor(reader), brand: brandOf(settings, row) };
}

/** A reader with no workspace behind it (a link that did not open): the browser's language, our name. */
export function anonymousViewer(settings: ViewerSettings, acceptLanguage?: string): Viewer {
  const reader: Reader = { locale: resolveLocale({ acceptLanguage, pseudo: settings.pseudoLocale ?? false }), timeZone: null };
  return { ...reader, formats: formatsFor(reader), brand: brandOf(settings, undefined) };
}

interface BrandRow {
  id: string;
  product_name: string | null;
  email_sender_name: string | null;
  accent_color: string | null;
  support_email: string | null;
  support_url: string | null;
  logo_sha256: string | null;
}

function brandOf(settings: ViewerSettings, row: BrandRow | undefined): Brand {
  const productName = row?.product_name ?? settings.productName;
  return {
    productName,
    senderName: row?.email_sender_name ?? productName,
    accent: row?.accent_color ?? null,
    accentDark: row?.accent_color ? darkModeAccent(row.accent_color) : null,
    supportEmail: row?.support_email ?? null,
    supportUrl: row?.support_url ?? null,
    logoPath: row?.logo_sha256 ? logoPathFor(row.id, row.logo_sha256) : null,
    unbranded: !row?.product_name,
  };
}
