import type { FastifyPluginAsync } from 'fastify';

import { roleFor } from '../auth/principal.js';
import { badRequest, notFound, unprocessable } from '../errors.js';
import { erasePatient } from '../erasure.js';
import { principalOf } from '../http/route-access.js';
import { errors } from '../http/schemas.js';
import type { SidecarServices } from '../services.js';

export const erasureRoutes: FastifyPluginAsync<{ services: SidecarServices }> = async (app, { services }) => {
  app.post<{ Body: { issuer?: string; patientId: string } }>(
    '/api/v1/erasures',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['erasure'],
        summary: "Erase a patient's copies on every peer (GDPR Art. 17)",
        description:
          'Finds the copies through the share ledger and the patient\'s pseudonyms under each peer\'s scheme, deletes them on the peers and records the evidence. ' +
          '200 with status complete or incomplete (some peer failed, or a peer keeps no linkage); 422 erasure_impossible when no peer can be searched.',
        security: [{ bearer: [] }],
        body: {
          type: 'object',
          required: ['patientId'],
          additionalProperties: false,
          properties: {
            issuer: { type: 'string', maxLength: 64, description: 'Issuer of Patient ID (0010,0021); empty when the hospital does not use it.' },
            patientId: { type: 'string', minLength: 1, maxLength: 64 },
          },
        },
        response: { 200: { $ref: 'Erasure#' }, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const subject = { issuer: request.body.issuer ?? '', patientId: request.body.patientId };
      if (subject.patientId.replace(/[ \0]/g, '') === '') throw badRequest('patientId is empty');
      const report = await erasePatient(services, principal, roleFor(principal, ['admin']), subject);
      if (report.status === 'impossible') throw unprocessable('erasure_impossible', `${report.message} (evidence recorded as erasure ${report.id})`);
      return report;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/erasures/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['erasure'],
        summary: 'The recorded evidence of an erasure',
        security: [{ bearer: [] }],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
        response: { 200: { $ref: 'Erasure#' }, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const record = await services.state.shares.getErasure(request.params.id);
      if (!record) throw notFound(`no erasure ${request.params.id}`);
      const { subjectKeys: _keys, ...report } = record.evidence as { subjectKeys?: unknown } & Record<string, unknown>;
      return { ...report, id: record.id, status: record.status, at: record.at };
    },
  );
};
