/** A place held in the queue while a job is being created: filled with the job, or released. */
export interface QueuePlace {
  /** Queues the job in the held place. */
  fill(jobId: string): void;
  /** Gives the place back unless it was filled (safe to call twice). */
  release(): void;
}

/**
 * What the routes and the server need from the thing that runs share jobs: the in-process queue over SQLite
 * (`JobQueue`, one process owns the state) or the leased queue over PostgreSQL (`LeasedJobQueue`, many workers).
 */
export interface JobScheduler {
  /** `standalone`: the only worker of its state; `worker`: one of the workers sharing a PostgreSQL state. */
  readonly role: 'standalone' | 'worker';
  /** This worker's name in leases, logs and metrics. */
  readonly workerId: string;
  /** Jobs (or targets, for the shared queue) waiting for a worker. */
  readonly queued: number;
  /** Jobs (or targets) this process is working on. */
  readonly running: number;
  /** Holds a place for a job about to be created, or throws 503 when no more work can be accepted. */
  reserve(): QueuePlace;
  /** A job was created: start it here (standalone) or look for work at once (worker). */
  enqueue(jobId: string): void;
  /** Starts working: resumes what a previous process left unfinished. */
  resume(): Promise<number>;
  /** Stops taking work and lets running work reach a safe point (it resumes later, here or at another worker). */
  stop(): Promise<void>;
}
