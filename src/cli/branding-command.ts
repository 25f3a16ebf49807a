/**
 * channelkeeper workspaces branding --workspace ID [--product-name …] [--accent #rrggbb] [--logo FILE] …
 *
 * The operator's way to set a workspace's brand without an API call: the same checks as
 * `PUT /v1/workspace/branding` and its logo route (the same schema, the same rules), straight on the
 * database. With no change named it prints the brand. An empty value clears a field.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Failure } from '../kernel/errors.ts';
import { type BrandDeps, type BrandingView, brandingBody, changeBranding, deleteLogo, getBranding, uploadLogo } from '../workspaces/index.ts';

export const brandingUsage = `  workspaces branding --workspace ID [--product-name NAME] [--sender-name NAME] [--accent #RRGGBB]
                      [--support-email EMAIL] [--support-url URL] [--default-locale TAG] [--logo FILE | --no-logo]
                                show the workspace's brand, or change it (an empty value clears a field)
`;

export const brandingOptions = {
  'product-name': { type: 'string' },
  'sender-name': { type: 'string' },
  accent: { type: 'string' },
  'support-email': { type: 'string' },
  'support-url': { type: 'string' },
  'default-locale': { type: 'string' },
  logo: { type: 'string' },
  'no-logo': { type: 'boolean' },
} as const;

/** Each option and the API field it sets. */
const FIELDS = {
  'product-name': 'productName',
  'sender-name': 'emailSenderName',
  accent: 'accentColor',
  'support-email': 'supportEmail',
  'support-url': 'supportUrl',
  'default-locale': 'defaultLocale',
} as const;

export type BrandingValues = { [K in keyof typeof FIELDS]?: string } & { workspace: string; logo?: string; 'no-logo'?: boolean };
type Out = { write(text: string): unknown };

const LOGO_TYPES: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

/** The API's field names in a message, turned into the options a person typed. */
function asOptions(failure: Failure): Failure {
  let message = failure.message ?? '';
  for (const [option, field] of Object.entries(FIELDS)) message = message.replace(new RegExp(`\\b${field}\\b`, 'g'), `--${option}`);
  return { ...failure, message };
}

async function changeFields(deps: BrandDeps, values: BrandingValues): Promise<Failure | undefined> {
  const changes: Record<string, string | null> = {};
  for (const [option, field] of Object.entries(FIELDS)) {
    const value = values[option as keyof typeof FIELDS];
    if (value !== undefined) changes[field] = value.trim() === '' ? null : value;
  }
  if (Object.keys(changes).length === 0) return undefined;
  const parsed = brandingBody.safeParse(changes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return asOptions({ code: 'invalid_request', message: `${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}` });
  }
  const result = await changeBranding(deps, values.workspace, parsed.data);
  return result.ok ? undefined : asOptions(result.error);
}

async function changeLogo(deps: BrandDeps, values: BrandingValues): Promise<Failure | undefined> {
  if (values['no-logo']) {
    const removed = await deleteLogo(deps, values.workspace);
    return removed.ok ? undefined : removed.error;
  }
  if (!values.logo) return undefined;
  const contentType = LOGO_TYPES[path.extname(values.logo).toLowerCase()];
  if (!contentType) return { code: 'invalid_request', message: `--logo: give an .svg, .png or .jpg file (${values.logo}).` };
  if (!fs.existsSync(values.logo)) return { code: 'invalid_request', message: `--logo: there is no file ${values.logo}.` };
  const uploaded = await uploadLogo(deps, values.workspace, new Uint8Array(fs.readFileSync(values.logo)), contentType);
  return uploaded.ok ? undefined : uploaded.error;
}

function describe(brand: BrandingView): string {
  const line = (label: string, value: string | null, unset = 'not set') => `  ${label.padEnd(18)}${value ?? unset}\n`;
  return (
    line('product name', brand.productName, `not set (creators see ${brand.fallbackProductName})`) +
    line('sender name', brand.emailSenderName, 'not set (the product name)') +
    line('accent', brand.accentColor && `${brand.accentColor} (dark mode ${brand.accentColorDark})`, 'not set (ours)') +
    line('support email', brand.supportEmail) +
    line('support URL', brand.supportUrl) +
    line('default language', brand.defaultLocale, 'not set (English)') +
    line('logo', brand.logo && `${brand.logo.contentType}, ${brand.logo.size} bytes, ${brand.logo.url}`)
  );
}

/** Changes what the options name (the fields, then the logo; each checked before it is stored), then prints the brand. */
export async function brandingCommand(values: BrandingValues, deps: BrandDeps, out: Out): Promise<Failure | undefined> {
  const before = await getBranding(deps, values.workspace);
  if (!before.ok) return { code: 'not_found', message: `There is no workspace ${values.workspace}.` };
  const failure = (await changeFields(deps, values)) ?? (await changeLogo(deps, values));
  if (failure) return failure;
  const brand = await getBranding(deps, values.workspace);
  if (!brand.ok) return brand.error;
  out.write(`Brand of workspace ${values.workspace}:\n${describe(brand.value)}`);
  return undefined;
}
