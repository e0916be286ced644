import { StableStudy, StableStudyReceipt } from '@deid-share/api-contract';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { principalOf } from '../http/route-access.js';
import { BEARER, errors } from '../http/schemas.js';
import { DurableStudyIntake } from '../intake/durable-intake.js';
import { InMemoryStudyIntake } from '../intake/in-memory-intake.js';
import type { StudyIntake } from '../intake/study-intake.js';
import type { SidecarServices } from '../services.js';

/**
 * Routing runs after the answer: Orthanc holds its Lua lock while the script waits for us, and every
 * Orthanc REST call takes that lock, so asking Orthanc anything before answering would deadlock.
 */
export const hookRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  const intake: StudyIntake = services.config.postgres ? new DurableStudyIntake(services) : new InMemoryStudyIntake(services);
  app.post(
    '/api/v1/hooks/orthanc/stable-study',
    {
      config: { access: ['orthanc'] },
      schema: {
        tags: ['hooks'],
        summary: "Orthanc's OnStableStudy: the routing rules decide which peers receive the study",
        description:
          'Called by orthanc-scripts/auto-share.lua. Answers 202 at once (with PostgreSQL state, once the study is stored: offering it again ' +
          'makes no second job); the sidecar then reads what the rules need (modalities, calling AE titles, ' +
          'institution, labels) from the source Orthanc and creates a share job for the matched peers (see GET /api/v1/shares, origin "auto"). ' +
          'Other fields of the body are ignored.',
        security: BEARER,
        body: StableStudy,
        response: { 202: StableStudyReceipt, ...errors(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      await intake.offer(request.body.orthancStudyId, principalOf(request));
      reply.code(202);
      return { accepted: true };
    },
  );
  app.addHook('onClose', async () => {
    await intake.stop();
  });
};
