import type { Logger } from 'pino';

import { hostname } from 'node:os';

import { unavailable } from '../errors.js';
import type { JobScheduler, QueuePlace } from './job-scheduler.js';
import { runJob, type JobContext } from './run-job.js';

/**
 * Runs jobs a few at a time (limits.concurrentJobs) in arrival order; refuses new jobs when
 * limits.maxQueuedJobs are already waiting. Jobs left unfinished by a previous process are resumed
 * first. Memory is bounded by the shared instance and byte budgets in the context, not here.
 */
export class JobQueue implements JobScheduler {
  readonly role = 'standalone';
  readonly workerId = `${hostname()}:${process.pid}`;
  readonly #waiting: string[] = [];
  readonly #running = new Map<string, Promise<void>>();
  /** Places held by jobs being created: they count against limits.maxQueuedJobs like waiting jobs. */
  #reserved = 0;
  #stopping = false;

  constructor(
    private readonly ctx: JobContext,
    private readonly log: Logger,
  ) {}

  get queued(): number {
    return this.#waiting.length;
  }

  get running(): number {
    return this.#running.size;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /**
   * Holds a place for a job about to be created, or throws 503 when the queue is full. Taken synchronously,
   * before anything is awaited, so concurrent requests cannot all see room for one more.
   */
  reserve(): QueuePlace {
    if (this.#stopping) throw unavailable('shutting_down', 'the sidecar is shutting down; try again shortly');
    if (this.#waiting.length + this.#reserved >= this.ctx.limits.maxQueuedJobs) {
      throw unavailable('queue_full', `${this.#waiting.length + this.#reserved} jobs are already waiting; try again later`);
    }
    this.#reserved += 1;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.#reserved -= 1;
    };
    return {
      fill: (jobId) => {
        release();
        this.enqueue(jobId);
      },
      release,
    };
  }

  enqueue(jobId: string): void {
    if (this.#waiting.includes(jobId) || this.#running.has(jobId)) return;
    this.#waiting.push(jobId);
    this.#pump();
  }

  /** Queues the jobs a previous process left queued or running. */
  async resume(): Promise<number> {
    const ids = await this.ctx.state.jobs.unfinished();
    for (const id of ids) {
      if (!this.#waiting.includes(id) && !this.#running.has(id)) this.#waiting.push(id);
    }
    if (ids.length > 0) this.log.info({ jobs: ids.length }, 'resuming unfinished jobs');
    this.#pump();
    return ids.length;
  }

  /** Stops starting jobs and waits for running ones to reach a safe point (they resume at the next start). */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#running.values());
  }

  /** Resolves when nothing is queued or running (tests). */
  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#waiting.length > 0) {
      await Promise.race(this.#running.values());
    }
  }

  #pump(): void {
    while (!this.#stopping && this.#running.size < this.ctx.limits.concurrentJobs && this.#waiting.length > 0) {
      const id = this.#waiting.shift() as string;
      const run = this.#run(id).finally(() => {
        this.#running.delete(id);
        this.#pump();
      });
      this.#running.set(id, run);
    }
  }

  async #run(id: string): Promise<void> {
    try {
      await runJob(this.ctx, id);
    } catch (error) {
      // A bug or a broken state file: record the job as failed rather than leaving it to loop on restart.
      this.log.error({ jobId: id, error: (error as Error).message }, 'job crashed');
      try {
        await this.ctx.state.jobs.finish(id, 'failed', `internal error: ${(error as Error).message}`);
      } catch (inner) {
        this.log.error({ jobId: id, error: (inner as Error).message }, 'job could not be marked failed');
      }
    }
  }
}
