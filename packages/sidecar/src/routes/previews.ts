import type { FastifyPluginAsync } from 'fastify';

import { roleFor } from '../auth/principal.js';
import { principalOf } from '../http/route-access.js';
import { errors } from '../http/schemas.js';
import { previewStudy } from '../preview.js';
import type { SidecarServices } from '../services.js';

export const previewRoutes: FastifyPluginAsync<{ services: SidecarServices }> = async (app, { services }) => {
  app.post<{ Body: { studyInstanceUID: string; peer: string; sopInstanceUID?: string } }>(
    '/api/v1/previews',
    {
      config: { access: ['radiologist'] },
      schema: {
        tags: ['shares'],
        summary: 'What would leave the hospital: the tag-level diff of one instance under a peer\'s profile',
        description: 'Nothing is sent and no pseudonym is created. The rows hold the original values: they are shown to the caller only and never logged.',
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          required: ['studyInstanceUID', 'peer'],
          additionalProperties: false,
          properties: {
            studyInstanceUID: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 },
            peer: { type: 'string', minLength: 1, maxLength: 64 },
            sopInstanceUID: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64, description: 'Which instance; default the first of the study.' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['peer', 'profileId', 'sopInstanceUID', 'rows'],
            properties: {
              peer: { type: 'string' },
              profileId: { type: 'string' },
              profileVersion: { type: 'string' },
              sopInstanceUID: { type: 'string', description: 'The original SOP Instance UID of the previewed instance.' },
              status: { type: 'string', enum: ['ok', 'withheld', 'refused'], description: 'What sharing would do with this instance.' },
              reason: { type: 'string' },
              rows: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['tag', 'keyword', 'original', 'result', 'action'],
                  properties: {
                    tag: { type: 'string' },
                    keyword: { type: 'string' },
                    original: { type: ['string', 'null'] },
                    result: { type: ['string', 'null'] },
                    action: { type: 'string', enum: ['removed', 'emptied', 'replaced', 'kept', 'shifted', 'remapped', 'cleaned', 'added'] },
                    path: { type: 'string' },
                    rule: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403, 404, 409, 422, 502),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return previewStudy(services, principal, roleFor(principal, ['radiologist']), request.body);
    },
  );
};
