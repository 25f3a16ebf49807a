/** What the portal-sessions API answers, as a zod schema: the OpenAPI document is generated from it. */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';

export const portalSessionSchema = z
  .object({
    url: z.string().meta({
      description: 'Send the person’s browser here (a redirect or a link, not an iframe). It opens once.',
      examples: ['https://channelkeeper.example.com/portal/open/OVF2uDw6Pgdd2nbeuhKM6UCAmbEFUdzil1k0mIVGhaM'],
    }),
    expiresAt: instant.meta({ description: 'The link’s end: 30 minutes after it was made.' }),
  })
  .meta({ id: 'PortalSession', description: 'A single-use link to the Channels page or the Campaign Performance pages.' }) satisfies z.ZodType<{ url: string; expiresAt: string }>;
