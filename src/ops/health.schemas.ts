/** What `/healthz` and `/readyz` answer, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import type { ReadinessReport } from '../platform/readiness.ts';

export const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.string().meta({ description: 'Which database this process uses.', examples: ['postgres', 'pglite'] }),
});

const checkSchema = z.object({
  ok: z.boolean(),
  message: z.string().meta({ description: 'One sentence for the operator.', examples: ['Every migration is applied.'] }),
});

export const checksSchema = z.record(z.string(), checkSchema).meta({
  description:
    'Each check by name: `database` (it answers), `migrations` (every migration of this version is applied), `keys` (ENCRYPTION_KEYS opens the key canaries), and `queue` (the workers are running) in a process that runs them.',
});

export const readySchema = z.object({
  status: z.literal('ready'),
  checks: checksSchema,
}) satisfies z.ZodType<{ status: 'ready'; checks: ReadinessReport['checks'] }>;
