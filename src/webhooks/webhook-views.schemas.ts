/** What the webhooks API answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { instant, pageOf } from '../platform/http/schemas.ts';
import { webhookTypes } from './webhook.rules.ts';
import { webhookDeliveryStatuses } from './webhook.schemas.ts';
import type { DeliveryPage, WebhookAttemptView, WebhookDeliveryView } from './webhook-deliveries.ts';
import type { EndpointPage, WebhookEndpointView } from './webhook-endpoints.ts';

const endpointId = z.string().meta({ examples: ['wep_01kj2f1mx0a7b3z5qx6v9hc4dn'] });

/** The endpoint as every answer shows it; the answers that create it or rotate its secret add `secret`. */
const endpointFields = z.object({
  id: endpointId,
  url: z.string().meta({ description: 'Where events are sent.', examples: ['https://platform.example/hooks/channelkeeper'] }),
  description: z
    .string()
    .nullable()
    .meta({ description: 'A note for people telling endpoints apart.', examples: ['On-call alerts'] }),
  eventTypes: z
    .array(z.enum(webhookTypes))
    .nullable()
    .meta({ description: 'The event types sent here; null: every type, those added later included.', examples: [['connection.disconnected']] }),
  secretHint: z.string().meta({ description: 'The end of the signing secret, to tell secrets apart; the secret itself is shown once.', examples: ['whsec_…Qx3f'] }),
  legacySignatureHeader: z.boolean().meta({
    description:
      'Whether the deprecated `Channelkeeper-Signature` header is sent beside the Standard Webhooks ones: true for the endpoint set through `PUT /v1/webhook`, until turned off.',
  }),
  previousSecretExpiresAt: instant.nullable().meta({
    description: 'Until when the secret the last rotation replaced still signs beside the current one (24 hours after the rotation); null when it no longer does.',
  }),
  createdAt: instant,
  updatedAt: instant,
});

export const webhookEndpointSchema = endpointFields.meta({
  id: 'WebhookEndpoint',
  description: 'Where the workspace’s webhooks are sent, with its event-type filter; its signing secret is never shown again after the answer that made it.',
}) satisfies z.ZodType<WebhookEndpointView>;

export const webhookEndpointWithSecretSchema = endpointFields
  .extend({
    secret: z.string().meta({
      description:
        'The signing secret (`whsec_` and the base64 of its key), shown in this answer only (sent with `Cache-Control: no-store`): store it now. Verify requests with it as Standard Webhooks defines.',
      examples: ['whsec_12G6fBols6/NLlezkmYnldh3/jb8KNpaloUCWdnp0Qw='],
    }),
  })
  .meta({
    id: 'WebhookEndpointWithSecret',
    description: 'A webhook endpoint with its new signing secret: the one answer that shows it.',
  }) satisfies z.ZodType<WebhookEndpointView & { secret: string }>;

export const webhookEndpointPageSchema = pageOf(webhookEndpointSchema) satisfies z.ZodType<EndpointPage>;

export const webhookAttemptSchema = z
  .object({
    attempt: z
      .number()
      .int()
      .meta({ description: 'Its number, from 1.', examples: [1] }),
    attemptedAt: instant,
    statusCode: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The receiver’s HTTP status; null when no answer came (timeout, refused connection, refused address).', examples: [500] }),
    durationMs: z
      .number()
      .int()
      .meta({ examples: [84] }),
    error: z
      .string()
      .nullable()
      .meta({ description: 'A short reason the attempt failed, never the receiver’s answer; null for a delivery.', examples: ['HTTP 500', 'timeout', 'ECONNREFUSED'] }),
  })
  .meta({ id: 'WebhookAttempt', description: 'One attempt to send a delivery.' }) satisfies z.ZodType<WebhookAttemptView>;

export const webhookDeliverySchema = z
  .object({
    id: z.string().meta({
      description: 'The delivery’s id, the `webhook-id` of its requests: one per event and endpoint, the same on every attempt and redelivery.',
      examples: ['whd_01kj2f1mx0c4rt8ypw3d6sb2ge'],
    }),
    eventId: z.string().meta({ description: 'The event’s id (the body’s `id`), the same in every endpoint’s delivery of it.', examples: ['evt_01kj2f1mx0mqfkvf25kaenkej3'] }),
    endpointId: endpointId.nullable().meta({ description: 'The endpoint it goes to; null only for a delivery cancelled before endpoints had ids.' }),
    type: z.string().meta({ description: 'The event type.', examples: ['connection.disconnected'] }),
    connectionId: z
      .string()
      .nullable()
      .meta({
        description: 'The connection the event concerns; null for an event of a whole campaign (`insights_refresh.completed`).',
        examples: ['con_01m95b0ne0cpa2ch6qp1nkz3x0'],
      }),
    campaignId: z
      .string()
      .optional()
      .meta({ description: 'Only on campaign events: the campaign they concern.', examples: ['cmp_01kt189he0tx19pavwawcekk0k'] }),
    status: z.enum(webhookDeliveryStatuses).meta({
      description:
        '`pending`: waiting for its next attempt; `delivered`: a `2xx` came back; `failed`: retried until 24 hours after the event, or refused; `cancelled`: its endpoint was deleted.',
    }),
    createdAt: instant,
    deliveredAt: instant.nullable(),
    nextAttemptAt: instant.nullable().meta({ description: 'When the next attempt is due; null unless pending.' }),
    attempts: z.array(webhookAttemptSchema).meta({ description: 'Every attempt so far, in order.' }),
    payload: z.unknown().meta({ description: 'The exact body sent, on every attempt (never a token).' }),
  })
  .meta({ id: 'WebhookDelivery', description: 'One event sent to one endpoint, with its attempts.' }) satisfies z.ZodType<WebhookDeliveryView>;

export const webhookDeliveryPageSchema = pageOf(webhookDeliverySchema) satisfies z.ZodType<DeliveryPage>;
