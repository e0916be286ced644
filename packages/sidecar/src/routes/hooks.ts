import { StableStudy, StableStudyReceipt } from '@deid-share/api-contract';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { roleFor, type Principal } from '../auth/principal.js';
import { unavailable } from '../errors.js';
import { principalOf } from '../http/route-access.js';
import { BEARER, errors } from '../http/schemas.js';
import { route } from '../peer-routing.js';
import type { SidecarServices } from '../services.js';
import { createShareJob } from '../shares/create-share-job.js';

/** Stable studies accepted but not yet routed; more are refused with 503 (Orthanc logs it). */
const MAX_PENDING = 1000;

/**
 * Routing runs after the answer: Orthanc holds its Lua lock while the script waits for us, and every
 * Orthanc REST call takes that lock, so asking Orthanc anything before answering would deadlock.
 */
class StableStudyRouter {
  #pending = 0;
  #chain: Promise<void> = Promise.resolve();

  constructor(private readonly services: SidecarServices) {}

  offer(orthancStudyId: string, principal: Principal): void {
    if (this.#pending >= MAX_PENDING) throw unavailable('queue_full', `${this.#pending} stable studies are waiting to be routed; try again later`);
    this.#pending += 1;
    this.#chain = this.#chain
      .then(() => this.#route(orthancStudyId, principal))
      .catch((error: unknown) => {
        this.services.metrics.webhook('failed');
        this.services.log.warn({ sourceStudyId: orthancStudyId, error: (error as Error).message }, 'stable study could not be routed');
      })
      .finally(() => {
        this.#pending -= 1;
      });
  }

  /** Resolves when every offered study has been routed (tests). */
  idle(): Promise<void> {
    return this.#chain;
  }

  async #route(orthancStudyId: string, principal: Principal): Promise<void> {
    const facts = await this.services.source.routingFacts(orthancStudyId);
    if (!facts) {
      this.services.metrics.webhook('unknown');
      this.services.log.warn({ sourceStudyId: orthancStudyId }, 'stable study not found in the source Orthanc');
      return;
    }
    const decision = route(this.services.config.routing, facts);
    this.services.metrics.webhook(decision.peers.length === 0 ? 'unmatched' : 'matched');
    if (decision.peers.length === 0) {
      this.services.log.info({ sourceStudyId: orthancStudyId }, 'stable study matched no routing rule');
      return;
    }
    await createShareJob(this.services, principal, roleFor(principal, ['orthanc']), { orthancStudyId, peers: decision.peers }, 'auto', { rules: decision.rules });
  }
}

export const hookRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  const router = new StableStudyRouter(services);
  app.post(
    '/api/v1/hooks/orthanc/stable-study',
    {
      config: { access: ['orthanc'] },
      schema: {
        tags: ['hooks'],
        summary: "Orthanc's OnStableStudy: the routing rules decide which peers receive the study",
        description:
          'Called by orthanc-scripts/auto-share.lua. Answers 202 at once; the sidecar then reads what the rules need (modalities, calling AE titles, ' +
          'institution, labels) from the source Orthanc and creates a share job for the matched peers (see GET /api/v1/shares, origin "auto"). ' +
          'Other fields of the body are ignored.',
        security: BEARER,
        body: StableStudy,
        response: { 202: StableStudyReceipt, ...errors(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      router.offer(request.body.orthancStudyId, principalOf(request));
      reply.code(202);
      return { accepted: true };
    },
  );
  app.addHook('onClose', async () => {
    await router.idle();
  });
};
