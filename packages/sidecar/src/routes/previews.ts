import { Preview, PreviewRequest } from '@deid-share/api-contract';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { roleFor } from '../auth/principal.js';
import { principalOf } from '../http/route-access.js';
import { BEARER, errors } from '../http/schemas.js';
import { previewStudy } from '../preview.js';
import type { SidecarServices } from '../services.js';

export const previewRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  app.post(
    '/api/v1/previews',
    {
      config: { access: ['radiologist'] },
      schema: {
        tags: ['shares'],
        summary: 'What would leave the hospital: the tag-level diff of one instance under a peer\'s profile',
        description: 'Nothing is sent and no pseudonym is created. The rows hold the original values: they are shown to the caller only and never logged.',
        security: BEARER,
        body: PreviewRequest,
        response: { 200: Preview, ...errors(400, 401, 403, 404, 409, 422, 502) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return previewStudy(services, principal, roleFor(principal, ['radiologist']), request.body);
    },
  );
};
