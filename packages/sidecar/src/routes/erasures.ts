import { Erasure, ErasureRequest, RecordIdParams } from '@deid-share/api-contract';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { roleFor } from '../auth/principal.js';
import { badRequest, notFound, unprocessable } from '../errors.js';
import { erasePatient } from '../erasure.js';
import { principalOf } from '../http/route-access.js';
import { BEARER, errors, refTo } from '../http/schemas.js';
import type { SidecarServices } from '../services.js';

export const erasureRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  app.post(
    '/api/v1/erasures',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['erasure'],
        summary: "Erase a patient's copies on every peer (GDPR Art. 17)",
        description:
          'Finds the copies through the share ledger and the patient\'s pseudonyms under each peer\'s scheme, deletes them on the peers and records the evidence. ' +
          '200 with status complete or incomplete (some peer failed, or a peer keeps no linkage); 422 erasure_impossible when no peer can be searched.',
        security: BEARER,
        body: ErasureRequest,
        response: { 200: refTo(Erasure), ...errors(400, 401, 403, 422) },
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

  app.get(
    '/api/v1/erasures/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['erasure'],
        summary: 'The recorded evidence of an erasure',
        security: BEARER,
        params: RecordIdParams,
        response: { 200: refTo(Erasure), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const record = await services.state.shares.getErasure(request.params.id);
      if (!record) throw notFound(`no erasure ${request.params.id}`);
      // The evidence is the report erasePatient answered, plus the subject keys it searched for (not shown).
      const { subjectKeys: _keys, ...report } = record.evidence as Erasure & { subjectKeys?: unknown };
      return { ...report, id: record.id, status: record.status, at: record.at };
    },
  );
};
