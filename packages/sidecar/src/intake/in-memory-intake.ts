import type { Principal } from '../auth/principal.js';
import { unavailable } from '../errors.js';
import type { SidecarServices } from '../services.js';
import { routeStableStudy } from './route-stable-study.js';
import type { StudyIntake } from './study-intake.js';

/** Stable studies accepted but not yet routed; more are refused with 503 (Orthanc logs it). */
const MAX_PENDING = 1000;

/** One process over SQLite: studies wait in memory and are routed one after the other. */
export class InMemoryStudyIntake implements StudyIntake {
  #pending = 0;
  #chain: Promise<void> = Promise.resolve();

  constructor(private readonly services: SidecarServices) {}

  async offer(orthancStudyId: string, principal: Principal): Promise<void> {
    if (this.#pending >= MAX_PENDING) throw unavailable('queue_full', `${this.#pending} stable studies are waiting to be routed; try again later`);
    this.#pending += 1;
    this.#chain = this.#chain
      .then(async () => {
        await routeStableStudy(this.services, orthancStudyId, principal);
      })
      .catch((error: unknown) => {
        this.services.metrics.webhook('failed');
        this.services.log.warn({ sourceStudyId: orthancStudyId, error: (error as Error).message }, 'stable study could not be routed');
      })
      .finally(() => {
        this.#pending -= 1;
      });
  }

  /** Resolves when every offered study has been routed. */
  stop(): Promise<void> {
    return this.#chain;
  }
}
