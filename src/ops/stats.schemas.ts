/** What the stats and dashboard-sessions API answers, as zod schemas: the OpenAPI document is generated from them. */
import { z } from 'zod';
import { instant } from '../platform/http/schemas.ts';
import type { createDashboardLink } from './dashboard-session.ts';
import type { FailureView, Stats } from './stats.ts';

const count = z.number().int().min(0);
const statusCounts = { active: count, expiring: count, disconnected: count };

export const failureSchema = z
  .object({
    occurredAt: instant,
    type: z.enum(['refresh_failed', 'expiring', 'disconnected']).meta({
      description:
        '`refresh_failed`: a refresh failed and will be retried; `expiring`: a refresh failed near the grant’s end; `disconnected`: the network disconnected the connection.',
    }),
    reason: z
      .string()
      .nullable()
      .meta({ examples: ['password_changed'] }),
    kind: z
      .string()
      .nullable()
      .meta({ description: 'The failure’s class.', examples: ['reauth_required', 'insufficient_scope', 'rate_limited', 'transient', 'unexpected_response'] }),
    providerCode: z
      .string()
      .nullable()
      .meta({ description: 'The network’s own error code.', examples: ['190/460'] }),
    connectionId: z.string().meta({ examples: ['con_01m95b0ne0cpa2ch6qp1nkz3x0'] }),
    creatorId: z.string().meta({ examples: ['c1'] }),
    provider: z.string().meta({ examples: ['instagram'] }),
    network: z.string().meta({ examples: ['instagram'] }),
    username: z
      .string()
      .nullable()
      .meta({ examples: ['ben.creator'] }),
  })
  .meta({ id: 'Failure', description: 'A refresh that failed, or a connection the network disconnected; never a token.' }) satisfies z.ZodType<FailureView>;

export const statsSchema = z
  .object({
    generatedAt: instant.meta({ description: 'The service’s clock when the figures were read.' }),
    totals: z.object({ ...statusCounts, total: count }).meta({ description: 'The workspace’s connections in each status.' }),
    byNetwork: z.array(z.object({ network: z.string().meta({ examples: ['instagram'] }), ...statusCounts })),
    byProvider: z.array(
      z.object({
        provider: z.string().meta({ examples: ['facebook'] }),
        login: z.string().meta({ examples: ['facebook_login'] }),
        ...statusCounts,
      }),
    ),
    byReason: z
      .array(
        z.object({
          status: z.enum(['expiring', 'disconnected']),
          reason: z
            .string()
            .nullable()
            .meta({ description: 'Null when none was recorded.', examples: ['password_changed'] }),
          network: z.string().meta({ examples: ['instagram'] }),
          count,
        }),
      )
      .meta({ description: 'Why connections are expiring or disconnected, most first.' }),
    forecast: z
      .array(
        z.object({
          date: z.iso.date().meta({ description: 'A UTC day.', examples: ['2026-03-06'] }),
          expirations: count.meta({ description: 'Live connections whose grant ends that day with no refresh scheduled before the end.' }),
          reminders: count.meta({ description: 'The reconnect emails those grants get 14, 3 and 1 days before their end, due that day.' }),
          refreshes: count.meta({ description: 'What the sweeps will attempt that day (anything overdue counts today).' }),
        }),
      )
      .meta({ description: 'Today and the next 59 days (UTC).' }),
    recentFailures: z.array(failureSchema).meta({ description: 'The latest failures, newest first (`failures` of them).' }),
  })
  .meta({ id: 'Stats', description: 'A workspace’s connections, the next 60 days and the latest failures.' }) satisfies z.ZodType<Stats>;

export const dashboardSessionSchema = z
  .object({
    url: z.string().meta({
      description: 'A signed link to the dashboard page, for your operator.',
      examples: [
        'https://channelkeeper.example.com/dashboard?token=eyJ3cyI6IndzXzAxbTk1YjBuZTBjcGEyY2g2cXAxbmt6M3gwIiwiZXhwIjoxNzk2NTUxMjAwMDAwLCJraWQiOiJrMSJ9.Nq3p_MAZ8X-Ty17TfJUmpOFmwF92UEVM-NKLWvhvTUg',
      ],
    }),
    expiresAt: instant.meta({ description: 'The link’s end: 30 minutes after it was made. It cannot be revoked earlier.' }),
  })
  .meta({ id: 'DashboardSession', description: 'A short-lived signed link to the workspace dashboard.' }) satisfies z.ZodType<ReturnType<typeof createDashboardLink>>;
