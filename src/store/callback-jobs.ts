/**
 * When callbacks wake up: BullMQ (Redis-based delayed jobs, locks renewed while an engine works on
 * a job, stalled jobs taken over by another engine). One job per attempt, its id built from the
 * callback, the attempt and the due time, so scheduling twice is harmless and a moved callback's
 * old job finds itself stale. The durable truth stays in the callback's hash (callback-store).
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { keys } from './keys.js';
import { logErrors } from './redis.js';

const QUEUE = 'callbacks';

export interface CallbackJob {
  readonly id: string;
  readonly attempt: number;
  readonly dueAt: number;
}

export interface CallbackJobs {
  /** Wakes attempt `attempt` of callback `id` at `dueAt` (idempotent). */
  schedule(job: CallbackJob): Promise<void>;
  /** The same for many jobs, in one round trip. */
  scheduleAll(jobs: readonly CallbackJob[]): Promise<void>;
  /** Starts taking due jobs; `run` may take long (a callback waits its turn in the queue). */
  work(run: (job: CallbackJob) => Promise<void>): void;
  /** Stops taking jobs; jobs in progress are left to their lock (another engine takes them over). */
  close(): Promise<void>;
}

export function bullCallbackJobs(url: string, lockMs: number, now: () => Date, logger: Logger): CallbackJobs {
  const log = logger.child({ component: 'callback-jobs' });
  const connection = logErrors(new Redis(url, { maxRetriesPerRequest: null }), log, 'callback-jobs');
  const queue = new Queue<CallbackJob>(QUEUE, { connection, prefix: keys.callbackJobsPrefix() });
  queue.on('error', (error) => log.debug({ err: error.message }, 'callback_jobs.queue_error'));
  const options = (job: CallbackJob) => ({
    jobId: `${job.id}_${job.attempt}_${job.dueAt}`,
    delay: Math.max(0, job.dueAt - now().getTime()),
    removeOnComplete: true,
    removeOnFail: 1000,
    // A failure reaching Redis or Asterisk is retried; the callback's own attempts are counted in its hash.
    attempts: 20,
    backoff: { type: 'exponential' as const, delay: 2000 },
  });
  let worker: Worker<CallbackJob> | undefined;
  let workerConnection: Redis | undefined;
  return {
    async schedule(job) {
      await queue.add('attempt', job, options(job));
    },
    async scheduleAll(jobs) {
      if (jobs.length > 0) await queue.addBulk(jobs.map((job) => ({ name: 'attempt', data: job, opts: options(job) })));
    },
    work(run) {
      workerConnection = logErrors(new Redis(url, { maxRetriesPerRequest: null }), log, 'callback-worker');
      worker = new Worker<CallbackJob>(QUEUE, (job: Job<CallbackJob>) => run(job.data), {
        connection: workerConnection,
        prefix: keys.callbackJobsPrefix(),
        // Most callbacks in progress are waiting for an agent: many at once, each cheap.
        concurrency: 1000,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        // An engine that dies leaves its jobs stalled: they are taken over, not failed.
        maxStalledCount: 1_000_000,
      });
      worker.on('error', (error) => log.warn({ err: error.message }, 'callback_jobs.error'));
      worker.on('failed', (job, error) => log.warn({ job: job?.id, err: error.message }, 'callback_jobs.failed'));
    },
    async close() {
      const failed = (what: string) => (error: unknown) => log.warn({ err: error instanceof Error ? error.message : String(error) }, what);
      await worker?.close(true).catch(failed('callback_jobs.worker_close_failed'));
      await queue.close().catch(failed('callback_jobs.queue_close_failed'));
      for (const c of [connection, workerConnection]) await c?.quit().catch(() => c.disconnect());
    },
  };
}
