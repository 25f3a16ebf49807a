/** The brand routes' requests and answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';
import { SUPPORTED_LOCALES } from '../platform/i18n/locales.ts';
import type { BrandingView } from './branding.ts';
import { LOGO_TYPES } from './logo.rules.ts';

const name = (description: string, example: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(60)
    .nullable()
    .optional()
    .meta({ description, examples: [example] });

export const brandingBody = z
  .object({
    productName: name('The platform’s name, shown on every page and email a creator sees instead of the service’s own.', 'Acme Creators'),
    emailSenderName: name('The display name emails come from; the product name when null. No quotes, angle brackets or line breaks.', 'Acme Creators'),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb')
      .nullable()
      .optional()
      .meta({
        description:
          'Buttons and links, as `#rrggbb`. It must reach 4.5:1 against white (white text on buttons, links on the white page): a paler one is refused with `branding_invalid` and the measured ratio. Its dark-mode twin is derived.',
        examples: ['#c2410c'],
      }),
    supportEmail: z
      .email()
      .max(254)
      .nullable()
      .optional()
      .meta({ description: 'Where creators write with questions, in every page’s footer.', examples: ['creators@acme.test'] }),
    supportUrl: z
      .string()
      .max(500)
      .nullable()
      .optional()
      .meta({ description: 'A help page for creators (https only), in every page’s footer.', examples: ['https://help.acme.test/creators'] }),
    defaultLocale: z
      .string()
      .max(35)
      .nullable()
      .optional()
      .meta({ description: `The language of pages and emails when neither the creator nor the browser names one: ${SUPPORTED_LOCALES.join(', ')}.`, examples: ['pt-BR'] }),
  })
  .strict();

export const brandingSchema = z
  .object({
    productName: z.string().nullable().meta({ description: 'null: creators see `fallbackProductName`.' }),
    emailSenderName: z.string().nullable(),
    accentColor: z.string().nullable(),
    accentColorDark: z
      .string()
      .nullable()
      .meta({ description: 'The accent lightened until it reads on the dark-mode background (derived).', examples: ['#f0703a'] }),
    supportEmail: z.string().nullable(),
    supportUrl: z.string().nullable(),
    defaultLocale: z.enum(SUPPORTED_LOCALES).nullable(),
    logo: z
      .object({
        url: z
          .string()
          .meta({ description: 'Where we serve it (cacheable for good: a new logo gets a new URL).', examples: ['https://keeper.example.com/brand/ws_1/logo/3f2a9c0d1e4b5a6f'] }),
        contentType: z.enum(LOGO_TYPES),
        sha256: z.string().meta({ description: 'Hex SHA-256 of the stored file (an SVG as sanitised).' }),
        size: z.number().int().meta({ description: 'Bytes.' }),
      })
      .nullable(),
    fallbackProductName: z.string().meta({ description: 'The service’s PRODUCT_NAME, what shows where `productName` is null.', examples: ['Channelkeeper'] }),
    updatedAt: instant.nullable(),
  })
  .meta({ id: 'Branding', description: 'The workspace’s brand, as creators meet it on pages and in emails.' }) satisfies z.ZodType<BrandingView>;
