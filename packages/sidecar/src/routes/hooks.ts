import type { FastifyPluginAsync } from 'fastify';

import { roleFor } from '../auth/principal.js';
import { notFound } from '../errors.js';
import { principalOf } from '../http/auth.js';
import { errors } from '../http/schemas.js';
import { route } from '../routing.js';
import { createShareJob, orthancFailure, type SidecarServices } from '../services.js';

export const hookRoutes: FastifyPluginAsync<{ services: SidecarServices }> = async (app, { services }) => {
  app.post<{ Body: { orthancStudyId: string } }>(
    '/api/v1/hooks/orthanc/stable-study',
    {
      config: { access: ['orthanc'] },
      schema: {
        tags: ['hooks'],
        summary: "Orthanc's OnStableStudy: routing rules decide which peers receive the study",
        description:
          'Called by orthanc-scripts/auto-share.lua. The sidecar reads the facts the rules need (modalities, calling AE titles, institution, labels) from the source Orthanc itself; other fields of the body are ignored.',
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          required: ['orthancStudyId'],
          properties: { orthancStudyId: { type: 'string', pattern: '^[0-9a-f]{8}(-[0-9a-f]{8}){4}$' } },
        },
        response: {
          200: {
            description: 'No rule matched: nothing is shared.',
            type: 'object',
            required: ['jobs', 'rules'],
            properties: { jobs: { type: 'array', items: { type: 'object' } }, rules: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } },
          },
          202: {
            description: 'A share job was created for the matched peers.',
            type: 'object',
            required: ['jobs', 'rules'],
            properties: {
              jobs: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, peers: { type: 'array', items: { type: 'string' } } } } },
              rules: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errors(400, 401, 403, 404, 502, 503),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { orthancStudyId } = request.body;
      let facts;
      try {
        facts = await services.source.routingFacts(orthancStudyId);
      } catch (error) {
        throw orthancFailure('source', error);
      }
      if (!facts) throw notFound(`the source Orthanc has no study ${orthancStudyId}`);
      const decision = route(services.config.routing, facts);
      if (decision.peers.length === 0) {
        request.log.info({ sourceStudyId: orthancStudyId }, 'stable study matched no routing rule');
        return { jobs: [], rules: [], message: 'no routing rule matched this study' };
      }
      const id = await createShareJob(services, principal, roleFor(principal, ['orthanc']), { orthancStudyId, peers: decision.peers }, 'auto', { rules: decision.rules });
      reply.code(202);
      return { jobs: [{ id, peers: decision.peers }], rules: decision.rules };
    },
  );
};
