import { envDurationMs, envInt } from '@emm/config';
import { z } from 'zod';

/**
 * How BullMQ workers hold on to the jobs they work on, and how a killed
 * worker's jobs are taken up again: one set of variables for every app that
 * runs workers (the agents, notifications-service).
 */
export const workerLeaseEnvSchema = z.object({
  /**
   * How long a worker's claim on a job lasts without renewal. A killed worker's
   * jobs are taken up again after about this long; a live one renews it at half.
   */
  WORKER_LOCK_DURATION_MS: envDurationMs({ default: 30_000 }),
  /** How often workers look for jobs whose claim ran out (a killed worker's). */
  WORKER_STALLED_INTERVAL_MS: envDurationMs({ default: 15_000 }),
  /**
   * How many times a job may be taken up again after its worker vanished
   * before it fails. Above 1 so a rolling update that kills a pod mid-job
   * (its grace period ran out) never fails the job.
   */
  WORKER_MAX_STALLED_COUNT: envInt({ default: 5, min: 1, max: 100 }),
});

export type WorkerLeaseEnv = z.infer<typeof workerLeaseEnvSchema>;

/** The Worker options these variables set. */
export interface WorkerLeaseOptions {
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
}

/** Rules across the variables; guarded so one start reports every problem. */
export function workerLeaseEnvRules(env: Partial<WorkerLeaseEnv>, ctx: z.RefinementCtx): void {
  const problem = (name: keyof WorkerLeaseEnv, message: string): void => ctx.addIssue({ code: 'custom', path: [name], message });
  const lock = env.WORKER_LOCK_DURATION_MS;
  const stalled = env.WORKER_STALLED_INTERVAL_MS;
  if (typeof lock === 'number' && lock < 1_000) problem('WORKER_LOCK_DURATION_MS', 'must be at least 1s');
  // A check rarer than the lock lets a killed worker's jobs wait longer than the lock says.
  if (typeof lock === 'number' && typeof stalled === 'number' && stalled > lock) problem('WORKER_STALLED_INTERVAL_MS', 'must not be more than WORKER_LOCK_DURATION_MS');
}

export function workerLeaseOptions(env: WorkerLeaseEnv): WorkerLeaseOptions {
  return { lockDuration: env.WORKER_LOCK_DURATION_MS, stalledInterval: env.WORKER_STALLED_INTERVAL_MS, maxStalledCount: env.WORKER_MAX_STALLED_COUNT };
}
