/**
 * What the soak's driver and its worker processes say to each other over the IPC channel `fork` opens.
 * The driver owns simulated time: a worker's clock moves only when the driver says, and every worker has
 * acknowledged the new time before the driver starts the jobs of that instant.
 */

/** The jobs the driver runs at each instant of a simulated day: queue names of the service's own jobs. */
export const SOAK_JOBS = ['refresh-daily', 'refresh-retries', 'verify-connections', 'deliver-emails', 'deliver-webhooks', 'sync-media'] as const;
export type SoakJob = (typeof SOAK_JOBS)[number];

export type ToWorker =
  | { type: 'clock'; seq: number; nowMs: number }
  /** Run one job's handler in this process now (direct mode: the handler the queue would call). */
  | { type: 'run'; seq: number; job: SoakJob }
  | { type: 'stop'; seq: number };

export type FromWorker =
  /** Started: the system is open, migrated, and its queue workers run. `instanceId` owns its leases. */
  { type: 'ready'; instanceId: string } | { type: 'reply'; seq: number; ok: true; result?: unknown } | { type: 'reply'; seq: number; ok: false; error: string };
