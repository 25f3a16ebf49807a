/**
 * The request shapes of the webhook routes (zod at the edge). Event types are checked against the
 * closed list by the use case (webhook-endpoints.ts), which names each unknown one.
 */
import { z } from 'zod';
import { webhookTypes } from './webhook.rules.ts';
import type { WebhookDeliveryStatus } from './webhooks.table.ts';

/** The statuses of a delivery, as the log shows them and filters on them. */
export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed', 'cancelled'] as const satisfies readonly WebhookDeliveryStatus[];

const url = z
  .string({ error: 'required: an absolute http(s) URL' })
  .min(1)
  .max(2000)
  .meta({
    description:
      'Where events are sent: an absolute `http(s)` URL without a user name or password, `https` in production, and not on a private network (loopback, private, link-local, unique-local…) unless the operator allows it. Redirects are not followed.',
    examples: ['https://platform.example/hooks/channelkeeper'],
  });
const eventTypes = z
  .array(z.string().min(1).max(100))
  .min(1, 'list at least one event type, or leave eventTypes out for every type')
  .max(50)
  .meta({ examples: [['connection.disconnected', 'connection.expiring']] });
const knownTypes = `Known types: ${webhookTypes.map((type) => `\`${type}\``).join(', ')}; an unknown one is refused, named.`;
const description = z
  .string()
  .max(500)
  .meta({ examples: ['On-call alerts'] });
const cursor = z.string().min(1).max(500).optional().meta({ description: 'The `nextCursor` of the previous page.' });

export const endpointParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .meta({ description: 'The endpoint’s id.', examples: ['wep_01kj2f1mx0a7b3z5qx6v9hc4dn'] }),
});

export const deliveryParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .meta({ description: 'The delivery’s id, its `webhook-id`.', examples: ['whd_01kj2f1mx0c4rt8ypw3d6sb2ge'] }),
});

export const putBody = z.object({ url }).strict();

export const createEndpointBody = z
  .object({
    url,
    eventTypes: eventTypes.optional().meta({ description: `The event types sent to this endpoint, at least one; left out: every type, those added later included. ${knownTypes}` }),
    description: description.optional().meta({ description: 'A note for people telling endpoints apart.' }),
  })
  .strict();

/** `eventTypes: null` sends every type again; `legacySignatureHeader: false` stops the deprecated header (it cannot be turned on). */
export const patchEndpointBody = z
  .object({
    url: url.optional(),
    eventTypes: eventTypes
      .nullable()
      .optional()
      .meta({ description: `The event types sent to this endpoint, at least one; null: every type again, those added later included. ${knownTypes}` }),
    description: description.nullable().optional().meta({ description: 'A note for people telling endpoints apart; null clears it.' }),
    legacySignatureHeader: z
      .literal(false)
      .optional()
      .meta({ description: '`false` stops the deprecated `Channelkeeper-Signature` header, once the receiver verifies the standard ones; it cannot be turned on again.' }),
  })
  .strict();

export const endpointsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor,
});

export const deliveriesQuery = z.object({
  status: z
    .enum(webhookDeliveryStatuses)
    .optional()
    .meta({ description: 'Only deliveries in this status.', examples: ['failed'] }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor,
});
