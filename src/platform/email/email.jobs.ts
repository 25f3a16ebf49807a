/** Emails leave every minute, and right after the commit that queued one (deps.onEmailQueued kicks this). */
import type { Transporter } from 'nodemailer';
import type { Deps } from '../deps.ts';
import type { Job } from '../queue.ts';
import { dispatchPendingEmails } from './dispatch.ts';

export const EMAIL_JOB = 'deliver-emails';

export function emailJobs(deps: Deps, transport: Transporter | null): Job[] {
  return [
    {
      name: EMAIL_JOB,
      cron: '* * * * *',
      atStart: true,
      run: () => dispatchPendingEmails({ db: deps.db, clock: deps.clock, logger: deps.logger, metrics: deps.metrics, transport }),
    },
  ];
}
