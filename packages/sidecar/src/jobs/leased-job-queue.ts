import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import type { QueueDepth, SharedWorkQueue, TargetClaim } from '@deid-share/state';
import type { Logger } from 'pino';

import type { WorkerSettings } from '../config/types.js';
import { unavailable } from '../errors.js';
import type { JobScheduler, QueuePlace } from './job-scheduler.js';
import { runJob, type JobContext } from './run-job.js';
import { watchedState } from './watched-state.js';

interface Lease {
  readonly claim: TargetClaim;
  /** Local time the last successful claim or renewal was sent: the lease holds at least leaseMs from then. */
  renewedAt: number;
  /** Another worker holds the target now (or it was finished elsewhere). */
  lost: boolean;
  /** A state write failed because the database could not be reached. */
  unavailable: boolean;
  /** The lease ran out before a renewal: the run stops for good. */
  expired: boolean;
}

/** The part of a lease a worker uses before it stops on its own (the rest covers clock drift and a push in flight). */
const SAFE_FRACTION = 0.8;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One worker of many sharing a PostgreSQL state. It claims one target (a job's study to one peer) at a time per
 * slot, holds it under a lease it renews every third of the lease, and works it with runJob. A run stops at its
 * next safe point when its lease is lost, cannot be renewed in time, or the database fails under it: the target
 * is then resumed from its recorded progress by whichever worker claims it next, so no instance is pushed by two
 * workers at once and none is lost. Stopping hands the leases back, so others take over at once.
 */
export class LeasedJobQueue implements JobScheduler {
  readonly role = 'worker';
  readonly workerId: string;
  readonly #running = new Map<string, { lease: Lease; done: Promise<void> }>();
  readonly #peerLimits: Record<string, number>;
  #depth: QueueDepth = { openTargets: 0, leasedTargets: 0, unroutedOffers: 0 };
  #databaseReachable = true;
  #stopping = false;
  #polling = false;
  #pollAgain = false;
  #pollTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: JobContext,
    private readonly shared: SharedWorkQueue,
    private readonly settings: WorkerSettings,
    private readonly log: Logger,
  ) {
    this.workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#peerLimits = Object.fromEntries(ctx.peers.list().flatMap((peer) => (peer.config.concurrentShares ? [[peer.name, peer.config.concurrentShares]] : [])));
  }

  /** Targets open in the whole cluster and held by no worker (as of the last look). */
  get queued(): number {
    return Math.max(0, this.#depth.openTargets - this.#depth.leasedTargets);
  }

  get running(): number {
    return this.#running.size;
  }

  /** The whole cluster's queue as of the last look. */
  get depth(): QueueDepth {
    return this.#depth;
  }

  /** Whether the last look at the database succeeded. */
  get databaseReachable(): boolean {
    return this.#databaseReachable;
  }

  /** The cluster's queue as last seen bounds new work; the place itself needs no holding (the queue is the database). */
  reserve(): QueuePlace {
    if (this.#stopping || this.ctx.stopping()) throw unavailable('shutting_down', 'the sidecar is shutting down; try again shortly');
    if (this.queued >= this.ctx.limits.maxQueuedJobs) throw unavailable('queue_full', `${this.queued} shares are already waiting; try again later`);
    return { fill: () => this.enqueue(), release: () => undefined };
  }

  enqueue(): void {
    void this.#poll();
  }

  async resume(): Promise<number> {
    this.#pollTimer = setInterval(() => void this.#poll(), this.settings.pollMs);
    this.#heartbeatTimer = setInterval(() => void this.#heartbeat(), Math.max(50, Math.floor(this.settings.leaseMs / 3)));
    await this.#poll();
    this.log.info({ worker: this.workerId, claimed: this.#running.size }, 'worker started');
    return this.#running.size;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#pollTimer);
    await Promise.all([...this.#running.values()].map((run) => run.done));
    clearInterval(this.#heartbeatTimer);
    await this.shared.releaseLeases(this.workerId).catch((error: unknown) => this.log.warn({ error: describe(error) }, 'leases could not be handed back; they expire'));
  }

  async #poll(): Promise<void> {
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    this.#polling = true;
    try {
      do {
        this.#pollAgain = false;
        while (!this.#stopping && !this.ctx.stopping() && this.#running.size < this.ctx.limits.concurrentJobs) {
          const sentAt = Date.now();
          const claim = await this.shared.claimTarget(this.workerId, this.settings.leaseMs, this.#peerLimits);
          if (!claim) break;
          this.#start(claim, sentAt);
        }
        this.#depth = await this.shared.depth();
        this.#reachable(true);
      } while (this.#pollAgain && !this.#stopping);
    } catch (error) {
      this.#reachable(false, error);
    } finally {
      this.#polling = false;
    }
  }

  #start(claim: TargetClaim, sentAt: number): void {
    const lease: Lease = { claim, renewedAt: sentAt, lost: false, unavailable: false, expired: false };
    // A margin before the database's expiry: by the time another worker can claim the target, this one has stopped.
    // Latched: a renewal that arrives late must not restart a run that already stopped sending (it would go on to
    // check and finish the target with instances it skipped).
    const expired = () => (lease.expired ||= Date.now() - lease.renewedAt >= this.settings.leaseMs * SAFE_FRACTION);
    const ctx: JobContext = {
      ...this.ctx,
      state: watchedState(this.ctx.state, () => (lease.unavailable = true)),
      stopping: () => this.ctx.stopping() || this.#stopping || lease.lost || lease.unavailable || expired(),
    };
    const log = this.log.child({ jobId: claim.jobId, peer: claim.peer, worker: this.workerId });
    if (claim.claims > 1) log.info({ claims: claim.claims }, 'target taken over; resuming from its recorded progress');
    const key = `${claim.jobId}\u0000${claim.peer}`;
    const done = this.#run(ctx, lease, expired, log).finally(() => {
      this.#running.delete(key);
      void this.#poll();
    });
    this.#running.set(key, { lease, done });
  }

  async #run(ctx: JobContext, lease: Lease, expired: () => boolean, log: Logger): Promise<void> {
    const { jobId, peer } = lease.claim;
    try {
      await runJob(ctx, jobId, peer);
    } catch (error) {
      if (lease.lost || lease.unavailable || expired()) {
        log.warn({ error: describe(error) }, 'target interrupted (database or lease); it resumes from its recorded progress');
      } else {
        // A bug or damaged data: record the target failed rather than leave it to be claimed forever.
        log.error({ error: describe(error) }, 'job crashed');
        try {
          await this.ctx.state.jobs.finishTarget(jobId, peer, 'failed', `internal error: ${describe(error)}`);
          await this.ctx.state.jobs.finish(jobId, 'failed', `internal error: ${describe(error)}`);
        } catch (inner) {
          log.error({ error: describe(inner) }, 'job could not be marked failed');
        }
      }
    }
    // A target left open (stopping, lost database) is handed back; one taken over is no longer ours to release.
    if (!lease.lost) await this.shared.releaseLeases(this.workerId, { jobId, peer }).catch(() => undefined);
  }

  async #heartbeat(): Promise<void> {
    const leases = [...this.#running.values()].map((run) => run.lease);
    if (leases.length === 0) return;
    const sentAt = Date.now();
    try {
      const held = await this.shared.renewLeases(this.workerId, this.settings.leaseMs, leases.map((lease) => lease.claim));
      const heldKeys = new Set(held.map((claim) => `${claim.jobId}\u0000${claim.peer}`));
      for (const lease of leases) {
        if (heldKeys.has(`${lease.claim.jobId}\u0000${lease.claim.peer}`)) lease.renewedAt = sentAt;
        else lease.lost = true;
      }
      this.#reachable(true);
    } catch (error) {
      this.#reachable(false, error);
    }
  }

  #reachable(reachable: boolean, error?: unknown): void {
    if (reachable && !this.#databaseReachable) this.log.info({ worker: this.workerId }, 'database reachable again');
    if (!reachable && this.#databaseReachable) this.log.warn({ worker: this.workerId, error: describe(error) }, 'database unreachable; running shares stop when their lease runs out');
    this.#databaseReachable = reachable;
  }
}
