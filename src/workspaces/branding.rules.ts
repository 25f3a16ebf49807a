/**
 * What a workspace's brand may be: the checks beyond the shape the API schema already enforces. Each
 * refusal is `branding_invalid` with `details.field` and `details.problem`, and for an accent the
 * measured contrast, so a platform's developer can fix the value without guessing.
 */
import { checkAccent, darkModeAccent, MIN_TEXT_CONTRAST } from '../kernel/colour.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { type Locale, supportedLocale } from '../platform/i18n/locales.ts';

/** The brand's fields as the API names them; null clears one (ours shows again). */
export interface BrandSettings {
  productName: string | null;
  emailSenderName: string | null;
  accentColor: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  defaultLocale: Locale | null;
}

export type BrandField = keyof BrandSettings;
export type BrandChanges = Partial<BrandSettings>;
/** The changes as asked for, before the checks (a language as any tag the pages understand). */
export type BrandRequest = { [F in BrandField]?: string | null };

type Refusal = { ok: false; error: { code: 'branding_invalid'; message: string; details: Record<string, unknown> } };

export function refuse(field: BrandField | 'logo', problem: string, message: string, extra: Record<string, unknown> = {}): Refusal {
  return fail('branding_invalid', message, { field, problem, ...extra }) as Refusal;
}

/** An accent is refused when white text on it, or it as a link on white, falls under WCAG AA (4.5:1). */
export function checkAccentColor(hex: string): Result<string> {
  const check = checkAccent(hex);
  if (check.readable) return ok(hex.toLowerCase());
  return refuse(
    'accentColor',
    'low_contrast',
    `accentColor ${hex} has a contrast of ${check.ratio}:1 with white; buttons carry white text on it and links use it on white, which needs at least ${MIN_TEXT_CONTRAST}:1. Choose a darker shade.`,
    { contrastWithWhite: check.ratio, needed: MIN_TEXT_CONTRAST },
  );
}

/** The support page is linked from every page a creator sees: https only, no credentials in it. */
export function checkSupportUrl(value: string): Result<string> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('supportUrl', 'not_a_url', `supportUrl "${value}" is not an absolute URL.`);
  }
  if (url.protocol !== 'https:') return refuse('supportUrl', 'not_https', 'supportUrl must start with https:// (creators follow it from every page).');
  if (url.username || url.password) return refuse('supportUrl', 'credentials', 'supportUrl must not carry a user name or password.');
  return ok(url.toString());
}

/**
 * The sender name becomes the display name in the From header: characters that would end or quote the
 * header (line breaks, quotes, angle brackets) are refused rather than silently dropped.
 */
export function checkSenderName(value: string): Result<string> {
  if (/[\r\n"<>\\]/.test(value)) return refuse('emailSenderName', 'header_characters', 'emailSenderName must not contain line breaks, quotes, backslashes or angle brackets.');
  return ok(value);
}

/** Any tag the pages understand (`pt-br`, `es-MX`) is stored as the supported language it means. */
export function checkDefaultLocale(value: string): Result<Locale> {
  const locale = supportedLocale(value);
  if (!locale || locale === 'en-XA') return refuse('defaultLocale', 'unsupported_locale', `defaultLocale "${value}" is not a supported language (en, es, pt-BR, fr, de, ja).`);
  return ok(locale);
}

/** The changes, each checked and normalised; the first refusal wins (one field at a time, named). */
export function checkBrandChanges(changes: BrandRequest): Result<BrandChanges> {
  const checked = { ...changes } as BrandChanges;
  const checks: { [F in BrandField]?: (value: string) => Result<BrandSettings[F] & string> } = {
    accentColor: checkAccentColor,
    supportUrl: checkSupportUrl,
    emailSenderName: checkSenderName,
    defaultLocale: checkDefaultLocale,
  };
  for (const field of Object.keys(checks) as BrandField[]) {
    const value = changes[field];
    if (typeof value !== 'string') continue;
    const result = (checks[field] as (value: string) => Result<string>)(value);
    if (!result.ok) return result;
    (checked as Record<string, unknown>)[field] = result.value;
  }
  return ok(checked);
}

/** The dark-mode twin shown with the accent (derived, never asked for). */
export const accentDarkOf = (accent: string | null): string | null => (accent ? darkModeAccent(accent) : null);
