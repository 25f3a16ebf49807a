/** What the portal-sessions API reads and answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';
import { SUPPORTED_LOCALES, supportedLocale, supportedTimeZone } from '../platform/i18n/locales.ts';

export const portalSessionSchema = z
  .object({
    url: z.string().meta({
      description: 'Send the person’s browser here (a redirect or a link, not an iframe). It opens once.',
      examples: ['https://channelkeeper.example.com/portal/open/OVF2uDw6Pgdd2nbeuhKM6UCAmbEFUdzil1k0mIVGhaM'],
    }),
    expiresAt: instant.meta({ description: 'The link’s end: 30 minutes after it was made.' }),
  })
  .meta({ id: 'PortalSession', description: 'A single-use link to the Channels page or the Campaign Performance pages.' }) satisfies z.ZodType<{ url: string; expiresAt: string }>;

/** The page's language and time zone: normalised (`pt-br` → `pt-BR`), refused when not supported. */
export const locale = z
  .string()
  .trim()
  .max(35)
  .transform((tag, context) => {
    const found = supportedLocale(tag);
    if (found) return found;
    context.addIssue({ code: 'custom', message: `is not a supported language; use one of ${SUPPORTED_LOCALES.join(', ')}` });
    return z.NEVER;
  })
  .optional()
  .meta({
    description: `The page’s language, one of ${SUPPORTED_LOCALES.join(', ')} (a regional tag such as \`pt-br\` or \`es-MX\` is matched to it). Without it: the creator’s stored language, else the browser’s, else the workspace’s default.`,
    examples: ['pt-BR'],
  });
export const timeZone = z
  .string()
  .trim()
  .max(64)
  .transform((zone, context) => {
    const found = supportedTimeZone(zone);
    if (found) return found;
    context.addIssue({ code: 'custom', message: 'is not an IANA time zone such as Europe/Paris' });
    return z.NEVER;
  })
  .optional()
  .meta({ description: 'The IANA time zone times are shown in; without it, times are in UTC and the page says so.', examples: ['America/Sao_Paulo'] });

/**
 * A body that fits neither kind: an unsupported language or zone says so (both kinds refuse it
 * alike, and the union would hide it); anything else asks for one of the two kinds.
 */
export function unionError(issue: { errors?: readonly (readonly { code: string; message: string; path: readonly PropertyKey[] }[])[] }): string {
  const refused = issue.errors?.flat().find((inner) => inner.code === 'custom' && (inner.path[0] === 'locale' || inner.path[0] === 'timeZone'));
  return refused ? `${String(refused.path[0])} ${refused.message}` : 'send either "creator" (the Channels page) or "brand" (the Campaign Performance pages)';
}
