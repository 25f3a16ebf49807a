/**
 * The request shapes of the webhook routes (zod at the edge). Event types are checked against the
 * closed list by the use case (webhook-endpoints.ts), which names each unknown one.
 */
import { z } from 'zod';

const url = z.string({ error: 'required: an absolute http(s) URL' }).min(1).max(2000);
const eventTypes = z.array(z.string().min(1).max(100)).min(1, 'list at least one event type, or leave eventTypes out for every type').max(50);
const description = z.string().max(500);

export const idParams = z.object({ id: z.string().min(1).max(100) });

export const putBody = z.object({ url }).strict();

export const createEndpointBody = z.object({ url, eventTypes: eventTypes.optional(), description: description.optional() }).strict();

/** `eventTypes: null` sends every type again; `legacySignatureHeader: false` stops the deprecated header (it cannot be turned on). */
export const patchEndpointBody = z
  .object({
    url: url.optional(),
    eventTypes: eventTypes.nullable().optional(),
    description: description.nullable().optional(),
    legacySignatureHeader: z.literal(false).optional(),
  })
  .strict();

export const endpointsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export const deliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
