import { createHash } from 'node:crypto';

import { isTransient } from '@deid-share/orthanc-client';
import type { SharedWorkQueue } from '@deid-share/state';

import type { Principal } from '../auth/principal.js';
import { ApiError, unavailable } from '../errors.js';
import type { SidecarServices } from '../services.js';
import { routeStableStudy } from './route-stable-study.js';
import type { StudyIntake } from './study-intake.js';

/** A worker that died while routing leaves its offer to others after this long. */
const OFFER_LEASE_MS = 60_000;
/** Routing attempts of one study before it is given up on (the source Orthanc kept failing). */
const MAX_ATTEMPTS = 5;

/**
 * The job id of the automatic share of a study: the same study routed twice (a worker died between creating the
 * job and recording the routing) makes the same id, which the state refuses the second time.
 */
export function autoShareJobId(orthancStudyId: string): string {
  const hex = createHash('sha256').update(`deid-share auto share\u0000${orthancStudyId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Many workers over PostgreSQL: a study is stored before the webhook answers (a restart loses none; offering it
 * again only counts the offer, so it makes one job per peer), and any worker routes stored studies.
 */
export class DurableStudyIntake implements StudyIntake {
  #stopping = false;
  #draining: Promise<void> | undefined;
  readonly #timer: NodeJS.Timeout;

  readonly #shared: SharedWorkQueue;

  constructor(private readonly services: SidecarServices) {
    if (!services.state.shared) throw new Error('the durable intake needs a state shared by several workers (PostgreSQL)');
    this.#shared = services.state.shared;
    this.#timer = setInterval(() => this.#kick(), services.config.workers.pollMs);
    this.#kick();
  }

  async offer(orthancStudyId: string, principal: Principal): Promise<void> {
    if (this.#stopping) throw unavailable('shutting_down', 'the sidecar is shutting down; try again shortly');
    try {
      await this.#shared.offerStudy(orthancStudyId, principal.id);
    } catch (error) {
      throw unavailable('state_unavailable', `the stable study could not be stored: ${(error as Error).message}`);
    }
    this.#kick();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    await this.#draining;
  }

  #kick(): void {
    if (this.#stopping) return;
    this.#draining ??= this.#drain()
      .catch((error: unknown) => this.services.log.warn({ error: (error as Error).message }, 'stored stable studies could not be read; retrying'))
      .finally(() => (this.#draining = undefined));
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#stopping) return;
      const offer = await this.#shared.claimOffer(this.services.queue.workerId, OFFER_LEASE_MS);
      if (!offer) return;
      const { orthancStudyId } = offer;
      const principal: Principal = { id: offer.offeredBy, roles: new Set(['orthanc']), via: 'token' };
      try {
        const jobId = autoShareJobId(orthancStudyId);
        const outcome = (await this.services.state.jobs.get(jobId)) ? 'matched' : await routeStableStudy(this.services, orthancStudyId, principal, jobId);
        await this.#shared.finishOffer(orthancStudyId, outcome);
      } catch (error) {
        // The source Orthanc briefly unreachable, or this worker busy or stopping: another try (here or elsewhere).
        const transient = isTransient(error) || (error instanceof ApiError && error.statusCode === 503);
        this.services.log.warn({ sourceStudyId: orthancStudyId, attempt: offer.attempts, error: (error as Error).message }, 'stable study could not be routed');
        if (transient && offer.attempts < MAX_ATTEMPTS) {
          await this.#shared.releaseOffer(orthancStudyId);
          return;
        }
        this.services.metrics.webhook('failed');
        await this.#shared.finishOffer(orthancStudyId, 'failed');
      }
    }
  }
}
