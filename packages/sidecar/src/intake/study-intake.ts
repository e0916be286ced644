import type { Principal } from '../auth/principal.js';

/** Where the stable-study webhook hands a study: routed after the answer, never before (see hooks.ts). */
export interface StudyIntake {
  /** Accepts the study or throws a 503 ApiError; resolves before the webhook answers. */
  offer(orthancStudyId: string, principal: Principal): Promise<void>;
  /** Stops routing; resolves when routing in progress is over. */
  stop(): Promise<void>;
}
